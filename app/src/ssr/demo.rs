//! The demo clinic a new installation starts with, so the product can be tried at once.
//!
//! Two branches in two countries: Riyadh (no daylight saving, Friday–Saturday weekend,
//! split shifts) and Cairo (daylight saving since 2023, Friday off). Three categories,
//! eight services and five providers, one of whom works in both cities.

use super::store::{CatalogSeed, NewUser, Store, StoreError};
use crate::domain::{
    catalog::{
        Branch, Category, Clinic, ExceptionKind, MinuteOfDay, Provider, ScheduleException, Service,
        Slug, WorkingHours,
    },
    contact::Email,
    identity::VerifiedIdentity,
    ids::{BranchId, CategoryId, ClinicId, ExceptionId, ProviderId, ServiceId},
    lang::Lang,
    money::{Currency, Money},
    privacy::PRIVACY_NOTICE_VERSION,
    roles::Role,
    text::Localized,
    timezone::TimeZone,
};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};
use uuid::Uuid;

/// The demo clinic's address on the site: `/c/nakheel`.
pub const DEMO_SLUG: &str = "nakheel";

/// Seeds the demo clinic and its staff accounts when the database holds no clinic at
/// all. Returns whether it did.
pub async fn seed_if_empty(store: &Store, now: DateTime<Utc>) -> Result<bool, StoreError> {
    if store.clinic_count().await? > 0 {
        return Ok(false);
    }
    let catalog = demo_catalog(now)?;
    store.insert_catalog(&catalog).await?;
    seed_staff(store, &catalog, now).await?;
    Ok(true)
}

/// The demo clinic's staff. They sign in with a code sent to their email address,
/// which the development messages page shows.
pub const DEMO_STAFF: &[(&str, &str, Role, Option<usize>)] = &[
    ("owner@nakheel.example", "Huda Al-Harbi", Role::Owner, None),
    (
        "reception@nakheel.example",
        "Noura Al-Saud",
        Role::Receptionist,
        None,
    ),
    (
        "sara@nakheel.example",
        "Dr. Sara Al-Qahtani",
        Role::Provider,
        Some(0),
    ),
    (
        "khalid@nakheel.example",
        "Dr. Khalid Al-Otaibi",
        Role::Provider,
        Some(1),
    ),
    (
        "omar@nakheel.example",
        "Dr. Omar Farouk",
        Role::Provider,
        Some(3),
    ),
];

async fn seed_staff(
    store: &Store,
    catalog: &CatalogSeed,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for (email, name, role, provider) in DEMO_STAFF {
        let email = Email::parse(email).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let user = store
            .create_user(
                &NewUser {
                    full_name: (*name).to_owned(),
                    lang: Lang::Ar,
                    privacy_version: PRIVACY_NOTICE_VERSION.to_owned(),
                },
                &VerifiedIdentity::email(email),
                now,
            )
            .await?;
        let provider_id = provider
            .and_then(|i| catalog.providers.get(i))
            .map(|p| p.id);
        store
            .add_member(catalog.clinic.id, user, *role, provider_id, now)
            .await?;
    }
    Ok(())
}

fn t(en: &str, ar: &str) -> Localized {
    Localized::new(en, ar)
}

