//! Scenarios of the internal control contract (`InternalControlStore`, issue
//! 14): the year's forms saved whole and read back, ปค.5 rows with their
//! improvements, ปค.1 checked against ปค.4 and ปค.5 in the same transaction,
//! the deadline setting; every refusal writes nothing (row counts compared),
//! every change writes its audit entry, and another organisation sees none
//! of it.

use sujarit_core::FiscalYear;
use sujarit_core::integrity::control::*;
use sujarit_core::refusal::Missing;
use sujarit_store::{Store, StoreError};
use time::macros::date;

use crate::harness::Raw;

contract! {
    a_year_is_filled_read_back_and_certified,
    refused_input_writes_nothing,
}

const ACTOR: &str = "tester";

fn components() -> Components {
    Components {
        components: Component::ALL
            .into_iter()
            .map(|component| ComponentEvaluation {
                component,
                evaluation: "มีการกำหนด".into(),
                result: Adequacy::Adequate,
            })
            .collect(),
        conclusion: "เพียงพอ".into(),
    }
}

fn row(owner: &str, remaining: &str) -> ControlRowInput {
    ControlRowInput {
        mission: "งานพัสดุ".into(),
        objective: "ถูกต้องตามระเบียบ".into(),
        risk: "เอื้อผู้ขาย".into(),
        existing_control: "คณะกรรมการ".into(),
        evaluation: "ยังไม่เพียงพอ".into(),
        remaining_risk: remaining.into(),
        improvement: if remaining.is_empty() {
            String::new()
        } else {
            "อบรม".into()
        },
        due_on: Some(date!(2025 - 09 - 30)),
        owner_unit: owner.into(),
    }
}

fn certification(conclusion: Conclusion) -> ControlForm {
    ControlForm::Certification(Certification {
        head_position: "นายกเทศมนตรี".into(),
        certified_on: date!(2025 - 11 - 28),
        conclusion,
    })
}

async fn a_year_is_filled_read_back_and_certified(store: &dyn Store, _raw: &Raw) {
    let org = store
        .ensure_organization("alpha", "เทศบาลอัลฟา")
        .await
        .unwrap()
        .id;
    let other = store
        .ensure_organization("beta", "เทศบาลเบตา")
        .await
        .unwrap()
        .id;
    let year = FiscalYear(2568);
    let empty = store.internal_control(&org, year).await.unwrap();
    assert_eq!(empty, ControlYear::empty(year, DEFAULT_DEADLINE_DAYS));
    assert!(!store.internal_control_certified(&org, year).await.unwrap());

    let committee = Committee {
        order: "คำสั่งที่ 1/2568".into(),
        members: vec![CommitteeMember {
            position: "ปลัดเทศบาล".into(),
            role: "ประธาน".into(),
            name: Some("นายทดสอบ".into()),
        }],
    };
    store
        .save_control_form(
            &org,
            year,
            &ControlForm::Committee(committee.clone()),
            ACTOR,
        )
        .await
        .unwrap();
    store
        .save_control_form(&org, year, &ControlForm::Components(components()), ACTOR)
        .await
        .unwrap();
    let first = store
        .save_control_row(&org, year, None, &row("กองคลัง", "ยังมี"), ACTOR)
        .await
        .unwrap();
    let second = store
        .save_control_row(&org, year, None, &row("กองช่าง", ""), ACTOR)
        .await
        .unwrap();
    // Replacing a row keeps its place.
    store
        .save_control_row(&org, year, Some(&first), &row("กองคลัง", "ยังมีอยู่"), ACTOR)
        .await
        .unwrap();
    let review = Review {
        opinion: "เพียงพอ".into(),
        points: vec!["ติดตาม".into()],
        reviewed_on: date!(2025 - 11 - 20),
        reviewer_position: "ผู้ตรวจสอบภายใน".into(),
    };
    store
        .save_control_form(&org, year, &ControlForm::Review(review.clone()), ACTOR)
        .await
        .unwrap();
    store
        .save_control_form(
            &org,
            year,
            &certification(Conclusion::WithRemainingRisks),
            ACTOR,
        )
        .await
        .unwrap();
    let done = Improvement {
        status: ImprovementStatus::Done,
        done_on: Some(date!(2025 - 10 - 15)),
        evidence: "รายงาน".into(),
    };
    store
        .save_control_improvement(&org, &first, &done, date!(2025 - 12 - 01), ACTOR)
        .await
        .unwrap();
    let submission = Submission {
        recipient: "นายอำเภอ".into(),
        submitted_on: date!(2025 - 12 - 20),
        reference: "นศ 1/1".into(),
    };
    store
        .save_control_form(
            &org,
            year,
            &ControlForm::Submission(submission.clone()),
            ACTOR,
        )
        .await
        .unwrap();
    store
        .set_control_deadline_days(&org, 60, ACTOR)
        .await
        .unwrap();

    let read = store.internal_control(&org, year).await.unwrap();
    assert_eq!(read.committee, Some(committee));
    assert_eq!(read.components, Some(components()));
    assert_eq!(read.review, Some(review));
    assert_eq!(read.submission, Some(submission));
    assert_eq!(read.deadline_days, 60);
    assert_eq!(read.deadline(), date!(2025 - 11 - 29));
    assert_eq!(
        read.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        [first.as_str(), second.as_str()]
    );
    assert_eq!(read.rows[0].input.remaining_risk, "ยังมีอยู่");
    assert_eq!(read.rows[0].improvement, done);
    assert_eq!(read.remediation(), Remediation { done: 1, total: 1 });
    assert_eq!(
        read.certification.unwrap().conclusion,
        Conclusion::WithRemainingRisks
    );
    assert!(store.internal_control_certified(&org, year).await.unwrap());
    assert!(
        !store
            .internal_control_certified(&org, FiscalYear(2569))
            .await
            .unwrap()
    );

    // Another organisation sees nothing and touches nothing.
    assert_eq!(
        store.internal_control(&other, year).await.unwrap(),
        ControlYear::empty(year, DEFAULT_DEADLINE_DAYS)
    );
    assert!(matches!(
        store
            .save_control_improvement(&other, &first, &done, date!(2025 - 12 - 01), ACTOR)
            .await,
        Err(StoreError::NotFound(Missing::ControlRow(_)))
    ));
    assert!(matches!(
        store.remove_control_row(&other, &second, ACTOR).await,
        Err(StoreError::NotFound(Missing::ControlRow(_)))
    ));
    store
        .remove_control_row(&org, &second, ACTOR)
        .await
        .unwrap();
    assert_eq!(
        store.internal_control(&org, year).await.unwrap().rows.len(),
        1
    );

    let log = store.audit_log(&org, None, 100).await.unwrap();
    let ours = log
        .iter()
        .filter(|e| e.action.starts_with("internal_control."))
        .count();
    assert_eq!(ours, 11);
}

