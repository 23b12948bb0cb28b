//! The internal audit of one fiscal year (measure 4.1): the annual audit
//! plan, its engagements (auditee unit, area, scope, period, auditor and
//! the auditor's independence declaration, status), the findings of each
//! engagement (criterion, condition, cause, effect, recommendation; public
//! in full or by a summary the auditor writes), the follow-up rounds of each
//! recommendation, and the public version of the year's report.
//!
//! A year is one [`AuditYear`]; every change is an [`AuditChange`] that
//! [`AuditYear::apply`] checks (Thai messages per field) before the store
//! writes anything. [`PublicAudit`] is what anyone may read: no personal
//! name (the auditor is shown by the role), summary-only findings by their
//! summary.

use crate::validation::{FieldError, check_text};
use serde::{Deserialize, Serialize};
use time::Date;

/// How the public version names an auditor: by the role, never by name.
pub const AUDITOR_ROLE: &str = "ผู้ตรวจสอบภายใน";

/// The area an engagement audits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditArea {
    Budget,
    Finance,
    Procurement,
    Assets,
    Other,
}

impl AuditArea {
    pub const ALL: [AuditArea; 5] = [
        AuditArea::Budget,
        AuditArea::Finance,
        AuditArea::Procurement,
        AuditArea::Assets,
        AuditArea::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditArea::Budget => "budget",
            AuditArea::Finance => "finance",
            AuditArea::Procurement => "procurement",
            AuditArea::Assets => "assets",
            AuditArea::Other => "other",
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            AuditArea::Budget => "งบประมาณ",
            AuditArea::Finance => "การเงินและบัญชี",
            AuditArea::Procurement => "การจัดซื้อจัดจ้าง",
            AuditArea::Assets => "การบริหารพัสดุและทรัพย์สิน",
            AuditArea::Other => "อื่น ๆ",
        }
    }

    pub fn parse(text: &str) -> Option<AuditArea> {
        AuditArea::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// Where an engagement stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EngagementStatus {
    Planned,
    InProgress,
    Reported,
}

impl EngagementStatus {
    pub const ALL: [EngagementStatus; 3] = [
        EngagementStatus::Planned,
        EngagementStatus::InProgress,
        EngagementStatus::Reported,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EngagementStatus::Planned => "planned",
            EngagementStatus::InProgress => "in_progress",
            EngagementStatus::Reported => "reported",
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            EngagementStatus::Planned => "ตามแผน (ยังไม่เริ่ม)",
            EngagementStatus::InProgress => "อยู่ระหว่างตรวจสอบ",
            EngagementStatus::Reported => "รายงานผลแล้ว",
        }
    }

    pub fn parse(text: &str) -> Option<EngagementStatus> {
        EngagementStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// Where the follow-up of one recommendation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpStatus {
    NotStarted,
    InProgress,
    Implemented,
    NotImplemented,
}

impl FollowUpStatus {
    pub const ALL: [FollowUpStatus; 4] = [
        FollowUpStatus::NotStarted,
        FollowUpStatus::InProgress,
        FollowUpStatus::Implemented,
        FollowUpStatus::NotImplemented,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpStatus::NotStarted => "not_started",
            FollowUpStatus::InProgress => "in_progress",
            FollowUpStatus::Implemented => "implemented",
            FollowUpStatus::NotImplemented => "not_implemented",
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            FollowUpStatus::NotStarted => "ยังไม่ดำเนินการ",
            FollowUpStatus::InProgress => "อยู่ระหว่างดำเนินการ",
            FollowUpStatus::Implemented => "ดำเนินการแล้ว",
            FollowUpStatus::NotImplemented => "ไม่ดำเนินการ",
        }
    }

    pub fn parse(text: &str) -> Option<FollowUpStatus> {
        FollowUpStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// The annual audit plan: who approved it and when, and notes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPlanInput {
    /// The approver as the plan names them (a position, e.g. นายกเทศมนตรี).
    pub approved_by: String,
    pub approved_on: Option<Date>,
    pub notes: String,
}

