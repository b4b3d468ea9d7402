//! The sign that the browser bundle has loaded and the islands on the page work.

use leptos::prelude::*;

/// Marks `<html data-hydrated>` once the islands before it have hydrated (islands hydrate
/// in document order, and this one comes last in the layout). Browser tests wait for the
/// mark before they use an interactive control; styles may use it too.
#[island]
pub fn HydrationMark() -> impl IntoView {
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
