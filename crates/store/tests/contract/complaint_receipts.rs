//! Filing once (issue 13): a record carrying a filing form's one-time key is
//! filed once, whether the key comes again in a later batch, twice in one
//! batch, or in two batches at the same time; the earlier receipt comes back
//! with the code sealed under the key, which only that key opens.

use sujarit_core::complaint::{Location, SubmissionKey, TrackingCode};
use sujarit_store::{NewComplaintRecord, NewSubmission, Receipt, Store};

use super::complaints::{corruption, general, org, record};
use crate::harness::Raw;

contract! {
    a_one_time_key_files_once_and_returns_the_earlier_receipt,
    concurrent_filings_with_one_key_file_once,
    a_general_complaint_keeps_its_location_and_a_report_takes_none,
}

async fn keyed(
    store: &dyn Store,
    org: &str,
    key: &SubmissionKey,
    subject: &str,
) -> (NewComplaintRecord, TrackingCode) {
    let (mut record, code, _) = record(store, org, &general("roads", subject, None)).await;
    record.submission = Some(NewSubmission {
        key_hash: key.key_hash(org),
        sealed_code: key.seal_code(org, &code),
    });
    (record, code)
}

/// Files one record that must be filed: its receipt.
async fn filed(store: &dyn Store, org: &str, record: NewComplaintRecord) -> Receipt {
    let mut outcomes = store.file_complaints(org, &[record]).await.expect("file");
    outcomes.pop().expect("one outcome").expect("filed")
}

async fn complaints_in(store: &dyn Store, org: &str) -> usize {
    store
        .complaints(org, &Default::default())
        .await
        .expect("list")
        .len()
}

async fn a_one_time_key_files_once_and_returns_the_earlier_receipt(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let other_org = super::complaints::org(store, "beta").await;
    let key = SubmissionKey::generate();
    assert_eq!(
        store
            .complaint_submission(&org, &key.key_hash(&org))
            .await
            .unwrap(),
        None
    );
    let (first, code) = keyed(store, &org, &key, "ทางเท้าแตกหน้าบ้าน").await;
    let receipt = filed(store, &org, first).await;
    assert_eq!(receipt.earlier_code, None, "a first filing");
    let found = store
        .complaint_submission(&org, &key.key_hash(&org))
        .await
        .unwrap()
        .expect("the key's filing");
    assert_eq!(found.complaint_id, receipt.complaint_id);
    assert_eq!(found.received_at, receipt.received_at);
    assert_eq!(found.due_date, receipt.due_date);
    assert_eq!(key.open_code(&org, &found.sealed_code), Some(code));
    assert_eq!(
        SubmissionKey::generate().open_code(&org, &found.sealed_code),
        None
    );

    // The same key again, with a new record (a reload): nothing is filed and
    // the answer is the earlier receipt with its sealed code; in one batch
    // twice, once.
    let (again, _) = keyed(store, &org, &key, "ทางเท้าแตกหน้าบ้าน").await;
    let new_key = SubmissionKey::generate();
    let (fresh, fresh_code) = keyed(store, &org, &new_key, "ไฟถนนดับทั้งซอย").await;
    let (fresh_twice, _) = keyed(store, &org, &new_key, "ไฟถนนดับทั้งซอย").await;
    let outcomes = store
        .file_complaints(&org, &[again, fresh, fresh_twice])
        .await
        .expect("file");
    let outcomes: Vec<_> = outcomes
        .into_iter()
        .map(|o| o.expect("a receipt"))
        .collect();
    assert_eq!(outcomes[0].complaint_id, receipt.complaint_id);
    assert_eq!(
        key.open_code(&org, outcomes[0].earlier_code.as_deref().expect("replayed")),
        Some(code)
    );
    assert_eq!(outcomes[1].earlier_code, None);
    assert_eq!(outcomes[2].complaint_id, outcomes[1].complaint_id);
    assert_eq!(
        new_key.open_code(&org, outcomes[2].earlier_code.as_deref().expect("replayed")),
        Some(fresh_code)
    );
    assert_eq!(complaints_in(store, &org).await, 2);
    assert_eq!(raw.row_counts().await["complaint_submissions"], 2);

    // A key is the organisation's: the same key elsewhere is a new filing.
    assert_eq!(
        store
            .complaint_submission(&other_org, &key.key_hash(&other_org))
            .await
            .unwrap(),
        None
    );
    let (elsewhere, _) = keyed(store, &other_org, &key, "ทางเท้าแตกหน้าบ้าน").await;
    let outcome = filed(store, &other_org, elsewhere).await;
    assert_eq!(outcome.earlier_code, None);

    // A refused record does not use up its key.
    let refused_key = SubmissionKey::generate();
    let (mut refused, _) = keyed(store, &org, &refused_key, "ขยะไม่ได้จัดเก็บ").await;
    refused.complaint.category = "no_such".into();
    let outcome = store.file_complaints(&org, &[refused]).await.expect("file");
    assert!(outcome[0].is_err());
    assert_eq!(
        store
            .complaint_submission(&org, &refused_key.key_hash(&org))
            .await
            .unwrap(),
        None
    );
    // A corruption report files once too.
    let (mut report, report_code, _) = record(store, &org, &corruption()).await;
    let report_key = SubmissionKey::generate();
    report.submission = Some(NewSubmission {
        key_hash: report_key.key_hash(&org),
        sealed_code: report_key.seal_code(&org, &report_code),
    });
    let twice = [report.clone(), report];
    let outcomes = store.file_complaints(&org, &twice).await.expect("file");
    assert_eq!(
        outcomes[0].as_ref().unwrap().complaint_id,
        outcomes[1].as_ref().unwrap().complaint_id
    );
    assert_eq!(complaints_in(store, &org).await, 3);
}

