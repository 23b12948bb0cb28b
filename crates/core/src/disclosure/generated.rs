//! Generated sources: pages Sujarit keeps itself (the plan, its monitoring
//! reports, the complaint pages, the activity calendar, a survey's results)
//! that stand as an item's evidence without anyone uploading it, and the
//! facts that say whether such a page has content yet.

use crate::activity::{Activity, ActivityInput, ActivityKind, TargetGroup};
use crate::fiscal::FiscalYear;
use crate::survey::{Survey, SurveyKind};
use serde::{Deserialize, Serialize};
use time::Date;

/// A page Sujarit produces itself and keeps current, which can stand as an
/// item's evidence without anyone uploading it. The web layer resolves the
/// key to a page and links it when the page has content
/// ([`GeneratedSource::page_exists`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeneratedSource {
    /// The anti-corruption action plan (public plan pages).
    Plan,
    /// The plan's 6-month monitoring report.
    Monitoring6m,
    /// The plan's annual (12-month) monitoring report.
    Monitoring12m,
    /// Statistics of general complaints (ร้องทุกข์/ร้องเรียน).
    ComplaintStats,
    /// The general complaint handling manual.
    ComplaintManual,
    /// The channels for general complaints.
    ComplaintChannels,
    /// The channel for corruption and misconduct reports (แจ้งเบาะแส).
    CorruptionReportChannel,
    /// The handling guideline for corruption and misconduct reports.
    CorruptionReportManual,
    /// Statistics of corruption and misconduct reports.
    CorruptionReportStats,
    /// The public results of the year's service satisfaction survey
    /// ([`satisfaction_report`]).
    SatisfactionSurvey,
    /// The year's integrity and ethics activities: the public activity
    /// calendar of the year (every activity recorded in Sujarit carries out
    /// an item of the anti-corruption plan).
    EthicsActivities,
    /// The year's staff development (trainings of staff and executives):
    /// the calendar of the year ([`is_staff_development`]).
    StaffDevelopment,
    /// The year's activities open to the public's participation: the
    /// calendar of the year ([`is_participation`]).
    Participation,
    /// The year's corruption risk assessment: risk events, levels and
    /// their controls (the public risk register, issue 14).
    RiskAssessment,
    /// What was done about the year's risks: the monitoring of the risk
    /// register's controls.
    RiskManagement,
    /// The year's internal measures (มาตรการภายใน): owner, steps, dates.
    InternalMeasures,
    /// What the year's internal measures achieved.
    InternalMeasuresResults,
    /// The year's report of gifts and benefits under the No Gift Policy,
    /// without personal details.
    GiftReport,
    /// The public version of the year's internal audit report.
    InternalAuditReport,
    /// The year's internal control evaluation (ปค.1 and its summary).
    InternalControlReport,
}

/// What Sujarit has of one organisation in one fiscal year that decides
/// whether a generated source's page has content. The service gathers it
/// from the store; [`GeneratedFacts::gather`] does the counting, so the
/// rules stay here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GeneratedFacts {
    /// The organisation has an imported plan.
    pub has_plan: bool,
    /// Published activities of the year held by the day of gathering
    /// ([`counts_for_the_year`]).
    pub activities: usize,
    /// Of those, staff development ([`is_staff_development`]).
    pub staff_development: usize,
    /// Of those, open to the public ([`is_participation`]).
    pub participation: usize,
    /// The survey whose public results stand for the year's satisfaction
    /// report ([`satisfaction_report`]), by id.
    pub satisfaction_survey: Option<String>,
    /// Entries of the year's risk register that are assessed (issue 14).
    pub risks_assessed: usize,
    /// Entries of the year's risk register with a monitoring round recorded.
    pub risks_monitored: usize,
    /// The year's internal measures.
    pub measures: usize,
    /// Of those, the ones with a result recorded.
    pub measures_reported: usize,
    /// The year's gift report can be shown: the year has declarations or
    /// nil returns.
    pub gift_report: bool,
    /// The year's internal audit report has a public version.
    pub audit_report: bool,
    /// The year's internal control evaluation is certified (ปค.1).
    pub control_report: bool,
}

