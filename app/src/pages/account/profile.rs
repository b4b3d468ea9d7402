use super::{load_error, loading};
use crate::components::page_title::PageTitle;
use crate::{
    api::profile::{RemovePicture, UpdateProfile, get_profile},
    components::form_error::{FormError, FormSaved},
    domain::{
        lang::Lang,
        messaging::Channel,
        people::{FieldRequirement, Gender},
    },
    i18n::{Formatter, use_locale},
    views::profile::{ConsentView, ProfileView},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

/// The signed-in person's details. With `?clinic=<slug>`, the optional fields follow
/// what that clinic asks for when booking (required, optional or hidden).
#[component]
pub fn ProfilePage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let query = use_query_map();
    let clinic = move || query.read().get("clinic");
    let update = ServerAction::<UpdateProfile>::new();
    let remove = ServerAction::<RemovePicture>::new();
    let profile = Resource::new(
        move || (clinic(), update.version().get(), remove.version().get()),
        |(clinic, _, _)| get_profile(clinic),
    );
    let notice = move || {
        let q = query.read();
        if q.get("picture").as_deref() == Some("saved") {
            Some((false, t().picture_saved))
        } else {
            match q.get("error").as_deref() {
                Some("picture_too_large") => Some((true, locale.t().error_picture_too_large)),
                Some("picture_not_image") => Some((true, locale.t().error_picture_not_image)),
                Some("picture_too_many_pixels") => {
                    Some((true, locale.t().error_picture_too_many_pixels))
                }
                Some(_) => Some((true, locale.t().error_internal)),
                None => None,
            }
        }
    };
    view! {
        <PageTitle text=move || t().account_title />
        <section class="narrow">
            <h1>{move || t().account_title}</h1>
            {move || notice().map(|(is_error, text)| view! {
                <p class=if is_error { "form-error" } else { "form-saved" } role="status">{text}</p>
            })}
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match profile.await {
                        Ok(p) => view! { <ProfileForms profile=p update remove /> }.into_any(),
                        Err(e) => load_error(e),
                    }
                })}
            </Suspense>
            <nav class="stack links">
                <a href="/account/dependents" data-testid="link-dependents">{move || t().manage_dependents}</a>
                <a href="/account/security" data-testid="link-security">{move || t().manage_security}</a>
                <a href="/account/messages" data-testid="link-messages">{move || t().manage_messages}</a>
            </nav>
        </section>
    }
}

fn marker(req: FieldRequirement) -> Option<FieldRequirement> {
    Some(req).filter(|r| *r != FieldRequirement::Hidden)
}

#[component]
fn ProfileForms(
    profile: ProfileView,
    update: ServerAction<UpdateProfile>,
    remove: ServerAction<RemovePicture>,
) -> AnyView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let rules = profile.clinic.as_ref().map(|c| c.rules);
    let gender_rule = rules.map_or(Some(FieldRequirement::Optional), |r| marker(r.gender));
    let dob_rule = rules.map_or(Some(FieldRequirement::Optional), |r| {
        marker(r.date_of_birth)
    });
    let picture_rule = rules.map_or(Some(FieldRequirement::Optional), |r| marker(r.picture));
    let label_suffix = move |req: FieldRequirement| match req {
        FieldRequirement::Required => format!(" ({})", t().required),
        _ => format!(" ({})", t().optional),
    };
    let clinic_name = profile.clinic.as_ref().map(|c| c.name.clone());
    let gender = profile.gender;
    let dob = profile
        .date_of_birth
        .map(|d| d.to_string())
        .unwrap_or_default();
    let channel = profile.preferred_channel;
    let lang = profile.lang;
    let consents = profile.consents.clone();
    let picture_url = profile.picture_url.clone();
    view! {
        <h2>{move || t().account_details}</h2>
        {clinic_name.map(|name| view! {
            <p class="notice">{move || (t().clinic_asks)(name.get(locale.lang()))}</p>
        })}
        <ActionForm action=update attr:class="stack card">
            <label for="full_name">{move || t().full_name_label}</label>
            <input id="full_name" name="full_name" type="text" required maxlength="120" autocomplete="name"
                value=profile.full_name.clone() data-testid="profile-name-input" />
            <p class="sr-only" data-testid="profile-name">{profile.full_name.clone()}</p>
            <dl class="facts">
                <dt>{move || t().email_label}</dt>
                <dd dir="ltr" data-testid="profile-email">{profile.email.clone().unwrap_or_else(|| t().not_set.to_owned())}</dd>
                <dt>{move || t().phone_label}</dt>
                <dd dir="ltr" data-testid="profile-phone">{profile.phone.clone().unwrap_or_else(|| t().not_set.to_owned())}</dd>
            </dl>
            <p class="hint">{move || t().contact_hint}</p>
            {gender_rule.map(|req| view! {
                <label for="gender">{move || t().gender_label} {move || label_suffix(req)}</label>
                <select id="gender" name="gender" required=req == FieldRequirement::Required data-testid="gender">
                    <option value="" selected=gender.is_none()>{move || t().gender_unset}</option>
                    <option value="female" selected=gender == Some(Gender::Female)>{move || t().gender_female}</option>
                    <option value="male" selected=gender == Some(Gender::Male)>{move || t().gender_male}</option>
                </select>
            })}
            {dob_rule.map(|req| view! {
                <label for="date_of_birth">{move || t().birth_date_label} {move || label_suffix(req)}</label>
                <input id="date_of_birth" name="date_of_birth" type="date" value=dob.clone()
                    required=req == FieldRequirement::Required data-testid="date-of-birth" />
            })}
            <MessageChoices lang channel />
            <p class="hint">{move || t().optional_fields_note}</p>
            <button type="submit" class="button" data-testid="save-profile">{move || t().save}</button>
            <FormError value=update.value() />
            <FormSaved endpoint=UpdateProfile::PATH text=Signal::derive(move || t().saved) />
        </ActionForm>

        {picture_rule.map(|req| view! { <PictureSection req url=picture_url.clone() remove /> })}

        <Consents consents />
    }
    .into_any()
}

