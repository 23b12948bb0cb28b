//! The anti-corruption action plan as the NACC template structures it:
//! dimensions → missions → items, with each item's form, the Part 1 risk and
//! target tables, the proclamation and the yearly E-PlanNACC schedules.
//!
//! Every value is kept as the document wrote it; disagreements are reported as
//! [`Finding`]s, never silently corrected.

use crate::money::Baht;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Budget per fiscal year (BE), e.g. {2566: 100,000}. JSON keys are "2566".
pub type YearlyBudget = BTreeMap<u16, Baht>;

/// One organisation's plan, as imported or edited.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub organization: String,
    pub title: String,
    pub period: Period,
    pub dimensions: Vec<Dimension>,
    pub risks: Vec<RiskRow>,
    pub targets: Vec<TargetRow>,
    pub proclamation: Option<Proclamation>,
    pub schedules: Vec<Schedule>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub first_fiscal_year: u16,
    pub last_fiscal_year: u16,
}

impl Period {
    pub fn years(self) -> impl Iterator<Item = u16> {
        self.first_fiscal_year..=self.last_fiscal_year
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dimension {
    pub no: u8,
    pub name: String,
    /// "รวม จำนวน 13 โครงการ" in Part 2, when the document states it.
    pub stated_item_count: Option<u32>,
    /// The subtotal row of Part 2, per fiscal year.
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, f64>))]
    pub stated_budget: YearlyBudget,
    pub missions: Vec<Mission>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Mission {
    /// "1.1", "2.3", …
    pub code: String,
    pub name: String,
    pub items: Vec<Item>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Project,
    Activity,
    Measure,
}

impl ItemKind {
    /// The kind a name announces by its first word (โครงการ/กิจกรรม/มาตรการ).
    pub fn from_name(name: &str) -> Option<ItemKind> {
        let name = name.trim_start_matches(|c: char| c.is_whitespace() || "\"“'‘".contains(c));
        [
            ("โครงการ", ItemKind::Project),
            ("กิจกรรม", ItemKind::Activity),
            ("มาตรการ", ItemKind::Measure),
        ]
        .into_iter()
        .find(|(word, _)| name.starts_with(word))
        .map(|(_, kind)| kind)
    }

    pub fn thai(self) -> &'static str {
        match self {
            ItemKind::Project => "โครงการ",
            ItemKind::Activity => "กิจกรรม",
            ItemKind::Measure => "มาตรการ",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Project => "project",
            ItemKind::Activity => "activity",
            ItemKind::Measure => "measure",
        }
    }

    pub fn parse(s: &str) -> Option<ItemKind> {
        match s {
            "project" => Some(ItemKind::Project),
            "activity" => Some(ItemKind::Activity),
            "measure" => Some(ItemKind::Measure),
            _ => None,
        }
    }
}

/// An item's place in Part 2: dimension 2, item 19 is "2.19".
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ItemRef {
    pub dimension: u8,
    pub no: u32,
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.dimension, self.no)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub dimension: u8,
    /// Number within its dimension, as in Part 2.
    pub no: u32,
    pub kind: Option<ItemKind>,
    pub name: String,
    /// 0 where the table has "-" or nothing.
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, f64>))]
    pub budget: YearlyBudget,
    pub units: Vec<String>,
    pub form: Option<ItemForm>,
    /// Line of the Part 2 row in the source document.
    pub line: Option<u32>,
}

impl Item {
    pub fn item_ref(&self) -> ItemRef {
        ItemRef {
            dimension: self.dimension,
            no: self.no,
        }
    }

    pub fn total_budget(&self) -> Baht {
        self.budget.values().copied().sum()
    }
}

/// Part 3: the project form of one item (fields 1–9 of the NACC template).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemForm {
    /// Field 1 as written in the form (it may differ from Part 2).
    pub name: String,
    pub rationale: String,
    pub objectives: Vec<String>,
    pub target_group: String,
    pub steps: Vec<String>,
    pub duration: String,
    pub budget_text: String,
    pub responsible_text: String,
    pub outputs: Vec<String>,
    pub outcomes: Vec<String>,
    /// Line of field 1 in the source document.
    pub line: Option<u32>,
    /// How sure the name match to the Part 2 item is, 0–1.
    pub match_confidence: f64,
}

