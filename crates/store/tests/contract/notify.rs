//! Scenarios of the staff notifications contract (`NotifyStore`): each
//! user's choices, what happened within a span (complaints received, general
//! complaints assigned to a unit, reports returned or approved), and the
//! outbox: one notice per user and event, sent once.

use sujarit_core::account::Role;
use sujarit_core::complaint::{Channel, EventKind, NewCaseEvent};
use sujarit_core::fiscal::Quarter;
use sujarit_core::notify::NoticeKind;
use sujarit_core::progress::ReviewAction;
use sujarit_store::{NewStaffNotice, Store};
use time::{Duration, OffsetDateTime};

use crate::complaints::{corruption, file_one, general, step, unit_and_officer, user};
use crate::harness::Raw;
use crate::progress::{full_report, key, organization_with_plan};

contract! {
    choices_are_saved_whole_and_a_kind_never_chosen_is_on,
    the_outbox_keeps_one_notice_per_user_and_event_and_sends_it_once,
    happenings_are_read_within_their_span,
}

fn notice(user_id: &str, key: &str) -> NewStaffNotice {
    NewStaffNotice {
        user_id: user_id.into(),
        event_key: key.into(),
        kind: NoticeKind::NewComplaint,
        subject: "เรื่องใหม่".into(),
        body: "มีเรื่องร้องเรียนใหม่".into(),
    }
}

async fn choices_are_saved_whole_and_a_kind_never_chosen_is_on(store: &dyn Store, _raw: &Raw) {
    let org = organization_with_plan(store, "alpha").await;
    let me = user(store, &org, "me@example.org", Role::ComplaintOfficer).await;
    assert!(
        store
            .notice_choices(&org, &me)
            .await
            .expect("read")
            .is_empty()
    );
    store
        .set_notice_choices(
            &org,
            &me,
            &[
                (NoticeKind::NewComplaint, false),
                (NoticeKind::Digest, true),
            ],
        )
        .await
        .expect("save");
    assert_eq!(
        store.notice_choices(&org, &me).await.expect("read"),
        vec![
            (NoticeKind::NewComplaint, false),
            (NoticeKind::Digest, true)
        ]
    );
    // Saved again: replaced whole.
    store
        .set_notice_choices(&org, &me, &[(NoticeKind::Digest, false)])
        .await
        .expect("save");
    let recipients = store.notice_recipients(&org).await.expect("recipients");
    let mine = recipients.iter().find(|r| r.user_id == me).expect("me");
    assert_eq!(mine.choices, vec![(NoticeKind::Digest, false)]);
    assert_eq!(mine.role, Role::ComplaintOfficer);
    assert_eq!(mine.email, "me@example.org");
}

async fn the_outbox_keeps_one_notice_per_user_and_event_and_sends_it_once(
    store: &dyn Store,
    _raw: &Raw,
) {
    let org = organization_with_plan(store, "alpha").await;
    let other_org = organization_with_plan(store, "beta").await;
    let a = user(store, &org, "a@example.org", Role::ComplaintOfficer).await;
    let b = user(store, &org, "b@example.org", Role::ComplaintOfficer).await;
    let c = user(store, &other_org, "c@example.org", Role::ComplaintOfficer).await;
    assert_eq!(store.notice_scanned_until(&org).await.expect("read"), None);
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let added = store
        .enqueue_staff_notices(&org, &[notice(&a, "new:1"), notice(&b, "new:1")], Some(now))
        .await
        .expect("enqueue");
    assert_eq!(added, 2);
    assert_eq!(
        store.notice_scanned_until(&org).await.expect("read"),
        Some(now)
    );
    // The same events again (a restart, an overlapping scan): nothing new.
    let later = now + Duration::minutes(1);
    let again = store
        .enqueue_staff_notices(
            &org,
            &[notice(&a, "new:1"), notice(&a, "new:2")],
            Some(later),
        )
        .await
        .expect("enqueue");
    assert_eq!(again, 1, "only new:2 for a is new");
    assert_eq!(
        store.notice_scanned_until(&org).await.expect("read"),
        Some(later)
    );
    store
        .enqueue_staff_notices(&other_org, &[notice(&c, "new:1")], None)
        .await
        .expect("enqueue");
    assert_eq!(
        store.notice_scanned_until(&other_org).await.expect("read"),
        None
    );

    let pending = store.pending_staff_notices(3, 100).await.expect("pending");
    assert_eq!(pending.len(), 4, "across organisations");
    let for_a = pending
        .iter()
        .find(|p| p.user_id == a && p.event_key == "new:1")
        .expect("a's notice");
    assert_eq!(for_a.email, "a@example.org");
    assert_eq!(for_a.subject, "เรื่องใหม่");
    assert!(
        !format!("{for_a:?}").contains("example.org"),
        "no address in the debug form"
    );
    store
        .finish_staff_notice(&org, &a, "new:1", Ok(()))
        .await
        .expect("sent");
    for _ in 0..3 {
        store
            .finish_staff_notice(&org, &b, "new:1", Err("เชื่อมต่อไม่ได้".into()))
            .await
            .expect("failed");
    }
    assert_eq!(
        store.staff_notice_state(&org, &a, "new:1").await.unwrap(),
        Some(true)
    );
    assert_eq!(
        store.staff_notice_state(&org, &b, "new:1").await.unwrap(),
        Some(false)
    );
    assert_eq!(
        store.staff_notice_state(&org, &b, "new:9").await.unwrap(),
        None
    );
    let left: Vec<(String, String)> = store
        .pending_staff_notices(3, 100)
        .await
        .expect("pending")
        .into_iter()
        .map(|p| (p.user_id, p.event_key))
        .collect();
    assert_eq!(
        left.len(),
        2,
        "sent once, b given up after 3 tries: {left:?}"
    );
    assert!(left.contains(&(a.clone(), "new:2".into())));
    assert!(left.contains(&(c.clone(), "new:1".into())));
    // A sent notice enqueued again stays sent.
    store
        .enqueue_staff_notices(&org, &[notice(&a, "new:1")], None)
        .await
        .expect("enqueue");
    assert_eq!(
        store.staff_notice_state(&org, &a, "new:1").await.unwrap(),
        Some(true)
    );
}

