//! Planning the messages a booking change sends: who gets them, on which channel, when,
//! and the facts their templates render.

use super::setup::ClinicSetup;
use crate::{
    domain::{
        ids::{AppointmentId, BranchId, MessageId, ProviderId, ServiceId},
        message_kind::MessageKind,
        messaging::{Channel, ChannelSet, Reach, first_channel},
        reminders::reminder_times,
    },
    ssr::store::{NewMessage, User},
};
use chrono::{DateTime, Duration, Utc};

/// The message kinds a booking schedules; moving or ending it cancels the pending ones.
pub const REMINDER: MessageKind = MessageKind::AppointmentReminder;
pub(super) const CONFIRMATION: MessageKind = MessageKind::AppointmentConfirmation;
pub(super) const RESCHEDULED: MessageKind = MessageKind::AppointmentRescheduled;
pub(super) const CANCELLED: MessageKind = MessageKind::AppointmentCancelled;
pub(super) const FOLLOW_UP: MessageKind = MessageKind::AppointmentFollowUp;

/// The facts messages are built from, for a new or existing appointment.
pub(super) struct Planned<'a> {
    pub(super) id: AppointmentId,
    pub(super) branch: BranchId,
    pub(super) provider: ProviderId,
    pub(super) service: ServiceId,
    pub(super) starts_at: DateTime<Utc>,
    pub(super) user: &'a User,
}

/// Who a message about an appointment goes to, and on which channel: see
/// [`first_channel`]. `None` when the clinic allows no channel we hold a contact for.
fn recipient(user: &User, allowed: ChannelSet) -> Option<(Channel, String)> {
    let reach = Reach {
        phone: user.phone.is_some(),
        email: user.email.is_some(),
    };
    let channel = first_channel(user.preferred_channel, reach, allowed)?;
    let to = match channel {
        Channel::Email => user.email.as_ref()?.as_str().to_owned(),
        Channel::Sms | Channel::WhatsApp => user.phone.as_ref()?.as_str().to_owned(),
    };
    Some((channel, to))
}

/// What templates need to render a message about an appointment; never the note.
fn payload(setup: &ClinicSetup, row: &Planned<'_>, extra: serde_json::Value) -> serde_json::Value {
    let branch = setup.branch(row.branch);
    let tz = branch.map(|b| b.time_zone.tz()).unwrap_or(chrono_tz::UTC);
    let local = row.starts_at.with_timezone(&tz);
    let mut v = serde_json::json!({
        "appointment_id": row.id.to_string(),
        "clinic": setup.clinic.name,
        "clinic_slug": setup.clinic.slug.to_string(),
        "branch": branch.map(|b| b.name.clone()),
        "address": branch.map(|b| b.address.clone()),
        "provider": setup.provider_name(row.provider),
        "service": setup.service(row.service).map(|s| s.name.clone()),
        "starts_at": row.starts_at.to_rfc3339(),
        "ends_at": setup
            .service(row.service)
            .map(|s| (row.starts_at + Duration::minutes(i64::from(s.duration_min))).to_rfc3339()),
        "local_date": local.format("%Y-%m-%d").to_string(),
        "local_time": local.format("%H:%M").to_string(),
        "time_zone": tz.name(),
    });
    if let (Some(obj), serde_json::Value::Object(more)) = (v.as_object_mut(), extra) {
        obj.extend(more);
    }
    v
}

/// One message of `kind` about the appointment, or `None` when it cannot reach anyone.
pub(super) fn message(
    setup: &ClinicSetup,
    p: &Planned<'_>,
    kind: MessageKind,
    key: String,
    due_at: DateTime<Utc>,
    extra: serde_json::Value,
) -> Option<NewMessage> {
    let (channel, to) = recipient(p.user, setup.channels)?;
    Some(NewMessage {
        id: MessageId(uuid::Uuid::now_v7()),
        idempotency_key: format!("{key}:{}", channel.as_str()),
        kind,
        channel,
        recipient: to,
        lang: p.user.lang,
        payload: payload(setup, p, extra),
        due_at,
        user_id: Some(p.user.id),
        clinic_id: Some(setup.clinic.id),
        appointment_id: Some(p.id),
    })
}

/// The reminders for a visit at the clinic's offsets. The key names the start time, so a
/// moved visit gets new reminders while the old ones are cancelled.
pub(super) fn reminders(
    setup: &ClinicSetup,
    p: &Planned<'_>,
    offsets: &[i64],
    now: DateTime<Utc>,
) -> Vec<NewMessage> {
    reminder_times(p.starts_at, offsets, now)
        .into_iter()
        .filter_map(|(offset, at)| {
            message(
                setup,
                p,
                REMINDER,
                format!("reminder:{}:{}:{offset}", p.id, p.starts_at.timestamp()),
                at,
                serde_json::json!({ "offset_min": offset }),
            )
        })
        .collect()
}
