//! The internal control evaluation under the Ministry of Finance criteria of
//! 2561 (หลักเกณฑ์กระทรวงการคลังว่าด้วยมาตรฐานและหลักเกณฑ์ปฏิบัติการควบคุมภายใน
//! สำหรับหน่วยงานของรัฐ พ.ศ. 2561; plan measure 4.2): per fiscal year the
//! committee (ข้อ 5), ปค.4 (the five components), ปค.5 (per mission: the
//! control's evaluation and its improvement), ปค.6 (the internal auditor's
//! review), ปค.1 (the head's certification) and the submission (ข้อ 9), with
//! the improvements followed to done against the plan's KPI of 80%.
//!
//! Every form has its check here (a Thai message per field); the store
//! applies them, and [`check_certification`] with the ปค.5 rows it read.

use crate::fiscal::FiscalYear;
use crate::validation::{FieldError, check_text};
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// The criteria's default for the report: within 90 days of the end of the
/// fiscal year (ข้อ 9, as summarised; see the settings page).
pub const DEFAULT_DEADLINE_DAYS: u16 = 90;
/// The longest a setting may put the deadline after the year's end.
pub const MAX_DEADLINE_DAYS: u16 = 365;
/// Days before the deadline from which an unsent report is "due soon".
pub const DUE_SOON_DAYS: i64 = 30;
/// The plan's KPI (item 4.2's output 2): 80% of the improvements done.
pub const REMEDIATION_KPI_PERCENT: u32 = 80;

const SHORT: usize = 300;
const LONG: usize = 4000;

/// The five components of internal control (ปค.4), in the form's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    ControlEnvironment,
    RiskAssessment,
    ControlActivities,
    InformationCommunication,
    Monitoring,
}

impl Component {
    pub const ALL: [Component; 5] = [
        Component::ControlEnvironment,
        Component::RiskAssessment,
        Component::ControlActivities,
        Component::InformationCommunication,
        Component::Monitoring,
    ];

    pub fn thai(self) -> &'static str {
        match self {
            Component::ControlEnvironment => "สภาพแวดล้อมการควบคุม",
            Component::RiskAssessment => "การประเมินความเสี่ยง",
            Component::ControlActivities => "กิจกรรมการควบคุม",
            Component::InformationCommunication => "สารสนเทศและการสื่อสาร",
            Component::Monitoring => "กิจกรรมการติดตามผล",
        }
    }

    /// The form field of its evaluation text (its result: `…_result`).
    pub fn field(self) -> &'static str {
        match self {
            Component::ControlEnvironment => "control_environment",
            Component::RiskAssessment => "risk_assessment",
            Component::ControlActivities => "control_activities",
            Component::InformationCommunication => "information_communication",
            Component::Monitoring => "monitoring",
        }
    }

    fn result_field(self) -> &'static str {
        match self {
            Component::ControlEnvironment => "control_environment_result",
            Component::RiskAssessment => "risk_assessment_result",
            Component::ControlActivities => "control_activities_result",
            Component::InformationCommunication => "information_communication_result",
            Component::Monitoring => "monitoring_result",
        }
    }
}

/// A component's evaluation result (ผลการประเมิน).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Adequacy {
    /// มีความเพียงพอและมีประสิทธิผล
    Adequate,
    /// เพียงพอ แต่ยังมีจุดที่ควรปรับปรุง
    NeedsImprovement,
    /// ไม่เพียงพอ
    Inadequate,
}

impl Adequacy {
    pub const ALL: [Adequacy; 3] = [
        Adequacy::Adequate,
        Adequacy::NeedsImprovement,
        Adequacy::Inadequate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Adequacy::Adequate => "adequate",
            Adequacy::NeedsImprovement => "needs_improvement",
            Adequacy::Inadequate => "inadequate",
        }
    }

    pub fn parse(code: &str) -> Option<Adequacy> {
        Adequacy::ALL.into_iter().find(|a| a.code() == code.trim())
    }

    pub fn thai(self) -> &'static str {
        match self {
            Adequacy::Adequate => "มีความเพียงพอและมีประสิทธิผล",
            Adequacy::NeedsImprovement => "เพียงพอ แต่มีจุดที่ควรปรับปรุง",
            Adequacy::Inadequate => "ไม่เพียงพอ",
        }
    }
}