/// One engagement as the auditor plans it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementInput {
    /// The auditee unit (a unit id of the organisation).
    pub unit_id: String,
    pub area: AuditArea,
    pub scope: String,
    pub period_from: Date,
    pub period_to: Date,
    /// The auditor (a staff account's id).
    pub auditor_id: String,
}

/// The auditor's declaration of independence for one engagement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Independence {
    pub statement: String,
    pub declared_on: Date,
}

/// The statement an auditor confirms (offered on the form; the auditor may
/// reword it).
pub const INDEPENDENCE_STATEMENT: &str = "ข้าพเจ้าขอยืนยันว่ามีความเป็นอิสระและเที่ยงธรรมในการตรวจสอบครั้งนี้ \
     ไม่มีส่วนได้เสียกับหน่วยรับตรวจหรือเรื่องที่ตรวจสอบ และไม่เคยปฏิบัติงานในเรื่องที่ตรวจสอบในช่วงเวลาที่ตรวจ";

/// One finding as the auditor writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingInput {
    pub criterion: String,
    pub condition: String,
    pub cause: String,
    pub effect: String,
    pub recommendation: String,
    /// Shown to the public in full; otherwise by `summary` only.
    pub public_in_full: bool,
    /// The auditor's public summary (required when not public in full).
    pub summary: String,
}

/// One follow-up round of a finding's recommendation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpInput {
    pub date: Date,
    pub status: FollowUpStatus,
    /// Why it was not implemented (required then).
    pub reason: String,
    /// The auditee's response, as the auditor records it.
    pub response: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub id: String,
    pub input: FindingInput,
    pub follow_ups: Vec<FollowUpInput>,
}

impl Finding {
    /// The latest round's status (by date, then as recorded); not started
    /// when there is none.
    pub fn follow_up_status(&self) -> FollowUpStatus {
        self.latest_follow_up()
            .map(|f| f.status)
            .unwrap_or(FollowUpStatus::NotStarted)
    }

    pub fn latest_follow_up(&self) -> Option<&FollowUpInput> {
        self.follow_ups
            .iter()
            .enumerate()
            .max_by_key(|(i, f)| (f.date, *i))
            .map(|(_, f)| f)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Engagement {
    pub id: String,
    pub input: EngagementInput,
    pub independence: Option<Independence>,
    pub status: EngagementStatus,
    pub findings: Vec<Finding>,
}

/// The internal audit of one fiscal year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditYear {
    /// BE.
    pub fiscal_year: u16,
    pub plan: AuditPlanInput,
    pub engagements: Vec<Engagement>,
    /// The public version is published (the auditor marked the year's
    /// report "เผยแพร่ฉบับสาธารณะ").
    pub published: bool,
}

/// One change to a year's audit. New records get the ids the caller draws
/// (`id`), so the store decides ids and core stays pure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditChange {
    SavePlan(AuditPlanInput),
    AddEngagement {
        id: String,
        input: EngagementInput,
    },
    UpdateEngagement {
        engagement: String,
        input: EngagementInput,
    },
    /// The engagement's auditor (only they) confirms their independence.
    DeclareIndependence {
        engagement: String,
        statement: String,
        declared_on: Date,
    },
    SetStatus {
        engagement: String,
        status: EngagementStatus,
    },
    AddFinding {
        engagement: String,
        id: String,
        input: FindingInput,
    },
    AddFollowUp {
        engagement: String,
        finding: String,
        input: FollowUpInput,
    },
    SetPublished(bool),
}

