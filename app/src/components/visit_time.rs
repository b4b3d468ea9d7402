//! A visit's local date and time as every page writes it: month and weekday names in the
//! reader's language and the clinic's digits, following a language switch without a
//! reload.

use crate::{
    i18n::{Formatter, use_locale},
    views::appointments::AppointmentSummary,
};

pub fn visit_time(a: &AppointmentSummary) -> impl Fn() -> String + Send + Sync + use<> {
    let locale = use_locale();
    let (date, time, display) = (a.local_date, a.local_time.clone(), a.display);
    move || Formatter::new(locale.lang(), display).date_time_label(date, &time)
}
