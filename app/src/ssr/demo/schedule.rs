//! The demo clinic's five providers, their weekly shifts and the dated exceptions.

use super::{hm, ids::Ids, t};
use crate::{
    domain::{
        catalog::{ExceptionKind, MinuteOfDay, Provider, ScheduleException, Service, WorkingHours},
        ids::{BranchId, ExceptionId, ProviderId},
    },
    ssr::store::StoreError,
};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};
use uuid::Uuid;

/// Positions in [`demo_catalog`](super::demo_catalog)'s provider list; staff accounts
/// refer to the same positions.
const SARA: usize = 0;
const KHALID: usize = 1;
const LAYLA: usize = 2;
const OMAR: usize = 3;
const MONA: usize = 4;

/// Who works where and offers what, by the positions of [`super::catalog`]'s services.
pub(super) fn providers(ids: &Ids, services: &[Service]) -> Vec<Provider> {
    let (riyadh, cairo) = (ids.riyadh, ids.cairo);
    type Person = ((&'static str, &'static str), (&'static str, &'static str));
    let people: [(Person, Vec<BranchId>, &[usize]); 5] = [
        (
            (
                ("Dr. Sara Al-Qahtani", "د. سارة القحطاني"),
                ("Family physician", "طبيبة أسرة"),
            ),
            vec![riyadh],
            &[0, 1, 2],
        ),
        (
            (
                ("Dr. Khalid Al-Otaibi", "د. خالد العتيبي"),
                ("Dentist", "طبيب أسنان"),
            ),
            vec![riyadh],
            &[3, 4, 5],
        ),
        (
            (
                ("Dr. Layla Haddad", "د. ليلى حداد"),
                ("Consultant dermatologist", "استشارية أمراض جلدية"),
            ),
            vec![riyadh, cairo],
            &[6, 7],
        ),
        (
            (
                ("Dr. Omar Farouk", "د. عمر فاروق"),
                ("General practitioner", "طبيب عام"),
            ),
            vec![cairo],
            &[0, 1, 2],
        ),
        (
            (
                ("Dr. Mona Abdelrahman", "د. منى عبد الرحمن"),
                ("Dentist", "طبيبة أسنان"),
            ),
            vec![cairo],
            &[3, 4, 5],
        ),
    ];
    people
        .into_iter()
        .map(|((name, title), branch_ids, offers)| Provider {
            id: ProviderId(Uuid::now_v7()),
            clinic_id: ids.clinic,
            name: t(name.0, name.1),
            title: t(title.0, title.1),
            branch_ids,
            service_ids: offers
                .iter()
                .filter_map(|i| services.get(*i))
                .map(|s| s.id)
                .collect(),
        })
        .collect()
}

/// Riyadh works Sunday to Thursday in morning and evening shifts; Cairo Saturday to
/// Thursday, Friday off.
pub(super) fn hours(ids: &Ids, providers: &[Provider]) -> Result<Vec<WorkingHours>, StoreError> {
    use Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};
    let id = |i: usize| providers.get(i).map(|p| p.id).ok_or(StoreError::NotFound);
    let (riyadh, cairo) = (ids.riyadh, ids.cairo);
    let saudi_week = [Sun, Mon, Tue, Wed, Thu];
    let shifts: [(usize, _, &[Weekday], MinuteOfDay, MinuteOfDay); 9] = [
        (SARA, riyadh, &saudi_week, hm(9, 0)?, hm(13, 0)?),
        (SARA, riyadh, &saudi_week, hm(16, 0)?, hm(21, 0)?),
        (KHALID, riyadh, &saudi_week, hm(10, 0)?, hm(14, 0)?),
        (KHALID, riyadh, &saudi_week, hm(17, 0)?, hm(22, 0)?),
        (LAYLA, riyadh, &[Sun, Mon, Tue, Wed], hm(16, 0)?, hm(21, 0)?),
        (LAYLA, cairo, &[Sat], hm(11, 0)?, hm(17, 0)?),
        (
            OMAR,
            cairo,
            &[Sat, Sun, Mon, Tue, Wed, Thu],
            hm(10, 0)?,
            hm(18, 0)?,
        ),
        (
            MONA,
            cairo,
            &[Sat, Sun, Mon, Tue, Wed],
            hm(12, 0)?,
            hm(20, 0)?,
        ),
        (MONA, cairo, &[Thu], hm(12, 0)?, hm(16, 0)?),
    ];
    let mut hours = Vec::new();
    for (provider, branch, days, from, to) in shifts {
        let provider = id(provider)?;
        for day in days {
            if let Ok(h) = WorkingHours::new(provider, branch, *day, from, to) {
                hours.push(h);
            }
        }
    }
    debug_assert!(hours.iter().all(|h| h.weekday != Fri));
    Ok(hours)
}

/// Two public holidays (the next ones from `now`), a provider's leave and an extra
/// evening clinic, placed relative to `now` so the demo always shows them.
pub(super) fn exceptions(
    ids: &Ids,
    providers: &[Provider],
    now: DateTime<Utc>,
) -> Result<Vec<ScheduleException>, StoreError> {
    let id = |i: usize| providers.get(i).map(|p| p.id).ok_or(StoreError::NotFound);
    let today = now.date_naive();
    let year = today.year();
    let next = |month, day| -> Result<NaiveDate, StoreError> {
        let this_year = NaiveDate::from_ymd_opt(year, month, day);
        let date = match this_year {
            Some(d) if d >= today => Some(d),
            _ => NaiveDate::from_ymd_opt(year + 1, month, day),
        };
        date.ok_or_else(|| StoreError::Corrupt(format!("no date {month}-{day}")))
    };
    let in_days = |n| today.checked_add_days(Days::new(n)).unwrap_or(today);
    let exception =
        |provider_id, branch_id, kind, days: (NaiveDate, NaiveDate), reason| ScheduleException {
            id: ExceptionId(Uuid::now_v7()),
            clinic_id: ids.clinic,
            provider_id,
            branch_id,
            kind,
            first_day: days.0,
            last_day: days.1,
            start: None,
            end: None,
            reason,
        };
    let national_day = next(9, 23)?;
    let christmas = next(1, 7)?;
    let extra = ScheduleException {
        start: Some(hm(18, 0)?),
        end: Some(hm(21, 0)?),
        ..exception(
            Some(id(OMAR)?),
            Some(ids.cairo),
            ExceptionKind::ExtraHours,
            (in_days(5), in_days(5)),
            t("Extra evening clinic", "عيادة مسائية إضافية"),
        )
    };
    Ok(vec![
        exception(
            None,
            Some(ids.riyadh),
            ExceptionKind::Holiday,
            (national_day, national_day),
            t("Saudi National Day", "اليوم الوطني السعودي"),
        ),
        exception(
            None,
            Some(ids.cairo),
            ExceptionKind::Holiday,
            (christmas, christmas),
            t("Coptic Christmas", "عيد الميلاد المجيد"),
        ),
        exception(
            Some(id(KHALID)?),
            None,
            ExceptionKind::TimeOff,
            (in_days(10), in_days(12)),
            t("Annual leave", "إجازة سنوية"),
        ),
        extra,
    ])
}