/// The person's picture: shown, replaced or removed.
#[component]
fn PictureSection(
    req: FieldRequirement,
    url: Option<String>,
    remove: ServerAction<RemovePicture>,
) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let label_suffix = move |req: FieldRequirement| match req {
        FieldRequirement::Required => format!(" ({})", t().required),
        _ => format!(" ({})", t().optional),
    };
    view! {
        <h2>{move || t().picture_title} {move || label_suffix(req)}</h2>
        <div class="card stack">
            {url.clone().map(|src| view! {
                <img class="avatar" src=src alt=move || t().picture_alt width="96" height="96" data-testid="profile-picture" />
            })}
            <form method="post" action="/account/picture" enctype="multipart/form-data" class="stack">
                <label for="picture">{move || t().picture_choose}</label>
                <input id="picture" name="picture" type="file" accept="image/jpeg,image/png,image/webp" required data-testid="picture-input" />
                <p class="hint">{move || t().picture_hint}</p>
                <button type="submit" class="button button-ghost" data-testid="upload-picture">{move || t().picture_upload}</button>
            </form>
            {url.is_some().then(|| view! {
                <ActionForm action=remove>
                    <button type="submit" class="button button-ghost">{move || t().picture_remove}</button>
                </ActionForm>
            })}
        </div>
    }
}

/// Each consent with its version and when it was given or withdrawn.
#[component]
fn Consents(consents: Vec<ConsentView>) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    view! {
        <h2>{move || t().consents_title}</h2>
        <ul class="plain" data-testid="consents">
            {consents.into_iter().map(|c| {
                let kind = c.kind;
                view! {
                    <li>
                        <strong>{move || (t().consent_kind)(kind)}</strong> ": "
                        {move || (t().consent_granted)(&c.version, &Formatter::plain(locale.lang()).utc(c.granted))}
                        {c.withdrawn.map(|w| view! { " · " {move || (t().consent_withdrawn)(&Formatter::plain(locale.lang()).utc(w))} })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The language and channel messages reach the person in.
#[component]
fn MessageChoices(lang: Lang, channel: Option<Channel>) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    view! {
        <label for="lang">{move || t().language_label}</label>
        <select id="lang" name="lang">
            {Lang::ALL.into_iter().map(|l| view! {
                <option value=l.code() selected=l == lang>{l.native_name()}</option>
            }).collect_view()}
        </select>
        <label for="preferred_channel">{move || t().channel_label}</label>
        <select id="preferred_channel" name="preferred_channel">
            <option value="" selected=channel.is_none()>{move || t().channel_unset}</option>
            {Channel::ALL.into_iter().map(|c| view! {
                <option value=c.as_str() selected=channel == Some(c)>{move || match c {
                    Channel::Sms => t().channel_sms,
                    Channel::WhatsApp => t().channel_whatsapp,
                    Channel::Email => t().channel_email,
                }}</option>
            }).collect_view()}
        </select>
    }
}
