use crate::components::page_title::PageTitle;
use crate::{
    api::catalog::list_clinics,
    components::{error_panel::ErrorPanel, localized::Tr},
    i18n::use_locale,
    views::catalog::ClinicSummary,
};
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t();
    let clinics = Resource::new(|| (), |_| list_clinics());
    view! {
        <PageTitle text="" />
        <section class="hero">
            <h1>{move || t().home_title}</h1>
            <p class="lead">{move || t().home_lead}</p>
        </section>
        <section aria-labelledby="clinics-heading">
            <h2 id="clinics-heading">{move || t().home_clinics_heading}</h2>
            <Suspense fallback=move || view! { <p class="muted">{move || t().loading}</p> }>
                {move || Suspend::new(async move {
                    match clinics.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="muted">{move || t().home_no_clinics}</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul class="card-grid" role="list">
                                    {list.into_iter().map(|c| view! { <ClinicCard clinic=c /> }).collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <p class="muted">
            <a href="/clinics/new" data-testid="register-clinic">{move || t().setup.register_link}</a>
        </p>
    }
}

#[component]
fn ClinicCard(clinic: ClinicSummary) -> impl IntoView {
    let locale = use_locale();
    let href = format!("/c/{}", clinic.slug);
    let count = i64::from(clinic.branch_count);
    let cities = clinic.cities.clone();
    view! {
        <li class="card clinic-card" data-testid="clinic-card">
            <h3>
                <a href=href.clone()>
                    <Tr text=clinic.name />
                </a>
            </h3>
            <p class="muted">
                {move || {
                    let lang = locale.lang();
                    let names: Vec<&str> = cities.iter().map(|c| c.get(lang)).collect();
                    let format = locale.format();
                    let branches = format.count(&locale.t().branch_count, count);
                    format!("{} · {}", format.list(&names), branches)
                }}
            </p>
            <p>
                <Tr text=clinic.description />
            </p>
            <a class="button" href=href>{move || locale.t().home_open_clinic}</a>
        </li>
    }
}
