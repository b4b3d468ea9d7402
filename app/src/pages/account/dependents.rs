use super::{load_error, loading};
use crate::components::{page_title::PageTitle, visit_time::visit_time};
use crate::{
    api::dependents::{RemoveDependent, SaveDependent, list_dependents},
    components::{form_error::FormError, localized::Tr},
    domain::people::Gender,
    i18n::use_locale,
    views::profile::DependentView,
};
use leptos::prelude::*;

/// The family members a guardian books for.
#[component]
pub fn DependentsPage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let save = ServerAction::<SaveDependent>::new();
    let remove = ServerAction::<RemoveDependent>::new();
    let list = Resource::new(
        move || (save.version().get(), remove.version().get()),
        |_| list_dependents(),
    );
    view! {
        <PageTitle text=move || t().dependents_title />
        <section class="narrow">
            <h1>{move || t().dependents_title}</h1>
            <p class="lead">{move || t().dependents_lead}</p>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(people) if people.is_empty() => view! { <p class="muted">{move || t().dependents_none}</p> }.into_any(),
                        Ok(people) => view! {
                            <ul class="plain stack" data-testid="dependents">
                                {people.into_iter().map(|d| view! { <DependentCard dependent=d save remove /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => load_error(e),
                    }
                })}
            </Suspense>
            <h2>{move || t().dependent_add}</h2>
            <ActionForm action=save attr:class="stack card" attr:data-testid="add-dependent">
                <DependentFields dependent=None />
                <button type="submit" class="button" data-testid="add-dependent-submit">{move || t().dependent_add}</button>
            </ActionForm>
            <FormError value=save.value() />
            <FormError value=remove.value() />
        </section>
    }
}

#[component]
fn DependentCard(
    dependent: DependentView,
    save: ServerAction<SaveDependent>,
    remove: ServerAction<RemoveDependent>,
) -> AnyView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let id = dependent.id.to_string();
    let remove_id = id.clone();
    let age = dependent.age;
    let upcoming = dependent.upcoming.clone();
    let has_upcoming = !upcoming.is_empty();
    view! {
        <li class="card stack" data-testid="dependent">
            <h3>{dependent.full_name.clone()} <span class="muted">" · " {move || locale.format().count(&t().dependent_age, i64::from(age))}</span></h3>
            <ActionForm action=save attr:class="stack">
                <input type="hidden" name="id" value=id />
                <DependentFields dependent=Some(dependent.clone()) />
                <button type="submit" class="button button-ghost">{move || t().dependent_edit}</button>
            </ActionForm>
            {has_upcoming.then(|| view! {
                <p>{move || t().dependent_upcoming}</p>
                <ul data-testid="dependent-upcoming">
                    {upcoming.into_iter().map(|a| view! {
                        <li>
                            {visit_time(&a)} " · "
                            <Tr text=a.service_name.clone() /> " · " <Tr text=a.clinic_name.clone() />
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <ActionForm action=remove attr:class="stack">
                <input type="hidden" name="id" value=remove_id />
                {has_upcoming.then(|| view! {
                    <label class="check">
                        <input type="checkbox" name="confirm" value="on" data-testid="remove-dependent-confirm" />
                        <span>{move || t().dependent_remove_confirm}</span>
                    </label>
                })}
                <button type="submit" class="button button-ghost button-danger" data-testid="remove-dependent">{move || t().dependent_remove}</button>
            </ActionForm>
        </li>
    }
    .into_any()
}

#[component]
fn DependentFields(dependent: Option<DependentView>) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let prefix = dependent
        .as_ref()
        .map(|d| d.id.to_string())
        .unwrap_or_else(|| "new".to_owned());
    let name_id = format!("name-{prefix}");
    let dob_id = format!("dob-{prefix}");
    let gender_id = format!("gender-{prefix}");
    let gender = dependent.as_ref().and_then(|d| d.gender);
    view! {
        <label for=name_id.clone()>{move || t().full_name_label}</label>
        <input id=name_id name="full_name" type="text" required maxlength="120"
            value=dependent.as_ref().map(|d| d.full_name.clone()).unwrap_or_default() data-testid="dependent-name" />
        <label for=dob_id.clone()>{move || t().birth_date_label}</label>
        <input id=dob_id name="date_of_birth" type="date" required
            value=dependent.as_ref().map(|d| d.date_of_birth.to_string()).unwrap_or_default() data-testid="dependent-dob" />
        <label for=gender_id.clone()>{move || t().gender_label} " (" {move || t().optional} ")"</label>
        <select id=gender_id name="gender">
            <option value="" selected=gender.is_none()>{move || t().gender_unset}</option>
            <option value="female" selected=gender == Some(Gender::Female)>{move || t().gender_female}</option>
            <option value="male" selected=gender == Some(Gender::Male)>{move || t().gender_male}</option>
        </select>
    }
}
