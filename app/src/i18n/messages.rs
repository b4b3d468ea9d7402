//! The words of every email, SMS and WhatsApp message, and of the answers to replies.
//!
//! One subject and one body per message kind, each taking the same [`Facts`] in both
//! languages. Dates, times and counts arrive already formatted for the reader (see
//! `format`), so a template only puts them in order.

use super::Plural;

/// What a message says, already written for its reader: `when` holds the formatted
/// date and time, `expires_in` a counted phrase. Facts a kind does not use are empty.
#[derive(Clone, Copy, Debug, Default)]
pub struct Facts<'a> {
    pub clinic: &'a str,
    pub service: &'a str,
    pub provider: &'a str,
    pub when: &'a str,
    pub place: &'a str,
    pub link: &'a str,
    pub code: &'a str,
    pub method: &'a str,
    pub expires_in: &'a str,
    /// A text sent as it is (the answer to a reply).
    pub text: &'a str,
}

texts! {
pub struct MessageStrings {
    pub sign_in_code_subject: fn(&Facts) -> String,
    pub sign_in_code_body: fn(&Facts) -> String,
    pub confirmation_subject: fn(&Facts) -> String,
    pub confirmation_body: fn(&Facts) -> String,
    pub reminder_subject: fn(&Facts) -> String,
    pub reminder_body: fn(&Facts) -> String,
    pub rescheduled_subject: fn(&Facts) -> String,
    pub rescheduled_body: fn(&Facts) -> String,
    pub cancelled_subject: fn(&Facts) -> String,
    pub cancelled_body: fn(&Facts) -> String,
    pub follow_up_subject: fn(&Facts) -> String,
    pub follow_up_body: fn(&Facts) -> String,
    pub method_added_subject: fn(&Facts) -> String,
    pub method_added_body: fn(&Facts) -> String,
    pub method_removed_subject: fn(&Facts) -> String,
    pub method_removed_body: fn(&Facts) -> String,
    /// How long a sign-in code lasts, after "in"/"خلال".
    pub minutes: Plural,
    /// A branch and its address.
    pub place: fn(&str, &str) -> String,
    /// A time with the time zone it is in.
    pub in_zone: fn(&str, &str) -> String,
    pub reply_confirmed: &'static str,
    pub reply_cancelled: &'static str,
    pub reply_stopped: &'static str,
    pub reply_not_allowed: &'static str,
    pub reply_no_appointment: &'static str,
    pub reply_not_understood: &'static str,
}
}

pub static EN: MessageStrings = MessageStrings {
    sign_in_code_subject: |_| "Your Calentify sign-in code".to_owned(),
    sign_in_code_body: |f| {
        format!(
            "{} is your Calentify sign-in code. It expires in {}. Never share it with anyone.",
            f.code, f.expires_in
        )
    },
    confirmation_subject: |f| format!("Booked: {} at {}", f.service, f.clinic),
    confirmation_body: |f| {
        format!(
            "{}: your {} appointment with {} is booked for {} at {}. See, move or cancel it: {}",
            f.clinic, f.service, f.provider, f.when, f.place, f.link
        )
    },
    reminder_subject: |f| format!("Reminder: {} at {}", f.service, f.clinic),
    reminder_body: |f| {
        format!(
            "Reminder from {}: {} with {} on {} at {}. Reply 1 to confirm or 2 to cancel. Details: {}",
            f.clinic, f.service, f.provider, f.when, f.place, f.link
        )
    },
    rescheduled_subject: |f| format!("Moved: {} at {}", f.service, f.clinic),
    rescheduled_body: |f| {
        format!(
            "{}: your {} appointment with {} is now on {} at {}. Details: {}",
            f.clinic, f.service, f.provider, f.when, f.place, f.link
        )
    },
    cancelled_subject: |f| format!("Cancelled: {} at {}", f.service, f.clinic),
    cancelled_body: |f| {
        format!(
            "{}: your {} appointment on {} is cancelled. Book again any time: {}",
            f.clinic, f.service, f.when, f.link
        )
    },
    follow_up_subject: |f| format!("Thank you for visiting {}", f.clinic),
    follow_up_body: |f| {
        format!(
            "Thank you for visiting {}. We hope all went well with {}. Your visit: {}",
            f.clinic, f.provider, f.link
        )
    },
    method_added_subject: |_| "A sign-in method was added to your Calentify account".to_owned(),
    method_added_body: |f| {
        format!(
            "{} was added as a way to sign in to your Calentify account. If this was not you, remove it and sign out everywhere: {}",
            f.method, f.link
        )
    },
    method_removed_subject: |_| {
        "A sign-in method was removed from your Calentify account".to_owned()
    },
    method_removed_body: |f| {
        format!(
            "{} was removed from the ways to sign in to your Calentify account. If this was not you, review your account: {}",
            f.method, f.link
        )
    },
    minutes: Plural::one_other("1 minute", "{n} minutes"),
    place: |branch, address| format!("{branch}, {address}"),
    in_zone: |time, zone| format!("{time} ({zone})"),
    reply_confirmed: "Thank you, your appointment is confirmed.",
    reply_cancelled: "Your appointment is cancelled. You can book again any time.",
    reply_stopped: "You will no longer receive reminders here. Sign-in codes still arrive when you ask for them.",
    reply_not_allowed: "It is too late to change this appointment by message. Please call the clinic.",
    reply_no_appointment: "We could not find an upcoming appointment for this number.",
    reply_not_understood: "Reply 1 to confirm, 2 to cancel, or STOP to stop reminders.",
};

