//! The demo clinic's catalogue: the clinic, its two branches, three categories and
//! eight services; providers and their schedules come from [`super::schedule`].

use super::{DEMO_SLUG, ids::Ids, price, schedule, t, zone};
use crate::{
    domain::{
        catalog::{Branch, Category, Clinic, Service, Slug},
        ids::ServiceId,
        lang::Lang,
        money::Money,
    },
    ssr::store::{CatalogSeed, ClinicCatalog, StoreError},
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Builds the demo catalogue; dated exceptions are placed relative to `now`.
pub fn demo_catalog(now: DateTime<Utc>) -> Result<CatalogSeed, StoreError> {
    let ids = Ids::new();
    let clinic = clinic(&ids)?;
    let branches = branches(&ids)?;
    let categories = categories(&ids);
    let services = services(&ids)?;
    let providers = schedule::providers(&ids, &services);
    let hours = schedule::hours(&ids, &providers)?;
    let exceptions = schedule::exceptions(&ids, &providers, now)?;
    Ok(CatalogSeed {
        clinic,
        created_at: now,
        catalog: ClinicCatalog {
            branches,
            categories,
            services,
            providers,
        },
        hours,
        exceptions,
    })
}

fn clinic(ids: &Ids) -> Result<Clinic, StoreError> {
    Ok(Clinic {
        id: ids.clinic,
        slug: Slug::parse(DEMO_SLUG).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        name: t("Nakheel Family Clinics", "عيادات النخيل للعائلة"),
        description: t(
            "Family medicine, dentistry and dermatology in Riyadh and Cairo. Evening appointments available.",
            "طب الأسرة وطب الأسنان والأمراض الجلدية في الرياض والقاهرة، مع مواعيد مسائية.",
        ),
        default_lang: Lang::Ar,
        time_zone: zone("Asia/Riyadh")?,
        listed: true,
    })
}

fn branches(ids: &Ids) -> Result<Vec<Branch>, StoreError> {
    Ok(vec![
        Branch {
            id: ids.riyadh,
            clinic_id: ids.clinic,
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
            id: ids.cairo,
            clinic_id: ids.clinic,
            name: t("Zamalek branch", "فرع الزمالك"),
            city: t("Cairo", "القاهرة"),
            address: t(
                "26th of July Street, Zamalek, Cairo",
                "شارع 26 يوليو، الزمالك، القاهرة",
            ),
            time_zone: zone("Africa/Cairo")?,
            phone: "+20227350000".into(),
        },
    ])
}

fn categories(ids: &Ids) -> Vec<Category> {
    [
        (ids.general, t("General medicine", "الطب العام")),
        (ids.dental, t("Dentistry", "طب الأسنان")),
        (ids.skin, t("Dermatology", "الأمراض الجلدية")),
    ]
    .into_iter()
    .zip(0..)
    .map(|((id, name), position)| Category {
        id,
        clinic_id: ids.clinic,
        name,
        position,
    })
    .collect()
}

/// Which category a demo service is in.
#[derive(Clone, Copy)]
enum Kind {
    General,
    Dental,
    Skin,
}

/// One demo service: names, timing in minutes and price in halalas (none: free).
struct ServiceSpec {
    kind: Kind,
    name: (&'static str, &'static str),
    description: (&'static str, &'static str),
    duration_min: i32,
    before: i32,
    after: i32,
    price_sar: Option<i64>,
}

/// In this order: consultation, follow-up, vaccination, check-up, cleaning, filling,
/// dermatology, laser; [`super::schedule`] refers to them by position.
const SERVICES: [ServiceSpec; 8] = [
    ServiceSpec {
        kind: Kind::General,
        name: ("General consultation", "استشارة طب عام"),
        description: (
            "Examination and advice for a new health concern.",
            "فحص واستشارة لمشكلة صحية جديدة.",
        ),
        duration_min: 20,
        before: 0,
        after: 5,
        price_sar: Some(15000),
    },
    ServiceSpec {
        kind: Kind::General,
        name: ("Follow-up visit", "زيارة متابعة"),
        description: (
            "Review of results or treatment within 14 days of a consultation.",
            "مراجعة النتائج أو العلاج خلال 14 يومًا من الاستشارة.",
        ),
        duration_min: 15,
        before: 0,
        after: 5,
        price_sar: Some(8000),
    },
    ServiceSpec {
        kind: Kind::General,
        name: ("Child vaccination", "تطعيم الأطفال"),
        description: (
            "Routine childhood vaccines, followed by 10 minutes of observation.",
            "تطعيمات الأطفال الأساسية، تليها مراقبة لمدة 10 دقائق.",
        ),
        duration_min: 15,
        before: 0,
        after: 10,
        price_sar: None,
    },
    ServiceSpec {
        kind: Kind::Dental,
        name: ("Dental check-up", "فحص الأسنان"),
        description: (
            "Examination of teeth and gums, with X-rays when needed.",
            "فحص الأسنان واللثة مع الأشعة عند الحاجة.",
        ),
        duration_min: 30,
        before: 0,
        after: 10,
        price_sar: Some(20000),
    },
    ServiceSpec {
        kind: Kind::Dental,
        name: ("Teeth cleaning", "تنظيف الأسنان"),
        description: (
            "Scaling and polishing by a dental hygienist.",
            "إزالة الجير وتلميع الأسنان.",
        ),
        duration_min: 45,
        before: 5,
        after: 10,
        price_sar: Some(35000),
    },
    ServiceSpec {
        kind: Kind::Dental,
        name: ("Tooth filling", "حشو الأسنان"),
        description: (
            "Tooth-coloured filling of one tooth.",
            "حشو سن واحد بلون الأسنان الطبيعي.",
        ),
        duration_min: 60,
        before: 0,
        after: 15,
        price_sar: Some(50000),
    },
    ServiceSpec {
        kind: Kind::Skin,
        name: ("Dermatology consultation", "استشارة جلدية"),
        description: (
            "Skin, hair and nail concerns.",
            "مشكلات الجلد والشعر والأظافر.",
        ),
        duration_min: 30,
        before: 0,
        after: 5,
        price_sar: Some(30000),
    },
    ServiceSpec {
        kind: Kind::Skin,
        name: ("Laser hair removal session", "جلسة إزالة الشعر بالليزر"),
        description: (
            "One session; the room is prepared before and cleaned after.",
            "جلسة واحدة، مع تجهيز الغرفة قبلها وتعقيمها بعدها.",
        ),
        duration_min: 45,
        before: 10,
        after: 15,
        price_sar: Some(60000),
    },
];

fn services(ids: &Ids) -> Result<Vec<Service>, StoreError> {
    SERVICES
        .iter()
        .zip(1..)
        .map(|(spec, position)| {
            let price: Option<Money> = match spec.price_sar {
                Some(minor) => price(minor, "SAR")?,
                None => None,
            };
            Ok(Service {
                id: ServiceId(Uuid::now_v7()),
                clinic_id: ids.clinic,
                category_id: match spec.kind {
                    Kind::General => ids.general,
                    Kind::Dental => ids.dental,
                    Kind::Skin => ids.skin,
                },
                name: t(spec.name.0, spec.name.1),
                description: t(spec.description.0, spec.description.1),
                duration_min: spec.duration_min,
                buffer_before_min: spec.before,
                buffer_after_min: spec.after,
                price,
                position,
            })
        })
        .collect()
}
