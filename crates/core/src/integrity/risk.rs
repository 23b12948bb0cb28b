//! The corruption risk register (measure 4.3, Part 1 §1) and the internal
//! measures (มาตรการภายใน): the risk matrix as data, the register's entries
//! with their inherent and residual scores and controls, the checks the store
//! applies (Thai messages per field) and the consistency flag.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::fiscal::iso_date_option;
use crate::validation::FieldError;

/// Internal measures a year should have: measure 4.3 asks for at least 5.
pub const MIN_MEASURES: usize = 5;

/// One level of a risk matrix, lowest first in [`RiskMatrix::levels`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskLevel {
    pub name: String,
    /// A CSS colour ("#2e7d32").
    pub colour: String,
}

/// A likelihood × impact matrix: Thai labels for each step (1..=L and
/// 1..=I), ordered levels, and a level for every cell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskMatrix {
    /// `likelihood[k]` labels likelihood k+1.
    pub likelihood: Vec<String>,
    /// `impact[k]` labels impact k+1.
    pub impact: Vec<String>,
    /// Ordered from the lowest to the highest.
    pub levels: Vec<RiskLevel>,
    /// Row-major by likelihood: `cells[(l-1) * impact.len() + (i-1)]` is
    /// the index in `levels` of cell (l, i); [`UNCOVERED`] when no level
    /// covers it (such a matrix is refused by [`RiskMatrix::check`]).
    pub cells: Vec<u8>,
}

/// A cell no level covers.
pub const UNCOVERED: u8 = u8::MAX;

/// A band of scores (likelihood × impact) given one level, as the staff
/// form states it: "สูง, #ef6c00, 10-16".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelBand {
    pub level: RiskLevel,
    pub from: u16,
    pub to: u16,
}

impl RiskMatrix {
    /// The default 5×5 matrix. Its cut-offs on the score likelihood × impact
    /// (1–3 ต่ำ, 4–9 ปานกลาง, 10–16 สูง, 17–25 สูงมาก) follow the bands
    /// commonly used in Thai public-sector risk manuals (the Comptroller
    /// General's Department's risk-management guide and the NACC's corruption
    /// risk assessment handbook use this 5×5 score). It is a default only:
    /// an organisation may define its own.
    pub fn default_5x5() -> RiskMatrix {
        let labels = |words: [&str; 5]| words.iter().map(|w| (*w).to_string()).collect();
        RiskMatrix::from_bands(
            labels(["น้อยมาก", "น้อย", "ปานกลาง", "สูง", "สูงมาก"]),
            labels(["น้อยมาก", "น้อย", "ปานกลาง", "สูง", "สูงมาก"]),
            &[
                band("ต่ำ", "#2e7d32", 1, 3),
                band("ปานกลาง", "#f9a825", 4, 9),
                band("สูง", "#ef6c00", 10, 16),
                band("สูงมาก", "#c62828", 17, 25),
            ],
        )
    }

    /// A matrix whose cells take the level of the band their score
    /// (likelihood × impact) falls in; a cell no band covers stays
    /// [`UNCOVERED`]; where bands overlap the higher level wins.
    pub fn from_bands(
        likelihood: Vec<String>,
        impact: Vec<String>,
        bands: &[LevelBand],
    ) -> RiskMatrix {
        let mut cells = Vec::with_capacity(likelihood.len() * impact.len());
        for l in 1..=likelihood.len() {
            for i in 1..=impact.len() {
                let score = u16::try_from(l * i).unwrap_or(u16::MAX);
                let level = bands
                    .iter()
                    .enumerate()
                    .rev()
                    .find(|(_, b)| b.from <= score && score <= b.to)
                    .and_then(|(k, _)| u8::try_from(k).ok())
                    .unwrap_or(UNCOVERED);
                cells.push(level);
            }
        }
        RiskMatrix {
            likelihood,
            impact,
            levels: bands.iter().map(|b| b.level.clone()).collect(),
            cells,
        }
    }

