//! The clinic settings page's section on showing numbers and dates to Arabic readers.

use crate::{
    api::display::{DisplaySettingsView, UpdateDisplaySettings, get_display_settings},
    components::form_error::{FormError, FormSaved},
    i18n::use_locale,
};
use leptos::{prelude::*, server_fn::ServerFn};

/// Arabic-Indic digits and the Hijri date: readable by the clinic's staff, switched by
/// its owners and admins. Loads on its own, so the rest of the page never waits for it.
#[component]
pub fn DisplaySection(#[prop(into)] slug: Signal<String>) -> impl IntoView {
    let update = ServerAction::<UpdateDisplaySettings>::new();
    let settings = Resource::new(
        move || (slug.get(), update.version().get()),
        |(slug, _)| get_display_settings(slug),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                settings.await.ok().map(|view| view! { <DisplayForm view slug=slug.get_untracked() update /> })
            })}
        </Suspense>
    }
}

#[component]
fn DisplayForm(
    view: DisplaySettingsView,
    slug: String,
    update: ServerAction<UpdateDisplaySettings>,
) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().dashboard;
    let can_edit = view.can_edit;
    let current = view.settings;
    view! {
        <section class="narrow stack" data-testid="display-settings">
            <h2>{move || t().display}</h2>
            <p class="lead">{move || t().display_lead}</p>
            <ActionForm action=update attr:class="stack card" attr:data-testid="display-form">
                <input type="hidden" name="slug" value=slug />
                <label class="check">
                    <input type="checkbox" name="arabic_indic_digits" value="on"
                        checked=current.arabic_indic_digits disabled=!can_edit data-testid="arabic-digits" />
                    <span>{move || t().arabic_indic_digits}</span>
                </label>
                <label class="check">
                    <input type="checkbox" name="hijri_date" value="on"
                        checked=current.hijri_date disabled=!can_edit data-testid="hijri-date" />
                    <span>{move || t().hijri_date}</span>
                </label>
                {can_edit.then(|| view! { <button type="submit" class="button" data-testid="save-display">{move || t().save_display}</button> })}
                <FormError value=update.value() />
                <FormSaved endpoint=UpdateDisplaySettings::PATH text=Signal::derive(move || t().saved) />
            </ActionForm>
        </section>
    }
}