pub static AR: MessageStrings = MessageStrings {
    sign_in_code_subject: |_| "رمز الدخول إلى Calentify".to_owned(),
    sign_in_code_body: |f| {
        format!(
            "رمز الدخول إلى Calentify هو {}. ينتهي خلال {}. لا تشاركه مع أي أحد.",
            f.code, f.expires_in
        )
    },
    confirmation_subject: |f| format!("تم الحجز: {} في {}", f.service, f.clinic),
    confirmation_body: |f| {
        format!(
            "{}: تم حجز موعد {} مع {} في {} في {}. للاطلاع عليه أو تغييره أو إلغائه: {}",
            f.clinic, f.service, f.provider, f.when, f.place, f.link
        )
    },
    reminder_subject: |f| format!("تذكير: {} في {}", f.service, f.clinic),
    reminder_body: |f| {
        format!(
            "تذكير من {}: موعد {} مع {} في {} في {}. أرسل ١ للتأكيد أو ٢ للإلغاء. التفاصيل: {}",
            f.clinic, f.service, f.provider, f.when, f.place, f.link
        )
    },
    rescheduled_subject: |f| format!("تغيير موعد: {} في {}", f.service, f.clinic),
    rescheduled_body: |f| {
        format!(
            "{}: أصبح موعد {} مع {} في {} في {}. التفاصيل: {}",
            f.clinic, f.service, f.provider, f.when, f.place, f.link
        )
    },
    cancelled_subject: |f| format!("إلغاء: {} في {}", f.service, f.clinic),
    cancelled_body: |f| {
        format!(
            "{}: تم إلغاء موعد {} في {}. يمكنك الحجز من جديد في أي وقت: {}",
            f.clinic, f.service, f.when, f.link
        )
    },
    follow_up_subject: |f| format!("شكرًا لزيارتك {}", f.clinic),
    follow_up_body: |f| {
        format!(
            "شكرًا لزيارتك {}. نتمنى أن تكون زيارتك مع {} قد سارت على ما يرام. تفاصيل الزيارة: {}",
            f.clinic, f.provider, f.link
        )
    },
    method_added_subject: |_| "أُضيفت طريقة لتسجيل الدخول إلى حسابك في Calentify".to_owned(),
    method_added_body: |f| {
        format!(
            "أُضيفت {} كطريقة لتسجيل الدخول إلى حسابك في Calentify. إن لم تكن أنت، فأزلها وسجّل الخروج من كل الأجهزة: {}",
            f.method, f.link
        )
    },
    method_removed_subject: |_| "أُزيلت طريقة لتسجيل الدخول من حسابك في Calentify".to_owned(),
    method_removed_body: |f| {
        format!(
            "أُزيلت {} من طرق تسجيل الدخول إلى حسابك في Calentify. إن لم تكن أنت، فراجع حسابك: {}",
            f.method, f.link
        )
    },
    minutes: Plural {
        zero: "{n} دقيقة",
        one: "دقيقة واحدة",
        two: "دقيقتين",
        few: "{n} دقائق",
        many: "{n} دقيقةً",
        other: "{n} دقيقة",
    },
    place: |branch, address| format!("{branch}، {address}"),
    in_zone: |time, zone| format!("{time} ({zone})"),
    reply_confirmed: "شكرًا لك، تم تأكيد موعدك.",
    reply_cancelled: "تم إلغاء موعدك. يمكنك الحجز من جديد في أي وقت.",
    reply_stopped: "لن تصلك التذكيرات هنا بعد الآن. ستصلك رموز الدخول عندما تطلبها.",
    reply_not_allowed: "فات وقت تغيير هذا الموعد عبر الرسائل. يُرجى الاتصال بالعيادة.",
    reply_no_appointment: "لم نجد موعدًا قادمًا لهذا الرقم.",
    reply_not_understood: "أرسل ١ للتأكيد أو ٢ للإلغاء أو «إيقاف» لإيقاف التذكيرات.",
};