    /// Why this matrix cannot be used, per field (empty when it can).
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let steps = |labels: &[String]| {
            (2..=9).contains(&labels.len()) && labels.iter().all(|l| !l.trim().is_empty())
        };
        if !steps(&self.likelihood) {
            errors.push(field(
                "likelihood",
                "โอกาสที่จะเกิดต้องมี 2–9 ระดับ แต่ละระดับมีคำอธิบาย (บรรทัดละหนึ่งระดับ)",
            ));
        }
        if !steps(&self.impact) {
            errors.push(field(
                "impact",
                "ผลกระทบต้องมี 2–9 ระดับ แต่ละระดับมีคำอธิบาย (บรรทัดละหนึ่งระดับ)",
            ));
        }
        if self.levels.is_empty()
            || self.levels.len() > 9
            || self.levels.iter().any(|l| l.name.trim().is_empty())
        {
            errors.push(field("levels", "ต้องมีระดับความเสี่ยง 1–9 ระดับ แต่ละระดับมีชื่อ"));
        } else if self.levels.iter().any(|l| !is_colour(&l.colour)) {
            errors.push(field("levels", "สีของระดับความเสี่ยงต้องเป็นรหัสสี เช่น #c62828"));
        }
        if errors.is_empty() {
            let uncovered: Vec<String> = self
                .cells
                .iter()
                .enumerate()
                .filter(|(_, c)| usize::from(**c) >= self.levels.len())
                .map(|(k, _)| {
                    let (l, i) = (k / self.impact.len() + 1, k % self.impact.len() + 1);
                    format!("{l}×{i}")
                })
                .collect();
            if self.cells.len() != self.likelihood.len() * self.impact.len() {
                errors.push(field("levels", "จำนวนช่องของตารางไม่ตรงกับจำนวนระดับ"));
            } else if !uncovered.is_empty() {
                errors.push(FieldError {
                    field: "levels",
                    message: format!(
                        "ระดับความเสี่ยงต้องครอบคลุมทุกช่องของตาราง ช่องที่ยังไม่มีระดับ (โอกาส×ผลกระทบ): {}",
                        uncovered.join(", ")
                    ),
                });
            }
        }
        errors
    }

    /// The level index of cell (likelihood, impact); None outside the matrix.
    pub fn level(&self, score: Score) -> Option<usize> {
        let (l, i) = (usize::from(score.likelihood), usize::from(score.impact));
        if l == 0 || i == 0 || l > self.likelihood.len() || i > self.impact.len() {
            return None;
        }
        let cell = *self.cells.get((l - 1) * self.impact.len() + (i - 1))?;
        (usize::from(cell) < self.levels.len()).then_some(usize::from(cell))
    }

    /// The level of a cell, by name and colour.
    pub fn level_of(&self, score: Score) -> Option<&RiskLevel> {
        self.level(score).and_then(|k| self.levels.get(k))
    }

    /// The index of a level by its name as a document writes it ("ปาน กลาง").
    pub fn level_named(&self, name: &str) -> Option<usize> {
        let wanted = compact(name);
        self.levels.iter().position(|l| compact(&l.name) == wanted)
    }

    /// The bands this matrix's cells come from, for the staff form: each
    /// level's lowest and highest score.
    pub fn bands(&self) -> Vec<LevelBand> {
        self.levels
            .iter()
            .enumerate()
            .map(|(k, level)| {
                let scores = self
                    .cells
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| usize::from(**c) == k)
                    .map(|(n, _)| {
                        let (l, i) = (
                            n / self.impact.len().max(1) + 1,
                            n % self.impact.len().max(1) + 1,
                        );
                        u16::try_from(l * i).unwrap_or(u16::MAX)
                    });
                let (from, to) = scores.fold((u16::MAX, 0), |(lo, hi), s| (lo.min(s), hi.max(s)));
                LevelBand {
                    level: level.clone(),
                    from: if from == u16::MAX { 0 } else { from },
                    to,
                }
            })
            .collect()
    }
}

fn band(name: &str, colour: &str, from: u16, to: u16) -> LevelBand {
    LevelBand {
        level: RiskLevel {
            name: name.into(),
            colour: colour.into(),
        },
        from,
        to,
    }
}