impl AuditChange {
    /// The audit-log action of this change.
    pub fn action(&self) -> &'static str {
        match self {
            AuditChange::SavePlan(_) => "internal_audit.plan_saved",
            AuditChange::AddEngagement { .. } => "internal_audit.engagement_added",
            AuditChange::UpdateEngagement { .. } => "internal_audit.engagement_updated",
            AuditChange::DeclareIndependence { .. } => "internal_audit.independence_declared",
            AuditChange::SetStatus { .. } => "internal_audit.status_changed",
            AuditChange::AddFinding { .. } => "internal_audit.finding_added",
            AuditChange::AddFollowUp { .. } => "internal_audit.follow_up_added",
            AuditChange::SetPublished(_) => "internal_audit.publication_changed",
        }
    }

    /// The engagement the change touches (an existing one), if any.
    pub fn engagement(&self) -> Option<&str> {
        match self {
            AuditChange::UpdateEngagement { engagement, .. }
            | AuditChange::DeclareIndependence { engagement, .. }
            | AuditChange::SetStatus { engagement, .. }
            | AuditChange::AddFinding { engagement, .. }
            | AuditChange::AddFollowUp { engagement, .. } => Some(engagement),
            _ => None,
        }
    }

    /// The engagement input the change carries (its unit and auditor must
    /// exist in the organisation: the store checks them).
    pub fn engagement_input(&self) -> Option<&EngagementInput> {
        match self {
            AuditChange::AddEngagement { input, .. }
            | AuditChange::UpdateEngagement { input, .. } => Some(input),
            _ => None,
        }
    }
}

/// Why a change cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditRefusal {
    /// Bad input or a rule broken: a Thai message per field.
    Invalid(Vec<FieldError>),
    /// No engagement or finding with this id in the year.
    Unknown(String),
}

fn error(field: &'static str, message: &str) -> AuditRefusal {
    AuditRefusal::Invalid(vec![FieldError {
        field,
        message: message.to_string(),
    }])
}

fn fail_if(errors: Vec<FieldError>) -> Result<(), AuditRefusal> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AuditRefusal::Invalid(errors))
    }
}

impl AuditPlanInput {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "approved_by",
            "ผู้อนุมัติแผน",
            &self.approved_by,
            false,
            200,
            false,
        );
        check_text(
            &mut errors,
            "notes",
            "หมายเหตุ",
            &self.notes,
            false,
            4000,
            true,
        );
        if self.approved_on.is_some() && self.approved_by.trim().is_empty() {
            errors.push(FieldError {
                field: "approved_by",
                message: "โปรดระบุผู้อนุมัติแผนเมื่อระบุวันที่อนุมัติ".into(),
            });
        }
        errors
    }

    /// Approved: an approver and a date.
    pub fn approved(&self) -> bool {
        !self.approved_by.trim().is_empty() && self.approved_on.is_some()
    }
}

impl EngagementInput {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.unit_id.trim().is_empty() {
            errors.push(FieldError {
                field: "unit",
                message: "โปรดเลือกหน่วยรับตรวจ".into(),
            });
        }
        if self.auditor_id.trim().is_empty() {
            errors.push(FieldError {
                field: "auditor",
                message: "โปรดเลือกผู้ตรวจสอบ".into(),
            });
        }
        check_text(
            &mut errors,
            "scope",
            "ขอบเขตการตรวจสอบ",
            &self.scope,
            true,
            2000,
            true,
        );
        if self.period_to < self.period_from {
            errors.push(FieldError {
                field: "period_to",
                message: "วันสิ้นสุดช่วงที่ตรวจต้องไม่ก่อนวันเริ่มต้น".into(),
            });
        }
        errors
    }
}

impl FindingInput {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (field, label, value) in [
            ("criterion", "เกณฑ์ (สิ่งที่ควรจะเป็น)", &self.criterion),
            ("condition", "สภาพที่พบ (ข้อเท็จจริง)", &self.condition),
            ("cause", "สาเหตุ", &self.cause),
            ("effect", "ผลกระทบ", &self.effect),
            ("recommendation", "ข้อเสนอแนะ", &self.recommendation),
        ] {
            check_text(&mut errors, field, label, value, true, 4000, true);
        }
        check_text(
            &mut errors,
            "summary",
            "สรุปข้อตรวจพบสำหรับเผยแพร่",
            &self.summary,
            !self.public_in_full,
            2000,
            true,
        );
        errors
    }
}

