use super::hydration_mark::HydrationMark;
use super::language_switcher::LanguageSwitcher;
use crate::{
    api::auth::{SignOut, get_me},
    i18n::use_locale,
};
use leptos::prelude::*;

/// Header, main landmark and footer around every page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t();
    // On narrow screens the links and the language switch fold behind one button: a
    // <details> opens and closes without JavaScript. Wide screens always show them.
    // The offline notice is shown by /pwa.js when the page is a copy the service worker
    // kept, or the network is gone.
    view! {
        <a class="skip-link" href="#content">{move || t().skip_to_content}</a>
        <header class="site-header">
            <div class="container header-inner">
                <a href="/" class="brand">
                    <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                        <rect x="3" y="6" width="26" height="23" rx="5" />
                        <path d="M10 3v6M22 3v6M3 13h26" />
                        <path class="tick" d="M11 20l4 4 7-8" />
                    </svg>
                    <span>{move || t().app_name}</span>
                </a>
                <details class="site-menu" data-testid="site-menu">
                    <summary class="menu-button" data-testid="menu-button">
                        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                            <path d="M4 7h16M4 12h16M4 17h16" />
                        </svg>
                        <span>{move || t().nav_menu}</span>
                    </summary>
                    <div class="menu-panel">
                        <nav class="site-nav" aria-label=move || t().nav_main_label>
                            <a href="/">{move || t().nav_home}</a>
                            <UserMenu />
                        </nav>
                        <LanguageSwitcher />
                    </div>
                </details>
            </div>
        </header>
        <div id="offline-notice" class="offline-notice" role="status" data-testid="offline-notice" hidden>
            <p>
                <strong>{move || t().offline_title}</strong>
                " "
                {move || t().offline_as_of}
                " "
                <time></time>
            </p>
            <p>{move || t().offline_actions}</p>
        </div>
        <main id="content" class="container" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="container row spread">
                <p>{move || t().footer_rights}</p>
                <a href="/privacy">{move || t().footer_privacy}</a>
            </div>
        </footer>
        <HydrationMark />
    }
}

/// "Sign in", or the signed-in person's links and a sign-out button. Every page is a
/// fresh server render, so it always follows sign-in and sign-out.
#[component]
fn UserMenu() -> impl IntoView {
    let locale = use_locale();
    let t = move || locale.t().account;
    let sign_out = ServerAction::<SignOut>::new();
    let me = Resource::new(|| (), |_| get_me());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await.ok().flatten() {
                    None => view! { <a href="/sign-in" data-testid="nav-sign-in">{move || t().nav_sign_in}</a> }.into_any(),
                    Some(me) => {
                        let dashboard = me.staff_of.first().map(|c| format!("/dashboard/{}", c.slug));
                        view! {
                            {dashboard.map(|href| view! { <a href=href data-testid="nav-dashboard">{move || t().nav_dashboard}</a> })}
                            {me.operator.then(|| view! { <a href="/operator" data-testid="nav-operator">{move || locale.t().setup.nav_operator}</a> })}
                            <a href="/appointments" data-testid="nav-appointments">{move || locale.t().booking.my_title}</a>
                            <a href="/account" data-testid="nav-account" title=me.name.clone()>{move || t().nav_account}</a>
                            <ActionForm action=sign_out attr:class="inline-form">
                                <button type="submit" class="link-button" data-testid="sign-out">{move || t().nav_sign_out}</button>
                            </ActionForm>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
