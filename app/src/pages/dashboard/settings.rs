use crate::components::page_title::PageTitle;
use crate::{
    api::clinic_admin::{
        UpdateBookingPolicy, UpdateClinicChannels, UpdateClinicSettings, get_clinic_settings,
    },
    components::form_error::{FormError, FormSaved},
    domain::{messaging::Channel, people::FieldRequirement},
    i18n::use_locale,
    pages::account::{load_error, loading},
    views::clinic_settings::ClinicSettings,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_params_map;

/// Booking settings of one clinic: readable by its staff, editable by owners and admins.
#[component]
pub fn ClinicSettingsPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let update = ServerAction::<UpdateClinicSettings>::new();
    let settings = Resource::new(
        move || (slug(), update.version().get()),
        |(slug, _)| get_clinic_settings(slug),
    );
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! { <SettingsForm settings=s update /> }.into_any(),
                    Err(e) => load_error(e),
                }
            })}
        </Suspense>
        <super::display::DisplaySection slug=Signal::derive(slug) />
        <PageTitle text=move || locale.t().dashboard.settings />
    }
}

#[component]
fn SettingsForm(settings: ClinicSettings, update: ServerAction<UpdateClinicSettings>) -> AnyView {
    let locale = use_locale();
    let t = move || locale.t().dashboard;
    let name = settings.name.clone();
    let can_edit = settings.can_edit;
    view! {
        <section class="narrow">
            <h1>{move || (t().title)(name.get(locale.lang()))}</h1>
            <h2>{move || t().settings}</h2>
            <p class="lead">{move || t().settings_lead}</p>
            {(!can_edit).then(|| view! { <p class="notice">{move || t().read_only}</p> })}
            <RulesForm settings=settings.clone() update />
            <PolicyForm settings=settings.clone() />
            <ChannelsForm settings />
        </section>
    }
    .into_any()
}

/// Which profile fields the clinic requires, and the youngest patient it sees.
#[component]
fn RulesForm(
    settings: ClinicSettings,
    update: ServerAction<UpdateClinicSettings>,
) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().dashboard;
    let rules = settings.rules;
    let can_edit = settings.can_edit;
    let rule_select = move |field: &'static str,
                            label: fn() -> &'static str,
                            current: FieldRequirement| {
        view! {
            <label for=field>{label}</label>
            <select id=field name=field disabled=!can_edit data-testid=format!("rule-{field}")>
                {[FieldRequirement::Required, FieldRequirement::Optional, FieldRequirement::Hidden].into_iter().map(|r| view! {
                    <option value=r.as_str() selected=r == current>{move || match r {
                        FieldRequirement::Required => t().rule_required,
                        FieldRequirement::Optional => t().rule_optional,
                        FieldRequirement::Hidden => t().rule_hidden,
                    }}</option>
                }).collect_view()}
            </select>
        }
    };
    view! {
        <ActionForm action=update attr:class="stack card">
            <input type="hidden" name="slug" value=settings.slug.clone() />
            {rule_select("gender", || use_locale().t().dashboard.field_gender, rules.gender)}
            {rule_select("date_of_birth", || use_locale().t().dashboard.field_birth_date, rules.date_of_birth)}
            {rule_select("picture", || use_locale().t().dashboard.field_picture, rules.picture)}
            <label for="min_patient_age">{move || t().min_age}</label>
            <input id="min_patient_age" name="min_patient_age" type="number" min="0" max="21"
                value=rules.min_patient_age.to_string() disabled=!can_edit />
            <p class="hint">{move || t().min_age_hint}</p>
            {can_edit.then(|| view! { <button type="submit" class="button" data-testid="save-settings">{move || t().save}</button> })}
            <FormError value=update.value() />
            <FormSaved endpoint=UpdateClinicSettings::PATH text=Signal::derive(move || t().saved) />
        </ActionForm>
    }
}