impl FollowUpInput {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "reason",
            "เหตุผลที่ไม่ดำเนินการ",
            &self.reason,
            self.status == FollowUpStatus::NotImplemented,
            2000,
            true,
        );
        check_text(
            &mut errors,
            "response",
            "คำชี้แจงของหน่วยรับตรวจ",
            &self.response,
            false,
            4000,
            true,
        );
        errors
    }
}

impl AuditYear {
    /// A year with nothing recorded yet.
    pub fn new(fiscal_year: u16) -> AuditYear {
        AuditYear {
            fiscal_year,
            plan: AuditPlanInput::default(),
            engagements: Vec::new(),
            published: false,
        }
    }

    pub fn engagement(&self, id: &str) -> Option<&Engagement> {
        self.engagements.iter().find(|e| e.id == id)
    }

    fn engagement_mut(&mut self, id: &str) -> Result<&mut Engagement, AuditRefusal> {
        self.engagements
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or_else(|| AuditRefusal::Unknown(id.to_string()))
    }

    /// Applies `change` made by `actor` (a user id), or says why not and
    /// leaves the year as it was.
    pub fn apply(&mut self, change: &AuditChange, actor: &str) -> Result<(), AuditRefusal> {
        let mut next = self.clone();
        next.apply_in_place(change, actor)?;
        *self = next;
        Ok(())
    }

    fn apply_in_place(&mut self, change: &AuditChange, actor: &str) -> Result<(), AuditRefusal> {
        match change {
            AuditChange::SavePlan(plan) => {
                fail_if(plan.validate())?;
                self.plan = plan.clone();
            }
            AuditChange::AddEngagement { id, input } => {
                fail_if(input.validate())?;
                self.engagements.push(Engagement {
                    id: id.clone(),
                    input: input.clone(),
                    independence: None,
                    status: EngagementStatus::Planned,
                    findings: Vec::new(),
                });
            }
            AuditChange::UpdateEngagement { engagement, input } => {
                let found = self.engagement_mut(engagement)?;
                fail_if(input.validate())?;
                if found.input.auditor_id != input.auditor_id {
                    // A new auditor declares their own independence.
                    if found.status != EngagementStatus::Planned {
                        return Err(error("auditor", "เปลี่ยนผู้ตรวจสอบได้เฉพาะงานที่ยังไม่เริ่มตรวจสอบ"));
                    }
                    found.independence = None;
                }
                found.input = input.clone();
            }
            AuditChange::DeclareIndependence {
                engagement,
                statement,
                declared_on,
            } => {
                let found = self.engagement_mut(engagement)?;
                if found.input.auditor_id != actor {
                    return Err(error(
                        "statement",
                        "เฉพาะผู้ตรวจสอบที่ได้รับมอบหมายในงานนี้เท่านั้นที่ยืนยันความเป็นอิสระได้",
                    ));
                }
                let mut errors = Vec::new();
                check_text(
                    &mut errors,
                    "statement",
                    "ถ้อยคำยืนยันความเป็นอิสระ",
                    statement,
                    true,
                    2000,
                    true,
                );
                fail_if(errors)?;
                found.independence = Some(Independence {
                    statement: statement.trim().to_string(),
                    declared_on: *declared_on,
                });
            }
            AuditChange::SetStatus { engagement, status } => {
                let found = self.engagement_mut(engagement)?;
                if *status != EngagementStatus::Planned && found.independence.is_none() {
                    return Err(error(
                        "status",
                        "ผู้ตรวจสอบต้องยืนยันความเป็นอิสระก่อนเริ่มตรวจสอบหรือรายงานผล",
                    ));
                }
                if *status == EngagementStatus::Planned && !found.findings.is_empty() {
                    return Err(error("status", "งานที่มีข้อตรวจพบแล้วกลับเป็นสถานะตามแผนไม่ได้"));
                }
                found.status = *status;
            }
            AuditChange::AddFinding {
                engagement,
                id,
                input,
            } => {
                let found = self.engagement_mut(engagement)?;
                if found.status == EngagementStatus::Planned {
                    return Err(error(
                        "criterion",
                        "บันทึกข้อตรวจพบได้เมื่อเริ่มตรวจสอบแล้ว (ยืนยันความเป็นอิสระและเริ่มตรวจสอบก่อน)",
                    ));
                }
                fail_if(input.validate())?;
                found.findings.push(Finding {
                    id: id.clone(),
                    input: trimmed_finding(input),
                    follow_ups: Vec::new(),
                });
            }
            AuditChange::AddFollowUp {
                engagement,
                finding,
                input,
            } => {
                let found = self.engagement_mut(engagement)?;
                let reported = found.status == EngagementStatus::Reported;
                let from = found.input.period_from;
                let finding = found
                    .findings
                    .iter_mut()
                    .find(|f| f.id == *finding)
                    .ok_or_else(|| AuditRefusal::Unknown(finding.clone()))?;
                if !reported {
                    return Err(error(
                        "status",
                        "ติดตามผลข้อเสนอแนะได้เมื่อรายงานผลการตรวจสอบแล้ว",
                    ));
                }
                let mut errors = input.validate();
                if input.date < from {
                    errors.push(FieldError {
                        field: "date",
                        message: "วันที่ติดตามผลต้องไม่ก่อนช่วงที่ตรวจสอบ".into(),
                    });
                }
                fail_if(errors)?;
                finding.follow_ups.push(FollowUpInput {
                    date: input.date,
                    status: input.status,
                    reason: input.reason.trim().to_string(),
                    response: input.response.trim().to_string(),
                });
            }
            AuditChange::SetPublished(published) => {
                if *published {
                    if !self.plan.approved() {
                        return Err(error(
                            "published",
                            "เผยแพร่ได้เมื่อแผนการตรวจสอบประจำปีได้รับอนุมัติแล้ว (ระบุผู้อนุมัติและวันที่)",
                        ));
                    }
                    if !self
                        .engagements
                        .iter()
                        .any(|e| e.status == EngagementStatus::Reported)
                    {
                        return Err(error(
                            "published",
                            "เผยแพร่ได้เมื่อมีงานตรวจสอบที่รายงานผลแล้วอย่างน้อย 1 งาน",
                        ));
                    }
                }
                self.published = *published;
            }
        }
        Ok(())
    }

