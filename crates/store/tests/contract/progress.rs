//! Scenarios of the progress storage contract (`ProgressStore`): quarterly
//! reports, their review workflow and history, evidence and target actuals.

use std::collections::BTreeMap;
use sujarit_core::fiscal::Quarter;
use sujarit_core::progress::{
    Evidence, KpiActual, NotDoneReason, ProgressStatus, QuarterReport, ReportKey, ReviewAction,
    ReviewState, TargetActual,
};
use sujarit_core::{
    Baht, Dimension, Item, ItemKind, ItemRef, Mission, Period, Plan, PlanReport, TargetRow,
    TargetValue,
};
use sujarit_store::{ImportSource, SaveOutcome, Store, StoreError};

use crate::harness::Raw;

contract! {
    a_report_round_trips_equal,
    saving_again_bumps_the_revision_and_keeps_the_review_state,
    a_stale_revision_is_refused_and_nothing_is_written,
    concurrent_saves_of_one_revision_let_exactly_one_win,
    invalid_reports_are_refused_with_field_errors_and_nothing_is_written,
    reports_need_a_current_plan_a_known_item_and_a_plan_year,
    the_workflow_refuses_illegal_moves_and_records_history,
    a_submitted_report_cannot_be_edited_until_returned,
    only_published_reports_are_public,
    evidence_attaches_to_editable_reports_only,
    the_first_save_carries_its_evidence_or_writes_nothing,
    organisations_are_isolated,
    target_actuals_are_saved_checked_and_listed,
    the_sweep_removes_old_unreferenced_files_and_keeps_the_rest,
}

const OFFICER: &str = "user-officer";
const COORDINATOR: &str = "user-coordinator";

// ---------------------------------------------------------------------------
// Scenarios

async fn a_report_round_trips_equal(store: &dyn Store, _raw: &Raw) {
    let org = organization_with_plan(store, "alpha").await;
    assert_eq!(
        store
            .quarter_report(&org, key(1, 1, Quarter::Q1))
            .await
            .expect("read"),
        None
    );
    let written = full_report(key(1, 1, Quarter::Q1));
    let saved = store
        .save_quarter_report(&org, &written, 0, OFFICER, false)
        .await
        .expect("save");
    assert_eq!(saved.revision, 1);
    assert_eq!(saved.review, ReviewState::Draft);
    assert_eq!(saved.updated_by.as_deref(), Some(OFFICER));
    assert!(saved.updated_at.is_some());
    // Everything the caller wrote comes back as written.
    assert_eq!(content(&saved), content(&written));
    let read = store
        .quarter_report(&org, key(1, 1, Quarter::Q1))
        .await
        .expect("read")
        .expect("a report");
    assert_eq!(read, saved);

    // Every status, and a reason of "other" with its text.
    for (n, status) in [
        ProgressStatus::NotStarted,
        ProgressStatus::Completed,
        ProgressStatus::NotDone {
            reason: NotDoneReason::PolicyChanged,
        },
        ProgressStatus::NotDone {
            reason: NotDoneReason::Other("น้ำท่วมพื้นที่จัดกิจกรรม".into()),
        },
    ]
    .into_iter()
    .enumerate()
    {
        let quarter = Quarter::from_number(n as u8 + 1).expect("quarter");
        let mut report = QuarterReport::new(key(1, 2, quarter));
        report.status = status;
        let saved = store
            .save_quarter_report(&org, &report, 0, OFFICER, false)
            .await
            .expect("save");
        assert_eq!(saved.status, report.status);
        assert_eq!(saved.budget_adopted, None);
        assert!(saved.kpi_actuals.is_empty());
    }

    let year = store.quarter_reports(&org, 2568).await.expect("year");
    let keys: Vec<ReportKey> = year.iter().map(QuarterReport::key).collect();
    assert_eq!(
        keys,
        [
            key(1, 1, Quarter::Q1),
            key(1, 2, Quarter::Q1),
            key(1, 2, Quarter::Q2),
            key(1, 2, Quarter::Q3),
            key(1, 2, Quarter::Q4),
        ]
    );
    assert_eq!(
        year[0],
        saved_again(store, &org, key(1, 1, Quarter::Q1)).await
    );
    assert!(
        store
            .quarter_reports(&org, 2569)
            .await
            .expect("year")
            .is_empty()
    );
}