/// One member of the evaluation committee (names are optional and never
/// public).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeMember {
    /// ตำแหน่ง: "ปลัดเทศบาล".
    pub position: String,
    /// In the committee: "ประธานกรรมการ", "กรรมการ", "กรรมการและเลขานุการ".
    pub role: String,
    pub name: Option<String>,
}

/// The committee (ข้อ 5) and the order that appointed it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Committee {
    /// คำสั่งแต่งตั้ง: "คำสั่งเทศบาลที่ 123/2568".
    pub order: String,
    pub members: Vec<CommitteeMember>,
}

/// One component of ปค.4.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentEvaluation {
    pub component: Component,
    /// ผลการประเมิน / ข้อสรุป in words.
    pub evaluation: String,
    pub result: Adequacy,
}

/// ปค.4: the five components and the overall conclusion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Components {
    /// One per [`Component`], in [`Component::ALL`]'s order.
    pub components: Vec<ComponentEvaluation>,
    /// ผลการประเมินโดยรวม.
    pub conclusion: String,
}

/// One ปค.5 row: a mission or activity and its control.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlRowInput {
    /// ภารกิจตามกฎหมายที่จัดตั้งหน่วยงานของรัฐหรือภารกิจตามแผนการดำเนินการ.
    pub mission: String,
    pub objective: String,
    /// ความเสี่ยง.
    pub risk: String,
    /// การควบคุมภายในที่มีอยู่.
    pub existing_control: String,
    /// การประเมินผลการควบคุมภายใน.
    pub evaluation: String,
    /// ความเสี่ยงที่ยังมีอยู่ (empty: none remains).
    pub remaining_risk: String,
    /// การปรับปรุงการควบคุมภายใน (empty: nothing to improve).
    pub improvement: String,
    /// กำหนดเสร็จ.
    pub due_on: Option<Date>,
    /// หน่วยงานที่รับผิดชอบ.
    pub owner_unit: String,
}

/// Where an improvement stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImprovementStatus {
    #[default]
    NotStarted,
    InProgress,
    Done,
}

impl ImprovementStatus {
    pub const ALL: [ImprovementStatus; 3] = [
        ImprovementStatus::NotStarted,
        ImprovementStatus::InProgress,
        ImprovementStatus::Done,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ImprovementStatus::NotStarted => "not_started",
            ImprovementStatus::InProgress => "in_progress",
            ImprovementStatus::Done => "done",
        }
    }

    pub fn parse(code: &str) -> Option<ImprovementStatus> {
        ImprovementStatus::ALL
            .into_iter()
            .find(|s| s.code() == code.trim())
    }

    pub fn thai(self) -> &'static str {
        match self {
            ImprovementStatus::NotStarted => "ยังไม่ดำเนินการ",
            ImprovementStatus::InProgress => "อยู่ระหว่างดำเนินการ",
            ImprovementStatus::Done => "ดำเนินการแล้วเสร็จ",
        }
    }
}

/// How far a row's improvement went.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Improvement {
    pub status: ImprovementStatus,
    /// The day it was done (only when done).
    pub done_on: Option<Date>,
    /// What shows it was done.
    pub evidence: String,
}

/// A stored ปค.5 row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlRow {
    pub id: String,
    pub input: ControlRowInput,
    pub improvement: Improvement,
}

impl ControlRow {
    /// Whether the row plans an improvement (and so counts for the KPI).
    pub fn has_improvement(&self) -> bool {
        !self.input.improvement.trim().is_empty()
    }
}

/// ปค.6: the internal auditor's review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// ความเห็นของผู้ตรวจสอบภายใน.
    pub opinion: String,
    /// ข้อตรวจพบ/ข้อสังเกต, one per line.
    pub points: Vec<String>,
    pub reviewed_on: Date,
    /// The reviewer's position: "ผู้อำนวยการหน่วยตรวจสอบภายใน".
    pub reviewer_position: String,
}

