//! The reactive interface language.

use super::{Formatter, Lang, Strings, strings};
use leptos::prelude::*;

/// The language the interface is shown in, provided once per server render. Switching
/// language is a form post that reloads the page, so it never changes during a render;
/// the signal keeps texts reactive for components that read it in closures.
#[derive(Clone, Copy)]
pub struct Locale(RwSignal<Lang>);

impl Locale {
    /// Provides the locale for this render, in the language the request asked for.
    pub fn provide(lang: Lang) -> Locale {
        let locale = Locale(RwSignal::new(lang));
        provide_context(locale);
        locale
    }

    pub fn lang(self) -> Lang {
        self.0.get()
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