fn is_colour(text: &str) -> bool {
    let hex = text.strip_prefix('#').unwrap_or("");
    (hex.len() == 6 || hex.len() == 3) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn field(field: &'static str, message: &str) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

/// Reads the staff form's levels, one a line: "ชื่อ, #สี, คะแนนต่ำสุด-สูงสุด".
pub fn parse_bands(text: &str) -> Result<Vec<LevelBand>, FieldError> {
    let bad = |line: &str| FieldError {
        field: "levels",
        message: format!(
            "อ่านบรรทัด \"{line}\" ไม่ได้: เขียนบรรทัดละหนึ่งระดับ เป็น ชื่อ, สี, คะแนนต่ำสุด-สูงสุด เช่น สูง, #ef6c00, 10-16"
        ),
    };
    let mut bands = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let parts: Vec<&str> = line.split(',').map(str::trim).collect();
        let [name, colour, range] = parts.as_slice() else {
            return Err(bad(line));
        };
        let range = crate::thai::arabic_digits(range);
        let (from, to) = range.split_once('-').ok_or_else(|| bad(line))?;
        let (Ok(from), Ok(to)) = (from.trim().parse::<u16>(), to.trim().parse::<u16>()) else {
            return Err(bad(line));
        };
        if from > to {
            return Err(bad(line));
        }
        bands.push(band(name, colour, from, to));
    }
    Ok(bands)
}

/// A cell of the matrix: likelihood and impact, each from 1.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub likelihood: u8,
    pub impact: u8,
}

/// What kind of work a risk lies in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskType {
    Procurement,
    FinanceBudget,
    Permits,
    Revenue,
    Personnel,
    Assets,
    PublicService,
    Other,
}

impl RiskType {
    pub const ALL: [RiskType; 8] = [
        RiskType::Procurement,
        RiskType::FinanceBudget,
        RiskType::Permits,
        RiskType::Revenue,
        RiskType::Personnel,
        RiskType::Assets,
        RiskType::PublicService,
        RiskType::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RiskType::Procurement => "procurement",
            RiskType::FinanceBudget => "finance_budget",
            RiskType::Permits => "permits",
            RiskType::Revenue => "revenue",
            RiskType::Personnel => "personnel",
            RiskType::Assets => "assets",
            RiskType::PublicService => "public_service",
            RiskType::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<RiskType> {
        RiskType::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            RiskType::Procurement => "การจัดซื้อจัดจ้าง",
            RiskType::FinanceBudget => "การเงินและงบประมาณ",
            RiskType::Permits => "การอนุมัติ อนุญาต",
            RiskType::Revenue => "การจัดเก็บรายได้",
            RiskType::Personnel => "การบริหารงานบุคคล",
            RiskType::Assets => "การใช้ทรัพย์สินของราชการ",
            RiskType::PublicService => "การให้บริการประชาชน",
            RiskType::Other => "อื่น ๆ",
        }
    }

    /// A first guess from the words of a process step (the imported plan
    /// says no type); staff correct it.
    pub fn guess(process: &str) -> RiskType {
        let text = compact(process);
        let rules: [(&[&str], RiskType); 7] = [
            (&["จัดซื้อ", "จัดจ้าง"], RiskType::Procurement),
            (&["การเงิน", "งบประมาณ", "เบิกจ่าย"], RiskType::FinanceBudget),
            (&["อนุญาต", "อนุมัติ", "ใบอนุญาต"], RiskType::Permits),
            (&["รายได้", "ภาษี", "ค่าธรรมเนียม"], RiskType::Revenue),
            (&["บุคลากร", "บุคคล", "แต่งตั้ง"], RiskType::Personnel),
            (&["พัสดุ", "ทรัพย์สิน", "ยานพาหนะ"], RiskType::Assets),
            (&["บริการ"], RiskType::PublicService),
        ];
        rules
            .into_iter()
            .find(|(words, _)| words.iter().any(|w| text.contains(w)))
            .map_or(RiskType::Other, |(_, t)| t)
    }
}

/// Where an entry stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskStatus {
    #[default]
    Identified,
    Treating,
    Monitoring,
    Closed,
}

