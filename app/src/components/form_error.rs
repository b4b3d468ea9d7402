use crate::{error::AppError, i18n::use_locale};
use leptos::prelude::*;

/// Shows a server action's error under its form, in the visitor's language. Forms are
/// plain posts: the error arrives in the redirect URL and is shown by the server render.
#[component]
pub fn FormError<O>(#[prop(into)] value: Signal<Option<Result<O, AppError>>>) -> impl IntoView
where
    O: Clone + Send + Sync + 'static,
{
    let locale = use_locale();
    move || {
        value
            .get()
            .and_then(|r| r.err())
            .map(|e| view! { <p class="form-error" role="alert" data-testid="form-error">{e.message(locale.lang())}</p> })
    }
}

/// Shows a short confirmation on the page a form returned to after it was saved: the
/// form's server function (`endpoint`, its `PATH`) sends the browser back with a
/// `?saved=` mark (see `ssr::context::saved`).
#[component]
pub fn FormSaved(endpoint: &'static str, text: Signal<&'static str>) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let mark = crate::domain::return_to::saved_mark(endpoint);
    move || {
        query
            .read()
            .get(crate::domain::return_to::SAVED_PARAM)
            .is_some_and(|m| m == mark)
            .then(|| view! { <p class="form-saved" role="status" data-testid="form-saved">{move || text.get()}</p> })
    }
}
