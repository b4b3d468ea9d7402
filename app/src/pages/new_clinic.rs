//! Registering a clinic: the clinic, its first branch, and its owner (the caller).
//!
//! The form works as a plain post. `/clinic-form.js`, loaded by this page only, adds
//! what needs a browser: the address checked as it is typed, the browser's time zone
//! as the default, and the typed values kept across a refused post.

use crate::components::page_title::PageTitle;
use crate::{
    api::clinic_setup::{CreateClinic, registration_info},
    components::form_error::FormError,
    domain::clinic_setup::ClinicSignup,
    i18n::use_locale,
    pages::account::{load_error, loading},
    views::clinic_setup::NewClinicInfo,
};
use leptos::prelude::*;

/// Currencies offered first; any three-letter code typed by hand is accepted too.
const CURRENCIES: [&str; 12] = [
    "SAR", "EGP", "AED", "KWD", "QAR", "BHD", "OMR", "JOD", "EUR", "USD", "GBP", "TRY",
];

#[component]
pub fn NewClinicPage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().setup;
    let info = Resource::new(|| (), |_| registration_info());
    view! {
        <PageTitle text=move || t().new_title />
        <section class="narrow" data-testid="new-clinic">
            <h1>{move || t().new_title}</h1>
            <p class="lead">{move || t().new_lead}</p>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match info.await {
                        Ok(info) => body(info),
                        Err(e) => load_error(e),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn body(info: NewClinicInfo) -> AnyView {
    let locale = use_locale();
    let t = move || locale.t().setup;
    if !info.signed_in {
        return view! {
            <p class="notice">{move || t().new_sign_in}</p>
            <a class="button" href="/sign-in?return_to=/clinics/new" data-testid="new-clinic-sign-in">
                {move || locale.t().account.nav_sign_in}
            </a>
        }
        .into_any();
    }
    if !info.may_register {
        return view! { <p class="notice" data-testid="signup-closed">{move || t().new_closed}</p> }
            .into_any();
    }
    let approval = info.needs_approval && info.signup == ClinicSignup::Approval;
    view! {
        {approval.then(|| view! { <p class="notice" data-testid="needs-approval">{move || t().new_approval}</p> })}
        <ClinicFormView />
        <script type="module" src="/clinic-form.js"></script>
    }
    .into_any()
}

/// A text input with its label; `dir` is fixed for fields in one script.
fn field(
    id: &'static str,
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    dir: &'static str,
    max: u32,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input id=id name=id type="text" required dir=dir maxlength=max.to_string() data-testid=id />
    }
}

#[component]
fn ClinicFormView() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().setup;
    let create = ServerAction::<CreateClinic>::new();
    let zones = crate::domain::timezone::TimeZone::all_names();
    view! {
        <ActionForm action=create attr:class="stack" attr:id="clinic-form" attr:data-testid="clinic-form">
            <fieldset class="stack card">
                <legend>{move || t().clinic_heading}</legend>
                {field("name_en", move || use_locale().t().setup.name_en, "ltr", 120)}
                {field("name_ar", move || use_locale().t().setup.name_ar, "rtl", 120)}
                <label for="slug">{move || t().slug}</label>
                <input id="slug" name="slug" type="text" required dir="ltr" minlength="2" maxlength="63"
                    pattern="[a-z0-9]+(-[a-z0-9]+)*" autocapitalize="none" spellcheck="false"
                    aria-describedby="slug-hint slug-status" data-testid="slug" />
                <p class="hint" id="slug-hint">{move || t().slug_hint}</p>
                <p class="hint" id="slug-status" aria-live="polite" data-testid="slug-status"
                    data-free=move || t().slug_available></p>
                <label for="currency">{move || t().currency}</label>
                <input id="currency" name="currency" type="text" required dir="ltr" list="currencies"
                    minlength="3" maxlength="3" value="SAR" autocapitalize="characters" data-testid="currency" />
                <datalist id="currencies">
                    {CURRENCIES.into_iter().map(|c| view! { <option value=c></option> }).collect_view()}
                </datalist>
                <fieldset>
                    <legend>{move || t().languages}</legend>
                    <label class="check">
                        <input type="checkbox" name="english" value="on" checked data-testid="lang-english" />
                        <span>{move || t().lang_english}</span>
                    </label>
                    <label class="check">
                        <input type="checkbox" name="arabic" value="on" checked data-testid="lang-arabic" />
                        <span>{move || t().lang_arabic}</span>
                    </label>
                </fieldset>
            </fieldset>
            <fieldset class="stack card">
                <legend>{move || t().branch_heading}</legend>
                <p class="hint">{move || t().branch_lead}</p>
                {field("branch_name_en", move || use_locale().t().setup.branch_name_en, "ltr", 120)}
                {field("branch_name_ar", move || use_locale().t().setup.branch_name_ar, "rtl", 120)}
                {field("city_en", move || use_locale().t().setup.city_en, "ltr", 120)}
                {field("city_ar", move || use_locale().t().setup.city_ar, "rtl", 120)}
                {field("address_en", move || use_locale().t().setup.address_en, "ltr", 300)}
                {field("address_ar", move || use_locale().t().setup.address_ar, "rtl", 300)}
                <label for="phone">{move || t().phone}</label>
                <input id="phone" name="phone" type="tel" required dir="ltr" autocomplete="tel" data-testid="phone" />
                <label for="time_zone">{move || t().time_zone}</label>
                <input id="time_zone" name="time_zone" type="text" required dir="ltr" list="time-zones"
                    autocapitalize="none" spellcheck="false" aria-describedby="time-zone-hint" data-testid="time_zone" />
                <datalist id="time-zones">
                    {zones.into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
                </datalist>
                <p class="hint" id="time-zone-hint">{move || t().time_zone_hint}</p>
            </fieldset>
            <FormError value=create.value() />
            <button type="submit" class="button" data-testid="create-clinic">{move || t().create}</button>
        </ActionForm>
    }
}