async fn happenings_are_read_within_their_span(store: &dyn Store, _raw: &Raw) {
    let org = organization_with_plan(store, "alpha").await;
    let before = OffsetDateTime::now_utc() - Duration::seconds(1);
    let (general_receipt, _) = file_one(
        store,
        &org,
        &general("roads", "ถนนชำรุด", Some("หน้าโรงเรียน")),
    )
    .await;
    let (report_receipt, _) = file_one(store, &org, &corruption()).await;
    let general_id = general_receipt.complaint_id.clone();
    let (unit, officer) = unit_and_officer(store, &org).await;
    step(
        store,
        &org,
        &general_id,
        NewCaseEvent::new(EventKind::Accept),
    )
    .await
    .expect("accept");
    step(
        store,
        &org,
        &general_id,
        NewCaseEvent::assign(&unit, &officer),
    )
    .await
    .expect("assign");
    // A report of item 1.2, owned by the unit, returned then approved.
    store
        .set_item_units(
            &org,
            key(1, 2, Quarter::Q1).item,
            std::slice::from_ref(&unit),
            None,
        )
        .await
        .expect("units");
    let k = key(1, 2, Quarter::Q1);
    store
        .save_quarter_report(&org, &full_report(k), 0, "user-officer", true)
        .await
        .expect("submit");
    store
        .review_quarter_report(&org, k, ReviewAction::Return, Some("แก้งบ"), "user-c")
        .await
        .expect("return");
    let after = OffsetDateTime::now_utc() + Duration::seconds(1);

    let seen = store
        .happenings_between(&org, before, after)
        .await
        .expect("read");
    let channels: Vec<(String, Channel)> = seen
        .complaints
        .iter()
        .map(|c| (c.complaint_id.clone(), c.channel))
        .collect();
    assert!(channels.contains(&(general_id.clone(), Channel::General)));
    assert!(channels.contains(&(report_receipt.complaint_id.clone(), Channel::Corruption)));
    assert_eq!(channels.len(), 2);
    let general_seen = seen
        .complaints
        .iter()
        .find(|c| c.complaint_id == general_id)
        .unwrap();
    assert!(!general_seen.category.is_empty());
    assert_eq!(seen.assignments.len(), 1);
    assert_eq!(seen.assignments[0].complaint_id, general_id);
    assert_eq!(seen.assignments[0].unit_id, unit);
    assert_eq!(seen.assignments[0].unit_name, "กองช่าง");
    assert_eq!(seen.decisions.len(), 1, "the submission is not a decision");
    assert_eq!(seen.decisions[0].action, ReviewAction::Return);
    assert_eq!(seen.decisions[0].key, k);
    assert_eq!(seen.decisions[0].comment.as_deref(), Some("แก้งบ"));
    assert_eq!(seen.decisions[0].unit_ids, vec![unit.clone()]);

    // Nothing after the span, nothing before it.
    let empty = store
        .happenings_between(&org, after, after + Duration::minutes(1))
        .await
        .expect("read");
    assert_eq!(empty, sujarit_store::Happenings::default());
    let early = store
        .happenings_between(&org, before - Duration::minutes(5), before)
        .await
        .expect("read");
    assert!(early.complaints.is_empty() && early.decisions.is_empty());
}