/// The two forms of ปค.1's conclusion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    /// Adequate, appropriate and effective.
    Effective,
    /// Adequate, with the remaining risks listed and how they will be
    /// improved.
    WithRemainingRisks,
}

impl Conclusion {
    pub const ALL: [Conclusion; 2] = [Conclusion::Effective, Conclusion::WithRemainingRisks];

    pub fn code(self) -> &'static str {
        match self {
            Conclusion::Effective => "effective",
            Conclusion::WithRemainingRisks => "with_remaining_risks",
        }
    }

    pub fn parse(code: &str) -> Option<Conclusion> {
        Conclusion::ALL
            .into_iter()
            .find(|c| c.code() == code.trim())
    }

    /// The certification's words.
    pub fn thai(self) -> &'static str {
        match self {
            Conclusion::Effective => {
                "การควบคุมภายในของหน่วยงานมีความเพียงพอ ปฏิบัติตามอย่างต่อเนื่อง และเป็นไปตามหลักเกณฑ์กระทรวงการคลังว่าด้วยมาตรฐานและหลักเกณฑ์ปฏิบัติการควบคุมภายในสำหรับหน่วยงานของรัฐ พ.ศ. 2561"
            }
            Conclusion::WithRemainingRisks => {
                "การควบคุมภายในของหน่วยงานมีความเพียงพอ ปฏิบัติตามอย่างต่อเนื่อง และเป็นไปตามหลักเกณฑ์ฯ ภายใต้การกำกับดูแลของหัวหน้าหน่วยงาน อย่างไรก็ดี มีความเสี่ยงและได้วางแผนการปรับปรุงการควบคุมภายในดังนี้"
            }
        }
    }

    /// A short label for lists and the API's readers.
    pub fn short(self) -> &'static str {
        match self {
            Conclusion::Effective => "เพียงพอและมีประสิทธิผล",
            Conclusion::WithRemainingRisks => "เพียงพอ โดยมีความเสี่ยงที่ต้องปรับปรุง",
        }
    }
}

/// ปค.1: the head's certification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certification {
    /// The head's position: "นายกเทศมนตรีนครนครศรีธรรมราช".
    pub head_position: String,
    pub certified_on: Date,
    pub conclusion: Conclusion,
}

/// The report sent under ข้อ 9.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    /// To whom: "นายอำเภอเมืองนครศรีธรรมราช (ส่งต่อผู้ว่าราชการจังหวัด)".
    pub recipient: String,
    pub submitted_on: Date,
    /// เลขที่หนังสือ: "นศ 52001/1234".
    pub reference: String,
}

/// One of the year's forms, as saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ControlForm {
    Committee(Committee),
    Components(Components),
    Review(Review),
    Certification(Certification),
    Submission(Submission),
}

impl ControlForm {
    /// Its key in the store.
    pub fn key(&self) -> &'static str {
        match self {
            ControlForm::Committee(_) => "committee",
            ControlForm::Components(_) => "pk4",
            ControlForm::Review(_) => "pk6",
            ControlForm::Certification(_) => "pk1",
            ControlForm::Submission(_) => "submission",
        }
    }

    /// The form's own checks (ปค.1's check against ปค.5 is
    /// [`check_certification`]).
    pub fn validate(&self) -> Vec<FieldError> {
        match self {
            ControlForm::Committee(c) => c.validate(),
            ControlForm::Components(c) => c.validate(),
            ControlForm::Review(r) => r.validate(),
            ControlForm::Certification(c) => c.validate(),
            ControlForm::Submission(s) => s.validate(),
        }
    }
}

/// Everything of one fiscal year's evaluation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlYear {
    pub fiscal_year: FiscalYear,
    pub committee: Option<Committee>,
    pub components: Option<Components>,
    /// In the order they were added.
    pub rows: Vec<ControlRow>,
    pub review: Option<Review>,
    pub certification: Option<Certification>,
    pub submission: Option<Submission>,
    /// Days after the year's end the report is due (the organisation's
    /// setting, [`DEFAULT_DEADLINE_DAYS`] unless it set its own).
    pub deadline_days: u16,
}

