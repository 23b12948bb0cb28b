//! A future dropped half-way through database work (a client that hung up, a
//! timeout) must not leave its connection inside a transaction for the next
//! borrower (issue 16: filings failed with "Safety level may not be changed
//! inside a transaction" after a burst of cancelled page reads).
//!
//! Each operation below is started and dropped after its first, second, …
//! `Pending`, both at once and after letting the work it started run on for a
//! moment (so the database has answered a `BEGIN` or `COMMIT` nobody reads).
//! After every cancellation, settings are written, complaints filed and
//! tracked through the same pool, more at once than the pool has
//! connections, so a leaked connection would be borrowed: every call succeeds.

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

use futures_util::future::join_all;

use sujarit_core::case_keys::RecordSealer;
use sujarit_core::complaint::{Channel, Contact, NewComplaint};
use sujarit_core::sealed::{Keyring, SealingKey};
use sujarit_store::{NewComplaintRecord, Store, random_tracking_code};

use crate::harness::Raw;

contract! {
    cancelled_transactions_leave_no_connection_inside_one,
}

/// More than either backend's pool holds, so every connection is borrowed.
const CONCURRENT_CALLS: usize = 12;

/// Enough pendings to pass every await point of each operation below.
const MAX_PENDINGS: usize = 40;

fn keyring() -> Keyring {
    Keyring::new("k", SealingKey::from_bytes([7; 32])).expect("keyring")
}

/// A general complaint to file in `org`, and the keyed hashes its tracking
/// code is looked up by.
fn record(org: &str, n: usize) -> (NewComplaintRecord, Vec<String>) {
    let keyring = keyring();
    let complaint_id = uuid::Uuid::new_v4().to_string();
    let code = random_tracking_code();
    let complaint = NewComplaint {
        channel: Channel::General,
        category: "roads".into(),
        subject: format!("ถนนชำรุด {n}"),
        details: "หลุมบ่อหน้าโรงเรียน".into(),
        place: None,
        persons_concerned: None,
        contact: Some(Contact {
            phone: Some("0812345678".into()),
            ..Default::default()
        }),
        location: None,
    };
    let record = NewComplaintRecord {
        tracking_hash: keyring.tracking_hash(org, code.as_str()),
        complaint: complaint.seal(&RecordSealer::with_server_key(&keyring, org, &complaint_id)),
        complaint_id,
        attachments: Vec::new(),
        reporter_key: None,
        key_grants: Vec::new(),
        submission: None,
        received_at: None,
        taken_in: None,
    };
    (record, keyring.tracking_hashes(org, code.as_str()))
}

/// Polls `future` until it has been `Pending` `pendings` times, then (after
/// `linger`, while nobody polls it) drops it. True if it finished first.
async fn drop_after<F: Future>(future: F, pendings: usize, linger: Duration) -> bool {
    let mut future = pin!(future);
    let mut seen = 0;
    let finished = poll_fn(|cx| match future.as_mut().poll(cx) {
        Poll::Ready(_) => Poll::Ready(true),
        Poll::Pending if seen == pendings => Poll::Ready(false),
        Poll::Pending => {
            seen += 1;
            Poll::Pending
        }
    })
    .await;
    if !finished && !linger.is_zero() {
        tokio::time::sleep(linger).await;
    }
    finished
}

/// Writes, files and tracks through the pool, each kind more at once than
/// the pool has connections (so a leaked one is borrowed before anything
/// could end its transaction); panics on any failure.
async fn everything_still_works(store: &dyn Store, org: &str, after: &str) {
    join_all((0..CONCURRENT_CALLS).map(|n| async move {
        // A write: refused inside a read-only transaction, or a second BEGIN.
        store
            .set_complaint_deadline_days(org, Channel::General, 15 + (n as u16 % 3), "system")
            .await
            .unwrap_or_else(|e| panic!("settings write after {after}: {e}"));
    }))
    .await;
    let codes = join_all((0..CONCURRENT_CALLS).map(|n| async move {
        // The durable filing: its PRAGMA is refused inside a transaction.
        let (record, hashes) = record(org, n);
        let outcomes = store
            .file_complaints(org, &[record])
            .await
            .unwrap_or_else(|e| panic!("filing after {after}: {e}"));
        outcomes
            .into_iter()
            .next()
            .expect("one outcome")
            .unwrap_or_else(|e| panic!("filing refused after {after}: {e:?}"));
        hashes
    }))
    .await;
    join_all(codes.iter().map(|code| async move {
        // A read transaction.
        let tracked = store
            .track_complaint(org, code)
            .await
            .unwrap_or_else(|e| panic!("tracking after {after}: {e}"));
        assert!(tracked.is_some(), "filed complaint not found after {after}");
    }))
    .await;
}

async fn cancelled_transactions_leave_no_connection_inside_one(store: &dyn Store, _raw: &Raw) {
    let org = store
        .ensure_organization("alpha", "เทศบาลตำบลอัลฟา")
        .await
        .expect("organization")
        .id;
    let (first, tracked) = record(&org, 0);
    store
        .file_complaints(&org, &[first])
        .await
        .expect("file")
        .pop()
        .expect("outcome")
        .expect("filed");
    everything_still_works(store, &org, "nothing").await;

    for linger in [Duration::ZERO, Duration::from_millis(15)] {
        for operation in ["read", "write", "filing"] {
            for pendings in 0..MAX_PENDINGS {
                let finished = match operation {
                    // A read transaction.
                    "read" => {
                        drop_after(store.track_complaint(&org, &tracked), pendings, linger).await
                    }
                    // A write transaction with its audit entry.
                    "write" => {
                        let write =
                            store.set_complaint_deadline_days(&org, Channel::General, 20, "system");
                        drop_after(write, pendings, linger).await
                    }
                    // The durable filing transaction itself.
                    _ => {
                        let records = [record(&org, pendings).0];
                        drop_after(store.file_complaints(&org, &records), pendings, linger).await
                    }
                };
                // Let the pool take back the dropped connection, as it has
                // long done when the next citizen files.
                tokio::time::sleep(Duration::from_millis(30)).await;
                let after = format!("a {operation} dropped after {pendings} pendings ({linger:?})");
                everything_still_works(store, &org, &after).await;
                if finished {
                    break;
                }
                assert!(
                    pendings + 1 < MAX_PENDINGS,
                    "{operation} still pending after {MAX_PENDINGS} polls"
                );
            }
        }
    }
}