impl GeneratedFacts {
    /// The facts of `fiscal_year` as of `today`, from the organisation's
    /// activities and surveys (those of other years are ignored).
    pub fn gather(
        has_plan: bool,
        fiscal_year: FiscalYear,
        today: Date,
        activities: &[Activity],
        surveys: &[Survey],
    ) -> GeneratedFacts {
        let held: Vec<&ActivityInput> = activities
            .iter()
            .filter(|a| counts_for_the_year(a, fiscal_year, today))
            .map(|a| &a.input)
            .collect();
        GeneratedFacts {
            has_plan,
            activities: held.len(),
            staff_development: held.iter().filter(|a| is_staff_development(a)).count(),
            participation: held.iter().filter(|a| is_participation(a)).count(),
            satisfaction_survey: satisfaction_report(surveys, fiscal_year).map(|s| s.id.clone()),
            ..GeneratedFacts::default()
        }
    }
}

/// An activity counts as done in `fiscal_year` when it is of that year, is
/// published (on the public calendar) and has begun by `today`: an
/// announced activity is not yet evidence of work done.
pub fn counts_for_the_year(activity: &Activity, fiscal_year: FiscalYear, today: Date) -> bool {
    activity.published
        && activity.input.fiscal_year == fiscal_year.be()
        && activity.input.first_day().is_some_and(|day| day <= today)
}

/// Staff development: a training, camp or briefing for the organisation's
/// own people (staff or executives).
pub fn is_staff_development(activity: &ActivityInput) -> bool {
    matches!(
        activity.kind,
        ActivityKind::Training | ActivityKind::Camp | ActivityKind::Briefing
    ) && activity
        .groups
        .iter()
        .any(|g| matches!(g.group, TargetGroup::Staff | TargetGroup::Executives))
}

/// Open to the public's participation: for people outside the
/// organisation (the community, youth or partner networks), whatever its
/// kind.
pub fn is_participation(activity: &ActivityInput) -> bool {
    activity.groups.iter().any(|g| {
        matches!(
            g.group,
            TargetGroup::Community | TargetGroup::Youth | TargetGroup::Partners
        )
    })
}

/// Whether a survey's results are public: from its `min_public` answers on,
/// and never with none.
pub fn results_public(survey: &Survey) -> bool {
    survey.input.results_public(survey.responses)
}

/// The survey that stands for the year's service satisfaction report: a
/// satisfaction survey of `fiscal_year` not tied to an activity (an
/// activity's own survey rates that activity, not the services) whose
/// results are public; of several, the one with the most answers (the
/// first as given on a tie).
pub fn satisfaction_report(surveys: &[Survey], fiscal_year: FiscalYear) -> Option<&Survey> {
    let mut best: Option<&Survey> = None;
    for survey in surveys.iter().filter(|s| {
        s.input.kind == SurveyKind::Satisfaction
            && s.input.activity.is_none()
            && s.input.fiscal_year == fiscal_year.be()
            && results_public(s)
    }) {
        if best.is_none_or(|b| survey.responses > b.responses) {
            best = Some(survey);
        }
    }
    best
}

impl GeneratedSource {
    /// Whether Sujarit has the page that stands for this source, with
    /// content: the plan pages and the monitoring reports need an imported
    /// plan; the complaint pages always exist; the activity sources need a
    /// published activity of their kind held in the year; the satisfaction
    /// report needs a survey with public results.
    pub fn page_exists(self, facts: &GeneratedFacts) -> bool {
        match self {
            GeneratedSource::Plan
            | GeneratedSource::Monitoring6m
            | GeneratedSource::Monitoring12m => facts.has_plan,
            GeneratedSource::ComplaintStats
            | GeneratedSource::CorruptionReportStats
            | GeneratedSource::ComplaintManual
            | GeneratedSource::ComplaintChannels
            | GeneratedSource::CorruptionReportChannel
            | GeneratedSource::CorruptionReportManual => true,
            GeneratedSource::SatisfactionSurvey => facts.satisfaction_survey.is_some(),
            GeneratedSource::EthicsActivities => facts.activities > 0,
            GeneratedSource::StaffDevelopment => facts.staff_development > 0,
            GeneratedSource::Participation => facts.participation > 0,
            GeneratedSource::RiskAssessment => facts.risks_assessed > 0,
            GeneratedSource::RiskManagement => facts.risks_monitored > 0,
            GeneratedSource::InternalMeasures => facts.measures > 0,
            GeneratedSource::InternalMeasuresResults => facts.measures_reported > 0,
            GeneratedSource::GiftReport => facts.gift_report,
            GeneratedSource::InternalAuditReport => facts.audit_report,
            GeneratedSource::InternalControlReport => facts.control_report,
        }
    }