impl ControlYear {
    pub fn empty(fiscal_year: FiscalYear, deadline_days: u16) -> ControlYear {
        ControlYear {
            fiscal_year,
            committee: None,
            components: None,
            rows: Vec::new(),
            review: None,
            certification: None,
            submission: None,
            deadline_days,
        }
    }

    pub fn deadline(&self) -> Date {
        deadline(self.fiscal_year, self.deadline_days)
    }

    pub fn remediation(&self) -> Remediation {
        Remediation::of(&self.rows)
    }

    /// The ปค.5 rows with a remaining risk: what ปค.1's second form lists.
    pub fn remaining_risks(&self) -> Vec<&ControlRow> {
        remaining_risks(&self.rows)
    }

    pub fn deadline_state(&self, today: Date) -> DeadlineState {
        deadline_state(
            self.deadline(),
            self.submission.as_ref().map(|s| s.submitted_on),
            today,
        )
    }
}

fn remaining_risks(rows: &[ControlRow]) -> Vec<&ControlRow> {
    rows.iter()
        .filter(|r| !r.input.remaining_risk.trim().is_empty())
        .collect()
}

/// The day the year's report is due: `days` after 30 September of the
/// year's end (90 days: 29 December).
pub fn deadline(fiscal_year: FiscalYear, days: u16) -> Date {
    fiscal_year.last_day() + Duration::days(i64::from(days))
}

/// Where the submission stands against its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineState {
    /// Sent; `late` when after the deadline.
    Submitted { late: bool },
    /// Not sent and the deadline has passed.
    Late { days: i64 },
    /// Not sent, due within [`DUE_SOON_DAYS`].
    DueSoon { days: i64 },
    /// Not sent, not yet due soon.
    Open { days: i64 },
}

impl DeadlineState {
    pub fn thai(self) -> String {
        match self {
            DeadlineState::Submitted { late: false } => "ส่งรายงานแล้วภายในกำหนด".into(),
            DeadlineState::Submitted { late: true } => "ส่งรายงานแล้ว (เกินกำหนด)".into(),
            DeadlineState::Late { days } => format!("ยังไม่ส่งรายงาน เกินกำหนดมาแล้ว {days} วัน"),
            DeadlineState::DueSoon { days: 0 } => "ยังไม่ส่งรายงาน ครบกำหนดวันนี้".into(),
            DeadlineState::DueSoon { days } => {
                format!("ยังไม่ส่งรายงาน ใกล้ครบกำหนด (อีก {days} วัน)")
            }
            DeadlineState::Open { days } => format!("ยังไม่ส่งรายงาน (อีก {days} วันถึงกำหนด)"),
        }
    }

    /// A CSS class: `late`, `due-soon` or `ok`.
    pub fn class(self) -> &'static str {
        match self {
            DeadlineState::Late { .. } | DeadlineState::Submitted { late: true } => "late",
            DeadlineState::DueSoon { .. } => "due-soon",
            _ => "ok",
        }
    }
}

pub fn deadline_state(deadline: Date, submitted_on: Option<Date>, today: Date) -> DeadlineState {
    match submitted_on {
        Some(day) => DeadlineState::Submitted {
            late: day > deadline,
        },
        None => {
            let days = (deadline - today).whole_days();
            if days < 0 {
                DeadlineState::Late { days: -days }
            } else if days <= DUE_SOON_DAYS {
                DeadlineState::DueSoon { days }
            } else {
                DeadlineState::Open { days }
            }
        }
    }
}

/// The share of the planned improvements that are done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Remediation {
    pub done: usize,
    /// Rows that plan an improvement.
    pub total: usize,
}

impl Remediation {
    pub fn of(rows: &[ControlRow]) -> Remediation {
        let planned: Vec<&ControlRow> = rows.iter().filter(|r| r.has_improvement()).collect();
        Remediation {
            done: planned
                .iter()
                .filter(|r| r.improvement.status == ImprovementStatus::Done)
                .count(),
            total: planned.len(),
        }
    }

