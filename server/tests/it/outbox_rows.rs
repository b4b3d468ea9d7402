//! Outbox rows leave the store in domain types: a stored value the code cannot read is a
//! store error, never a default (English, an empty payload), and a claimed row that
//! cannot be read is failed instead of stranding its batch.

use crate::{
    on_both_backends,
    support::{Backend, TestDb},
};
use app::{
    domain::{
        ids::MessageId, lang::Lang, message_kind::MessageKind, message_status::MessageStatus,
        messaging::Channel,
    },
    ssr::store::{NewMessage, Store, StoreError},
};
use chrono::{DateTime, TimeZone, Utc};
use sqlx::{Connection, PgConnection, SqliteConnection};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap()
}

async fn queue(store: &Store, key: &str) -> MessageId {
    let m = NewMessage {
        id: MessageId(uuid::Uuid::now_v7()),
        idempotency_key: key.to_owned(),
        kind: MessageKind::AppointmentReminder,
        channel: Channel::Sms,
        recipient: "+966501234599".to_owned(),
        lang: Lang::Ar,
        payload: serde_json::json!({ "clinic": "Nakheel" }),
        due_at: now(),
        user_id: None,
        clinic_id: None,
        appointment_id: None,
    };
    assert!(store.enqueue_message(&m, now()).await.unwrap());
    m.id
}

/// Damages one column of a stored message behind the store's back.
async fn damage(db: &TestDb, backend: Backend, id: MessageId, column: &str, value: &str) {
    let sql = format!("UPDATE outbox SET {column} = $1 WHERE id = $2");
    let changed = match backend {
        Backend::Sqlite => {
            let mut conn = SqliteConnection::connect(&db.url).await.unwrap();
            sqlx::query(&sql)
                .bind(value)
                .bind(id.0)
                .execute(&mut conn)
                .await
                .unwrap()
                .rows_affected()
        }
        Backend::Postgres => {
            let mut conn = PgConnection::connect(&db.url).await.unwrap();
            sqlx::query(&sql)
                .bind(value)
                .bind(id.0)
                .execute(&mut conn)
                .await
                .unwrap()
                .rows_affected()
        }
    };
    assert_eq!(changed, 1);
}

async fn stored_messages_read_back_in_domain_types(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let id = queue(&store, "typed").await;
    let m = store.message(id).await.unwrap().unwrap();
    assert_eq!(m.kind, MessageKind::AppointmentReminder);
    assert_eq!(m.channel, Channel::Sms);
    assert_eq!(m.lang, Lang::Ar);
    assert_eq!(m.status, MessageStatus::Pending);
    assert_eq!(m.payload, serde_json::json!({ "clinic": "Nakheel" }));
}

async fn an_unreadable_stored_message_is_an_error_not_a_default(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    for (column, value) in [("kind", "marketing_blast"), ("payload", "{not json")] {
        let id = queue(&store, column).await;
        damage(&db, backend, id, column, value).await;
        match store.message(id).await {
            Err(StoreError::Corrupt(what)) => {
                assert!(what.contains(column), "{what}");
                assert!(!what.contains("+9665"), "no contact in the error: {what}");
            }
            other => panic!("{column}: expected a corrupt-row error, got {other:?}"),
        }
        assert!(matches!(
            store.messages_to("+966501234599", 10).await,
            Err(StoreError::Corrupt(_))
        ));
        damage(&db, backend, id, "status", "cancelled").await;
    }
}

async fn a_claimed_unreadable_message_fails_alone(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let good = queue(&store, "good").await;
    let bad = queue(&store, "bad").await;
    damage(&db, backend, bad, "kind", "marketing_blast").await;
    let later = now() + chrono::Duration::minutes(1);
    let claimed = store.claim_due_messages(later, later, 10).await.unwrap();
    assert_eq!(claimed.iter().map(|m| m.id).collect::<Vec<_>>(), vec![good]);
    assert_eq!(claimed[0].status, MessageStatus::Sending);
    let counts = store.outbox_status_counts().await.unwrap();
    assert!(counts.contains(&(MessageStatus::Failed, 1)), "{counts:?}");
    assert!(counts.contains(&(MessageStatus::Sending, 1)), "{counts:?}");
}

on_both_backends!(
    stored_messages_read_back_in_domain_types,
    an_unreadable_stored_message_is_an_error_not_a_default,
    a_claimed_unreadable_message_fails_alone,
);
