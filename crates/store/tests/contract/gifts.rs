//! Scenarios of the gift register (`GiftStore`, issue 14): declarations
//! checked against the permitted value in force, the supervisor's decision
//! once, nil returns per round, unit heads; refusals write nothing, and the
//! audit log never carries the giver's name or the description.

use sujarit_core::account::Role;
use sujarit_core::integrity::gift::{
    DEFAULT_PERMITTED_VALUE, GiftDecision, GiftInput, GiftKind, GiftReview, Round, Verdict,
};
use sujarit_core::refusal::Missing;
use sujarit_core::{Baht, FiscalYear};
use sujarit_store::{GiftScope, Store, StoreError};
use time::Date;
use time::macros::date;

use crate::complaints::{unit_and_officer, user};
use crate::harness::Raw;

contract! {
    a_declaration_is_kept_with_its_unit_and_audited_without_personal_data,
    refused_declarations_write_nothing,
    the_supervisor_decides_once_and_never_their_own,
    nil_returns_are_one_per_round_and_not_beside_a_declaration,
    a_unit_head_is_one_of_its_officers,
}

const TODAY: Date = date!(2026 - 03 - 01);
const GIVER: &str = "บริษัท ตัวอย่างก่อสร้าง จำกัด";
const DESCRIPTION: &str = "กระเช้าผลไม้และไวน์";

fn gift(value: i64, decision: GiftDecision) -> GiftInput {
    GiftInput {
        giver: GIVER.into(),
        pending_work: false,
        pending_note: String::new(),
        description: DESCRIPTION.into(),
        kind: GiftKind::Property,
        value: Baht::from_baht(value),
        received_on: date!(2026 - 01 - 02),
        occasion: "ปีใหม่".into(),
        decision,
    }
}

async fn org(store: &dyn Store, slug: &str) -> String {
    store
        .ensure_organization(slug, &format!("เทศบาล{slug}"))
        .await
        .expect("organization")
        .id
}

async fn audit_text(store: &dyn Store, org: &str) -> String {
    let entries = store.audit_log(org, None, 100).await.expect("audit");
    entries
        .iter()
        .map(|e| format!("{} {} {:?} {:?}", e.action, e.target, e.before, e.after))
        .collect::<Vec<_>>()
        .join("\n")
}

async fn a_declaration_is_kept_with_its_unit_and_audited_without_personal_data(
    store: &dyn Store,
    _raw: &Raw,
) {
    let org = org(store, "alpha").await;
    let (unit, officer) = unit_and_officer(store, &org).await;
    assert_eq!(
        store.gift_permitted_value(&org).await.expect("value"),
        DEFAULT_PERMITTED_VALUE
    );
    let mut input = gift(800, GiftDecision::KeptWithinLimit);
    input.value = Baht::from_satang(80_050);
    let d = store
        .declare_gift(&org, &officer, &input, TODAY)
        .await
        .expect("declared");
    assert_eq!(d.unit_id.as_deref(), Some(unit.as_str()));
    assert_eq!(d.fiscal_year, FiscalYear(2569));
    assert_eq!(d.input.value, Baht::from_satang(80_050));
    assert_eq!(d.permitted_value, DEFAULT_PERMITTED_VALUE);
    assert!(d.review.is_none());
    assert_eq!(d.declarant_name, "เจ้าหน้าที่ กองช่าง");
    let again = store
        .gift_declaration(&org, &d.id)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(again, d);
    for (scope, expected) in [
        (GiftScope::Declarant(&officer), 1),
        (GiftScope::Unit(&unit), 1),
        (GiftScope::All, 1),
        (GiftScope::Unit("other"), 0),
    ] {
        let found = store
            .gift_declarations(&org, Some(FiscalYear(2569)), scope)
            .await
            .expect("list");
        assert_eq!(found.len(), expected, "{scope:?}");
    }
    assert!(
        store
            .gift_declarations(&org, Some(FiscalYear(2570)), GiftScope::All)
            .await
            .expect("list")
            .is_empty()
    );
    // Another organisation sees nothing of it.
    let beta = org_named(store, "beta").await;
    assert!(
        store
            .gift_declaration(&beta, &d.id)
            .await
            .expect("read")
            .is_none()
    );
    let log = audit_text(store, &org).await;
    assert!(log.contains("gift.declared"), "{log}");
    assert!(log.contains("80050"), "{log}");
    assert!(!log.contains("ตัวอย่างก่อสร้าง"), "the giver in the log: {log}");
    assert!(!log.contains("กระเช้า"), "the description in the log: {log}");
}

