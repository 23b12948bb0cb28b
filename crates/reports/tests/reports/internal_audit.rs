//! The internal audit report (issue 14) read back with pdftotext: the
//! executives' version names the auditor and shows every finding in full;
//! the public version names no one (the auditor by the role) and shows a
//! summary-only finding by its summary alone.

use std::collections::BTreeMap;

use sujarit_core::integrity::audit::{
    AUDITOR_ROLE, AuditArea, AuditPlanInput, AuditYear, Engagement, EngagementInput,
    EngagementStatus, Finding, FindingInput, FollowUpInput, FollowUpStatus, Independence,
};
use sujarit_reports::integrity::audit::{AuditReport, AuditVersion, internal_audit_typeset};
use time::macros::date;

use crate::support::{pdf_text, squeeze};

const AUDITOR_NAME: &str = "นางสาวสมศรี ตรวจดี";
const HIDDEN_CONDITION: &str = "ใบเสร็จรับเงินเล่มที่ 12 ไม่ได้ลงทะเบียนคุม";
const SUMMARY: &str = "พบการควบคุมใบเสร็จรับเงินไม่ครบถ้วน";
const FULL_CONDITION: &str = "ตรวจรับพัสดุโดยไม่มีคำสั่งแต่งตั้ง";

fn report() -> AuditReport {
    let finding = |condition: &str, summary: Option<&str>, status| Finding {
        id: condition.into(),
        input: FindingInput {
            criterion: "ระเบียบกระทรวงการคลัง ข้อ 175".into(),
            condition: condition.into(),
            cause: "เจ้าหน้าที่ไม่เข้าใจระเบียบ".into(),
            effect: "เสี่ยงต่อความเสียหาย".into(),
            recommendation: "ทบทวนระเบียบและมอบหมายงานเป็นลายลักษณ์อักษร".into(),
            public_in_full: summary.is_none(),
            summary: summary.unwrap_or_default().into(),
        },
        follow_ups: vec![FollowUpInput {
            date: date!(2026 - 02 - 15),
            status,
            reason: String::new(),
            response: "รับทราบและดำเนินการแล้ว".into(),
        }],
    };
    let engagement = |id: &str, area, findings| Engagement {
        id: id.into(),
        input: EngagementInput {
            unit_id: "u1".into(),
            area,
            scope: "ตรวจสอบไตรมาสที่ 1".into(),
            period_from: date!(2025 - 10 - 01),
            period_to: date!(2025 - 12 - 31),
            auditor_id: "a1".into(),
        },
        independence: Some(Independence {
            statement: "ข้าพเจ้ามีความเป็นอิสระ".into(),
            declared_on: date!(2025 - 10 - 02),
        }),
        status: EngagementStatus::Reported,
        findings,
    };
    AuditReport {
        organization: "เทศบาลนครตัวอย่าง".into(),
        year: AuditYear {
            fiscal_year: 2569,
            plan: AuditPlanInput {
                approved_by: "นายกเทศมนตรี".into(),
                approved_on: Some(date!(2025 - 10 - 01)),
                notes: String::new(),
            },
            engagements: vec![
                engagement(
                    "e1",
                    AuditArea::Procurement,
                    vec![finding(FULL_CONDITION, None, FollowUpStatus::Implemented)],
                ),
                engagement(
                    "e2",
                    AuditArea::Finance,
                    vec![finding(
                        HIDDEN_CONDITION,
                        Some(SUMMARY),
                        FollowUpStatus::InProgress,
                    )],
                ),
            ],
            published: true,
        },
        units: BTreeMap::from([("u1".to_string(), "กองคลัง".to_string())]),
        staff: BTreeMap::from([("a1".to_string(), AUDITOR_NAME.to_string())]),
    }
}

fn text_of(version: AuditVersion) -> String {
    let (pdf, warnings) = internal_audit_typeset(&report(), version);
    assert_eq!(warnings, Vec::<String>::new(), "typst warnings");
    squeeze(&pdf_text(&pdf.expect("pdf")))
}

#[test]
fn the_executive_version_names_the_auditor_and_shows_every_finding_in_full() {
    let text = text_of(AuditVersion::Executive);
    for expected in [
        AUDITOR_NAME,
        HIDDEN_CONDITION,
        FULL_CONDITION,
        SUMMARY,
        "กองคลัง",
        "การจัดซื้อจัดจ้าง",
        "รับทราบและดำเนินการแล้ว",
        "15กุมภาพันธ์2569",
        "ข้าพเจ้ามีความเป็นอิสระ",
    ] {
        assert!(text.contains(&squeeze(expected)), "missing {expected}");
    }
}

#[test]
fn the_public_version_names_no_one_and_keeps_summary_only_findings_summarised() {
    let text = text_of(AuditVersion::Public);
    assert!(!text.contains(&squeeze(AUDITOR_NAME)), "the auditor's name");
    assert!(
        !text.contains(&squeeze(HIDDEN_CONDITION)),
        "a summary-only finding in full"
    );
    assert!(
        !text.contains(&squeeze("รับทราบและดำเนินการแล้ว")),
        "the auditee's response"
    );
    for expected in [
        AUDITOR_ROLE,
        SUMMARY,
        FULL_CONDITION,
        "ฉบับเผยแพร่สาธารณะ",
        "ดำเนินการแล้ว",
        "อยู่ระหว่างดำเนินการ",
    ] {
        assert!(text.contains(&squeeze(expected)), "missing {expected}");
    }
}