impl RiskStatus {
    pub const ALL: [RiskStatus; 4] = [
        RiskStatus::Identified,
        RiskStatus::Treating,
        RiskStatus::Monitoring,
        RiskStatus::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RiskStatus::Identified => "identified",
            RiskStatus::Treating => "treating",
            RiskStatus::Monitoring => "monitoring",
            RiskStatus::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<RiskStatus> {
        RiskStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            RiskStatus::Identified => "ระบุความเสี่ยงแล้ว",
            RiskStatus::Treating => "อยู่ระหว่างดำเนินการควบคุม",
            RiskStatus::Monitoring => "ติดตามผล",
            RiskStatus::Closed => "ปิดความเสี่ยง",
        }
    }
}

/// What a control is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "target")]
pub enum ControlTarget {
    /// A plan item by its code ("2.16").
    Item(String),
    /// An internal measure by its id.
    Measure(String),
    /// Only text: the import could not link it to a plan item (flagged).
    Text,
}

/// One control of a risk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Control {
    pub target: ControlTarget,
    /// As the document or the staff member wrote it.
    pub text: String,
    pub in_force: bool,
    /// The name match's confidence (0–1) when the import linked it.
    #[serde(default)]
    pub confidence: Option<f64>,
}

/// A monitoring round of the plan's follow-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Round {
    SixMonths,
    TwelveMonths,
}

impl Round {
    pub fn code(self) -> &'static str {
        match self {
            Round::SixMonths => "6",
            Round::TwelveMonths => "12",
        }
    }

    pub fn parse(code: &str) -> Option<Round> {
        match code.trim() {
            "6" => Some(Round::SixMonths),
            "12" => Some(Round::TwelveMonths),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Round::SixMonths => "รอบ 6 เดือน",
            Round::TwelveMonths => "รอบ 12 เดือน",
        }
    }
}

/// A monitoring note of one round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonitoringNote {
    pub round: Round,
    pub note: String,
    #[serde(with = "iso_date_option", default)]
    pub recorded_on: Option<Date>,
}

/// One entry of a fiscal year's register, as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskEntryInput {
    /// BE.
    pub fiscal_year: u16,
    pub unit: String,
    pub process: String,
    pub risk: String,
    pub risk_type: RiskType,
    /// The level the plan document gives it, as written ("ปานกลาง").
    #[serde(default)]
    pub document_level: Option<String>,
    pub inherent: Option<Score>,
    pub residual: Option<Score>,
    pub controls: Vec<Control>,
    pub owner_unit: String,
    pub status: RiskStatus,
    #[serde(with = "iso_date_option", default)]
    pub next_review: Option<Date>,
    #[serde(default)]
    pub monitoring: Vec<MonitoringNote>,
    /// The Part 1 line it was created from, if from the plan.
    #[serde(default)]
    pub source_line: Option<u32>,
}

/// A stored entry: the matrix version it was scored with (0: the default).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskEntry {
    pub id: String,
    pub matrix_version: u32,
    pub input: RiskEntryInput,
}