    /// The public version (whether published or not: the caller decides
    /// whether to show it). `unit_name` names a unit by its id.
    pub fn public(&self, unit_name: impl Fn(&str) -> String) -> PublicAudit {
        PublicAudit {
            fiscal_year: self.fiscal_year,
            plan_approved_by: self.plan.approved_by.clone(),
            plan_approved_on: self.plan.approved_on,
            engagements: self
                .engagements
                .iter()
                .map(|e| PublicEngagement {
                    unit: unit_name(&e.input.unit_id),
                    area: e.input.area,
                    scope: e.input.scope.clone(),
                    period_from: e.input.period_from,
                    period_to: e.input.period_to,
                    auditor: AUDITOR_ROLE,
                    status: e.status,
                    // Findings are public once their engagement is
                    // reported to the executives, never while in progress.
                    findings: if e.status == EngagementStatus::Reported {
                        e.findings.iter().map(public_finding).collect()
                    } else {
                        Vec::new()
                    },
                })
                .collect(),
        }
    }

    /// Findings of the year, and of those the recommendations implemented.
    pub fn follow_up_counts(&self) -> (usize, usize) {
        let all: Vec<&Finding> = self.engagements.iter().flat_map(|e| &e.findings).collect();
        let done = all
            .iter()
            .filter(|f| f.follow_up_status() == FollowUpStatus::Implemented)
            .count();
        (all.len(), done)
    }
}

