//! The category chips above a clinic's services.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One chip: the category's id (as in the groups' `data-category`) and its name in the
/// page's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryChip {
    pub id: String,
    pub name: String,
}

/// Chips that narrow the service list to one category.
///
/// Each chip is a link (`?category=…`) that the server honours, so the filter works
/// without JavaScript. Once hydrated, a click shows and hides the server-rendered
/// `[data-category]` groups in place instead: the groups stay plain HTML, and the
/// island ships only the chips.
#[island]
pub fn CategoryFilter(
    chips: Vec<CategoryChip>,
    selected: Option<String>,
    /// The clinic page's path, where "all" leads.
    path: String,
    all_label: String,
    group_label: String,
) -> impl IntoView {
    let current = RwSignal::new(selected);
    Effect::new(move |_| show_only(current.get().as_deref()));
    let chip_links = chips
        .into_iter()
        .map(|chip| {
            let href = format!("?category={}", chip.id);
            let id = chip.id;
            let is_current = {
                let id = id.clone();
                move || current.with(|c| c.as_ref() == Some(&id))
            };
            view! {
                <a
                    class="chip"
                    href=href
                    aria-current=move || is_current().then_some("true")
                    on:click=move |ev| {
                        ev.prevent_default();
                        current.set(Some(id.clone()));
                    }
                >
                    {chip.name}
                </a>
            }
        })
        .collect_view();
    view! {
        <nav class="chips" aria-label=group_label>
            <a
                class="chip"
                href=path
                data-testid="filter-all"
                aria-current=move || current.with(Option::is_none).then_some("true")
                on:click=move |ev| {
                    ev.prevent_default();
                    current.set(None);
                }
            >
                {all_label}
            </a>
            {chip_links}
        </nav>
    }
}

/// Hides every service group but `category`'s (all shown for `None`).
fn show_only(category: Option<&str>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Ok(groups) = document().query_selector_all("[data-category]") else {
            return;
        };
        for i in 0..groups.length() {
            let Some(group) = groups
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let shown =
                category.is_none_or(|c| group.get_attribute("data-category").as_deref() == Some(c));
            let _ = if shown {
                group.remove_attribute("hidden")
            } else {
                group.set_attribute("hidden", "")
            };
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = category;
}
