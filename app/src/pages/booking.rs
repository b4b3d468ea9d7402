//! The booking flow: service → branch → provider → day → time → confirm.
//!
//! Every step is a plain link carrying the choices so far in the query string, so the
//! flow is an ordinary page load per step (with or without JavaScript), can be bookmarked, and the
//! back button undoes one step. Only the final confirmation is a form.

use crate::components::page_title::PageTitle;
use crate::{
    api::booking::{BookAppointment, RescheduleAppointment, booking_page, nearest_slots},
    components::{error_panel::ErrorPanel, form_error::FormError, localized::Tr},
    error::{AppError, Conflict},
    i18n::{Formatter, use_locale},
    pages::{account::urlencoding, not_found::NotFound},
    views::booking::BookingStep,
};
use chrono::{DateTime, SecondsFormat, Utc};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The choices made so far, as they appear in the address.
#[derive(Clone, Debug, Default, PartialEq)]
struct Choices {
    service: Option<String>,
    branch: Option<String>,
    provider: Option<String>,
    date: Option<String>,
    start: Option<String>,
    reschedule: Option<String>,
}

impl Choices {
    fn href(&self, slug: &str) -> String {
        let pairs = [
            ("service", &self.service),
            ("branch", &self.branch),
            ("provider", &self.provider),
            ("date", &self.date),
            ("start", &self.start),
            ("reschedule", &self.reschedule),
        ];
        let query: Vec<String> = pairs
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", urlencoding(v))))
            .collect();
        if query.is_empty() {
            format!("/c/{slug}/book")
        } else {
            format!("/c/{slug}/book?{}", query.join("&"))
        }
    }
}