fn trimmed_finding(input: &FindingInput) -> FindingInput {
    FindingInput {
        criterion: input.criterion.trim().to_string(),
        condition: input.condition.trim().to_string(),
        cause: input.cause.trim().to_string(),
        effect: input.effect.trim().to_string(),
        recommendation: input.recommendation.trim().to_string(),
        public_in_full: input.public_in_full,
        summary: input.summary.trim().to_string(),
    }
}

fn public_finding(f: &Finding) -> PublicFinding {
    let i = &f.input;
    let latest = f.latest_follow_up();
    PublicFinding {
        in_full: i.public_in_full,
        text: if i.public_in_full {
            format!(
                "เกณฑ์: {} สภาพที่พบ: {} สาเหตุ: {} ผลกระทบ: {}",
                i.criterion, i.condition, i.cause, i.effect
            )
        } else {
            i.summary.clone()
        },
        recommendation: i.public_in_full.then(|| i.recommendation.clone()),
        follow_up: f.follow_up_status(),
        follow_up_on: latest.map(|l| l.date),
    }
}

/// The public version of a year's internal audit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicAudit {
    pub fiscal_year: u16,
    pub plan_approved_by: String,
    pub plan_approved_on: Option<Date>,
    pub engagements: Vec<PublicEngagement>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicEngagement {
    pub unit: String,
    pub area: AuditArea,
    pub scope: String,
    pub period_from: Date,
    pub period_to: Date,
    /// Always [`AUDITOR_ROLE`].
    pub auditor: &'static str,
    pub status: EngagementStatus,
    pub findings: Vec<PublicFinding>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicFinding {
    pub in_full: bool,
    /// In full: criterion, condition, cause and effect; else the summary.
    pub text: String,
    /// The recommendation, when the finding is public in full.
    pub recommendation: Option<String>,
    pub follow_up: FollowUpStatus,
    pub follow_up_on: Option<Date>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn engagement_input() -> EngagementInput {
        EngagementInput {
            unit_id: "u1".into(),
            area: AuditArea::Procurement,
            scope: "การจัดซื้อจัดจ้างไตรมาส 1".into(),
            period_from: date!(2025 - 10 - 01),
            period_to: date!(2025 - 12 - 31),
            auditor_id: "auditor".into(),
        }
    }

    fn finding(public_in_full: bool, summary: &str) -> FindingInput {
        FindingInput {
            criterion: "ระเบียบ ฯ ข้อ 22".into(),
            condition: "ไม่แต่งตั้งคณะกรรมการตรวจรับ".into(),
            cause: "ขาดความเข้าใจ".into(),
            effect: "เสี่ยงรับของไม่ครบ".into(),
            recommendation: "แต่งตั้งคณะกรรมการทุกครั้ง".into(),
            public_in_full,
            summary: summary.into(),
        }
    }

    fn started() -> AuditYear {
        let mut year = AuditYear::new(2569);
        year.apply(
            &AuditChange::AddEngagement {
                id: "e1".into(),
                input: engagement_input(),
            },
            "auditor",
        )
        .unwrap();
        year
    }

    fn fields(r: Result<(), AuditRefusal>) -> Vec<&'static str> {
        match r {
            Err(AuditRefusal::Invalid(errors)) => errors.iter().map(|e| e.field).collect(),
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    #[test]
    fn an_engagement_starts_only_after_its_auditor_declares_independence() {
        let mut year = started();
        let start = AuditChange::SetStatus {
            engagement: "e1".into(),
            status: EngagementStatus::InProgress,
        };
        assert_eq!(fields(year.apply(&start, "auditor")), ["status"]);
        let declare = AuditChange::DeclareIndependence {
            engagement: "e1".into(),
            statement: INDEPENDENCE_STATEMENT.into(),
            declared_on: date!(2025 - 10 - 02),
        };
        // Someone else cannot declare for the auditor.
        assert_eq!(fields(year.apply(&declare, "other")), ["statement"]);
        year.apply(&declare, "auditor").unwrap();
        year.apply(&start, "auditor").unwrap();
        assert_eq!(year.engagements[0].status, EngagementStatus::InProgress);
    }

    #[test]
    fn a_finding_needs_all_five_parts_and_a_summary_when_not_public_in_full() {
        let mut year = started();
        year.engagements[0].independence = Some(Independence {
            statement: "x".into(),
            declared_on: date!(2025 - 10 - 02),
        });
        year.engagements[0].status = EngagementStatus::InProgress;
        let empty = AuditChange::AddFinding {
            engagement: "e1".into(),
            id: "f1".into(),
            input: FindingInput::default(),
        };
        assert_eq!(
            fields(year.apply(&empty, "auditor")),
            [
                "criterion",
                "condition",
                "cause",
                "effect",
                "recommendation",
                "summary"
            ]
        );
        assert!(year.engagements[0].findings.is_empty());
        let add = AuditChange::AddFinding {
            engagement: "e1".into(),
            id: "f1".into(),
            input: finding(false, "พบข้อบกพร่องด้านการตรวจรับพัสดุ"),
        };
        year.apply(&add, "auditor").unwrap();
        // Not public while the engagement is in progress.
        assert!(
            year.public(|_| "กองคลัง".into()).engagements[0]
                .findings
                .is_empty()
        );
        year.apply(
            &AuditChange::SetStatus {
                engagement: "e1".into(),
                status: EngagementStatus::Reported,
            },
            "auditor",
        )
        .unwrap();
        let public = year.public(|_| "กองคลัง".into());
        let f = &public.engagements[0].findings[0];
        assert_eq!(f.text, "พบข้อบกพร่องด้านการตรวจรับพัสดุ");
        assert_eq!(f.recommendation, None);
        assert_eq!(public.engagements[0].auditor, AUDITOR_ROLE);
    }

    #[test]
    fn follow_up_after_the_report_with_a_reason_when_not_implemented() {
        let mut year = started();
        let e = &mut year.engagements[0];
        e.status = EngagementStatus::InProgress;
        e.findings.push(Finding {
            id: "f1".into(),
            input: finding(true, ""),
            follow_ups: Vec::new(),
        });
        let round = |status, reason: &str| AuditChange::AddFollowUp {
            engagement: "e1".into(),
            finding: "f1".into(),
            input: FollowUpInput {
                date: date!(2026 - 03 - 01),
                status,
                reason: reason.into(),
                response: String::new(),
            },
        };
        assert_eq!(
            fields(year.apply(&round(FollowUpStatus::InProgress, ""), "auditor")),
            ["status"]
        );
        year.engagements[0].status = EngagementStatus::Reported;
        assert_eq!(
            fields(year.apply(&round(FollowUpStatus::NotImplemented, ""), "auditor")),
            ["reason"]
        );
        year.apply(&round(FollowUpStatus::Implemented, ""), "auditor")
            .unwrap();
        assert_eq!(year.follow_up_counts(), (1, 1));
        let unknown = AuditChange::AddFollowUp {
            engagement: "e1".into(),
            finding: "nope".into(),
            input: FollowUpInput {
                date: date!(2026 - 03 - 01),
                status: FollowUpStatus::InProgress,
                reason: String::new(),
                response: String::new(),
            },
        };
        assert_eq!(
            year.apply(&unknown, "auditor"),
            Err(AuditRefusal::Unknown("nope".into()))
        );
    }

    #[test]
    fn bad_engagement_input_and_publication_rules() {
        let mut year = AuditYear::new(2569);
        let mut input = engagement_input();
        input.scope = " ".into();
        input.period_to = date!(2025 - 09 - 01);
        let add = AuditChange::AddEngagement {
            id: "e1".into(),
            input,
        };
        assert_eq!(fields(year.apply(&add, "a")), ["scope", "period_to"]);
        assert_eq!(
            fields(year.apply(&AuditChange::SetPublished(true), "a")),
            ["published"]
        );
        assert!(!year.published);
    }
}
