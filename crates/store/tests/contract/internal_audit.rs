//! Scenarios of the internal audit contract (`InternalAuditStore`, issue 14):
//! a year's plan, engagements, findings and follow-up rounds, each change
//! audited in its own transaction; refusals (bad input, the rules, unknown
//! records, another organisation's unit or auditor) write nothing.

use sujarit_core::account::Role;
use sujarit_core::integrity::audit::{
    AuditArea, AuditChange, AuditPlanInput, EngagementInput, EngagementStatus, FindingInput,
    FollowUpInput, FollowUpStatus,
};
use sujarit_core::refusal::Missing;
use sujarit_store::{Store, StoreError};
use time::macros::date;

use crate::complaints::user;
use crate::harness::Raw;

contract! {
    an_audit_year_is_planned_audited_followed_up_and_published,
    refused_audit_changes_write_nothing,
}

async fn setup(store: &dyn Store, slug: &str) -> (String, String, String) {
    let org = store
        .ensure_organization(slug, &format!("เทศบาล{slug}"))
        .await
        .expect("organization")
        .id;
    let unit = store
        .create_unit(&org, "กองคลัง", None)
        .await
        .expect("unit")
        .id;
    let auditor = user(
        store,
        &org,
        &format!("auditor@{slug}.example.org"),
        Role::Auditor,
    )
    .await;
    (org, unit, auditor)
}

fn engagement(unit: &str, auditor: &str) -> EngagementInput {
    EngagementInput {
        unit_id: unit.into(),
        area: AuditArea::Procurement,
        scope: "การจัดซื้อจัดจ้างไตรมาส 1".into(),
        period_from: date!(2025 - 10 - 01),
        period_to: date!(2025 - 12 - 31),
        auditor_id: auditor.into(),
    }
}

fn finding() -> FindingInput {
    FindingInput {
        criterion: "ระเบียบ ข้อ 175".into(),
        condition: "ตรวจรับโดยไม่มีคำสั่ง".into(),
        cause: "ไม่เข้าใจระเบียบ".into(),
        effect: "เสี่ยงรับพัสดุไม่ครบ".into(),
        recommendation: "แต่งตั้งผู้ตรวจรับทุกครั้ง".into(),
        public_in_full: false,
        summary: "พบข้อบกพร่องในการตรวจรับพัสดุ".into(),
    }
}

async fn an_audit_year_is_planned_audited_followed_up_and_published(store: &dyn Store, _raw: &Raw) {
    let (org, unit, auditor) = setup(store, "alpha").await;
    assert_eq!(store.internal_audit(&org, 2569).await.expect("read"), None);
    assert!(
        !store
            .internal_audit_published(&org, 2569)
            .await
            .expect("read")
    );
    let changes = [
        AuditChange::SavePlan(AuditPlanInput {
            approved_by: "นายกเทศมนตรี".into(),
            approved_on: Some(date!(2025 - 10 - 01)),
            notes: String::new(),
        }),
        AuditChange::AddEngagement {
            id: "e1".into(),
            input: engagement(&unit, &auditor),
        },
        AuditChange::DeclareIndependence {
            engagement: "e1".into(),
            statement: "ข้าพเจ้ามีความเป็นอิสระ".into(),
            declared_on: date!(2025 - 10 - 02),
        },
        AuditChange::SetStatus {
            engagement: "e1".into(),
            status: EngagementStatus::InProgress,
        },
        AuditChange::AddFinding {
            engagement: "e1".into(),
            id: "f1".into(),
            input: finding(),
        },
        AuditChange::SetStatus {
            engagement: "e1".into(),
            status: EngagementStatus::Reported,
        },
        AuditChange::AddFollowUp {
            engagement: "e1".into(),
            finding: "f1".into(),
            input: FollowUpInput {
                date: date!(2026 - 03 - 01),
                status: FollowUpStatus::Implemented,
                reason: String::new(),
                response: "ดำเนินการแล้ว".into(),
            },
        },
        AuditChange::SetPublished(true),
    ];
    for change in &changes {
        store
            .change_internal_audit(&org, 2569, change, &auditor)
            .await
            .unwrap_or_else(|e| panic!("{change:?}: {e}"));
    }
    let year = store
        .internal_audit(&org, 2569)
        .await
        .expect("read")
        .expect("saved");
    assert!(year.published);
    assert!(year.plan.approved());
    let e = year.engagement("e1").expect("engagement");
    assert_eq!(e.status, EngagementStatus::Reported);
    assert_eq!(
        e.findings[0].follow_up_status(),
        FollowUpStatus::Implemented
    );
    assert_eq!(e.findings[0].follow_ups[0].response, "ดำเนินการแล้ว");
    assert!(
        store
            .internal_audit_published(&org, 2569)
            .await
            .expect("read")
    );
    // Another year and another organisation see nothing.
    assert_eq!(store.internal_audit(&org, 2568).await.expect("read"), None);
    let other = store
        .ensure_organization("beta", "เทศบาลbeta")
        .await
        .expect("organization")
        .id;
    assert_eq!(
        store.internal_audit(&other, 2569).await.expect("read"),
        None
    );
    // One audit-log entry per change, newest first, by the auditor.
    let log = store.audit_log(&org, None, 50).await.expect("audit log");
    let ours: Vec<&str> = log
        .iter()
        .filter(|entry| entry.action.starts_with("internal_audit."))
        .map(|entry| entry.action.as_str())
        .collect();
    let expected: Vec<&str> = changes.iter().rev().map(AuditChange::action).collect();
    assert_eq!(ours, expected);
    assert!(
        log.iter()
            .filter(|entry| entry.action.starts_with("internal_audit."))
            .all(
                |entry| entry.actor_user_id.as_deref() == Some(auditor.as_str())
                    && entry.target.starts_with("internal_audit/2569")
            )
    );
}