    /// Whole percent, rounded down; None with nothing planned.
    pub fn percent(self) -> Option<u32> {
        (self.total > 0).then(|| (self.done * 100 / self.total) as u32)
    }

    /// Whether the plan's 80% is reached (nothing planned: not measured).
    pub fn meets_kpi(self) -> Option<bool> {
        self.percent().map(|p| p >= REMEDIATION_KPI_PERCENT)
    }

    /// "4 จาก 5 รายการ (ร้อยละ 80)".
    pub fn thai(self) -> String {
        match self.percent() {
            Some(p) => format!("{} จาก {} รายการ (ร้อยละ {p})", self.done, self.total),
            None => "ยังไม่มีรายการที่ต้องปรับปรุง".into(),
        }
    }
}

fn error(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

impl Committee {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "order",
            "คำสั่งแต่งตั้ง",
            &self.order,
            false,
            SHORT,
            false,
        );
        if self.members.is_empty() {
            errors.push(error("members", "โปรดระบุกรรมการอย่างน้อย 1 คน"));
        }
        if self.members.len() > 50 {
            errors.push(error("members", "กรรมการได้ไม่เกิน 50 คน"));
        }
        for (i, m) in self.members.iter().enumerate() {
            let mut one = Vec::new();
            check_text(
                &mut one,
                "members",
                "ตำแหน่ง",
                &m.position,
                true,
                SHORT,
                false,
            );
            check_text(
                &mut one,
                "members",
                "บทบาทในคณะกรรมการ",
                &m.role,
                true,
                SHORT,
                false,
            );
            if let Some(name) = &m.name {
                check_text(&mut one, "members", "ชื่อ", name, false, SHORT, false);
            }
            errors.extend(one.into_iter().map(|e| FieldError {
                field: e.field,
                message: format!("กรรมการคนที่ {}: {}", i + 1, e.message),
            }));
        }
        errors
    }
}

impl Components {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for kind in Component::ALL {
            let found: Vec<&ComponentEvaluation> = self
                .components
                .iter()
                .filter(|c| c.component == kind)
                .collect();
            match found.as_slice() {
                [one] => check_text(
                    &mut errors,
                    kind.field(),
                    &format!("ผลการประเมินองค์ประกอบ{}", kind.thai()),
                    &one.evaluation,
                    true,
                    LONG,
                    true,
                ),
                [] => errors.push(error(
                    kind.result_field(),
                    format!("โปรดประเมินองค์ประกอบ{}", kind.thai()),
                )),
                _ => errors.push(error(
                    kind.result_field(),
                    format!("องค์ประกอบ{}ซ้ำกัน", kind.thai()),
                )),
            }
        }
        if self.components.len() != Component::ALL.len() {
            errors.push(error(
                "form",
                "ปค.4 ต้องมีครบ 5 องค์ประกอบ องค์ประกอบละ 1 รายการ",
            ));
        }
        check_text(
            &mut errors,
            "conclusion",
            "ผลการประเมินโดยรวม",
            &self.conclusion,
            true,
            LONG,
            true,
        );
        errors
    }

    /// The components in the form's order.
    pub fn ordered(&self) -> Vec<&ComponentEvaluation> {
        Component::ALL
            .into_iter()
            .filter_map(|k| self.components.iter().find(|c| c.component == k))
            .collect()
    }
}

