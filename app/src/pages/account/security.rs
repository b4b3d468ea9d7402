use super::{load_error, loading};
use crate::components::page_title::PageTitle;
use crate::{
    api::{
        auth::{RequestCode, sign_in_options},
        security::{
            DisconnectSignInMethod, EndSession, SignOutEverywhere, can_change_sign_in_methods,
            list_access_to_me, list_sessions, list_sign_in_methods,
        },
    },
    components::{code_channel::CodeChannelChoice, form_error::FormError},
    i18n::{Formatter, Lang, use_locale},
};
use leptos::prelude::*;

/// Ways to sign in (connect, disconnect) and where the person is signed in.
#[component]
pub fn SecurityPage() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    view! {
        <PageTitle text=move || t().security_title />
        <section class="narrow">
            <h1>{move || t().security_title}</h1>
            <Methods />
            <Connect />
            <Sessions />
            <AccessLog />
        </section>
    }
}

/// The sign-in methods, each removable once the person has signed in recently.
/// An instant in the reader's language, in UTC.
fn utc(lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
    Formatter::plain(lang).utc(at)
}

#[component]
fn Methods() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let disconnect = ServerAction::<DisconnectSignInMethod>::new();
    let methods = Resource::new(
        move || disconnect.version().get(),
        |_| list_sign_in_methods(),
    );
    let fresh = Resource::new(|| (), |_| can_change_sign_in_methods());
    view! {
        <h2>{move || t().methods_title}</h2>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                (fresh.await == Ok(false)).then(|| view! {
                    <div class="notice row spread" data-testid="reverify">
                        <p>{move || t().reverify_lead}</p>
                        <a class="button" href="/sign-in?return_to=%2Faccount%2Fsecurity">{move || t().reverify_action}</a>
                    </div>
                })
            })}
        </Suspense>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match methods.await {
                    Ok(list) => view! {
                        <ul class="plain stack" data-testid="sign-in-methods">
                            {list.into_iter().map(|m| {
                                let kind = m.kind;
                                view! {
                                    <li class="card row spread" data-testid="sign-in-method">
                                        <div>
                                            <strong>{move || (t().method_name)(kind)}</strong> " "
                                            <span dir="ltr">{m.label.clone()}</span>
                                            <p class="muted">{move || (t().method_added)(&utc(locale.lang(), m.added))} " · " {move || (t().method_last_used)(&utc(locale.lang(), m.last_used))}</p>
                                        </div>
                                        <ActionForm action=disconnect>
                                            <input type="hidden" name="id" value=m.id.to_string() />
                                            <button type="submit" class="button button-ghost" data-testid="disconnect">{move || t().method_disconnect}</button>
                                        </ActionForm>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => load_error(e),
                }
            })}
        </Suspense>
        <FormError value=disconnect.value() />
    }
}

/// Adding a method: a provider, or a code to a new email or phone.
#[component]
fn Connect() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let request = ServerAction::<RequestCode>::new();
    let options = Resource::new(|| (), |_| sign_in_options());
    view! {
        <h2>{move || t().connect_title}</h2>
        <p class="muted">{move || t().connect_lead}</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let o = options.await.unwrap_or_default();
                view! {
                    <div class="row">
                        {o.google.then(|| view! { <a class="button button-provider" rel="external" href="/auth/google/start">{move || t().continue_with_google}</a> })}
                        {o.facebook.then(|| view! { <a class="button button-provider" rel="external" href="/auth/facebook/start">{move || t().continue_with_facebook}</a> })}
                    </div>
                }
            })}
        </Suspense>
        <ActionForm action=request attr:class="stack card">
            <label for="destination">{move || t().destination_label}</label>
            <input id="destination" name="destination" type="text" required dir="ltr" data-testid="connect-destination" />
            <CodeChannelChoice options />
            <input type="hidden" name="return_to" value="/account/security" />
            <button type="submit" class="button button-ghost">{move || t().send_code}</button>
            <FormError value=request.value() />
        </ActionForm>
    }
}

/// Where the person is signed in, each session endable from here.
#[component]
fn Sessions() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let end = ServerAction::<EndSession>::new();
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    let sessions = Resource::new(move || end.version().get(), |_| list_sessions());
    view! {
        <h2>{move || t().sessions_title}</h2>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match sessions.await {
                    Ok(list) => view! {
                        <ul class="plain stack" data-testid="sessions">
                            {list.into_iter().map(|s| view! {
                                <li class="card row spread" data-testid="session">
                                    <div>
                                        <strong>{s.device.clone()}</strong>
                                        {s.current.then(|| view! { " " <span class="pill">{move || t().session_this_device}</span> })}
                                        <p class="muted" dir="auto">{move || (t().session_meta)(&s.ip, &utc(locale.lang(), s.started), &utc(locale.lang(), s.last_seen))}</p>
                                    </div>
                                    {(!s.current).then(|| view! {
                                        <ActionForm action=end>
                                            <input type="hidden" name="id" value=s.id.to_string() />
                                            <button type="submit" class="button button-ghost" data-testid="end-session">{move || t().session_end}</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => load_error(e),
                }
            })}
        </Suspense>
        <ActionForm action=everywhere>
            <button type="submit" class="button button-ghost button-danger" data-testid="sign-out-everywhere">{move || t().sign_out_everywhere}</button>
        </ActionForm>
    }
}

/// Who at a clinic opened or changed the person's record.
#[component]
fn AccessLog() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let access = Resource::new(|| (), |_| list_access_to_me());
    view! {
        <h2>{move || t().access_title}</h2>
        <p class="muted">{move || t().access_lead}</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match access.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{move || t().access_none}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="plain stack" data-testid="access-log">
                            {list.into_iter().map(|a| {
                                let action = a.action;
                                let role = a.role;
                                let place = a.clinic.clone().map(|c| view! { " · " <span dir="auto">{c}</span> });
                                view! {
                                    <li>
                                        <strong dir="auto">{a.who.clone()}</strong>
                                        {role.map(|r| view! { " (" {move || (locale.t().dashboard.role)(r)} ")" })}
                                        " " {move || (t().access_action)(action)}
                                        <span class="muted">" · " {move || utc(locale.lang(), a.at)} {place}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => load_error(e),
                }
            })}
        </Suspense>
    }
}