    /// What the page still needs when it does not exist, in Thai (for the
    /// staff who try to publish it); None for the pages that always exist.
    pub fn needs(self) -> Option<&'static str> {
        match self {
            GeneratedSource::Plan
            | GeneratedSource::Monitoring6m
            | GeneratedSource::Monitoring12m => Some("ต้องนำเข้าแผนปฏิบัติการป้องกันการทุจริตก่อน"),
            GeneratedSource::ComplaintStats
            | GeneratedSource::CorruptionReportStats
            | GeneratedSource::ComplaintManual
            | GeneratedSource::ComplaintChannels
            | GeneratedSource::CorruptionReportChannel
            | GeneratedSource::CorruptionReportManual => None,
            GeneratedSource::SatisfactionSurvey => {
                Some("ต้องมีแบบสำรวจความพึงพอใจของปีงบประมาณนี้ที่ไม่ผูกกับกิจกรรม และมีผู้ตอบครบจำนวนที่เปิดเผยผลได้")
            }
            GeneratedSource::EthicsActivities => {
                Some("ต้องมีกิจกรรมของปีงบประมาณนี้ที่เผยแพร่แล้วและเริ่มจัดแล้วอย่างน้อย 1 กิจกรรม")
            }
            GeneratedSource::StaffDevelopment => Some(
                "ต้องมีการอบรม ค่าย หรือการชี้แจงสำหรับบุคลากรหรือผู้บริหารของปีงบประมาณนี้ที่เผยแพร่แล้วและเริ่มจัดแล้ว",
            ),
            GeneratedSource::Participation => Some(
                "ต้องมีกิจกรรมสำหรับประชาชน เยาวชน หรือภาคีเครือข่ายของปีงบประมาณนี้ที่เผยแพร่แล้วและเริ่มจัดแล้ว",
            ),
            GeneratedSource::RiskAssessment => {
                Some("ต้องประเมินระดับความเสี่ยงในทะเบียนความเสี่ยงการทุจริตของปีงบประมาณนี้อย่างน้อย 1 รายการ")
            }
            GeneratedSource::RiskManagement => {
                Some("ต้องบันทึกผลการติดตามความเสี่ยงการทุจริตของปีงบประมาณนี้อย่างน้อย 1 รายการ")
            }
            GeneratedSource::InternalMeasures => {
                Some("ต้องมีมาตรการภายในของปีงบประมาณนี้อย่างน้อย 1 มาตรการ")
            }
            GeneratedSource::InternalMeasuresResults => {
                Some("ต้องบันทึกผลการดำเนินการของมาตรการภายในของปีงบประมาณนี้อย่างน้อย 1 มาตรการ")
            }
            GeneratedSource::GiftReport => {
                Some("ต้องมีการแจ้งการรับของขวัญหรือการแจ้งว่าไม่มีการรับของขวัญของปีงบประมาณนี้")
            }
            GeneratedSource::InternalAuditReport => {
                Some("ต้องจัดทำรายงานผลการตรวจสอบภายในของปีงบประมาณนี้และฉบับเผยแพร่")
            }
            GeneratedSource::InternalControlReport => {
                Some("ต้องรับรองผลการประเมินการควบคุมภายใน (ปค.1) ของปีงบประมาณนี้")
            }
        }
    }

    pub const ALL: [GeneratedSource; 20] = [
        GeneratedSource::Plan,
        GeneratedSource::Monitoring6m,
        GeneratedSource::Monitoring12m,
        GeneratedSource::ComplaintStats,
        GeneratedSource::ComplaintManual,
        GeneratedSource::ComplaintChannels,
        GeneratedSource::CorruptionReportChannel,
        GeneratedSource::CorruptionReportManual,
        GeneratedSource::CorruptionReportStats,
        GeneratedSource::SatisfactionSurvey,
        GeneratedSource::EthicsActivities,
        GeneratedSource::StaffDevelopment,
        GeneratedSource::Participation,
        GeneratedSource::RiskAssessment,
        GeneratedSource::RiskManagement,
        GeneratedSource::InternalMeasures,
        GeneratedSource::InternalMeasuresResults,
        GeneratedSource::GiftReport,
        GeneratedSource::InternalAuditReport,
        GeneratedSource::InternalControlReport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GeneratedSource::Plan => "plan",
            GeneratedSource::Monitoring6m => "monitoring_6m",
            GeneratedSource::Monitoring12m => "monitoring_12m",
            GeneratedSource::ComplaintStats => "complaint_stats",
            GeneratedSource::ComplaintManual => "complaint_manual",
            GeneratedSource::ComplaintChannels => "complaint_channels",
            GeneratedSource::CorruptionReportChannel => "corruption_report_channel",
            GeneratedSource::CorruptionReportManual => "corruption_report_manual",
            GeneratedSource::CorruptionReportStats => "corruption_report_stats",
            GeneratedSource::SatisfactionSurvey => "satisfaction_survey",
            GeneratedSource::EthicsActivities => "ethics_activities",
            GeneratedSource::StaffDevelopment => "staff_development",
            GeneratedSource::Participation => "participation",
            GeneratedSource::RiskAssessment => "risk_assessment",
            GeneratedSource::RiskManagement => "risk_management",
            GeneratedSource::InternalMeasures => "internal_measures",
            GeneratedSource::InternalMeasuresResults => "internal_measures_results",
            GeneratedSource::GiftReport => "gift_report",
            GeneratedSource::InternalAuditReport => "internal_audit_report",
            GeneratedSource::InternalControlReport => "internal_control_report",
        }
    }

    pub fn parse(key: &str) -> Option<GeneratedSource> {
        GeneratedSource::ALL
            .into_iter()
            .find(|s| s.as_str() == key.trim())
    }

    pub fn thai(self) -> &'static str {
        match self {
            GeneratedSource::Plan => "แผนปฏิบัติการป้องกันการทุจริต",
            GeneratedSource::Monitoring6m => "รายงานการกำกับติดตามแผนฯ รอบ 6 เดือน",
            GeneratedSource::Monitoring12m => "รายงานผลการดำเนินงานตามแผนฯ ประจำปี",
            GeneratedSource::ComplaintStats => "สถิติเรื่องร้องเรียน",
            GeneratedSource::ComplaintManual => "คู่มือการจัดการเรื่องร้องเรียน",
            GeneratedSource::ComplaintChannels => "ช่องทางการร้องเรียน",
            GeneratedSource::CorruptionReportChannel => "ช่องทางแจ้งเรื่องร้องเรียนการทุจริต",
            GeneratedSource::CorruptionReportManual => {
                "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"
            }
            GeneratedSource::CorruptionReportStats => "สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
            GeneratedSource::SatisfactionSurvey => "ผลการสำรวจความพึงพอใจการให้บริการ",
            GeneratedSource::EthicsActivities => "ปฏิทินกิจกรรมส่งเสริมคุณธรรมและความโปร่งใสของปี",
            GeneratedSource::StaffDevelopment => "ปฏิทินกิจกรรมของปี: การอบรมและพัฒนาบุคลากร",
            GeneratedSource::Participation => "ปฏิทินกิจกรรมของปี: กิจกรรมที่ประชาชนมีส่วนร่วม",
            GeneratedSource::RiskAssessment => "ผลการประเมินความเสี่ยงการทุจริตประจำปี",
            GeneratedSource::RiskManagement => "ผลการดำเนินการจัดการความเสี่ยงการทุจริตประจำปี",
            GeneratedSource::InternalMeasures => "มาตรการภายในเพื่อส่งเสริมคุณธรรมและความโปร่งใส",
            GeneratedSource::InternalMeasuresResults => "ผลการดำเนินการตามมาตรการภายใน",
            GeneratedSource::GiftReport => "รายงานการรับของขวัญและประโยชน์อื่นใด (No Gift Policy)",
            GeneratedSource::InternalAuditReport => "รายงานผลการตรวจสอบภายใน (ฉบับเผยแพร่)",
            GeneratedSource::InternalControlReport => "รายงานผลการประเมินการควบคุมภายใน",
        }
    }
}
