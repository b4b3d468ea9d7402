use crate::components::page_title::PageTitle;
use crate::{
    api::booking::clinic_day,
    i18n::{Formatter, use_locale},
    pages::{
        account::{load_error, loading},
        appointments::AppointmentCard,
    },
};
use chrono::Duration;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A clinic's day: every appointment, or a provider's own, in the clinic's time zone.
#[component]
pub fn ClinicDayPage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let date = move || query.read().get("date");
    let day = Resource::new(
        move || (slug(), date()),
        |(slug, date)| clinic_day(slug, date),
    );
    view! {
        <PageTitle text=move || t().day_title />
        <section class="narrow stack" data-testid="clinic-day">
            <super::checklist::Checklist slug=Signal::derive(slug) />
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match day.await {
                        Ok((date, items)) => {
                            let base = format!("/dashboard/{}", slug());
                            let prev = format!("{base}?date={}", date - Duration::days(1));
                            let next = format!("{base}?date={}", date + Duration::days(1));
                            let settings = format!("{base}/settings");
                            view! {
                                <h1>{move || t().day_title} " · " {move || Formatter::plain(locale.lang()).date(date)}</h1>
                                <p class="row">
                                    <a href=prev>{move || t().previous_day}</a>
                                    <a href=next data-testid="next-day">{move || t().next_day}</a>
                                    <a href=settings>{move || locale.t().dashboard.settings}</a>
                                </p>
                                {if items.is_empty() {
                                    view! { <p class="muted">{move || t().day_empty}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="plain stack">
                                            {items.into_iter().map(|a| view! { <AppointmentCard a /> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            }.into_any()
                        }
                        Err(e) => load_error(e),
                    }
                })}
            </Suspense>
        </section>
    }
}
