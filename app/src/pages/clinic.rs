use crate::components::page_title::PageTitle;
use crate::{
    api::catalog::get_clinic,
    components::{
        category_filter::{CategoryChip, CategoryFilter},
        error_panel::ErrorPanel,
        localized::Tr,
    },
    domain::{
        catalog::{Branch, Provider, Service},
        ids::CategoryId,
    },
    error::AppError,
    i18n::use_locale,
    pages::not_found::NotFound,
    views::catalog::ClinicPage as ClinicData,
};
use leptos::{either::Either, prelude::*};
use leptos_router::hooks::{use_params_map, use_query_map};

/// A clinic's public page: what it offers, where and by whom.
#[component]
pub fn ClinicPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let clinic = Resource::new(slug, get_clinic);
    view! {
        <Suspense fallback=move || view! { <p class="muted">{move || use_locale().t().loading}</p> }>
            {move || Suspend::new(async move {
                match clinic.await {
                    Ok(data) => view! { <ClinicView data /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ClinicView(data: ClinicData) -> AnyView {
    let locale = use_locale();
    let t = move || locale.t();
    // The category the visitor narrowed the list to (`?category=`); `None` shows all,
    // as does an id this clinic does not have.
    let selected = use_query_map()
        .read_untracked()
        .get("category")
        .and_then(|c| c.parse::<CategoryId>().ok())
        .filter(|c| data.categories.iter().any(|k| k.id == *c));
    let name = data.clinic.name.clone();
    let title = move || name.get(locale.lang()).to_owned();

    let branches = data.branches.clone();
    let providers = data.providers.clone();
    let all_branches = data.branches.clone();
    let book_href = format!("/c/{}/book", data.clinic.slug);

    view! {
        <PageTitle text=title.clone() />
        <section class="hero hero-clinic">
            <h1 data-testid="clinic-name">{title}</h1>
            <p class="lead">
                <Tr text=data.clinic.description.clone() />
            </p>
            <a class="button" href=book_href data-testid="book-cta">{move || t().booking.book_cta}</a>
        </section>

        <Services data=data.clone() selected />

        <section aria-labelledby="branches-heading">
            <h2 id="branches-heading">{move || t().clinic_branches_heading}</h2>
            <ul class="card-grid" role="list">
                {branches.into_iter().map(|b| view! { <BranchCard branch=b /> }).collect_view()}
            </ul>
        </section>

        <section aria-labelledby="team-heading">
            <h2 id="team-heading">{move || t().clinic_providers_heading}</h2>
            <ul class="card-grid" role="list">
                {providers
                    .into_iter()
                    .map(|p| view! { <ProviderCard provider=p branches=all_branches.clone() /> })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// The clinic's services grouped by category, with chips that narrow the list to one
/// (`?category=` without JavaScript, in place once hydrated).
#[component]
fn Services(data: ClinicData, selected: Option<CategoryId>) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t();
    let lang = locale.lang();
    let chips: Vec<CategoryChip> = data
        .categories
        .iter()
        .map(|c| CategoryChip {
            id: c.id.to_string(),
            name: c.name.get(lang).to_owned(),
        })
        .collect();

    let slug = data.clinic.slug.to_string();
    let groups = data
        .categories
        .iter()
        .map(|category| {
            let id = category.id;
            let services: Vec<Service> = data
                .services
                .iter()
                .filter(|s| s.category_id == id)
                .cloned()
                .collect();
            view! {
                <section
                    class="service-group"
                    data-testid="service-group"
                    data-category=id.to_string()
                    hidden=selected.is_some_and(|s| s != id)
                >
                    <h3>
                        <Tr text=category.name.clone() />
                    </h3>
                    <ul class="card-grid" role="list">
                        {services.into_iter().map(|s| view! { <ServiceCard service=s slug=slug.clone() /> }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view();

    let has_services = !data.services.is_empty();
    let path = format!("/c/{}", data.clinic.slug);
    view! {
    <section aria-labelledby="services-heading">
        <h2 id="services-heading">{move || t().clinic_services_heading}</h2>
        {if has_services {
            Either::Left(
                view! {
                    <CategoryFilter
                        chips
                        selected=selected.map(|s| s.to_string())
                        path
                        all_label=t().clinic_filter_all.to_owned()
                        group_label=t().clinic_filter_label.to_owned()
                    />
                    {groups}
                },
            )
        } else {
            Either::Right(view! { <p class="muted">{move || t().clinic_no_services}</p> })
        }}
    </section>
    }
}

#[component]
fn ServiceCard(service: Service, slug: String) -> AnyView {
    let locale = use_locale();
    let book = format!("/c/{slug}/book?service={}", service.id);
    let duration = service.duration_min;
    let price = service.price.clone();
    view! {
        <li class="card service-card" data-testid="service">
            <h4>
                <Tr text=service.name.clone() />
            </h4>
            <p class="muted">
                <Tr text=service.description.clone() />
            </p>
            <p class="meta">
                <span class="pill">{move || locale.format().count(&locale.t().minutes, i64::from(duration))}</span>
                <span class="price">
                    {move || match &price {
                        Some(p) => p.format(locale.lang()),
                        None => locale.t().price_on_request.to_owned(),
                    }}
                </span>
            </p>
            <a class="button button-ghost" href=book data-testid="book-service">{move || locale.t().booking.book_cta}</a>
        </li>
    }
    .into_any()
}

#[component]
fn BranchCard(branch: Branch) -> AnyView {
    let locale = use_locale();
    let tel = format!("tel:{}", branch.phone);
    let zone = branch.time_zone.name();
    view! {
        <li class="card branch-card" data-testid="branch">
            <h3>
                <Tr text=branch.name.clone() />
            </h3>
            <p>
                <Tr text=branch.address.clone() />
            </p>
            <p>
                {move || locale.t().branch_phone}
                ": "
                <a href=tel dir="ltr">{branch.phone.clone()}</a>
            </p>
            <p class="muted">{move || (locale.t().branch_time_zone)(zone)}</p>
        </li>
    }
    .into_any()
}

#[component]
fn ProviderCard(provider: Provider, branches: Vec<Branch>) -> AnyView {
    let locale = use_locale();
    let cities: Vec<_> = branches
        .into_iter()
        .filter(|b| provider.branch_ids.contains(&b.id))
        .map(|b| b.city)
        .collect();
    view! {
        <li class="card provider-card" data-testid="provider">
            <h3>
                <Tr text=provider.name.clone() />
            </h3>
            <p class="muted">
                <Tr text=provider.title.clone() />
            </p>
            <p>
                {move || {
                    let lang = locale.lang();
                    let names: Vec<&str> = cities.iter().map(|c| c.get(lang)).collect();
                    locale.format().list(&names)
                }}
            </p>
        </li>
    }
    .into_any()
}