/// Part 1: one row of the corruption-risk table.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RiskRow {
    pub order: u32,
    pub process_step: String,
    pub risk_issues: String,
    pub risk_level: String,
    pub controls: String,
    pub line: Option<u32>,
}

/// Part 1: one indicator of the target table with its value per fiscal year.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetRow {
    pub indicator: String,
    /// By fiscal year (BE); JSON object keys are strings ("2568").
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, TargetValue>))]
    pub values: BTreeMap<u16, TargetValue>,
    pub line: Option<u32>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetValue {
    /// As written: "ร้อยละ 10", "65 คะแนน".
    pub text: String,
    /// The number in it, when there is one.
    pub number: Option<u32>,
}

/// The proclamation adopting the plan.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Proclamation {
    pub title: String,
    /// As written, e.g. "๒๗ กันยายน พ.ศ. ๒๕๖๕".
    pub date_text: String,
    /// The written date read as a CE date ("2022-09-27" in JSON), when it could be.
    #[serde(with = "crate::fiscal::iso_date_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub date: Option<time::Date>,
    pub signatory: String,
    pub position: String,
    pub line: Option<u32>,
}

/// One fiscal year's table as recorded in E-PlanNACC (the annex).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    pub fiscal_year: u16,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub stated_total_budget: Option<Baht>,
    /// Ticks per quarter in the total row, as the document states them.
    pub stated_quarter_counts: Option<[u32; 4]>,
    pub rows: Vec<ScheduleRow>,
    /// "ข้อมูล ณ วันที่ …", as written.
    pub data_date: Option<String>,
    pub issuer: Option<String>,
    pub line: Option<u32>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleRow {
    pub order: u32,
    /// The Part 2 item this row was matched to, if any.
    pub item: Option<ItemRef>,
    pub name: String,
    pub dimension: Option<u8>,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub budget: Baht,
    /// Quarters (1–4) ticked for this row.
    pub quarters: Vec<u8>,
    pub match_confidence: f64,
    pub line: Option<u32>,
}

impl Plan {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.dimensions
            .iter()
            .flat_map(|d| d.missions.iter())
            .flat_map(|m| m.items.iter())
    }

    pub fn items_mut(&mut self) -> impl Iterator<Item = &mut Item> {
        self.dimensions
            .iter_mut()
            .flat_map(|d| d.missions.iter_mut())
            .flat_map(|m| m.items.iter_mut())
    }

    pub fn item(&self, r: ItemRef) -> Option<&Item> {
        self.items().find(|i| i.item_ref() == r)
    }

    /// The code of the mission an item belongs to ("2.3").
    pub fn item_mission(&self, r: ItemRef) -> Option<&str> {
        self.dimensions
            .iter()
            .flat_map(|d| d.missions.iter())
            .find(|m| m.items.iter().any(|i| i.item_ref() == r))
            .map(|m| m.code.as_str())
    }

    pub fn item_count(&self) -> usize {
        self.items().count()
    }

    /// Sum of the items' budgets for one fiscal year (what Part 2 should total).
    pub fn budget_for_year(&self, year: u16) -> Baht {
        self.items()
            .filter_map(|i| i.budget.get(&year).copied())
            .sum()
    }
}

impl Dimension {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.missions.iter().flat_map(|m| m.items.iter())
    }

    pub fn budget_for_year(&self, year: u16) -> Baht {
        self.items()
            .filter_map(|i| i.budget.get(&year).copied())
            .sum()
    }
}