fn hm(h: u16, m: u16) -> Result<MinuteOfDay, StoreError> {
    MinuteOfDay::hm(h, m).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn zone(name: &str) -> Result<TimeZone, StoreError> {
    TimeZone::parse(name).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn price(minor: i64, code: &str) -> Result<Option<Money>, StoreError> {
    let currency = Currency::parse(code).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(Some(Money { minor, currency }))
}

/// Builds the demo catalogue; dated exceptions are placed relative to `now`.
pub fn demo_catalog(now: DateTime<Utc>) -> Result<CatalogSeed, StoreError> {
    let clinic_id = ClinicId(Uuid::now_v7());
    let riyadh = BranchId(Uuid::now_v7());
    let cairo = BranchId(Uuid::now_v7());
    let clinic = Clinic {
        id: clinic_id,
        slug: Slug::parse(DEMO_SLUG).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        name: t("Nakheel Family Clinics", "عيادات النخيل للعائلة"),
        description: t(
            "Family medicine, dentistry and dermatology in Riyadh and Cairo. Evening appointments available.",
            "طب الأسرة وطب الأسنان والأمراض الجلدية في الرياض والقاهرة، مع مواعيد مسائية.",
        ),
        default_lang: Lang::Ar,
        time_zone: zone("Asia/Riyadh")?,
    };
    let branches = vec![
        Branch {
            id: riyadh,
            clinic_id,
            name: t("Olaya branch", "فرع العليا"),
            city: t("Riyadh", "الرياض"),
            address: t(
                "King Fahd Road, Al Olaya, Riyadh 12214",
                "طريق الملك فهد، حي العليا، الرياض 12214",
            ),
            time_zone: zone("Asia/Riyadh")?,
            phone: "+966112345678".into(),
        },
        Branch {
            id: cairo,
            clinic_id,
            name: t("Zamalek branch", "فرع الزمالك"),
            city: t("Cairo", "القاهرة"),
            address: t(
                "26th of July Street, Zamalek, Cairo",
                "شارع 26 يوليو، الزمالك، القاهرة",
            ),
            time_zone: zone("Africa/Cairo")?,
            phone: "+20227350000".into(),
        },
    ];

    let general = CategoryId(Uuid::now_v7());
    let dental = CategoryId(Uuid::now_v7());
    let skin = CategoryId(Uuid::now_v7());
    let categories = vec![
        Category {
            id: general,
            clinic_id,
            name: t("General medicine", "الطب العام"),
            position: 0,
        },
        Category {
            id: dental,
            clinic_id,
            name: t("Dentistry", "طب الأسنان"),
            position: 1,
        },
        Category {
            id: skin,
            clinic_id,
            name: t("Dermatology", "الأمراض الجلدية"),
            position: 2,
        },
    ];

    let mut position = 0;
    let mut service = |category_id,
                       name: Localized,
                       description: Localized,
                       duration_min,
                       before,
                       after,
                       price: Option<Money>| {
        position += 1;
        Service {
            id: ServiceId(Uuid::now_v7()),
            clinic_id,
            category_id,
            name,
            description,
            duration_min,
            buffer_before_min: before,
            buffer_after_min: after,
            price,
            position,
        }
    };
    let consultation = service(
        general,
        t("General consultation", "استشارة طب عام"),
        t(
            "Examination and advice for a new health concern.",
            "فحص واستشارة لمشكلة صحية جديدة.",
        ),
        20,
        0,
        5,
        price(15000, "SAR")?,
    );
    let follow_up = service(
        general,
        t("Follow-up visit", "زيارة متابعة"),
        t(
            "Review of results or treatment within 14 days of a consultation.",
            "مراجعة النتائج أو العلاج خلال 14 يومًا من الاستشارة.",
        ),
        15,
        0,
        5,
        price(8000, "SAR")?,
    );
    let vaccination = service(
        general,
        t("Child vaccination", "تطعيم الأطفال"),
        t(
            "Routine childhood vaccines, followed by 10 minutes of observation.",
            "تطعيمات الأطفال الأساسية، تليها مراقبة لمدة 10 دقائق.",
        ),
        15,
        0,
        10,
        None,
    );
    let checkup = service(
        dental,
        t("Dental check-up", "فحص الأسنان"),
        t(
            "Examination of teeth and gums, with X-rays when needed.",
            "فحص الأسنان واللثة مع الأشعة عند الحاجة.",
        ),
        30,
        0,
        10,
        price(20000, "SAR")?,
    );
    let cleaning = service(
        dental,
        t("Teeth cleaning", "تنظيف الأسنان"),
        t(
            "Scaling and polishing by a dental hygienist.",
            "إزالة الجير وتلميع الأسنان.",
        ),
        45,
        5,
        10,
        price(35000, "SAR")?,
    );
    let filling = service(
        dental,
        t("Tooth filling", "حشو الأسنان"),
        t(
            "Tooth-coloured filling of one tooth.",
            "حشو سن واحد بلون الأسنان الطبيعي.",
        ),
        60,
        0,
        15,
        price(50000, "SAR")?,
    );
    let derm = service(
        skin,
        t("Dermatology consultation", "استشارة جلدية"),
        t(
            "Skin, hair and nail concerns.",
            "مشكلات الجلد والشعر والأظافر.",
        ),
        30,
        0,
        5,
        price(30000, "SAR")?,
    );
    let laser = service(
        skin,
        t("Laser hair removal session", "جلسة إزالة الشعر بالليزر"),
        t(
            "One session; the room is prepared before and cleaned after.",
            "جلسة واحدة، مع تجهيز الغرفة قبلها وتعقيمها بعدها.",
        ),
        45,
        10,
        15,
        price(60000, "SAR")?,
    );

    let sara = ProviderId(Uuid::now_v7());
    let khalid = ProviderId(Uuid::now_v7());
    let layla = ProviderId(Uuid::now_v7());
    let omar = ProviderId(Uuid::now_v7());
    let mona = ProviderId(Uuid::now_v7());
    let providers = vec![
        Provider {
            id: sara,
            clinic_id,
            name: t("Dr. Sara Al-Qahtani", "د. سارة القحطاني"),
            title: t("Family physician", "طبيبة أسرة"),
            branch_ids: vec![riyadh],
            service_ids: vec![consultation.id, follow_up.id, vaccination.id],
        },
        Provider {
            id: khalid,
            clinic_id,
            name: t("Dr. Khalid Al-Otaibi", "د. خالد العتيبي"),
            title: t("Dentist", "طبيب أسنان"),
            branch_ids: vec![riyadh],
            service_ids: vec![checkup.id, cleaning.id, filling.id],
        },
        Provider {
            id: layla,
            clinic_id,
            name: t("Dr. Layla Haddad", "د. ليلى حداد"),
            title: t("Consultant dermatologist", "استشارية أمراض جلدية"),
            branch_ids: vec![riyadh, cairo],
            service_ids: vec![derm.id, laser.id],
        },
        Provider {
            id: omar,
            clinic_id,
            name: t("Dr. Omar Farouk", "د. عمر فاروق"),
            title: t("General practitioner", "طبيب عام"),
            branch_ids: vec![cairo],
            service_ids: vec![consultation.id, follow_up.id, vaccination.id],
        },
        Provider {
            id: mona,
            clinic_id,
            name: t("Dr. Mona Abdelrahman", "د. منى عبد الرحمن"),
            title: t("Dentist", "طبيبة أسنان"),
            branch_ids: vec![cairo],
            service_ids: vec![checkup.id, cleaning.id, filling.id],
        },
    ];

    use Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};
    let mut hours = Vec::new();
    let mut shift = |provider, branch, days: &[Weekday], from: MinuteOfDay, to: MinuteOfDay| {
        for day in days {
            if let Ok(h) = WorkingHours::new(provider, branch, *day, from, to) {
                hours.push(h);
            }
        }
    };
    // Riyadh: Sunday to Thursday, morning and evening shifts.
    let saudi_week = [Sun, Mon, Tue, Wed, Thu];
    shift(sara, riyadh, &saudi_week, hm(9, 0)?, hm(13, 0)?);
    shift(sara, riyadh, &saudi_week, hm(16, 0)?, hm(21, 0)?);
    shift(khalid, riyadh, &saudi_week, hm(10, 0)?, hm(14, 0)?);
    shift(khalid, riyadh, &saudi_week, hm(17, 0)?, hm(22, 0)?);
    shift(layla, riyadh, &[Sun, Mon, Tue, Wed], hm(16, 0)?, hm(21, 0)?);
    // Cairo: Saturday to Thursday, Friday off.
    shift(layla, cairo, &[Sat], hm(11, 0)?, hm(17, 0)?);
    shift(
        omar,
        cairo,
        &[Sat, Sun, Mon, Tue, Wed, Thu],
        hm(10, 0)?,
        hm(18, 0)?,
    );
    shift(
        mona,
        cairo,
        &[Sat, Sun, Mon, Tue, Wed],
        hm(12, 0)?,
        hm(20, 0)?,
    );
    shift(mona, cairo, &[Thu], hm(12, 0)?, hm(16, 0)?);
    debug_assert!(hours.iter().all(|h| h.weekday != Fri));

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
    let exceptions = vec![
        ScheduleException {
            id: ExceptionId(Uuid::now_v7()),
            clinic_id,
            provider_id: None,
            branch_id: Some(riyadh),
            kind: ExceptionKind::Holiday,
            first_day: next(9, 23)?,
            last_day: next(9, 23)?,
            start: None,
            end: None,
            reason: t("Saudi National Day", "اليوم الوطني السعودي"),
        },
        ScheduleException {
            id: ExceptionId(Uuid::now_v7()),
            clinic_id,
            provider_id: None,
            branch_id: Some(cairo),
            kind: ExceptionKind::Holiday,
            first_day: next(1, 7)?,
            last_day: next(1, 7)?,
            start: None,
            end: None,
            reason: t("Coptic Christmas", "عيد الميلاد المجيد"),
        },
        ScheduleException {
            id: ExceptionId(Uuid::now_v7()),
            clinic_id,
            provider_id: Some(khalid),
            branch_id: None,
            kind: ExceptionKind::TimeOff,
            first_day: in_days(10),
            last_day: in_days(12),
            start: None,
            end: None,
            reason: t("Annual leave", "إجازة سنوية"),
        },
        ScheduleException {
            id: ExceptionId(Uuid::now_v7()),
            clinic_id,
            provider_id: Some(omar),
            branch_id: Some(cairo),
            kind: ExceptionKind::ExtraHours,
            first_day: in_days(5),
            last_day: in_days(5),
            start: Some(hm(18, 0)?),
            end: Some(hm(21, 0)?),
            reason: t("Extra evening clinic", "عيادة مسائية إضافية"),
        },
    ];

    Ok(CatalogSeed {
        clinic,
        created_at: now,
        branches,
        categories,
        services: vec![
            consultation,
            follow_up,
            vaccination,
            checkup,
            cleaning,
            filling,
            derm,
            laser,
        ],
        providers,
        hours,
        exceptions,
    })
}
