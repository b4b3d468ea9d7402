//! The document title, rendered so that it is safe under concurrent requests.
//!
//! leptos_meta builds `<title>` after the page has rendered, when it splices the head
//! into the first chunk of the response, and it does so outside the request's reactive
//! arena (each request's signals live in an arena of its own). A title closure that
//! reads a signal there looks it up in whichever arena the worker thread used last —
//! under load another request's — and either panics ("already been disposed"), which
//! drops the connection, or reads that other request's value. On the server the
//! language cannot change during a render, so the title becomes plain text while the
//! page renders, inside its arena; in the browser it stays reactive and follows a
//! language switch.

use crate::i18n::Locale;
use leptos::prelude::*;
use leptos_meta::Title;

/// This page's part of the title (`page · app`). Use it instead of `leptos_meta::Title`.
#[component]
pub fn PageTitle(#[prop(into)] text: TextProp) -> impl IntoView {
    view! { <Title text=settled(text) /> }
}

/// The app-wide title: `page · app`, or the app's name alone.
#[component]
pub fn AppTitle(locale: Locale) -> impl IntoView {
    let app_name = settled(TextProp::from(move || locale.t().app_name));
    view! {
        <Title formatter=move |page: String| {
            let app = app_name.get();
            if page.is_empty() { app.to_string() } else { format!("{page} · {app}") }
        } />
    }
}

/// The text as it is now, on the server.
#[cfg(feature = "ssr")]
fn settled(text: TextProp) -> TextProp {
    TextProp::from(untrack(|| text.get()))
}

/// The text itself in the browser, where it follows the language.
#[cfg(not(feature = "ssr"))]
fn settled(text: TextProp) -> TextProp {
    text
}