impl RiskEntryInput {
    /// Why this entry cannot be saved, per field, against the matrix it is
    /// scored with, the plan's item codes and the organisation's measure ids.
    pub fn check(
        &self,
        matrix: &RiskMatrix,
        item_codes: &[String],
        measure_ids: &[String],
    ) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.process.trim().is_empty() {
            errors.push(field("process", "กรุณาระบุขั้นตอนหรือกิจกรรมที่มีความเสี่ยง"));
        }
        if self.risk.trim().is_empty() {
            errors.push(field("risk", "กรุณาระบุเหตุการณ์ความเสี่ยงการทุจริต"));
        }
        let outside = |score: Option<Score>, l: &'static str, i: &'static str| {
            let mut errs = Vec::new();
            if let Some(s) = score {
                if s.likelihood == 0 || usize::from(s.likelihood) > matrix.likelihood.len() {
                    errs.push(FieldError {
                        field: l,
                        message: format!(
                            "โอกาสที่จะเกิดต้องอยู่ระหว่าง 1–{} ตามตารางความเสี่ยง",
                            matrix.likelihood.len()
                        ),
                    });
                }
                if s.impact == 0 || usize::from(s.impact) > matrix.impact.len() {
                    errs.push(FieldError {
                        field: i,
                        message: format!(
                            "ผลกระทบต้องอยู่ระหว่าง 1–{} ตามตารางความเสี่ยง",
                            matrix.impact.len()
                        ),
                    });
                }
            }
            errs
        };
        let inherent_errors = outside(self.inherent, "likelihood", "impact");
        let residual_errors = outside(self.residual, "residual_likelihood", "residual_impact");
        let scored = inherent_errors.is_empty() && residual_errors.is_empty();
        errors.extend(inherent_errors);
        errors.extend(residual_errors);
        if scored {
            match (self.inherent, self.residual) {
                (None, Some(_)) => errors.push(field(
                    "likelihood",
                    "กรุณาประเมินความเสี่ยงก่อนการควบคุม (โอกาสและผลกระทบ) ก่อนระบุความเสี่ยงที่เหลืออยู่",
                )),
                (Some(inherent), Some(residual))
                    if matrix.level(residual) > matrix.level(inherent)
                        || residual.likelihood > inherent.likelihood
                        || residual.impact > inherent.impact =>
                {
                    errors.push(field(
                        "residual_likelihood",
                        "ความเสี่ยงที่เหลืออยู่หลังการควบคุมต้องไม่สูงกว่าความเสี่ยงก่อนการควบคุม",
                    ));
                }
                _ => {}
            }
        }
        for control in &self.controls {
            match &control.target {
                ControlTarget::Item(code) if !item_codes.contains(code) => {
                    errors.push(FieldError {
                        field: "controls",
                        message: format!("ไม่มีโครงการ/กิจกรรม/มาตรการรหัส {code} ในแผน"),
                    });
                }
                ControlTarget::Measure(id) if !measure_ids.contains(id) => {
                    errors.push(FieldError {
                        field: "controls",
                        message: format!("ไม่มีมาตรการภายใน \"{id}\""),
                    });
                }
                ControlTarget::Text if control.text.trim().is_empty() => {
                    errors.push(field(
                        "controls",
                        "การควบคุมต้องมีข้อความหรืออ้างถึงโครงการหรือมาตรการ",
                    ));
                }
                _ => {}
            }
        }
        if self.unit.chars().count() > 200
            || self.owner_unit.chars().count() > 200
            || self.risk.chars().count() > 4000
            || self.process.chars().count() > 1000
        {
            errors.push(field("risk", "ข้อความยาวเกินไป"));
        }
        errors
    }

    /// The consistency check: a residual level below the inherent one with
    /// no control in force. The Thai warning, or None.
    pub fn inconsistency(&self, matrix: &RiskMatrix) -> Option<&'static str> {
        let (inherent, residual) = (self.inherent?, self.residual?);
        let lowered = matrix.level(residual)? < matrix.level(inherent)?;
        (lowered && !self.controls.iter().any(|c| c.in_force))
            .then_some("ระดับความเสี่ยงที่เหลืออยู่ต่ำกว่าก่อนการควบคุม แต่ไม่มีการควบคุมที่ใช้อยู่จริง")
    }

    /// Assessed: scored on the matrix, or given a level by the plan.
    pub fn assessed(&self) -> bool {
        self.inherent.is_some() || self.document_level.is_some()
    }

    /// Controls the import could not link to a plan item.
    pub fn unlinked_controls(&self) -> usize {
        self.controls
            .iter()
            .filter(|c| c.target == ControlTarget::Text)
            .count()
    }
}

/// Where an internal measure stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureStatus {
    #[default]
    Planned,
    InProgress,
    Done,
}

