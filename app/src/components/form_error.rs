use crate::{error::AppError, i18n::use_locale};
use leptos::prelude::*;

/// Shows a server action's error under its form, in the visitor's language. Without
/// JavaScript the error arrives in the redirect URL and is shown by the server render.
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

/// Shows a short confirmation once a server action succeeded (hydrated app only).
#[component]
pub fn FormSaved<O>(
    #[prop(into)] value: Signal<Option<Result<O, AppError>>>,
    text: Signal<&'static str>,
) -> impl IntoView
where
    O: Clone + Send + Sync + 'static,
{
    move || {
        value
            .get()
            .is_some_and(|r| r.is_ok())
            .then(|| view! { <p class="form-saved" role="status">{move || text.get()}</p> })
    }
}
