//! Running a SQLite write transaction on the thread that asked for it.
//!
//! SQLite has one writer at a time, so how long a transaction holds the write lock
//! bounds how many bookings a second the whole server makes. Each statement is a round
//! trip to the connection's own thread; awaited the ordinary way, the task waits after
//! every answer for a runtime worker to be free again, and under load that wait, not
//! SQLite, is most of the time the lock is held. Driving the transaction to its end on
//! the current thread (after handing the thread's other tasks to another worker) makes
//! each answer wake it at once.

use std::future::Future;
use tokio::runtime::{Handle, RuntimeFlavor};

/// Runs `work` to completion on this thread when the runtime can spare it; awaits it
/// the ordinary way otherwise (a single-threaded runtime, as in unit tests).
pub(crate) async fn drive<F: Future>(work: F) -> F::Output {
    match Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(|| handle.block_on(work))
        }
        _ => work.await,
    }
}
