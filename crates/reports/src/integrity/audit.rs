//! The internal audit report of a fiscal year (measure 4.1), as a PDF:
//! the annual plan, the engagements, the findings and the follow-up status.
//! Two versions from the same data: the report to executives (findings in
//! full, the auditors by name, their independence declarations, every
//! follow-up round with the auditee's response) and the public version
//! (core's [`AuditYear::public`]: the auditor shown by the role, no personal
//! name, findings marked summary-only shown by their summary, each
//! recommendation's latest follow-up status only).
//!
//! Plain data in, bytes out; dates in BE; no print date, so the same data
//! gives the same bytes. Template: `templates/internal_audit.typ`.

use crate::ReportError;
use serde::Serialize;
use std::collections::BTreeMap;
use sujarit_core::fiscal::thai_date;
use sujarit_core::integrity::audit::{AuditYear, FollowUpStatus};
use time::{Date, OffsetDateTime};

/// What the report is made of.
#[derive(Clone, Debug)]
pub struct AuditReport {
    pub organization: String,
    pub year: AuditYear,
    /// Unit names by unit id.
    pub units: BTreeMap<String, String>,
    /// Staff names by user id (used by the executives' version only).
    pub staff: BTreeMap<String, String>,
}

/// Which version to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditVersion {
    Executive,
    Public,
}

#[derive(Serialize)]
struct Header {
    organization: String,
    title: String,
    running: String,
}

#[derive(Serialize)]
struct Data {
    header: Header,
    fiscal_year: u16,
    version: &'static str,
    public: bool,
    approved_by: String,
    approved_on: String,
    notes: String,
    engagements: Vec<EngagementView>,
    findings: usize,
    implemented: usize,
    by_status: Vec<(String, usize)>,
}

#[derive(Serialize)]
struct EngagementView {
    no: usize,
    unit: String,
    area: &'static str,
    scope: String,
    period: String,
    auditor: String,
    independence: String,
    status: &'static str,
    findings: Vec<FindingView>,
}

#[derive(Serialize)]
struct FindingView {
    no: String,
    in_full: bool,
    criterion: String,
    condition: String,
    cause: String,
    effect: String,
    recommendation: String,
    summary: String,
    follow_up: String,
    rounds: Vec<RoundView>,
}

#[derive(Serialize)]
struct RoundView {
    date: String,
    status: &'static str,
    reason: String,
    response: String,
}

fn period(from: Date, to: Date) -> String {
    format!("{} – {}", thai_date(from), thai_date(to))
}

fn data(report: &AuditReport, version: AuditVersion) -> Data {
    let year = &report.year;
    let public = version == AuditVersion::Public;
    let unit = |id: &str| report.units.get(id).cloned().unwrap_or_else(|| "-".into());
    let (findings, implemented) = year.follow_up_counts();
    let by_status = FollowUpStatus::ALL
        .into_iter()
        .map(|s| {
            let n = year
                .engagements
                .iter()
                .flat_map(|e| &e.findings)
                .filter(|f| f.follow_up_status() == s)
                .count();
            (s.thai().to_string(), n)
        })
        .collect();
    let engagements = if public {
        year.public(unit)
            .engagements
            .into_iter()
            .enumerate()
            .map(|(i, e)| EngagementView {
                no: i + 1,
                unit: e.unit,
                area: e.area.thai(),
                scope: e.scope,
                period: period(e.period_from, e.period_to),
                auditor: e.auditor.to_string(),
                independence: String::new(),
                status: e.status.thai(),
                findings: e
                    .findings
                    .into_iter()
                    .enumerate()
                    .map(|(j, f)| FindingView {
                        no: format!("{}.{}", i + 1, j + 1),
                        in_full: f.in_full,
                        criterion: String::new(),
                        condition: String::new(),
                        cause: String::new(),
                        effect: String::new(),
                        recommendation: f.recommendation.unwrap_or_default(),
                        summary: f.text,
                        follow_up: match f.follow_up_on {
                            Some(on) => format!("{} (ณ {})", f.follow_up.thai(), thai_date(on)),
                            None => f.follow_up.thai().to_string(),
                        },
                        rounds: Vec::new(),
                    })
                    .collect(),
            })
            .collect()
    } else {
        year.engagements
            .iter()
            .enumerate()
            .map(|(i, e)| EngagementView {
                no: i + 1,
                unit: unit(&e.input.unit_id),
                area: e.input.area.thai(),
                scope: e.input.scope.clone(),
                period: period(e.input.period_from, e.input.period_to),
                auditor: report
                    .staff
                    .get(&e.input.auditor_id)
                    .cloned()
                    .unwrap_or_else(|| "-".into()),
                independence: match &e.independence {
                    Some(d) => format!("ยืนยันเมื่อ {}: {}", thai_date(d.declared_on), d.statement),
                    None => "ยังไม่ยืนยันความเป็นอิสระ".into(),
                },
                status: e.status.thai(),
                findings: e
                    .findings
                    .iter()
                    .enumerate()
                    .map(|(j, f)| FindingView {
                        no: format!("{}.{}", i + 1, j + 1),
                        in_full: true,
                        criterion: f.input.criterion.clone(),
                        condition: f.input.condition.clone(),
                        cause: f.input.cause.clone(),
                        effect: f.input.effect.clone(),
                        recommendation: f.input.recommendation.clone(),
                        summary: if f.input.public_in_full {
                            "เผยแพร่ฉบับเต็ม".into()
                        } else {
                            format!("เผยแพร่เฉพาะสรุป: {}", f.input.summary)
                        },
                        follow_up: f.follow_up_status().thai().to_string(),
                        rounds: f
                            .follow_ups
                            .iter()
                            .map(|r| RoundView {
                                date: thai_date(r.date),
                                status: r.status.thai(),
                                reason: r.reason.clone(),
                                response: r.response.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect()
    };
    let title = if public {
        "รายงานผลการตรวจสอบภายใน (ฉบับเผยแพร่)"
    } else {
        "รายงานผลการตรวจสอบภายในเสนอผู้บริหาร"
    };
    Data {
        header: Header {
            organization: report.organization.clone(),
            title: title.into(),
            running: format!("การตรวจสอบภายใน ปีงบประมาณ {}", year.fiscal_year),
        },
        fiscal_year: year.fiscal_year,
        version: if public {
            "ฉบับเผยแพร่สาธารณะ"
        } else {
            "ฉบับเสนอผู้บริหาร (ไม่เผยแพร่)"
        },
        public,
        approved_by: year.plan.approved_by.clone(),
        approved_on: year.plan.approved_on.map(thai_date).unwrap_or_default(),
        notes: if public {
            String::new()
        } else {
            year.plan.notes.clone()
        },
        engagements,
        findings,
        implemented,
        by_status,
    }
}

/// The report as a PDF (A4 portrait).
pub fn internal_audit_pdf(
    report: &AuditReport,
    version: AuditVersion,
) -> Result<Vec<u8>, ReportError> {
    internal_audit_typeset(report, version).0
}

/// The PDF with typst's warnings (for tests: empty when the template is
/// right).
pub fn internal_audit_typeset(
    report: &AuditReport,
    version: AuditVersion,
) -> (Result<Vec<u8>, ReportError>, Vec<String>) {
    crate::pdf::typeset_data(
        "internal_audit.typ",
        &data(report, version),
        OffsetDateTime::UNIX_EPOCH,
    )
}
