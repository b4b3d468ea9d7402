//! The document shell and the route table.

use crate::{
    components::{layout::Layout, page_title::AppTitle},
    i18n::Locale,
    pages::{
        account::{
            code::CodePage, dependents::DependentsPage, dev_messages::DevMessagesPage,
            link::LinkPage, messages::MessagesPage, profile::ProfilePage, security::SecurityPage,
            sign_in::SignInPage, sign_up::SignUpPage,
        },
        appointments::{AppointmentPage, AppointmentsPage},
        booking::BookPage,
        clinic::ClinicPage,
        dashboard::{day::ClinicDayPage, settings::ClinicSettingsPage},
        home::HomePage,
        new_clinic::NewClinicPage,
        not_found::NotFound,
        operator::OperatorPage,
        privacy::PrivacyPage,
    },
};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Html, Link, Meta, MetaTags, provide_meta_context};
use leptos_router::{
    ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

/// The HTML document around the app. `<html lang dir>` is filled in by [`App`] through
/// leptos_meta, so Arabic pages arrive right-to-left with no flash.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <script type="module" src="/pwa.js"></script>
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The language the visitor's request asks for. Only the server renders the app; the
/// browser runs islands alone, which receive their texts as props.
fn request_lang() -> crate::i18n::Lang {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::context::request_lang()
    }
    #[cfg(not(feature = "ssr"))]
    {
        crate::i18n::Lang::default()
    }
}

/// Every route renders with `SsrMode::Async`: the server waits for the page's data and
/// sends complete HTML, so pages work without JavaScript and carry their real status
/// (404 for an unknown clinic). In islands mode this tree never runs in the browser:
/// navigation is an ordinary page load and only `#[island]` components hydrate.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = Locale::provide(request_lang());
    #[cfg(feature = "ssr")]
    crate::ssr::security_header::apply_page_headers();

    view! {
        <Html attr:lang=move || locale.lang().code() attr:dir=move || locale.lang().dir().as_str() />
        <AppTitle locale />
        <Meta name="description" content=move || locale.t().tagline />
        <Meta name="theme-color" content="#0f766e" />
        <Link rel="manifest" href="/manifest.webmanifest" />
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("c"), ParamSegment("slug"))
                        view=ClinicPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("c"), ParamSegment("slug"), StaticSegment("book"))
                        view=BookPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("appointments") view=AppointmentsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("appointments"), ParamSegment("id")) view=AppointmentPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dashboard"), ParamSegment("slug")) view=ClinicDayPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("privacy") view=PrivacyPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("clinics"), StaticSegment("new")) view=NewClinicPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("operator") view=OperatorPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("sign-in"), StaticSegment("code")) view=CodePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("sign-in"), StaticSegment("link")) view=LinkPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("sign-up") view=SignUpPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("account") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("dependents")) view=DependentsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("security")) view=SecurityPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("messages")) view=MessagesPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("dev"), StaticSegment("messages")) view=DevMessagesPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("dashboard"), ParamSegment("slug"), StaticSegment("settings"))
                        view=ClinicSettingsPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </Layout>
        </Router>
    }
}
