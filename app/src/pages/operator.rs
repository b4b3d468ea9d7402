//! The operators' page: clinics waiting for approval.

use crate::components::page_title::PageTitle;
use crate::{
    api::clinic_setup::{ApproveClinic, pending_clinics},
    components::form_error::{FormError, FormSaved},
    i18n::{Formatter, use_locale},
    pages::account::{load_error, loading},
    views::clinic_setup::PendingClinic,
};
use leptos::{prelude::*, server_fn::ServerFn};

#[component]
pub fn OperatorPage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().setup;
    let approve = ServerAction::<ApproveClinic>::new();
    let pending = Resource::new(move || approve.version().get(), |_| pending_clinics());
    view! {
        <PageTitle text=move || t().operator_title />
        <section class="narrow stack" data-testid="operator">
            <h1>{move || t().operator_title}</h1>
            <p class="lead">{move || t().operator_lead}</p>
            <FormSaved endpoint=ApproveClinic::PATH text=Signal::derive(move || t().approved) />
            <FormError value=approve.value() />
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match pending.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted" data-testid="none-pending">{move || t().operator_none}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="plain stack" data-testid="pending-clinics">
                                {list.into_iter().map(|c| view! { <PendingCard clinic=c approve /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => load_error(e),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PendingCard(clinic: PendingClinic, approve: ServerAction<ApproveClinic>) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().setup;
    let name = clinic.name.clone();
    let registered = clinic.registered_at.date_naive();
    let published = clinic.published;
    let href = format!("/c/{}", clinic.slug);
    let slug = clinic.slug;
    let data_slug = slug.clone();
    view! {
        <li class="card stack" data-testid="pending-clinic" data-slug=data_slug>
            <a href=href><strong>{move || name.get(locale.lang()).to_owned()}</strong></a>
            <p class="muted">
                {move || t().operator_registered} " " {move || Formatter::plain(locale.lang()).date(registered)}
                " · "
                {move || if published { t().operator_published } else { t().operator_not_published }}
            </p>
            <ActionForm action=approve attr:class="inline-form">
                <input type="hidden" name="slug" value=slug />
                <button type="submit" class="button" data-testid="approve">{move || t().approve}</button>
            </ActionForm>
        </li>
    }
}