impl MeasureStatus {
    pub const ALL: [MeasureStatus; 3] = [
        MeasureStatus::Planned,
        MeasureStatus::InProgress,
        MeasureStatus::Done,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MeasureStatus::Planned => "planned",
            MeasureStatus::InProgress => "in_progress",
            MeasureStatus::Done => "done",
        }
    }

    pub fn parse(code: &str) -> Option<MeasureStatus> {
        MeasureStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            MeasureStatus::Planned => "ยังไม่เริ่ม",
            MeasureStatus::InProgress => "อยู่ระหว่างดำเนินการ",
            MeasureStatus::Done => "ดำเนินการแล้วเสร็จ",
        }
    }
}

/// One step of a measure with its due date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureStep {
    pub text: String,
    #[serde(with = "iso_date_option", default)]
    pub due: Option<Date>,
}

/// An internal measure (มาตรการภายใน) of a fiscal year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureInput {
    pub fiscal_year: u16,
    pub title: String,
    pub purpose: String,
    pub owner_unit: String,
    pub steps: Vec<MeasureStep>,
    pub status: MeasureStatus,
    /// Evidence as text and links (one a line).
    pub evidence: String,
    /// Ids of the register entries it controls.
    pub risks: Vec<String>,
    /// What it achieved (empty until reported).
    pub result: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub id: String,
    pub input: MeasureInput,
}

impl MeasureInput {
    /// Why this measure cannot be saved, per field, given the ids of the
    /// organisation's register entries.
    pub fn check(&self, risk_ids: &[String]) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.title.trim().is_empty() {
            errors.push(field("title", "กรุณาระบุชื่อมาตรการ"));
        }
        if self.title.chars().count() > 500 {
            errors.push(field("title", "ชื่อมาตรการยาวเกิน 500 ตัวอักษร"));
        }
        if self.owner_unit.trim().is_empty() {
            errors.push(field("owner_unit", "กรุณาระบุหน่วยงานผู้รับผิดชอบ"));
        }
        if self.steps.iter().any(|s| s.text.trim().is_empty()) {
            errors.push(field("steps", "ขั้นตอนต้องมีข้อความ"));
        }
        if let Some(missing) = self.risks.iter().find(|r| !risk_ids.contains(r)) {
            errors.push(FieldError {
                field: "risks",
                message: format!("ไม่มีความเสี่ยง \"{missing}\" ในทะเบียน"),
            });
        }
        if self.status == MeasureStatus::Done && self.result.trim().is_empty() {
            errors.push(field("result", "มาตรการที่แล้วเสร็จต้องรายงานผลการดำเนินการ"));
        }
        errors
    }

    /// The latest due date of its steps.
    pub fn due(&self) -> Option<Date> {
        self.steps.iter().filter_map(|s| s.due).max()
    }

    pub fn reported(&self) -> bool {
        !self.result.trim().is_empty()
    }
}

