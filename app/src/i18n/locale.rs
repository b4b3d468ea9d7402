//! The reactive interface language.

use super::{Formatter, Lang, Strings, strings};
use leptos::prelude::*;

/// The language the interface is shown in. Provided once by the app; switching it
/// re-renders every text in place.
#[derive(Clone, Copy)]
pub struct Locale(RwSignal<Lang>);

impl Locale {
    /// Provides the locale for this render. The server picks the language with
    /// `server_lang` (from the request); the browser receives the same value with the
    /// page without calling it, so hydration matches.
    pub fn provide(server_lang: impl FnOnce() -> Lang) -> Locale {
        let initial = SharedValue::new(server_lang);
        let locale = Locale(RwSignal::new(initial.into_inner()));
        provide_context(locale);
        locale
    }

    pub fn lang(self) -> Lang {
        self.0.get()
    }

    pub fn set(self, lang: Lang) {
        self.0.set(lang);
    }

    /// Formats values in the current language for texts that belong to no clinic;
    /// reading it subscribes to changes.
    pub fn format(self) -> Formatter {
        Formatter::plain(self.0.get())
    }

    /// The texts of the current language; reading it subscribes to changes.
    pub fn t(self) -> &'static Strings {
        strings(self.0.get())
    }
}

pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(|| Locale(RwSignal::new(Lang::default())))
}