/// Notice, horizon, slot step, cancellation cutoff, reminders and the per-patient limit.
#[component]
fn PolicyForm(settings: ClinicSettings) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().dashboard;
    let can_edit = settings.can_edit;
    let policy = settings.policy.clone();
    let policy_slug = settings.slug.clone();
    let update_policy = ServerAction::<UpdateBookingPolicy>::new();
    view! {
        <h2>{move || t().policy}</h2>
        <p class="lead">{move || t().policy_lead}</p>
        <ActionForm action=update_policy attr:class="stack card" attr:data-testid="policy-form">
            <input type="hidden" name="slug" value=policy_slug />
            <label for="min_notice_min">{move || t().min_notice}</label>
            <input id="min_notice_min" name="min_notice_min" type="number" min="0" max="20160"
                value=policy.min_notice_min.to_string() disabled=!can_edit />
            <label for="horizon_days">{move || t().horizon}</label>
            <input id="horizon_days" name="horizon_days" type="number" min="1" max="365"
                value=policy.horizon_days.to_string() disabled=!can_edit />
            <label for="slot_step_min">{move || t().slot_step}</label>
            <input id="slot_step_min" name="slot_step_min" type="number" min="5" max="120"
                value=policy.slot_step_min.to_string() disabled=!can_edit />
            <label for="cancel_cutoff_min">{move || t().cancel_cutoff}</label>
            <input id="cancel_cutoff_min" name="cancel_cutoff_min" type="number" min="0" max="20160"
                value=policy.cancel_cutoff_min.to_string() disabled=!can_edit />
            <label for="reminder_offsets">{move || t().reminder_offsets}</label>
            <input id="reminder_offsets" name="reminder_offsets" type="text" dir="ltr"
                value=policy.reminder_offsets.clone() disabled=!can_edit />
            <p class="hint">{move || t().reminder_offsets_hint}</p>
            <label for="max_upcoming_per_patient">{move || t().max_upcoming}</label>
            <input id="max_upcoming_per_patient" name="max_upcoming_per_patient" type="number" min="1" max="50"
                value=policy.max_upcoming_per_patient.to_string() disabled=!can_edit />
            <p class="hint">{move || t().max_upcoming_hint}</p>
            {can_edit.then(|| view! { <button type="submit" class="button" data-testid="save-policy">{move || t().save_policy}</button> })}
            <FormError value=update_policy.value() />
            <FormSaved endpoint=UpdateBookingPolicy::PATH text=Signal::derive(move || t().saved) />
        </ActionForm>
    }
}

/// The channels the clinic's messages may use, and which of them this deployment lacks.
#[component]
fn ChannelsForm(settings: ClinicSettings) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().dashboard;
    let can_edit = settings.can_edit;
    let update_channels = ServerAction::<UpdateClinicChannels>::new();
    let channels_slug = settings.slug.clone();
    let enabled = settings.channels.clone();
    let deliverable = settings.deliverable.clone();
    view! {
        <h2>{move || t().channels}</h2>
        <p class="lead">{move || t().channels_lead}</p>
        <ActionForm action=update_channels attr:class="stack card" attr:data-testid="channels-form">
            <input type="hidden" name="slug" value=channels_slug />
            {Channel::ALL.into_iter().map(|c| view! {
                <label class="check">
                    <input type="checkbox" name=c.as_str() value="on" checked=enabled.contains(&c)
                        disabled=!can_edit data-testid=format!("channel-{}", c.as_str()) />
                    <span>{move || {
                        let names = locale.t().account;
                        match c {
                            Channel::WhatsApp => names.channel_whatsapp,
                            Channel::Sms => names.channel_sms,
                            Channel::Email => names.channel_email,
                        }
                    }}</span>
                    {(!deliverable.contains(&c)).then(|| view! {
                        <span class="hint" data-testid=format!("channel-unavailable-{}", c.as_str())>
                            {move || t().channel_not_set_up}
                        </span>
                    })}
                </label>
            }).collect_view()}
            {can_edit.then(|| view! { <button type="submit" class="button" data-testid="save-channels">{move || t().save_channels}</button> })}
            <FormError value=update_channels.value() />
            <FormSaved endpoint=UpdateClinicChannels::PATH text=Signal::derive(move || t().saved) />
        </ActionForm>
    }
}