impl ControlRowInput {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "mission",
            "ภารกิจ/กิจกรรม",
            &self.mission,
            true,
            SHORT,
            false,
        );
        check_text(
            &mut errors,
            "objective",
            "วัตถุประสงค์",
            &self.objective,
            true,
            LONG,
            true,
        );
        check_text(
            &mut errors,
            "risk",
            "ความเสี่ยง",
            &self.risk,
            true,
            LONG,
            true,
        );
        check_text(
            &mut errors,
            "existing_control",
            "การควบคุมภายในที่มีอยู่",
            &self.existing_control,
            true,
            LONG,
            true,
        );
        check_text(
            &mut errors,
            "evaluation",
            "การประเมินผลการควบคุมภายใน",
            &self.evaluation,
            true,
            LONG,
            true,
        );
        check_text(
            &mut errors,
            "remaining_risk",
            "ความเสี่ยงที่ยังมีอยู่",
            &self.remaining_risk,
            false,
            LONG,
            true,
        );
        check_text(
            &mut errors,
            "improvement",
            "การปรับปรุงการควบคุมภายใน",
            &self.improvement,
            false,
            LONG,
            true,
        );
        if self.owner_unit.trim().is_empty() {
            errors.push(error(
                "owner_unit",
                "โปรดระบุหน่วยงานที่รับผิดชอบ: ทุกแถวของ ปค.5 ต้องมีผู้รับผิดชอบ",
            ));
        } else {
            check_text(
                &mut errors,
                "owner_unit",
                "หน่วยงานที่รับผิดชอบ",
                &self.owner_unit,
                true,
                SHORT,
                false,
            );
        }
        if !self.remaining_risk.trim().is_empty() && self.improvement.trim().is_empty() {
            errors.push(error(
                "improvement",
                "มีความเสี่ยงที่ยังมีอยู่ โปรดระบุการปรับปรุงการควบคุมภายใน",
            ));
        }
        if !self.improvement.trim().is_empty() && self.due_on.is_none() {
            errors.push(error("due_on", "โปรดระบุกำหนดเสร็จของการปรับปรุง"));
        }
        errors
    }
}

impl Improvement {
    pub fn validate(&self, today: Date) -> Vec<FieldError> {
        let mut errors = Vec::new();
        match (self.status, self.done_on) {
            (ImprovementStatus::Done, None) => {
                errors.push(error("done_on", "โปรดระบุวันที่ดำเนินการแล้วเสร็จ"))
            }
            (ImprovementStatus::Done, Some(day)) if day > today => {
                errors.push(error("done_on", "วันที่แล้วเสร็จต้องไม่เป็นวันในอนาคต"))
            }
            (ImprovementStatus::NotStarted | ImprovementStatus::InProgress, Some(_)) => errors
                .push(error(
                    "done_on",
                    "ระบุวันที่แล้วเสร็จได้เมื่อสถานะเป็น \"ดำเนินการแล้วเสร็จ\" เท่านั้น",
                )),
            _ => {}
        }
        check_text(
            &mut errors,
            "evidence",
            "หลักฐานการดำเนินการ",
            &self.evidence,
            false,
            LONG,
            true,
        );
        errors
    }
}

impl Review {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "opinion",
            "ความเห็นของผู้ตรวจสอบภายใน",
            &self.opinion,
            true,
            LONG,
            true,
        );
        check_text(
            &mut errors,
            "reviewer_position",
            "ตำแหน่งผู้สอบทาน",
            &self.reviewer_position,
            true,
            SHORT,
            false,
        );
        if self.points.len() > 50 {
            errors.push(error("points", "ข้อสังเกตได้ไม่เกิน 50 ข้อ"));
        }
        for p in &self.points {
            check_text(&mut errors, "points", "ข้อสังเกต", p, false, LONG, false);
        }
        errors
    }
}

impl Certification {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "head_position",
            "ตำแหน่งหัวหน้าหน่วยงาน",
            &self.head_position,
            true,
            SHORT,
            false,
        );
        errors
    }
}

impl Submission {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "recipient",
            "หน่วยงานที่ส่งรายงานถึง",
            &self.recipient,
            true,
            SHORT,
            false,
        );
        check_text(
            &mut errors,
            "reference",
            "เลขที่หนังสือนำส่ง",
            &self.reference,
            true,
            SHORT,
            false,
        );
        errors
    }
}