async fn refused_input_writes_nothing(store: &dyn Store, raw: &Raw) {
    let org = store
        .ensure_organization("alpha", "เทศบาลอัลฟา")
        .await
        .unwrap()
        .id;
    let year = FiscalYear(2568);
    let before = raw.row_counts().await;
    // A row without an owner.
    match store
        .save_control_row(&org, year, None, &row("", ""), ACTOR)
        .await
    {
        Err(StoreError::Invalid(errors)) => assert_eq!(errors[0].field, "owner_unit"),
        other => panic!("{other:?}"),
    }
    // ปค.1 before ปค.4 and ปค.5.
    match store
        .save_control_form(&org, year, &certification(Conclusion::Effective), ACTOR)
        .await
    {
        Err(StoreError::Invalid(errors)) => assert!(errors.iter().all(|e| e.field == "form")),
        other => panic!("{other:?}"),
    }
    // Four components of five.
    let mut short = components();
    short.components.pop();
    assert!(matches!(
        store
            .save_control_form(&org, year, &ControlForm::Components(short), ACTOR)
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.set_control_deadline_days(&org, 0, ACTOR).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(raw.row_counts().await, before);

    // ปค.1's first form while ปค.5 has a remaining risk: refused in the transaction.
    store
        .save_control_form(&org, year, &ControlForm::Components(components()), ACTOR)
        .await
        .unwrap();
    let id = store
        .save_control_row(&org, year, None, &row("กองคลัง", "ยังมี"), ACTOR)
        .await
        .unwrap();
    let before = raw.row_counts().await;
    match store
        .save_control_form(&org, year, &certification(Conclusion::Effective), ACTOR)
        .await
    {
        Err(StoreError::Invalid(errors)) => assert_eq!(errors[0].field, "conclusion"),
        other => panic!("{other:?}"),
    }
    // Done without a date, and in the future.
    let undated = Improvement {
        status: ImprovementStatus::Done,
        done_on: None,
        evidence: String::new(),
    };
    assert!(matches!(
        store
            .save_control_improvement(&org, &id, &undated, date!(2025 - 12 - 01), ACTOR)
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(raw.row_counts().await, before);
    assert!(!store.internal_control_certified(&org, year).await.unwrap());
}