async fn org_named(store: &dyn Store, slug: &str) -> String {
    org(store, slug).await
}

async fn refused_declarations_write_nothing(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let (_, officer) = unit_and_officer(store, &org).await;
    let before = raw.row_counts().await;
    // Over the value, kept.
    let over = store
        .declare_gift(
            &org,
            &officer,
            &gift(3_001, GiftDecision::KeptWithinLimit),
            TODAY,
        )
        .await;
    match over {
        Err(StoreError::Invalid(fields)) => assert_eq!(fields[0].field, "decision"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    // Negative.
    let negative = store
        .declare_gift(&org, &officer, &gift(-1, GiftDecision::Returned), TODAY)
        .await;
    assert!(
        matches!(negative, Err(StoreError::Invalid(_))),
        "{negative:?}"
    );
    // Pending work, kept.
    let mut pending = gift(100, GiftDecision::KeptWithinLimit);
    pending.pending_work = true;
    pending.pending_note = "ขออนุญาตก่อสร้าง".into();
    assert!(matches!(
        store.declare_gift(&org, &officer, &pending, TODAY).await,
        Err(StoreError::Invalid(_))
    ));
    // A lower setting applies to what follows.
    store
        .set_gift_permitted_value(&org, Baht::from_baht(500), &officer)
        .await
        .expect("setting");
    let setting_rows = raw.row_counts().await;
    assert!(matches!(
        store
            .declare_gift(
                &org,
                &officer,
                &gift(800, GiftDecision::KeptWithinLimit),
                TODAY
            )
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store
            .set_gift_permitted_value(&org, Baht::ZERO, &officer)
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(raw.row_counts().await, setting_rows);
    assert_eq!(
        before.get("gift_declarations"),
        setting_rows.get("gift_declarations")
    );
    assert_eq!(
        store.gift_permitted_value(&org).await.expect("value"),
        Baht::from_baht(500)
    );
    // An unknown declarant.
    assert!(matches!(
        store
            .declare_gift(&org, "nobody", &gift(100, GiftDecision::Refused), TODAY)
            .await,
        Err(StoreError::NotFound(Missing::User(_)))
    ));
    assert_eq!(raw.row_counts().await, setting_rows);
}

async fn the_supervisor_decides_once_and_never_their_own(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let (_, officer) = unit_and_officer(store, &org).await;
    let mayor = user(store, &org, "mayor@example.org", Role::Executive).await;
    let d = store
        .declare_gift(&org, &officer, &gift(5_000, GiftDecision::Returned), TODAY)
        .await
        .expect("declared");
    let own = store
        .declare_gift(&org, &mayor, &gift(200, GiftDecision::Refused), TODAY)
        .await
        .expect("declared");
    let before = raw.row_counts().await;
    let log_before = store.audit_log(&org, None, 100).await.expect("log").len();
    // Their own: refused.
    let agree = GiftReview {
        verdict: Verdict::Agree,
        note: String::new(),
    };
    assert!(matches!(
        store.decide_gift(&org, &own.id, &agree, &mayor).await,
        Err(StoreError::Invalid(_))
    ));
    // An order without a note: refused.
    let bare = GiftReview {
        verdict: Verdict::OrderHandOver,
        note: " ".into(),
    };
    assert!(matches!(
        store.decide_gift(&org, &d.id, &bare, &mayor).await,
        Err(StoreError::Invalid(_))
    ));
    // An unknown declaration.
    assert!(matches!(
        store.decide_gift(&org, "no-such", &agree, &mayor).await,
        Err(StoreError::NotFound(Missing::GiftDeclaration(_)))
    ));
    assert_eq!(raw.row_counts().await, before);
    assert_eq!(
        store.audit_log(&org, None, 100).await.expect("log").len(),
        log_before
    );
    let order = GiftReview {
        verdict: Verdict::OrderHandOver,
        note: "มูลค่าเกินกำหนด ให้ส่งมอบเป็นทรัพย์สินของเทศบาล".into(),
    };
    let decided = store
        .decide_gift(&org, &d.id, &order, &mayor)
        .await
        .expect("decided");
    let review = decided.review.clone().expect("review");
    assert_eq!(review.by, mayor);
    assert_eq!(decided.outcome(), GiftDecision::HandedOver);
    assert!(decided.over_limit());
    // A second decision: refused, nothing changes.
    assert!(matches!(
        store.decide_gift(&org, &d.id, &agree, &mayor).await,
        Err(StoreError::Invalid(_))
    ));
    let again = store
        .gift_declaration(&org, &d.id)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(again.review, decided.review);
    let log = audit_text(store, &org).await;
    assert!(log.contains("gift.decided"), "{log}");
    assert!(!log.contains("ตัวอย่างก่อสร้าง"), "{log}");
}

async fn nil_returns_are_one_per_round_and_not_beside_a_declaration(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let (_, officer) = unit_and_officer(store, &org).await;
    let clerk = user(store, &org, "clerk@example.org", Role::PlanCoordinator).await;
    let year = FiscalYear(2569);
    let nil = store
        .declare_nil_return(&org, &clerk, year, Round::First)
        .await
        .expect("nil return");
    assert_eq!(nil.round, Round::First);
    assert_eq!(nil.fiscal_year, year);
    // The same round again: refused.
    let before = raw.row_counts().await;
    // And a gift of the round the clerk said had none (2 January 2026:
    // round 1 of 2569): refused at its date, nothing written.
    match store
        .declare_gift(&org, &clerk, &gift(100, GiftDecision::Refused), TODAY)
        .await
    {
        Err(StoreError::Invalid(fields)) => assert_eq!(fields[0].field, "received_on"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(raw.row_counts().await, before);
    assert!(matches!(
        store
            .declare_nil_return(&org, &clerk, year, Round::First)
            .await,
        Err(StoreError::Invalid(_))
    ));
    // A round in which the user declared a gift (2 January 2026: round 1).
    store
        .declare_gift(&org, &officer, &gift(100, GiftDecision::Refused), TODAY)
        .await
        .expect("declared");
    let after_gift = raw.row_counts().await;
    assert_eq!(
        before.get("gift_nil_returns"),
        after_gift.get("gift_nil_returns")
    );
    match store
        .declare_nil_return(&org, &officer, year, Round::First)
        .await
    {
        Err(StoreError::Invalid(fields)) => assert_eq!(fields[0].field, "round"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(raw.row_counts().await, after_gift);
    store
        .declare_nil_return(&org, &officer, year, Round::Second)
        .await
        .expect("round 2");
    let all = store.nil_returns(&org, year, None).await.expect("all");
    assert_eq!(all.len(), 2);
    let mine = store
        .nil_returns(&org, year, Some(&officer))
        .await
        .expect("mine");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].round, Round::Second);
    assert!(
        store
            .nil_returns(&org, FiscalYear(2570), None)
            .await
            .expect("none")
            .is_empty()
    );
    assert!(audit_text(store, &org).await.contains("gift.nil_return"));
}

async fn a_unit_head_is_one_of_its_officers(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let (unit, officer) = unit_and_officer(store, &org).await;
    let admin = user(store, &org, "admin@example.org", Role::Administrator).await;
    let mayor = user(store, &org, "mayor@example.org", Role::Executive).await;
    let before = raw.row_counts().await;
    // Not an officer of the unit.
    assert!(matches!(
        store.set_unit_head(&org, &unit, Some(&mayor), &admin).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store
            .set_unit_head(&org, "no-unit", Some(&officer), &admin)
            .await,
        Err(StoreError::NotFound(Missing::Unit(_)))
    ));
    assert_eq!(raw.row_counts().await, before);
    store
        .set_unit_head(&org, &unit, Some(&officer), &admin)
        .await
        .expect("head");
    assert_eq!(
        store.unit_heads(&org).await.expect("heads"),
        vec![(unit.clone(), officer.clone())]
    );
    // A head who leaves the unit (here: another role) heads it no more.
    let change = |role: Role, unit: Option<&str>| sujarit_store::UserChange {
        display_name: "หัวหน้า".into(),
        role,
        unit_id: unit.map(str::to_owned),
        active: true,
    };
    store
        .update_user(&org, &officer, &change(Role::Executive, None), Some(&admin))
        .await
        .expect("moved");
    assert!(store.unit_heads(&org).await.expect("heads").is_empty());
    store
        .update_user(
            &org,
            &officer,
            &change(Role::UnitOfficer, Some(&unit)),
            Some(&admin),
        )
        .await
        .expect("back");
    assert_eq!(store.unit_heads(&org).await.expect("heads").len(), 1);
    store
        .set_unit_head(&org, &unit, None, &admin)
        .await
        .expect("cleared");
    assert!(store.unit_heads(&org).await.expect("heads").is_empty());
    assert!(audit_text(store, &org).await.contains("unit.head_changed"));
}