/// ปค.1 against the ปค.5 rows the store read: the first form when no risk
/// remains, the second when some does; never before ปค.4 and ปค.5 exist.
pub fn check_certification(
    certification: &Certification,
    components: Option<&Components>,
    rows: &[ControlRow],
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if components.is_none() {
        errors.push(error("form", "โปรดจัดทำ ปค.4 ก่อนรับรอง ปค.1"));
    }
    if rows.is_empty() {
        errors.push(error("form", "โปรดจัดทำ ปค.5 อย่างน้อย 1 แถวก่อนรับรอง ปค.1"));
    }
    let remaining = remaining_risks(rows).len();
    match certification.conclusion {
        Conclusion::Effective if remaining > 0 => errors.push(error(
            "conclusion",
            format!(
                "ปค.5 ยังมีความเสี่ยงที่ยังมีอยู่ {remaining} รายการ โปรดเลือกแบบที่ระบุความเสี่ยงและการปรับปรุง"
            ),
        )),
        Conclusion::WithRemainingRisks if remaining == 0 => errors.push(error(
            "conclusion",
            "ปค.5 ไม่มีความเสี่ยงที่ยังมีอยู่ โปรดเลือกแบบที่การควบคุมภายในเพียงพอและมีประสิทธิผล",
        )),
        _ => {}
    }
    errors
}