/// A disagreement found while importing a plan document.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    pub fiscal_year: Option<u16>,
    pub item: Option<ItemRef>,
    pub line: Option<u32>,
    /// A Thai sentence a plan coordinator can act on.
    pub message: String,
    pub expected: Option<String>,
    pub found: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            Severity::Info => "ข้อสังเกต",
            Severity::Warning => "คำเตือน",
            Severity::Error => "ข้อผิดพลาด",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

macro_rules! finding_codes {
    ($($variant:ident => $code:literal, $thai:literal;)*) => {
        /// What kind of disagreement a finding reports.
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum FindingCode { $($variant),* }

        impl FindingCode {
            pub const ALL: &'static [FindingCode] = &[$(FindingCode::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(FindingCode::$variant => $code),* }
            }

            /// A short Thai title for the kind of finding.
            pub fn thai(self) -> &'static str {
                match self { $(FindingCode::$variant => $thai),* }
            }

            pub fn parse(s: &str) -> Option<FindingCode> {
                match s { $($code => Some(FindingCode::$variant),)* _ => None }
            }
        }
    };
}

finding_codes! {
    StatedCountMismatch => "stated_count_mismatch", "จำนวนโครงการที่ระบุไม่ตรงกับรายการ";
    StatedTotalMismatch => "stated_total_mismatch", "ยอดรวมงบประมาณที่ระบุไม่ตรงกับผลรวม";
    ScheduleBudgetMismatch => "schedule_budget_mismatch", "งบประมาณในตารางรายปีไม่ตรงกับส่วนที่ 2";
    ScheduleTotalMismatch => "schedule_total_mismatch", "ยอดรวมตารางรายปีไม่ตรงกับผลรวม";
    ScheduleQuarterCountMismatch => "schedule_quarter_count_mismatch", "จำนวนรายการรายไตรมาสไม่ตรงกับเครื่องหมาย";
    ScheduleMissingItem => "schedule_missing_item", "รายการในส่วนที่ 2 ไม่ปรากฏในตารางรายปี";
    ScheduleUnmatchedRow => "schedule_unmatched_row", "แถวในตารางรายปีจับคู่กับส่วนที่ 2 ไม่ได้";
    ScheduleDimensionMismatch => "schedule_dimension_mismatch", "มิติในตารางรายปีไม่ตรงกับส่วนที่ 2";
    ScheduleQuarterMissing => "schedule_quarter_missing", "รายการไม่ได้กำหนดไตรมาสที่ดำเนินการ";
    KindMismatch => "kind_mismatch", "ประเภทรายการไม่ตรงกัน";
    NameVariant => "name_variant", "ชื่อรายการเขียนต่างกัน";
    OrganizationMismatch => "organization_mismatch", "ปรากฏชื่อองค์กรอื่นในเอกสาร";
    ForeignScript => "foreign_script", "พบอักษรต่างภาษาปนในข้อความภาษาไทย";
    FormMissing => "form_missing", "ไม่พบรายละเอียดโครงการ (ส่วนที่ 3)";
    FormUnmatched => "form_unmatched", "รายละเอียดโครงการจับคู่กับส่วนที่ 2 ไม่ได้";
    FormBudgetMismatch => "form_budget_mismatch", "งบประมาณในรายละเอียดโครงการไม่ตรงกับส่วนที่ 2";
    FormUnitMismatch => "form_unit_mismatch", "หน่วยงานรับผิดชอบไม่ตรงกับส่วนที่ 2";
    FormFieldMissing => "form_field_missing", "รายละเอียดโครงการขาดหัวข้อ";
    MissionNameVariant => "mission_name_variant", "ชื่อภารกิจเขียนต่างกัน";
    EncodingConverted => "encoding_converted", "แปลงรหัสอักขระจาก TIS-620";
    PeriodMismatch => "period_mismatch", "ช่วงปีของแผนไม่สอดคล้องกัน";
    TableLayoutIrregular => "table_layout_irregular", "เซลล์ในตารางเลื่อนตำแหน่ง";
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an import produces: the plan and every disagreement found in it.
/// In JSON the plan's fields and `findings` sit side by side in one object.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "PlanReportJson", into = "PlanReportJson")]
pub struct PlanReport {
    pub plan: Plan,
    pub findings: Vec<Finding>,
}

/// The flat JSON form of [`PlanReport`]. Written out rather than with
/// `#[serde(flatten)]`, which cannot read the year-keyed budget maps back.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Serialize, Deserialize)]
struct PlanReportJson {
    organization: String,
    title: String,
    period: Period,
    dimensions: Vec<Dimension>,
    risks: Vec<RiskRow>,
    targets: Vec<TargetRow>,
    proclamation: Option<Proclamation>,
    schedules: Vec<Schedule>,
    findings: Vec<Finding>,
}

impl From<PlanReportJson> for PlanReport {
    fn from(j: PlanReportJson) -> Self {
        PlanReport {
            plan: Plan {
                organization: j.organization,
                title: j.title,
                period: j.period,
                dimensions: j.dimensions,
                risks: j.risks,
                targets: j.targets,
                proclamation: j.proclamation,
                schedules: j.schedules,
            },
            findings: j.findings,
        }
    }
}

impl From<PlanReport> for PlanReportJson {
    fn from(r: PlanReport) -> Self {
        let p = r.plan;
        PlanReportJson {
            organization: p.organization,
            title: p.title,
            period: p.period,
            dimensions: p.dimensions,
            risks: p.risks,
            targets: p.targets,
            proclamation: p.proclamation,
            schedules: p.schedules,
            findings: r.findings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_from_name_prefix() {
        assert_eq!(
            ItemKind::from_name("โครงการโรงเรียนคุณธรรม"),
            Some(ItemKind::Project)
        );
        assert_eq!(
            ItemKind::from_name(" มาตรการ NO Gift Policy"),
            Some(ItemKind::Measure)
        );
        assert_eq!(
            ItemKind::from_name("กิจกรรม “วิเคราะห์”"),
            Some(ItemKind::Activity)
        );
        assert_eq!(ItemKind::from_name("ส่งเสริมการมีส่วนร่วม"), None);
    }

    #[test]
    fn finding_codes_round_trip() {
        for code in FindingCode::ALL {
            assert_eq!(FindingCode::parse(code.as_str()), Some(*code));
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn report_json_round_trips() {
        let mut budget = YearlyBudget::new();
        budget.insert(2566, Baht::from_satang(12_345));
        let report = PlanReport {
            plan: Plan {
                organization: "เทศบาลตำบลทดสอบ".into(),
                dimensions: vec![Dimension {
                    no: 1,
                    stated_budget: budget.clone(),
                    missions: vec![Mission {
                        code: "1.1".into(),
                        items: vec![Item {
                            dimension: 1,
                            no: 1,
                            kind: Some(ItemKind::Measure),
                            name: "มาตรการ".into(),
                            budget,
                            units: vec![],
                            form: None,
                            line: Some(3),
                        }],
                        ..Mission::default()
                    }],
                    ..Dimension::default()
                }],
                ..Plan::default()
            },
            findings: vec![],
        };
        let json = serde_json::to_string(&report).unwrap();
        assert!(
            json.contains(r#""stated_budget":{"2566":123.45}"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<PlanReport>(&json).unwrap(), report);
    }

    #[test]
    fn item_ref_reads_like_the_document() {
        assert_eq!(
            ItemRef {
                dimension: 2,
                no: 19
            }
            .to_string(),
            "2.19"
        );
    }
}

#[cfg(feature = "openapi")]
mod openapi {
    use super::{PlanReport, PlanReportJson};
    use utoipa::openapi::{RefOr, schema::Schema};

    /// A report is documented as the flat object it is written as.
    impl utoipa::PartialSchema for PlanReport {
        fn schema() -> RefOr<Schema> {
            <PlanReportJson as utoipa::PartialSchema>::schema()
        }
    }

    impl utoipa::ToSchema for PlanReport {
        fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
            <PlanReportJson as utoipa::ToSchema>::schemas(schemas);
        }
    }
}
