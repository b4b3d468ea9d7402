//! SQLite: bookings that arrive together are written in one transaction.
//!
//! SQLite has one writer, so the bookings a second of the whole server are bounded by how
//! long each holds it. A transaction per booking costs a `BEGIN`, a `COMMIT` and the WAL
//! pages that commit writes, each time. Bookings that arrive while the writer is busy
//! wait here and are then written together, each inside its own savepoint: a booking
//! that fails is undone alone, later ones see the earlier ones' rows (so two of them can
//! never take one time), and none is answered before the commit that keeps it. When the
//! group's transaction itself fails (another process held the lock past the busy
//! timeout, the disk is full), every booking of it is run again in a transaction of its
//! own, so a failed group is never a wrong answer.

use super::{
    AppointmentEvent, BookingConflict, NewAppointment,
    batch::{refusal, sqlite_batch},
};
use crate::{
    domain::ids::AppointmentId,
    ssr::store::{NewMessage, writer},
};
use chrono::{DateTime, Utc};
use sqlx::{Connection, SqliteConnection, SqlitePool};
use tokio::sync::{mpsc, oneshot};

/// At most this many bookings share a transaction, so that none waits behind a long
/// queue for its answer.
const MAX_GROUP: usize = 32;

/// A booking handed to the queue: everything it writes, owned, since it is written on
/// the queue's task.
pub(crate) struct QueuedBooking {
    pub appointment: NewAppointment,
    pub event: AppointmentEvent,
    pub messages: Vec<NewMessage>,
    pub now: DateTime<Utc>,
}

/// The group's transaction failed: the booking is to be run alone.
#[derive(Debug)]
pub(crate) struct GroupFailed;

/// A booking's answer once its group committed.
pub(crate) type Answer = Result<Result<AppointmentId, BookingConflict>, GroupFailed>;

struct Job {
    booking: QueuedBooking,
    reply: oneshot::Sender<Answer>,
}

/// The way into the queue; its task ends when the last clone is dropped.
#[derive(Clone)]
pub(crate) struct BookingQueue {
    jobs: mpsc::UnboundedSender<Job>,
}

impl BookingQueue {
    /// Starts the queue's task on the current runtime, writing through `pool` (the
    /// writer connection).
    pub(crate) fn start(pool: SqlitePool) -> Self {
        let (jobs, waiting) = mpsc::unbounded_channel();
        tokio::spawn(run(pool, waiting));
        Self { jobs }
    }

    pub(crate) async fn book(&self, booking: QueuedBooking) -> Answer {
        let (reply, answer) = oneshot::channel();
        if self.jobs.send(Job { booking, reply }).is_err() {
            return Err(GroupFailed);
        }
        // A queue whose runtime has ended (a test's) drops the reply unanswered.
        answer.await.unwrap_or(Err(GroupFailed))
    }
}

async fn run(pool: SqlitePool, mut waiting: mpsc::UnboundedReceiver<Job>) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    while waiting.recv_many(&mut group, MAX_GROUP).await > 0 {
        let bookings: Vec<&QueuedBooking> = group.iter().map(|job| &job.booking).collect();
        match writer::drive(write_group(&pool, &bookings)).await {
            Ok(answers) => {
                for (job, answer) in group.drain(..).zip(answers) {
                    // The asker may have gone (a closed connection); its booking stands.
                    let _ = job.reply.send(Ok(answer));
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, bookings = group.len(), "a group of bookings failed; each runs alone");
                for job in group.drain(..) {
                    let _ = job.reply.send(Err(GroupFailed));
                }
            }
        }
    }
}

/// A booking in a transaction of its own, when its group failed; run through
/// [`retrying`](crate::ssr::store::retry::retrying), so its error carries a busy
/// database as a transient one.
pub(crate) async fn book_alone(
    pool: &SqlitePool,
    booking: QueuedBooking,
) -> Result<AppointmentId, BookingConflict> {
    let mut answers = writer::drive(write_group(pool, &[&booking])).await?;
    answers.pop().unwrap_or(Err(BookingConflict::SlotTaken))
}

/// Writes the group in one transaction; the answers are valid once it has committed.
async fn write_group(
    pool: &SqlitePool,
    bookings: &[&QueuedBooking],
) -> Result<Vec<Result<AppointmentId, BookingConflict>>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    let mut answers = Vec::with_capacity(bookings.len());
    for booking in bookings {
        answers.push(write_one(&mut tx, booking).await?);
    }
    tx.commit().await?;
    Ok(answers)
}

/// One booking inside the group's transaction. The outer error is one the group cannot
/// go on after (its savepoint could not be undone); the inner one is this booking's.
async fn write_one(
    tx: &mut SqliteConnection,
    b: &QueuedBooking,
) -> Result<Result<AppointmentId, BookingConflict>, sqlx::Error> {
    let a = &b.appointment;
    match sqlite_batch(tx, a, &b.event, &b.messages, b.now).await {
        Ok(true) => Ok(Ok(a.id)),
        Ok(false) => Ok(refusal(tx, a, b.now).await),
        Err(e) => {
            sqlx::query("ROLLBACK TO booking; RELEASE booking")
                .execute(&mut *tx)
                .await?;
            Ok(Err(BookingConflict::from(e)))
        }
    }
}
