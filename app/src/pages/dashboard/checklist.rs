//! The steps from a new clinic to a bookable, published one, at the top of its dashboard.

use crate::{
    api::clinic_setup::{PublishClinic, UnpublishClinic, clinic_checklist},
    components::form_error::{FormError, FormSaved},
    domain::clinic_setup::SetupStep,
    i18n::use_locale,
    views::clinic_setup::SetupChecklist,
};
use leptos::{prelude::*, server_fn::ServerFn};

/// The checklist while the clinic is not in front of patients; once it is, one line
/// saying so and a way to take it offline.
#[component]
pub fn Checklist(#[prop(into)] slug: Signal<String>) -> impl IntoView {
    let list = Resource::new(move || slug.get(), clinic_checklist);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                // The checklist adds to the day's page; when it cannot load, the day
                // below says why.
                list.await.ok().map(|c| view! { <ChecklistCard checklist=c /> })
            })}
        </Suspense>
    }
}

#[component]
fn ChecklistCard(checklist: SetupChecklist) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().setup;
    let publish = ServerAction::<PublishClinic>::new();
    let unpublish = ServerAction::<UnpublishClinic>::new();
    let slug = checklist.slug.clone();
    if checklist.listed() {
        return view! {
            <div class="card row spread" data-testid="clinic-listed">
                <p>{move || t().published}</p>
                {checklist.can_publish.then(|| view! {
                    <ActionForm action=unpublish attr:class="inline-form">
                        <input type="hidden" name="slug" value=slug.clone() />
                        <button type="submit" class="link-button" data-testid="unpublish">{move || t().unpublish}</button>
                    </ActionForm>
                })}
                <FormSaved endpoint=PublishClinic::PATH text=Signal::derive(move || t().published) />
            </div>
        }
        .into_any();
    }
    let waiting = checklist.published && !checklist.approved;
    view! {
        <section class="card stack" data-testid="checklist" aria-labelledby="checklist-title">
            <h2 id="checklist-title">{move || t().checklist_title}</h2>
            <p class="lead">{move || t().checklist_lead}</p>
            <ol class="checklist">
                {checklist.steps.iter().map(|s| {
                    let step = s.step;
                    let done = s.done;
                    view! {
                        <li data-step=step_key(step) data-done=done.to_string() class:done=done>
                            <span>{move || step_label(step)}</span>
                            " · "
                            <span class="muted">{move || if done { t().step_done } else { t().step_todo }}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
            {waiting.then(|| view! { <p class="notice" data-testid="awaiting-approval">{move || t().awaiting_approval}</p> })}
            {(checklist.can_publish && !checklist.published).then(|| view! {
                <ActionForm action=publish attr:class="stack">
                    <input type="hidden" name="slug" value=slug.clone() />
                    <button type="submit" class="button" data-testid="publish">{move || t().publish}</button>
                    <FormError value=publish.value() />
                </ActionForm>
            })}
            <FormSaved endpoint=UnpublishClinic::PATH text=Signal::derive(move || t().unpublished) />
        </section>
    }
    .into_any()
}

fn step_key(step: SetupStep) -> &'static str {
    match step {
        SetupStep::Branch => "branch",
        SetupStep::Service => "service",
        SetupStep::Provider => "provider",
        SetupStep::Hours => "hours",
        SetupStep::Publish => "publish",
    }
}

fn step_label(step: SetupStep) -> &'static str {
    let t = use_locale().t().setup;
    match step {
        SetupStep::Branch => t.step_branch,
        SetupStep::Service => t.step_service,
        SetupStep::Provider => t.step_provider,
        SetupStep::Hours => t.step_hours,
        SetupStep::Publish => t.step_publish,
    }
}