async fn refused_audit_changes_write_nothing(store: &dyn Store, raw: &Raw) {
    let (org, unit, auditor) = setup(store, "alpha").await;
    let (_, foreign_unit, foreign_auditor) = setup(store, "beta").await;
    store
        .change_internal_audit(
            &org,
            2569,
            &AuditChange::AddEngagement {
                id: "e1".into(),
                input: engagement(&unit, &auditor),
            },
            &auditor,
        )
        .await
        .expect("engagement");
    let counts = raw.row_counts().await;
    let before = store.internal_audit(&org, 2569).await.expect("read");
    let mut bad = finding();
    bad.criterion = " ".into();
    bad.summary = String::new();
    let cases: Vec<(AuditChange, &str)> = vec![
        // Not started: no finding yet.
        (
            AuditChange::AddFinding {
                engagement: "e1".into(),
                id: "f1".into(),
                input: finding(),
            },
            "invalid",
        ),
        // Started without the independence declaration.
        (
            AuditChange::SetStatus {
                engagement: "e1".into(),
                status: EngagementStatus::InProgress,
            },
            "invalid",
        ),
        // Declared by someone else than the engagement's auditor.
        (
            AuditChange::DeclareIndependence {
                engagement: "e1".into(),
                statement: "อิสระ".into(),
                declared_on: date!(2025 - 10 - 02),
            },
            "invalid-other",
        ),
        (
            AuditChange::SetStatus {
                engagement: "nope".into(),
                status: EngagementStatus::InProgress,
            },
            "unknown",
        ),
        (
            AuditChange::AddEngagement {
                id: "e2".into(),
                input: engagement(&foreign_unit, &auditor),
            },
            "unit",
        ),
        (
            AuditChange::AddEngagement {
                id: "e2".into(),
                input: engagement(&unit, &foreign_auditor),
            },
            "user",
        ),
        (AuditChange::SetPublished(true), "invalid"),
    ];
    for (change, kind) in &cases {
        let actor = if *kind == "invalid-other" {
            "someone-else"
        } else {
            auditor.as_str()
        };
        let outcome = store.change_internal_audit(&org, 2569, change, actor).await;
        match (kind, outcome) {
            (&"invalid" | &"invalid-other", Err(StoreError::Invalid(errors))) => {
                assert!(!errors.is_empty())
            }
            (&"unknown", Err(StoreError::NotFound(Missing::AuditRecord(id)))) => {
                assert_eq!(id, "nope")
            }
            (&"unit", Err(StoreError::NotFound(Missing::Unit(id)))) => assert_eq!(id, foreign_unit),
            (&"user", Err(StoreError::NotFound(Missing::User(id)))) => {
                assert_eq!(id, foreign_auditor)
            }
            (kind, other) => panic!("{kind}: {change:?} gave {other:?}"),
        }
        assert_eq!(raw.row_counts().await, counts, "{change:?} wrote nothing");
        assert_eq!(
            store.internal_audit(&org, 2569).await.expect("read"),
            before,
            "{change:?} changed nothing"
        );
    }
    // A finding with missing parts: every field named, nothing saved.
    store
        .change_internal_audit(
            &org,
            2569,
            &AuditChange::DeclareIndependence {
                engagement: "e1".into(),
                statement: "อิสระ".into(),
                declared_on: date!(2025 - 10 - 02),
            },
            &auditor,
        )
        .await
        .expect("declared");
    store
        .change_internal_audit(
            &org,
            2569,
            &AuditChange::SetStatus {
                engagement: "e1".into(),
                status: EngagementStatus::InProgress,
            },
            &auditor,
        )
        .await
        .expect("started");
    let counts = raw.row_counts().await;
    match store
        .change_internal_audit(
            &org,
            2569,
            &AuditChange::AddFinding {
                engagement: "e1".into(),
                id: "f1".into(),
                input: bad,
            },
            &auditor,
        )
        .await
    {
        Err(StoreError::Invalid(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
            assert_eq!(fields, ["criterion", "summary"]);
        }
        other => panic!("expected invalid, got {other:?}"),
    }
    assert_eq!(raw.row_counts().await, counts);
    let year = store
        .internal_audit(&org, 2569)
        .await
        .expect("read")
        .expect("year");
    assert!(year.engagements[0].findings.is_empty());
}