async fn saving_again_bumps_the_revision_and_keeps_the_review_state(store: &dyn Store, _raw: &Raw) {
    let org = organization_with_plan(store, "alpha").await;
    let k = key(2, 1, Quarter::Q2);
    let first = store
        .save_quarter_report(&org, &full_report(k), 0, OFFICER, false)
        .await
        .expect("first save");
    // Returned with a comment, then corrected: the comment stays until resubmitted.
    submit(store, &org, k).await;
    store
        .review_quarter_report(
            &org,
            k,
            ReviewAction::Return,
            Some("แนบภาพกิจกรรม"),
            COORDINATOR,
        )
        .await
        .expect("return");
    let returned = saved_again(store, &org, k).await;
    assert_eq!(returned.revision, first.revision + 2);
    let mut edit = returned.clone();
    edit.narrative = "จัดอบรมแล้ว 2 รุ่น".into();
    edit.budget_disbursed = None;
    let second = store
        .save_quarter_report(&org, &edit, returned.revision, OFFICER, false)
        .await
        .expect("second save");
    assert_eq!(second.revision, returned.revision + 1);
    assert_eq!(second.review, ReviewState::Returned);
    assert_eq!(second.review_comment.as_deref(), Some("แนบภาพกิจกรรม"));
    assert_eq!(second.narrative, "จัดอบรมแล้ว 2 รุ่น");
    assert_eq!(second.budget_disbursed, None);
    // Save and submit in one step.
    let third = store
        .save_quarter_report(&org, &second, second.revision, OFFICER, true)
        .await
        .expect("save and submit");
    assert_eq!(third.review, ReviewState::Submitted);
    assert_eq!(third.review_comment, None);
    let history = store.review_history(&org, k).await.expect("history");
    let moves: Vec<_> = history.iter().map(|e| (e.action, e.from, e.to)).collect();
    assert_eq!(
        moves,
        [
            (
                ReviewAction::Submit,
                ReviewState::Draft,
                ReviewState::Submitted
            ),
            (
                ReviewAction::Return,
                ReviewState::Submitted,
                ReviewState::Returned
            ),
            (
                ReviewAction::Submit,
                ReviewState::Returned,
                ReviewState::Submitted
            ),
        ]
    );
}

async fn a_stale_revision_is_refused_and_nothing_is_written(store: &dyn Store, raw: &Raw) {
    let org = organization_with_plan(store, "alpha").await;
    let k = key(1, 1, Quarter::Q3);
    let saved = store
        .save_quarter_report(&org, &full_report(k), 0, OFFICER, false)
        .await
        .expect("save");
    let mut mine = saved.clone();
    mine.narrative = "ฉบับของผู้ใช้ A".into();
    let after_a = store
        .save_quarter_report(&org, &mine, saved.revision, OFFICER, false)
        .await
        .expect("A saves");

    let before = raw.row_counts().await;
    // B's form was made from revision 1, too.
    let mut theirs = saved.clone();
    theirs.narrative = "ฉบับของผู้ใช้ B".into();
    for (expected, submit) in [
        (saved.revision, false),
        (saved.revision, true),
        (0, false),
        (99, false),
    ] {
        match store
            .save_quarter_report(&org, &theirs, expected, "user-b", submit)
            .await
        {
            Err(error @ StoreError::Stale { current_revision }) => {
                assert_eq!(current_revision, after_a.revision);
                assert!(
                    // What a person reads of this error: service's wording.
                    sujarit_service::wording::refusal(&error).starts_with("มีผู้แก้ไขรายงานนี้ก่อนคุณ"),
                    "{error}"
                );
            }
            other => panic!("expected Stale for revision {expected}, got {other:?}"),
        }
    }
    assert_eq!(raw.row_counts().await, before);
    assert_eq!(
        saved_again(store, &org, k).await,
        after_a,
        "B wrote nothing"
    );

    // A new report saved "over" a revision that never existed is stale too.
    match store
        .save_quarter_report(
            &org,
            &full_report(key(1, 1, Quarter::Q4)),
            3,
            OFFICER,
            false,
        )
        .await
    {
        Err(StoreError::Stale {
            current_revision: 0,
        }) => {}
        other => panic!("expected Stale(0), got {other:?}"),
    }
    assert_eq!(raw.row_counts().await, before);
}

async fn concurrent_saves_of_one_revision_let_exactly_one_win(store: &dyn Store, _raw: &Raw) {
    let org = organization_with_plan(store, "alpha").await;
    let k = key(1, 2, Quarter::Q1);
    // Both from nothing (two inserts), then both from revision 1 (two updates).
    for expected in [0, 1] {
        let mut a = full_report(k);
        a.narrative = format!("A{expected}");
        let mut b = full_report(k);
        b.narrative = format!("B{expected}");
        let (ra, rb) = tokio::join!(
            store.save_quarter_report(&org, &a, expected, "user-a", false),
            store.save_quarter_report(&org, &b, expected, "user-b", false),
        );
        let winner = match (ra, rb) {
            (Ok(w), Err(StoreError::Stale { .. })) | (Err(StoreError::Stale { .. }), Ok(w)) => w,
            other => panic!("expected one save and one Stale, got {other:?}"),
        };
        assert_eq!(winner.revision, expected + 1);
        assert_eq!(saved_again(store, &org, k).await, winner);
    }
}