fn start_param(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[component]
pub fn BookPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let choices = move || {
        let q = query.read();
        let get = |k: &str| q.get(k).filter(|v| !v.is_empty());
        Choices {
            service: get("service"),
            branch: get("branch"),
            provider: get("provider"),
            date: get("date"),
            start: get("start"),
            reschedule: get("reschedule"),
        }
    };
    let data = Resource::new(
        move || (slug(), choices()),
        |(slug, c)| booking_page(slug, c.service, c.branch, c.provider, c.date, c.reschedule),
    );
    view! {
        <Suspense fallback=move || view! { <p class="muted" aria-busy="true">{move || use_locale().t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <BookingSteps page choices=choices() /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BookingSteps(page: BookingStep, choices: Choices) -> AnyView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let clinic_name = page.clinic_name.clone();
    let title = move || (t().book_title)(clinic_name.get(locale.lang()));
    let service_step = service_step(&page, &choices);
    let branch_step = branch_step(&page, &choices);
    let provider_step = provider_step(&page, &choices);
    let day_step = day_step(&page, &choices);
    let time_step = time_step(&page, &choices);
    let confirm_step = choices
        .start
        .clone()
        .filter(|_| page.date.is_some())
        .map(|start| {
            view! { <ConfirmStep page=page.clone() start choices=choices.clone() /> }.into_any()
        });

    view! {
        <PageTitle text=title.clone() />
        <section class="narrow stack booking" data-testid="booking">
            <h1>{title}</h1>
            <h2>{move || t().step_service}</h2>
            {service_step}
            {branch_step.map(|s| view! { <h2>{move || t().step_branch}</h2> {s} })}
            {provider_step.map(|s| view! { <h2>{move || t().step_provider}</h2> {s} })}
            {day_step.map(|s| view! { <h2>{move || t().step_day}</h2> {s} })}
            {time_step.map(|s| view! { <h2>{move || t().step_time}</h2> {s} })}
            {confirm_step.map(|s| view! { <h2>{move || t().step_confirm}</h2> {s} })}
        </section>
    }
    .into_any()
}

/// The booking page's address with `choices` changed by `f`.
fn link(choices: &Choices, slug: &str, f: &dyn Fn(&mut Choices)) -> String {
    let mut c = choices.clone();
    f(&mut c);
    c.href(slug)
}

/// The services, or the one chosen.
fn service_step(page: &BookingStep, choices: &Choices) -> AnyView {
    let with = |f: &dyn Fn(&mut Choices)| link(choices, &page.clinic_slug, f);
    match page.service {
        None => view! {
            <ul class="plain choice-list" data-testid="services">
                {page.services.iter().map(|s| {
                    let href = with(&|c| { *c = Choices { service: Some(s.id.to_string()), ..Choices::default() }; });
                    view! { <li><a class="choice" href=href data-testid="choose-service"><strong><Tr text=s.name.clone() /></strong> <span class="muted"><Tr text=s.detail.clone() /></span></a></li> }
                }).collect_view()}
            </ul>
        }.into_any(),
        Some(id) => {
            let chosen = page.services.iter().find(|s| s.id == id).map(|s| s.name.clone());
            let change = Choices::default().href(&page.clinic_slug);
            view! { <Chosen text=chosen change hide_change=page.reschedule.is_some() /> }.into_any()
        }
    }
}

/// The branches offering the service, or the one chosen.
fn branch_step(page: &BookingStep, choices: &Choices) -> Option<AnyView> {
    let with = |f: &dyn Fn(&mut Choices)| link(choices, &page.clinic_slug, f);
    (page.service.is_some()).then(|| match page.branch {
        None => view! {
            <ul class="plain choice-list" data-testid="branches">
                {page.branches.iter().map(|b| {
                    let href = with(&|c| { c.branch = Some(b.id.to_string()); c.provider = None; c.date = None; c.start = None; });
                    view! { <li><a class="choice" href=href data-testid="choose-branch"><strong><Tr text=b.name.clone() /></strong> <span class="muted"><Tr text=b.detail.clone() /></span></a></li> }
                }).collect_view()}
            </ul>
        }.into_any(),
        Some(id) => {
            let chosen = page.branches.iter().find(|b| b.id == id).map(|b| b.name.clone());
            let change = with(&|c| { c.branch = None; c.provider = None; c.date = None; c.start = None; });
            view! { <Chosen text=chosen change hide_change=page.reschedule.is_some() || page.branches.len() < 2 /> }.into_any()
        }
    })
}

/// The providers at the branch (or "anyone"), or the one chosen.
fn provider_step(page: &BookingStep, choices: &Choices) -> Option<AnyView> {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let with = |f: &dyn Fn(&mut Choices)| link(choices, &page.clinic_slug, f);
    (page.branch.is_some()).then(|| match page.provider {
        None => {
            let any = with(&|c| { c.provider = Some("any".into()); c.date = None; c.start = None; });
            view! {
                <ul class="plain choice-list" data-testid="providers">
                    <li><a class="choice" href=any data-testid="choose-any"><strong>{move || t().any_provider}</strong> <span class="muted">{move || t().any_provider_hint}</span></a></li>
                    {page.providers.iter().map(|p| {
                        let href = with(&|c| { c.provider = Some(p.id.to_string()); c.date = None; c.start = None; });
                        view! { <li><a class="choice" href=href data-testid="choose-provider"><strong><Tr text=p.name.clone() /></strong> <span class="muted"><Tr text=p.detail.clone() /></span></a></li> }
                    }).collect_view()}
                </ul>
            }.into_any()
        }
        Some(chosen) => {
            let name = chosen.id().and_then(|id| page.providers.iter().find(|p| p.id == id)).map(|p| p.name.clone());
            let change = with(&|c| { c.provider = None; c.date = None; c.start = None; });
            let hide = page.reschedule.is_some();
            match name {
                Some(name) => view! { <Chosen text=Some(name) change hide_change=hide /> }.into_any(),
                None => view! { <p class="chosen"><strong>{move || t().any_provider}</strong> " " <a href=change>{move || t().change}</a></p> }.into_any(),
            }
        }
    })
}

/// The strip of days, the ones with free times as links.
fn day_step(page: &BookingStep, choices: &Choices) -> Option<AnyView> {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let with = |f: &dyn Fn(&mut Choices)| link(choices, &page.clinic_slug, f);
    let (time_zone, display) = (page.time_zone.clone(), page.display);
    (page.provider.is_some()).then(|| {
        if !page.days.iter().any(|d| d.has_slots) {
            return view! { <p class="muted" data-testid="no-days">{move || t().no_free_days}</p> }.into_any();
        }
        let strip = page.days.iter().map(|d| {
            let date = d.date;
            let label = move || Formatter::new(locale.lang(), display).day(date);
            let selected = page.date == Some(d.date);
            if d.has_slots {
                let href = with(&|c| { c.date = Some(d.date.to_string()); c.start = None; });
                view! { <li><a class="day" href=href aria-current=selected.then_some("date") data-testid="day">{label}</a></li> }.into_any()
            } else {
                view! { <li><span class="day day-empty" aria-disabled="true">{label}</span></li> }.into_any()
            }
        }).collect_view();
        let tz = time_zone.clone();
        view! {
            <ul class="plain day-strip" data-testid="days">{strip}</ul>
            <p class="muted small">{move || (t().times_in_zone)(&tz)}</p>
        }.into_any()
    })
}

/// The free times of the chosen day.
fn time_step(page: &BookingStep, choices: &Choices) -> Option<AnyView> {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let with = |f: &dyn Fn(&mut Choices)| link(choices, &page.clinic_slug, f);
    let display = page.display;
    page.date.map(|_| {
        if page.slots.is_empty() {
            return view! { <p class="muted">{move || t().no_slots_that_day}</p> }.into_any();
        }
        view! {
            <ul class="plain slot-grid" data-testid="slots">
                {page.slots.iter().map(|s| {
                    let start = start_param(s.start);
                    let selected = choices.start.as_deref() == Some(start.as_str());
                    let href = with(&|c| c.start = Some(start.clone()));
                    let time = s.local_time.clone();
                    let label = move || Formatter::new(locale.lang(), display).time_label(&time);
                    view! { <li><a class="slot" href=href aria-current=selected.then_some("true") data-testid="slot" data-start=start.clone()>{label}</a></li> }
                }).collect_view()}
            </ul>
        }.into_any()
    })
}

#[component]
fn Chosen(
    text: Option<crate::domain::text::Localized>,
    change: String,
    hide_change: bool,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <p class="chosen" data-testid="chosen">
            <strong>{text.map(|text| view! { <Tr text /> })}</strong>
            {(!hide_change).then(|| view! { " " <a href=change.clone()>{move || locale.t().booking.change}</a> })}
        </p>
    }
}

#[component]
fn ConfirmStep(page: BookingStep, start: String, choices: Choices) -> AnyView {
    let locale = use_locale();
    let t = move || locale.t().booking;
    let here = choices.href(&page.clinic_slug);
    if !page.signed_in {
        let href = format!("/sign-in?return_to={}", urlencoding(&here));
        return view! { <a class="button" href=href data-testid="sign-in-to-book">{move || t().sign_in_to_book}</a> }.into_any();
    }
    if let Some(id) = page.reschedule {
        let action = ServerAction::<RescheduleAppointment>::new();
        return view! {
            <ActionForm action attr:class="stack card" attr:data-testid="reschedule-form">
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="start" value=start />
                <button type="submit" class="button" data-testid="confirm-move">{move || t().confirm_move}</button>
            </ActionForm>
            <TakenHelp value=action.value().into() page=page.clone() choices />
        }
        .into_any();
    }
    let action = ServerAction::<BookAppointment>::new();
    let missing = page.missing_gender || page.missing_birth_date || page.missing_picture;
    let provider = choices.provider.clone().unwrap_or_else(|| "any".into());
    let slug = page.clinic_slug.clone();
    let service = page.service.map(|s| s.to_string()).unwrap_or_default();
    let branch = page.branch.map(|b| b.to_string()).unwrap_or_default();
    let token = page.form_token.clone();
    let dependents = page.dependents.clone();
    view! {
        {missing.then(|| view! {
            <p class="notice" data-testid="missing-fields">{move || t().missing_fields} " " <a href="/account">{move || t().complete_profile}</a></p>
        })}
        <ActionForm action attr:class="stack card" attr:data-testid="book-form">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name="service" value=service />
            <input type="hidden" name="branch" value=branch />
            <input type="hidden" name="provider" value=provider />
            <input type="hidden" name="start" value=start />
            <input type="hidden" name="idempotency_key" value=token />
            <fieldset>
                <legend>{move || t().for_whom}</legend>
                <label class="radio"><input type="radio" name="patient" value="me" checked=true data-testid="patient-me" /> {move || t().for_me}</label>
                {dependents.into_iter().map(|(id, name)| view! {
                    <label class="radio"><input type="radio" name="patient" value=id.to_string() data-testid="patient-dependent" /> {name}</label>
                }).collect_view()}
            </fieldset>
            <label for="note">{move || t().note_label}</label>
            <textarea id="note" name="note" maxlength="2000" rows="3" data-testid="note"></textarea>
            <p class="muted small">{move || t().note_hint}</p>
            <button type="submit" class="button" data-testid="confirm-booking">{move || t().confirm_booking}</button>
        </ActionForm>
        <TakenHelp value=action.value().into() page=page.clone() choices />
    }
    .into_any()
}

/// Under the confirmation form: the error, and after "just taken" the nearest free times.
#[component]
fn TakenHelp<O>(
    value: Signal<Option<Result<O, AppError>>>,
    page: BookingStep,
    choices: Choices,
) -> impl IntoView
where
    O: Clone + Send + Sync + 'static,
{
    let locale = use_locale();
    let t = move || locale.t().booking;
    let taken = move || {
        matches!(
            value.get(),
            Some(Err(AppError::Conflict(Conflict::SlotTaken)))
        )
    };
    let slug = page.clinic_slug.clone();
    let base = choices.clone();
    let display = page.display;
    let key = move || {
        taken().then(|| {
            (
                page.clinic_slug.clone(),
                page.service.map(|s| s.to_string()).unwrap_or_default(),
                page.branch.map(|b| b.to_string()).unwrap_or_default(),
                choices.provider.clone(),
                choices.start.clone().unwrap_or_default(),
            )
        })
    };
    let nearest = Resource::new(key, |k| async move {
        match k {
            Some((slug, service, branch, provider, start)) => {
                nearest_slots(slug, service, branch, provider, start)
                    .await
                    .unwrap_or_default()
            }
            None => Vec::new(),
        }
    });
    view! {
        <FormError value />
        <Suspense>
            {move || {
                let slug = slug.clone();
                let base = base.clone();
                Suspend::new(async move {
                    let slots = nearest.await;
                    (!slots.is_empty()).then(|| view! {
                        <div class="notice" data-testid="nearest">
                            <p><strong>{move || t().just_taken}</strong> " " {move || t().nearest_times}</p>
                            <ul class="plain slot-grid">
                                {slots.into_iter().map(|s| {
                                    let mut c = base.clone();
                                    c.start = Some(start_param(s.start));
                                    c.date = Some(s.local_date.to_string());
                                    let href = c.href(&slug);
                                    let label = move || {
                                        let format = Formatter::new(locale.lang(), display);
                                        format!("{} {}", format.day(s.local_date), format.time_label(&s.local_time))
                                    };
                                    view! { <li><a class="slot" href=href data-testid="nearest-slot">{label}</a></li> }
                                }).collect_view()}
                            </ul>
                        </div>
                    })
                })
            }}
        </Suspense>
    }
}