/// The register page's warning when a year has fewer measures than 4.3 asks.
pub fn measures_warning(count: usize) -> Option<String> {
    (count < MIN_MEASURES).then(|| {
        format!(
            "ปีนี้มีมาตรการภายใน {count} มาตรการ มาตรการที่ 4.3 กำหนดให้มีอย่างน้อย {MIN_MEASURES} มาตรการ"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(likelihood: u8, impact: u8) -> Score {
        Score { likelihood, impact }
    }

    fn entry() -> RiskEntryInput {
        RiskEntryInput {
            fiscal_year: 2569,
            unit: "กองคลัง".into(),
            process: "การจัดซื้อจัดจ้าง".into(),
            risk: "กำหนดคุณลักษณะเอื้อผู้ขายรายหนึ่ง".into(),
            risk_type: RiskType::Procurement,
            document_level: None,
            inherent: Some(s(4, 4)),
            residual: Some(s(2, 3)),
            controls: vec![Control {
                target: ControlTarget::Item("2.16".into()),
                text: "กิจกรรมวิเคราะห์ผลการจัดซื้อจัดจ้าง".into(),
                in_force: true,
                confidence: None,
            }],
            owner_unit: "กองคลัง".into(),
            status: RiskStatus::Treating,
            next_review: None,
            monitoring: vec![],
            source_line: None,
        }
    }

    #[test]
    fn the_default_matrix_covers_every_cell_with_four_levels() {
        let m = RiskMatrix::default_5x5();
        assert!(m.check().is_empty());
        let name = |l, i| m.level_of(s(l, i)).unwrap().name.clone();
        assert_eq!(name(1, 3), "ต่ำ");
        assert_eq!(name(2, 2), "ปานกลาง");
        assert_eq!(name(3, 3), "ปานกลาง");
        assert_eq!(name(4, 4), "สูง");
        assert_eq!(name(5, 4), "สูงมาก");
        assert_eq!(m.level(s(6, 1)), None);
        assert_eq!(m.level(s(0, 1)), None);
        assert_eq!(m.level_named("ปาน กลาง"), Some(1));
        let bands = m.bands();
        assert_eq!((bands[2].from, bands[2].to), (10, 16));
    }

    #[test]
    fn a_matrix_with_a_gap_is_refused_naming_the_cells() {
        let bands = parse_bands("ต่ำ, #00aa00, 1-3\nสูง, #aa0000, 5-9").unwrap();
        let m = RiskMatrix::from_bands(
            vec!["น้อย".into(), "กลาง".into(), "มาก".into()],
            vec!["น้อย".into(), "กลาง".into(), "มาก".into()],
            &bands,
        );
        let errors = m.check();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "levels");
        assert!(errors[0].message.contains("2×2"), "{}", errors[0].message);
        assert!(parse_bands("สูง #aa0000 5-9").is_err());
        assert!(parse_bands("สูง, #aa0000, 9-5").is_err());
    }

    #[test]
    fn scores_outside_the_matrix_and_a_residual_above_are_refused() {
        let m = RiskMatrix::default_5x5();
        let codes = vec!["2.16".to_string()];
        assert!(entry().check(&m, &codes, &[]).is_empty());
        let mut e = entry();
        e.inherent = Some(s(6, 0));
        let fields: Vec<_> = e.check(&m, &codes, &[]).iter().map(|f| f.field).collect();
        assert_eq!(fields, ["likelihood", "impact"]);
        let mut e = entry();
        e.residual = Some(s(5, 5));
        let errors = e.check(&m, &codes, &[]);
        assert_eq!(errors[0].field, "residual_likelihood");
        assert!(errors[0].message.contains("ต้องไม่สูงกว่า"));
        let mut e = entry();
        e.controls[0].target = ControlTarget::Item("9.99".into());
        assert!(e.check(&m, &codes, &[])[0].message.contains("9.99"));
        e.controls[0].target = ControlTarget::Measure("m1".into());
        assert_eq!(e.check(&m, &codes, &[])[0].field, "controls");
        assert!(e.check(&m, &codes, &["m1".into()]).is_empty());
    }

    #[test]
    fn a_lower_residual_without_a_control_in_force_is_flagged() {
        let m = RiskMatrix::default_5x5();
        let mut e = entry();
        assert_eq!(e.inconsistency(&m), None);
        e.controls[0].in_force = false;
        assert!(e.inconsistency(&m).is_some());
        e.residual = e.inherent;
        assert_eq!(e.inconsistency(&m), None);
    }

    #[test]
    fn types_guess_from_the_process_and_measures_check() {
        assert_eq!(
            RiskType::guess("การบริหารการเงิน งบประมาณ การจัดซื้อ จัดจ้าง"),
            RiskType::Procurement
        );
        assert_eq!(
            RiskType::guess("การให้บริการ สาธารณะ"),
            RiskType::PublicService
        );
        let mut m = MeasureInput {
            fiscal_year: 2569,
            title: "มาตรการ".into(),
            purpose: String::new(),
            owner_unit: "สำนักปลัด".into(),
            steps: vec![],
            status: MeasureStatus::Done,
            evidence: String::new(),
            risks: vec!["r1".into()],
            result: String::new(),
        };
        let fields: Vec<_> = m.check(&[]).iter().map(|f| f.field).collect();
        assert_eq!(fields, ["risks", "result"]);
        m.result = "ทำแล้ว".into();
        assert!(m.check(&["r1".into()]).is_empty());
        assert!(measures_warning(4).is_some());
        assert!(measures_warning(5).is_none());
    }
}
