//! The WASM entry point. Pages are rendered on the server and stay plain HTML; only the
//! components marked `#[island]` in `app` come alive here.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Links the islands `app` exports, which `hydrate_islands` finds by name.
    #[allow(unused_imports)]
    use app::*;
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