async fn concurrent_filings_with_one_key_file_once(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    for round in 0..4 {
        let key = SubmissionKey::generate();
        let (a, code_a) = keyed(store, &org, &key, "น้ำประปาไม่ไหลทั้งวัน").await;
        let (b, code_b) = keyed(store, &org, &key, "น้ำประปาไม่ไหลทั้งวัน").await;
        let (first, second) = tokio::join!(
            store.file_complaints(&org, std::slice::from_ref(&a)),
            store.file_complaints(&org, std::slice::from_ref(&b)),
        );
        let first = first.expect("file").pop().unwrap().expect("a receipt");
        let second = second.expect("file").pop().unwrap().expect("a receipt");
        assert_eq!(first.complaint_id, second.complaint_id, "round {round}");
        // The one that lost gets the winner's code.
        let (replayed, winner) = match (first.earlier_code, second.earlier_code) {
            (None, Some(replayed)) => (replayed, code_a),
            (Some(replayed), None) => (replayed, code_b),
            other => panic!("one filing and one replay, not {other:?}"),
        };
        assert_eq!(key.open_code(&org, &replayed), Some(winner));
        assert_eq!(complaints_in(store, &org).await, round + 1);
    }
}

async fn a_general_complaint_keeps_its_location_and_a_report_takes_none(
    store: &dyn Store,
    raw: &Raw,
) {
    let org = org(store, "alpha").await;
    let here = Location {
        latitude_micro: 8_431_900,
        longitude_micro: -99_963_178,
    };
    let mut complaint = general("roads", "ทางเท้าแตกหน้าบ้าน", Some("ถนนราชดำเนิน"));
    complaint.location = Some(here);
    let (located, code, _) = record(store, &org, &complaint).await;
    let id = located.complaint_id.clone();
    filed(store, &org, located).await;
    let case = store.complaint(&org, &id).await.unwrap().expect("the case");
    assert_eq!(case.location, Some(here));
    let keyring = sujarit_core::sealed::Keyring::new(
        "test-2026",
        sujarit_core::sealed::SealingKey::from_bytes([42; 32]),
    )
    .unwrap();
    let tracked = store
        .track_complaint(&org, &keyring.tracking_hashes(&org, code.as_str()))
        .await
        .unwrap()
        .expect("tracked");
    assert_eq!(tracked.location, Some(here));
    assert_eq!(tracked.subject.as_deref(), Some("ทางเท้าแตกหน้าบ้าน"));
    assert_eq!(tracked.place.as_deref(), Some("ถนนราชดำเนิน"));
    // Without one: none.
    let (plain, _, _) = record(store, &org, &general("roads", "ไม่มีพิกัดเลย", None)).await;
    let plain_id = plain.complaint_id.clone();
    store.file_complaints(&org, &[plain]).await.expect("file");
    assert_eq!(
        store
            .complaint(&org, &plain_id)
            .await
            .unwrap()
            .unwrap()
            .location,
        None
    );
    // A corruption report's place is sealed: plain coordinates are refused,
    // and nothing is written.
    let (mut report, _, _) = record(store, &org, &corruption()).await;
    report.complaint.location = Some(here);
    let before = raw.row_counts().await;
    let outcome = store.file_complaints(&org, &[report]).await.expect("file");
    assert!(outcome[0].is_err(), "{outcome:?}");
    assert_eq!(raw.row_counts().await, before);
}