async fn invalid_reports_are_refused_with_field_errors_and_nothing_is_written(
    store: &dyn Store,
    raw: &Raw,
) {
    let org = organization_with_plan(store, "alpha").await;
    let before = raw.row_counts().await;
    let mut bad = full_report(key(1, 1, Quarter::Q1));
    bad.budget_adopted = Some(Baht::from_baht(1_000));
    bad.budget_disbursed = Some(Baht::from_baht(1_500));
    bad.overspend_reason = Some("   ".into());
    bad.budget_planned = Some(Baht::from_satang(-1));
    bad.kpi_actuals[0].value = "ดีมาก".into();
    match store
        .save_quarter_report(&org, &bad, 0, OFFICER, true)
        .await
    {
        Err(StoreError::Invalid(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
            assert_eq!(
                fields,
                ["budget_planned", "overspend_reason", "kpi_actuals"]
            );
            assert!(errors[1].message.contains("1,500"), "{}", errors[1].message);
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(raw.row_counts().await, before);
}

async fn reports_need_a_current_plan_a_known_item_and_a_plan_year(store: &dyn Store, raw: &Raw) {
    let without_plan = store
        .ensure_organization("noplan", "เทศบาลที่ยังไม่มีแผน")
        .await
        .expect("org")
        .id;
    let k = key(1, 1, Quarter::Q1);
    assert!(matches!(
        store
            .save_quarter_report(&without_plan, &full_report(k), 0, OFFICER, false)
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        store.quarter_report(&without_plan, k).await.expect("read"),
        None
    );
    assert!(
        store
            .quarter_reports(&without_plan, 2568)
            .await
            .expect("read")
            .is_empty()
    );

    let org = organization_with_plan(store, "alpha").await;
    let before = raw.row_counts().await;
    match store
        .save_quarter_report(
            &org,
            &full_report(key(9, 9, Quarter::Q1)),
            0,
            OFFICER,
            false,
        )
        .await
    {
        Err(StoreError::NotFound(what)) => assert!(what.to_string().contains("9.9"), "{what}"),
        other => panic!("expected NotFound, got {other:?}"),
    }
    let mut outside = full_report(k);
    outside.fiscal_year = 2571;
    match store
        .save_quarter_report(&org, &outside, 0, OFFICER, false)
        .await
    {
        Err(StoreError::Invalid(errors)) => {
            assert_eq!(errors[0].field, "fiscal_year");
            assert!(
                errors[0].message.contains("2566–2570"),
                "{}",
                errors[0].message
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert!(matches!(
        store
            .review_quarter_report(&org, k, ReviewAction::Submit, None, OFFICER)
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(raw.row_counts().await, before);
}

async fn the_workflow_refuses_illegal_moves_and_records_history(store: &dyn Store, raw: &Raw) {
    let org = organization_with_plan(store, "alpha").await;
    let k = key(2, 1, Quarter::Q1);
    store
        .save_quarter_report(&org, &full_report(k), 0, OFFICER, false)
        .await
        .expect("save");

    // From a draft only Submit is allowed.
    for action in [
        ReviewAction::Return,
        ReviewAction::Approve,
        ReviewAction::Publish,
    ] {
        let before = raw.row_counts().await;
        let stored = saved_again(store, &org, k).await;
        match store
            .review_quarter_report(&org, k, action, Some("x"), COORDINATOR)
            .await
        {
            Err(StoreError::NotAllowed(message)) => {
                assert!(message.to_string().contains("2.1"), "{message}");
                assert!(message.to_string().contains("ร่าง"), "{message}");
            }
            other => panic!("expected NotAllowed for {action:?}, got {other:?}"),
        }
        assert_eq!(raw.row_counts().await, before);
        assert_eq!(saved_again(store, &org, k).await, stored);
    }
    submit(store, &org, k).await;
    // Returning needs a comment.
    for blank in [None, Some("  ")] {
        match store
            .review_quarter_report(&org, k, ReviewAction::Return, blank, COORDINATOR)
            .await
        {
            Err(StoreError::Invalid(errors)) => assert_eq!(errors[0].field, "comment"),
            other => panic!("expected Invalid, got {other:?}"),
        }
    }
    assert!(matches!(
        store
            .review_quarter_report(&org, k, ReviewAction::Publish, None, COORDINATOR)
            .await,
        Err(StoreError::NotAllowed(_))
    ));
    let approved = store
        .review_quarter_report(&org, k, ReviewAction::Approve, Some("ถูกต้อง"), COORDINATOR)
        .await
        .expect("approve");
    assert_eq!(approved.review, ReviewState::Approved);
    assert_eq!(approved.review_comment.as_deref(), Some("ถูกต้อง"));
    assert_eq!(approved.updated_by.as_deref(), Some(COORDINATOR));
    let published = store
        .review_quarter_report(&org, k, ReviewAction::Publish, None, COORDINATOR)
        .await
        .expect("publish");
    assert_eq!(published.review, ReviewState::Published);
    assert!(matches!(
        store
            .review_quarter_report(&org, k, ReviewAction::Submit, None, OFFICER)
            .await,
        Err(StoreError::NotAllowed(_))
    ));
    // Taken back for correction.
    store
        .review_quarter_report(&org, k, ReviewAction::Return, Some("ตัวเลขผิด"), COORDINATOR)
        .await
        .expect("return a published report");

    let history = store.review_history(&org, k).await.expect("history");
    let moves: Vec<_> = history
        .iter()
        .map(|e| {
            (
                e.action,
                e.from,
                e.to,
                e.comment.as_deref(),
                e.actor.as_str(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            (
                ReviewAction::Submit,
                ReviewState::Draft,
                ReviewState::Submitted,
                None,
                OFFICER
            ),
            (
                ReviewAction::Approve,
                ReviewState::Submitted,
                ReviewState::Approved,
                Some("ถูกต้อง"),
                COORDINATOR
            ),
            (
                ReviewAction::Publish,
                ReviewState::Approved,
                ReviewState::Published,
                None,
                COORDINATOR
            ),
            (
                ReviewAction::Return,
                ReviewState::Published,
                ReviewState::Returned,
                Some("ตัวเลขผิด"),
                COORDINATOR
            ),
        ]
    );
    assert!(history.windows(2).all(|w| w[0].at <= w[1].at));
    assert!(
        store
            .review_history(&org, key(2, 1, Quarter::Q2))
            .await
            .expect("none")
            .is_empty()
    );
}

async fn a_submitted_report_cannot_be_edited_until_returned(store: &dyn Store, raw: &Raw) {
    let org = organization_with_plan(store, "alpha").await;
    let k = key(1, 1, Quarter::Q2);
    let submitted = store
        .save_quarter_report(&org, &full_report(k), 0, OFFICER, true)
        .await
        .expect("save and submit");
    assert_eq!(submitted.review, ReviewState::Submitted);
    let before = raw.row_counts().await;
    match store
        .save_quarter_report(&org, &submitted, submitted.revision, OFFICER, false)
        .await
    {
        Err(StoreError::NotAllowed(message)) => {
            assert!(message.to_string().contains("ส่งตรวจแล้ว"), "{message}")
        }
        other => panic!("expected NotAllowed, got {other:?}"),
    }
    assert_eq!(raw.row_counts().await, before);
    let queue = store
        .quarter_reports_in_state(&org, ReviewState::Submitted)
        .await
        .expect("queue");
    assert_eq!(queue, vec![submitted.clone()]);
    assert!(
        store
            .quarter_reports_in_state(&org, ReviewState::Approved)
            .await
            .expect("none")
            .is_empty()
    );
}

async fn only_published_reports_are_public(store: &dyn Store, _raw: &Raw) {
    let org = organization_with_plan(store, "alpha").await;
    let draft = key(1, 1, Quarter::Q1);
    let submitted = key(1, 2, Quarter::Q1);
    let approved = key(2, 1, Quarter::Q1);
    let published = key(1, 1, Quarter::Q2);
    for k in [draft, submitted, approved, published] {
        store
            .save_quarter_report(&org, &full_report(k), 0, OFFICER, k != draft)
            .await
            .expect("save");
    }
    let evidence = evidence("ภาพกิจกรรม.png");
    // Evidence goes on while editable: return the published-to-be one first.
    store
        .review_quarter_report(
            &org,
            published,
            ReviewAction::Return,
            Some("แนบหลักฐาน"),
            COORDINATOR,
        )
        .await
        .expect("return");
    store
        .attach_evidence(&org, published, &evidence)
        .await
        .expect("attach");
    submit(store, &org, published).await;
    for k in [approved, published] {
        store
            .review_quarter_report(&org, k, ReviewAction::Approve, Some("ภายใน"), COORDINATOR)
            .await
            .expect("approve");
    }
    store
        .review_quarter_report(
            &org,
            published,
            ReviewAction::Publish,
            Some("เผยแพร่"),
            COORDINATOR,
        )
        .await
        .expect("publish");

    let public = store.published_reports(&org, 2568).await.expect("public");
    assert_eq!(public.len(), 1);
    let report = &public[0];
    assert_eq!(report.key(), published);
    assert_eq!(report.review, ReviewState::Published);
    assert_eq!(report.narrative, full_report(published).narrative);
    // Internal fields stay inside.
    assert_eq!(report.review_comment, None);
    assert_eq!(report.updated_by, None);
    assert_eq!(report.evidence.len(), 1);
    assert_eq!(report.evidence[0].uploaded_by, "");
    assert_eq!(report.evidence[0].sha256, evidence.sha256);
    assert!(
        store
            .published_reports(&org, 2567)
            .await
            .expect("other year")
            .is_empty()
    );
    // The item's page reads the same through one call: item 1.1 has a draft
    // (Q1) and the published Q2; 1.2 is only submitted.
    let of_item = store
        .published_reports_of_item(&org, published.item)
        .await
        .expect("of item");
    assert_eq!(of_item, public, "the same report, internal fields left out");
    assert!(
        store
            .published_reports_of_item(&org, submitted.item)
            .await
            .expect("of item")
            .is_empty()
    );

    let record = store
        .evidence(&org, &evidence.id)
        .await
        .expect("evidence")
        .expect("found");
    assert_eq!(record.review, ReviewState::Published);
    assert_eq!(record.key, published);
    assert_eq!(record.evidence, evidence);
}

async fn the_first_save_carries_its_evidence_or_writes_nothing(store: &dyn Store, raw: &Raw) {
    let org = organization_with_plan(store, "alpha").await;
    let k = key(1, 2, Quarter::Q2);
    // A refused file (bad metadata) after a valid report: nothing at all.
    let mut bad = evidence("x.pdf");
    bad.sha256 = "../../etc/passwd".into();
    let before = raw.row_counts().await;
    assert!(matches!(
        store
            .save_quarter_report_with_evidence(
                &org,
                &full_report(k),
                0,
                OFFICER,
                true,
                &[evidence("ดี.pdf"), bad]
            )
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(raw.row_counts().await, before, "nothing half-written");
    assert_eq!(store.quarter_report(&org, k).await.expect("read"), None);

    // Saved, attached and submitted in one go: the files are on the report
    // and the history has the one submission.
    let files = [evidence("รายงาน.pdf"), evidence("ภาพ.jpg")];
    let saved = store
        .save_quarter_report_with_evidence(&org, &full_report(k), 0, OFFICER, true, &files)
        .await
        .expect("save with evidence");
    assert_eq!(saved.review, ReviewState::Submitted);
    assert_eq!(saved.evidence.len(), 2);
    let history = store.review_history(&org, k).await.expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action, ReviewAction::Submit);
    // Without files it is the plain save.
    let other = key(1, 1, Quarter::Q2);
    let draft = store
        .save_quarter_report_with_evidence(&org, &full_report(other), 0, OFFICER, false, &[])
        .await
        .expect("save");
    assert_eq!(draft.review, ReviewState::Draft);
    assert!(draft.evidence.is_empty());
}

async fn evidence_attaches_to_editable_reports_only(store: &dyn Store, raw: &Raw) {
    let org = organization_with_plan(store, "alpha").await;
    let k = key(1, 2, Quarter::Q3);
    let first = evidence("รายงานผล.pdf");
    // No report yet: save first.
    match store.attach_evidence(&org, k, &first).await {
        Err(StoreError::NotFound(message)) => {
            assert!(message.to_string().contains("1.2"), "{message}")
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    let saved = store
        .save_quarter_report(&org, &full_report(k), 0, OFFICER, false)
        .await
        .expect("save");
    store
        .attach_evidence(&org, k, &first)
        .await
        .expect("attach");
    let mut second = evidence("ภาพ.jpg");
    second.sha256 = first.sha256.clone(); // the same bytes twice is fine
    second.uploaded_at = first.uploaded_at + time::Duration::SECOND;
    store
        .attach_evidence(&org, k, &second)
        .await
        .expect("attach");
    let read = saved_again(store, &org, k).await;
    assert_eq!(read.evidence, vec![first.clone(), second.clone()]);
    assert_eq!(
        read.revision, saved.revision,
        "attaching keeps open forms valid"
    );

    // Malformed metadata is refused.
    let mut bad = evidence("x.pdf");
    bad.sha256 = "../../etc/passwd".into();
    assert!(matches!(
        store.attach_evidence(&org, k, &bad).await,
        Err(StoreError::Invalid(_))
    ));

    let removed = store
        .detach_evidence(&org, &first.id)
        .await
        .expect("detach");
    assert_eq!(removed, first);
    assert_eq!(
        saved_again(store, &org, k).await.evidence,
        vec![second.clone()]
    );
    assert!(matches!(
        store.detach_evidence(&org, &first.id).await,
        Err(StoreError::NotFound(_))
    ));

    // Once submitted, evidence is frozen.
    submit(store, &org, k).await;
    let before = raw.row_counts().await;
    for outcome in [
        store
            .attach_evidence(&org, k, &evidence("late.pdf"))
            .await
            .err(),
        store.detach_evidence(&org, &second.id).await.err(),
    ] {
        match outcome {
            Some(StoreError::NotAllowed(message)) => {
                assert!(message.to_string().contains("ส่งตรวจแล้ว"), "{message}")
            }
            other => panic!("expected NotAllowed, got {other:?}"),
        }
    }
    assert_eq!(raw.row_counts().await, before);
}

async fn organisations_are_isolated(store: &dyn Store, _raw: &Raw) {
    let a = organization_with_plan(store, "alpha").await;
    let b = organization_with_plan(store, "beta").await;
    let k = key(1, 1, Quarter::Q1);
    let mut report_a = full_report(k);
    report_a.narrative = "ของอัลฟา".into();
    let saved_a = store
        .save_quarter_report(&a, &report_a, 0, OFFICER, true)
        .await
        .expect("save a");
    let file = evidence("a.pdf");
    assert!(store.evidence(&b, &file.id).await.expect("b").is_none());

    // B sees nothing of A's, and its own report on the same key is separate.
    assert_eq!(store.quarter_report(&b, k).await.expect("b"), None);
    assert!(store.quarter_reports(&b, 2568).await.expect("b").is_empty());
    assert!(
        store
            .quarter_reports_in_state(&b, ReviewState::Submitted)
            .await
            .expect("b")
            .is_empty()
    );
    assert!(store.review_history(&b, k).await.expect("b").is_empty());
    assert!(matches!(
        store
            .review_quarter_report(&b, k, ReviewAction::Approve, None, COORDINATOR)
            .await,
        Err(StoreError::NotFound(_))
    ));
    let saved_b = store
        .save_quarter_report(&b, &full_report(k), 0, OFFICER, false)
        .await
        .expect("save b");
    assert_eq!(saved_b.revision, 1);
    assert_eq!(saved_again(store, &a, k).await, saved_a);

    let actual = target_actual("คะแนน ITA", 2566, "70");
    store
        .save_target_actual(&a, &actual, COORDINATOR)
        .await
        .expect("a's actual");
    assert!(store.target_actuals(&b).await.expect("b").is_empty());
    assert!(
        !store
            .remove_target_actual(&b, "คะแนน ITA", 2566)
            .await
            .expect("b removes nothing")
    );
    assert_eq!(store.target_actuals(&a).await.expect("a").len(), 1);
}

async fn target_actuals_are_saved_checked_and_listed(store: &dyn Store, raw: &Raw) {
    let org = organization_with_plan(store, "alpha").await;
    let ita = "คะแนน ITA";
    let cases = "จำนวนคดีทุจริตลดลง (คำนวณจากปี 2565)";
    let saved = store
        .save_target_actual(&org, &target_actual(ita, 2566, "๘๕.๔๐"), COORDINATOR)
        .await
        .expect("save");
    assert_eq!(saved.value, "85.4", "normalised");
    assert_eq!(saved.updated_by.as_deref(), Some(COORDINATOR));
    // The baseline year of a reduction target is accepted; a correction replaces.
    store
        .save_target_actual(&org, &target_actual(cases, 2565, "12"), COORDINATOR)
        .await
        .expect("baseline");
    let mut corrected = target_actual(cases, 2566, "10");
    corrected.note = Some("ข้อมูลจาก ป.ป.ช.".into());
    store
        .save_target_actual(&org, &target_actual(cases, 2566, "11"), COORDINATOR)
        .await
        .expect("first");
    let corrected = store
        .save_target_actual(&org, &corrected, "user-other")
        .await
        .expect("correction");
    let all = store.target_actuals(&org).await.expect("list");
    assert_eq!(all.len(), 3);
    let shown: Vec<(&str, u16, &str)> = all
        .iter()
        .map(|a| (a.indicator.as_str(), a.fiscal_year, a.value.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            (ita, 2566, "85.4"),
            (cases, 2565, "12"),
            (cases, 2566, "10")
        ]
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
    assert!(all.contains(&corrected));
    assert!(all.contains(&saved));

    let before = raw.row_counts().await;
    for (actual, field) in [
        (target_actual(ita, 2566, "สูง"), "value"),
        (target_actual(ita, 2565, "70"), "fiscal_year"),
        (target_actual(ita, 2571, "70"), "fiscal_year"),
        (target_actual("ตัวชี้วัดที่ไม่มีในแผน", 2566, "1"), "indicator"),
        (target_actual(ita, 2566, "-5"), "value"),
    ] {
        match store.save_target_actual(&org, &actual, COORDINATOR).await {
            Err(StoreError::Invalid(errors)) => {
                assert!(
                    errors.iter().any(|e| e.field == field),
                    "{actual:?}: {errors:?}"
                )
            }
            other => panic!("expected Invalid for {actual:?}, got {other:?}"),
        }
    }
    assert_eq!(raw.row_counts().await, before);

    assert!(
        store
            .remove_target_actual(&org, ita, 2566)
            .await
            .expect("remove")
    );
    assert!(
        !store
            .remove_target_actual(&org, ita, 2566)
            .await
            .expect("again")
    );
    assert_eq!(store.target_actuals(&org).await.expect("list").len(), 2);
}

// ---------------------------------------------------------------------------
// Helpers

pub(crate) fn key(dimension: u8, no: u32, quarter: Quarter) -> ReportKey {
    ReportKey {
        item: ItemRef { dimension, no },
        fiscal_year: 2568,
        quarter,
    }
}

/// A report with every field filled (Thai text, satang, KPI actuals).
pub(crate) fn full_report(key: ReportKey) -> QuarterReport {
    let mut report = QuarterReport::new(key);
    report.status = ProgressStatus::InProgress;
    report.budget_planned = Some(Baht::from_baht(100_000));
    report.budget_adopted = Some(Baht::from_satang(9_000_050));
    report.budget_disbursed = Some(Baht::from_satang(9_500_025));
    report.overspend_reason = Some("ได้รับงบประมาณเพิ่มเติมระหว่างปี".into());
    report.narrative = "จัดอบรม <script>alert(1)</script> ผู้เข้าร่วม ๑๒๐ คน\nบรรทัดที่สอง".into();
    report.kpi_actuals = vec![
        KpiActual {
            kpi: "ผู้เข้าร่วมพึงพอใจไม่ต่ำกว่าร้อยละ 80".into(),
            value: "86.5".into(),
            note: Some("จากแบบสอบถาม 100 ชุด".into()),
        },
        KpiActual {
            kpi: "จัดกิจกรรมไม่น้อยกว่า 2 ครั้ง".into(),
            value: "".into(),
            note: None,
        },
    ];
    report
}

/// The fields a caller writes (the store owns the rest).
fn content(r: &QuarterReport) -> QuarterReport {
    QuarterReport {
        evidence: Vec::new(),
        review: ReviewState::Draft,
        review_comment: None,
        revision: 0,
        updated_by: None,
        updated_at: None,
        ..r.clone()
    }
}

async fn saved_again(store: &dyn Store, org: &str, key: ReportKey) -> QuarterReport {
    store
        .quarter_report(org, key)
        .await
        .expect("read")
        .expect("a stored report")
}

async fn submit(store: &dyn Store, org: &str, key: ReportKey) {
    store
        .review_quarter_report(org, key, ReviewAction::Submit, None, OFFICER)
        .await
        .expect("submit");
}

/// Sets a file's modification time `age` into the past.
fn age_file(path: &std::path::Path, age: std::time::Duration) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open")
        .set_modified(std::time::SystemTime::now() - age)
        .expect("set the modification time");
}

async fn the_sweep_removes_old_unreferenced_files_and_keeps_the_rest(
    store: &dyn Store,
    _raw: &Raw,
) {
    use sujarit_store::files::{FileStore, Swept};
    let dir = sujarit_testkit::TempDir::new("sweep");
    let files = FileStore::new(dir.path());
    let hour = std::time::Duration::from_secs(3600);
    let referenced_old = files.save_opaque(b"referenced").await.expect("save");
    let unreferenced_old = files.save_opaque(b"nobody names me").await.expect("save");
    let unreferenced_young = files
        .save_opaque(b"an upload in flight")
        .await
        .expect("save");
    for sha256 in [&referenced_old, &unreferenced_old] {
        age_file(&files.path_of(sha256).unwrap(), 2 * hour);
    }
    // An unfinished upload left by a crash, and a stranger in the root.
    std::fs::write(dir.path().join(".upload-0123.part"), b"half").unwrap();
    age_file(&dir.path().join(".upload-0123.part"), 2 * hour);
    std::fs::write(dir.path().join("README"), b"not ours").unwrap();
    age_file(&dir.path().join("README"), 2 * hour);

    assert!(
        store
            .referenced_files()
            .await
            .expect("referenced")
            .is_empty()
    );
    let org = organization_with_plan(store, "alpha").await;
    let k = key(1, 1, Quarter::Q1);
    store
        .save_quarter_report(&org, &full_report(k), 0, OFFICER, false)
        .await
        .expect("save");
    let mut attached = evidence("รายงาน.pdf");
    attached.sha256 = referenced_old.to_ascii_uppercase();
    store
        .attach_evidence(&org, k, &attached)
        .await
        .expect("attach");
    let referenced = store.referenced_files().await.expect("referenced");
    assert_eq!(referenced.iter().collect::<Vec<_>>(), vec![&referenced_old]);

    let swept = files.sweep(&referenced, hour).await.expect("sweep");
    assert_eq!(
        swept,
        Swept {
            unreferenced: 1,
            bytes: b"nobody names me".len() as u64,
            leftover_uploads: 1,
            kept_young: 1,
        }
    );
    assert!(files.read(&referenced_old).await.unwrap().is_some());
    assert!(files.read(&unreferenced_old).await.unwrap().is_none());
    assert!(files.read(&unreferenced_young).await.unwrap().is_some());
    assert!(dir.path().join("README").exists());
    assert!(!dir.path().join(".upload-0123.part").exists());

    // Storing bytes already on disk makes that copy young again: the sweep
    // leaves it to the record about to name it.
    age_file(&files.path_of(&unreferenced_young).unwrap(), 2 * hour);
    files
        .save_opaque(b"an upload in flight")
        .await
        .expect("save");
    let swept = files.sweep(&referenced, hour).await.expect("sweep");
    assert_eq!(swept.unreferenced, 0);
    assert!(files.read(&unreferenced_young).await.unwrap().is_some());
}

fn evidence(file_name: &str) -> Evidence {
    let now = time::OffsetDateTime::now_utc();
    Evidence {
        id: uuid::Uuid::new_v4().to_string(),
        file_name: file_name.into(),
        media_type: "application/pdf".into(),
        size_bytes: 1234,
        sha256: format!("{:0>64x}", uuid::Uuid::new_v4().as_u128()),
        uploaded_by: OFFICER.into(),
        uploaded_at: now
            .replace_nanosecond(now.nanosecond() / 1_000 * 1_000)
            .unwrap(),
    }
}

fn target_actual(indicator: &str, fiscal_year: u16, value: &str) -> TargetActual {
    TargetActual {
        indicator: indicator.into(),
        fiscal_year,
        value: value.into(),
        note: None,
        updated_by: None,
        updated_at: None,
    }
}

/// An organisation with a current plan: 2566–2570, items 1.1, 1.2 and 2.1,
/// and the two Part 1 targets of the NACC template.
pub(crate) async fn organization_with_plan(store: &dyn Store, slug: &str) -> String {
    let org = store
        .ensure_organization(slug, &format!("เทศบาล{slug}"))
        .await
        .expect("organization");
    let budget = |amount: i64| -> BTreeMap<u16, Baht> {
        (2566..=2570)
            .map(|y| (y, Baht::from_baht(amount)))
            .collect()
    };
    let item = |dimension: u8, no: u32, unit: &str| Item {
        dimension,
        no,
        kind: Some(ItemKind::Project),
        name: format!("โครงการ {dimension}.{no}"),
        budget: budget(100_000),
        units: vec![unit.to_string()],
        form: None,
        line: None,
    };
    let target = |indicator: &str, values: [(u16, &str, u32); 5]| TargetRow {
        indicator: indicator.into(),
        values: values
            .iter()
            .map(|&(y, text, n)| {
                (
                    y,
                    TargetValue {
                        text: text.into(),
                        number: Some(n),
                    },
                )
            })
            .collect(),
        line: None,
    };
    let plan = Plan {
        organization: format!("เทศบาล{slug}"),
        title: "แผนปฏิบัติการป้องกันการทุจริต".into(),
        period: Period {
            first_fiscal_year: 2566,
            last_fiscal_year: 2570,
        },
        dimensions: vec![
            Dimension {
                no: 1,
                name: "มิติที่ 1".into(),
                missions: vec![Mission {
                    code: "1.1".into(),
                    name: "ภารกิจ 1.1".into(),
                    items: vec![item(1, 1, "กองยุทธศาสตร์ฯ"), item(1, 2, "สำนักคลัง")],
                }],
                ..Dimension::default()
            },
            Dimension {
                no: 2,
                name: "มิติที่ 2".into(),
                missions: vec![Mission {
                    code: "2.1".into(),
                    name: "ภารกิจ 2.1".into(),
                    items: vec![item(2, 1, "กองการเจ้าหน้าที่")],
                }],
                ..Dimension::default()
            },
        ],
        targets: vec![
            target(
                "จำนวนคดีทุจริตลดลง (คำนวณจากปี 2565)",
                [
                    (2566, "ร้อยละ 10", 10),
                    (2567, "ร้อยละ 20", 20),
                    (2568, "ร้อยละ 30", 30),
                    (2569, "ร้อยละ 40", 40),
                    (2570, "ร้อยละ 50", 50),
                ],
            ),
            target(
                "คะแนน ITA",
                [
                    (2566, "65 คะแนน", 65),
                    (2567, "70 คะแนน", 70),
                    (2568, "75 คะแนน", 75),
                    (2569, "80 คะแนน", 80),
                    (2570, "85 คะแนน", 85),
                ],
            ),
        ],
        ..Plan::default()
    };
    let report = PlanReport {
        plan,
        findings: Vec::new(),
    };
    let source = ImportSource {
        file_name: "plan.txt".into(),
        sha256: format!("{slug:0>64}"),
    };
    match store
        .save_plan_import(&org.id, &report, &source)
        .await
        .expect("import plan")
    {
        SaveOutcome::Saved(_) => {}
        other => panic!("expected a new plan, got {other:?}"),
    }
    org.id
}