/// A deadline setting: 1 to [`MAX_DEADLINE_DAYS`] days.
pub fn check_deadline_days(days: u16) -> Vec<FieldError> {
    if (1..=MAX_DEADLINE_DAYS).contains(&days) {
        Vec::new()
    } else {
        vec![error(
            "deadline_days",
            format!("จำนวนวันต้องอยู่ระหว่าง 1 ถึง {MAX_DEADLINE_DAYS} วัน"),
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn row(remaining: &str, improvement: &str, status: ImprovementStatus) -> ControlRow {
        ControlRow {
            id: "r".into(),
            input: ControlRowInput {
                mission: "การจัดซื้อจัดจ้าง".into(),
                objective: "ถูกต้องตามระเบียบ".into(),
                risk: "กำหนดคุณลักษณะเฉพาะเจาะจง".into(),
                existing_control: "คณะกรรมการกำหนดร่างขอบเขตงาน".into(),
                evaluation: "มีแต่ยังไม่เพียงพอ".into(),
                remaining_risk: remaining.into(),
                improvement: improvement.into(),
                due_on: Some(date!(2026 - 09 - 30)),
                owner_unit: "กองคลัง".into(),
            },
            improvement: Improvement {
                status,
                done_on: (status == ImprovementStatus::Done).then_some(date!(2026 - 03 - 01)),
                evidence: String::new(),
            },
        }
    }

    #[test]
    fn the_default_deadline_is_ninety_days_after_the_year() {
        assert_eq!(
            deadline(FiscalYear(2568), DEFAULT_DEADLINE_DAYS),
            date!(2025 - 12 - 29)
        );
        assert_eq!(deadline(FiscalYear(2569), 60), date!(2026 - 11 - 29));
    }

    #[test]
    fn deadline_states() {
        let due = date!(2025 - 12 - 29);
        assert_eq!(
            deadline_state(due, None, date!(2026 - 01 - 02)),
            DeadlineState::Late { days: 4 }
        );
        assert_eq!(
            deadline_state(due, None, date!(2025 - 12 - 20)),
            DeadlineState::DueSoon { days: 9 }
        );
        assert_eq!(
            deadline_state(due, None, date!(2025 - 10 - 01)),
            DeadlineState::Open { days: 89 }
        );
        assert_eq!(
            deadline_state(due, Some(date!(2025 - 12 - 30)), date!(2026 - 01 - 02)),
            DeadlineState::Submitted { late: true }
        );
        assert_eq!(
            deadline_state(due, Some(due), date!(2026 - 01 - 02)),
            DeadlineState::Submitted { late: false }
        );
        assert!(DeadlineState::Late { days: 4 }.thai().contains("เกินกำหนด"));
    }

    #[test]
    fn remediation_counts_planned_improvements_only() {
        let rows = vec![
            row("ยังมี", "ปรับปรุง", ImprovementStatus::Done),
            row("ยังมี", "ปรับปรุง", ImprovementStatus::Done),
            row("ยังมี", "ปรับปรุง", ImprovementStatus::Done),
            row("ยังมี", "ปรับปรุง", ImprovementStatus::Done),
            row("ยังมี", "ปรับปรุง", ImprovementStatus::InProgress),
            row("", "", ImprovementStatus::NotStarted),
        ];
        let r = Remediation::of(&rows);
        assert_eq!((r.done, r.total), (4, 5));
        assert_eq!(r.percent(), Some(80));
        assert_eq!(r.meets_kpi(), Some(true));
        assert_eq!(Remediation::of(&rows[3..]).meets_kpi(), Some(false));
        assert_eq!(Remediation::of(&[]).percent(), None);
    }

    #[test]
    fn a_row_without_an_owner_is_refused_at_that_field() {
        let mut input = row("", "", ImprovementStatus::NotStarted).input;
        assert!(input.validate().is_empty());
        input.owner_unit = "  ".into();
        let errors = input.validate();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "owner_unit");
        assert!(errors[0].message.contains("ผู้รับผิดชอบ"));
    }

    #[test]
    fn a_remaining_risk_needs_an_improvement_with_a_due_date() {
        let mut input = row("ยังมี", "", ImprovementStatus::NotStarted).input;
        assert_eq!(input.validate()[0].field, "improvement");
        input.improvement = "ทบทวน".into();
        input.due_on = None;
        assert_eq!(input.validate()[0].field, "due_on");
    }

    #[test]
    fn done_needs_its_date_and_only_then() {
        let today = date!(2026 - 05 - 01);
        let mut i = Improvement {
            status: ImprovementStatus::Done,
            done_on: None,
            evidence: String::new(),
        };
        assert_eq!(i.validate(today)[0].field, "done_on");
        i.done_on = Some(date!(2026 - 06 - 01));
        assert_eq!(i.validate(today)[0].field, "done_on");
        i.done_on = Some(date!(2026 - 04 - 01));
        assert!(i.validate(today).is_empty());
        i.status = ImprovementStatus::InProgress;
        assert_eq!(i.validate(today)[0].field, "done_on");
    }

    #[test]
    fn components_need_all_five() {
        let mut c = Components {
            components: Component::ALL
                .into_iter()
                .map(|component| ComponentEvaluation {
                    component,
                    evaluation: "มีการกำหนด".into(),
                    result: Adequacy::Adequate,
                })
                .collect(),
            conclusion: "เพียงพอ".into(),
        };
        assert!(c.validate().is_empty());
        c.components.pop();
        let errors = c.validate();
        assert!(errors.iter().any(|e| e.field == "monitoring_result"));
        c.components[0].evaluation = String::new();
        assert!(
            c.validate()
                .iter()
                .any(|e| e.field == "control_environment")
        );
    }

    #[test]
    fn the_certification_follows_the_remaining_risks() {
        let components = Components {
            components: Vec::new(),
            conclusion: "x".into(),
        };
        let cert = |conclusion| Certification {
            head_position: "นายกเทศมนตรี".into(),
            certified_on: date!(2025 - 11 - 30),
            conclusion,
        };
        let with_risk = vec![row("ยังมี", "ปรับปรุง", ImprovementStatus::InProgress)];
        let without = vec![row("", "", ImprovementStatus::NotStarted)];
        assert!(
            check_certification(
                &cert(Conclusion::WithRemainingRisks),
                Some(&components),
                &with_risk
            )
            .is_empty()
        );
        assert_eq!(
            check_certification(&cert(Conclusion::Effective), Some(&components), &with_risk)[0]
                .field,
            "conclusion"
        );
        assert!(
            check_certification(&cert(Conclusion::Effective), Some(&components), &without)
                .is_empty()
        );
        assert_eq!(
            check_certification(
                &cert(Conclusion::WithRemainingRisks),
                Some(&components),
                &without
            )[0]
            .field,
            "conclusion"
        );
        assert_eq!(
            check_certification(&cert(Conclusion::Effective), None, &[]).len(),
            2
        );
    }

    #[test]
    fn deadline_days_are_bounded() {
        assert!(check_deadline_days(90).is_empty());
        assert_eq!(check_deadline_days(0)[0].field, "deadline_days");
        assert_eq!(check_deadline_days(366)[0].field, "deadline_days");
    }
}
