//! The register's forms read into core's types: the entry form (with its
//! repeated control rows), the matrix form and the measure form. What
//! cannot be read becomes a Thai message at its field; the values typed are
//! kept for the re-rendered form.

use sujarit_core::fiscal::parse_thai_date;
use sujarit_core::integrity::risk::{
    Control, ControlTarget, LevelBand, MeasureInput, MeasureStatus, MeasureStep, RiskEntryInput,
    RiskMatrix, RiskStatus, RiskType, Score, parse_bands,
};
use time::Date;
use time::format_description::well_known::Iso8601;

use crate::ui::FormErrors;

/// The first value of a field in a form read as pairs.
pub fn one(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

/// Every value of a repeated field, in order.
pub fn all(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_string())
        .collect()
}

pub fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        date.month() as u8,
        date.day()
    )
}

/// One control row of the form.
#[derive(Clone, Default)]
pub struct ControlRow {
    /// "" (text only), "item:2.16" or "measure:<id>".
    pub target: String,
    pub text: String,
    pub in_force: bool,
}

/// The entry form as typed.
#[derive(Clone, Default)]
pub struct EntryForm {
    pub year: String,
    pub unit: String,
    pub process: String,
    pub risk: String,
    pub risk_type: String,
    pub likelihood: String,
    pub impact: String,
    pub residual_likelihood: String,
    pub residual_impact: String,
    pub owner_unit: String,
    pub status: String,
    pub next_review: String,
    pub controls: Vec<ControlRow>,
}

/// Blank control rows offered under the filled ones.
const BLANK_ROWS: usize = 2;

impl EntryForm {
    pub fn blank(year: u16) -> EntryForm {
        EntryForm {
            year: year.to_string(),
            risk_type: RiskType::Other.code().into(),
            status: RiskStatus::Identified.code().into(),
            controls: vec![ControlRow::default(); BLANK_ROWS],
            ..EntryForm::default()
        }
    }

    pub fn of(input: &RiskEntryInput) -> EntryForm {
        let score = |s: Option<Score>| {
            s.map_or((String::new(), String::new()), |s| {
                (s.likelihood.to_string(), s.impact.to_string())
            })
        };
        let (likelihood, impact) = score(input.inherent);
        let (residual_likelihood, residual_impact) = score(input.residual);
        let mut controls: Vec<ControlRow> = input
            .controls
            .iter()
            .map(|c| ControlRow {
                target: match &c.target {
                    ControlTarget::Item(code) => format!("item:{code}"),
                    ControlTarget::Measure(id) => format!("measure:{id}"),
                    ControlTarget::Text => String::new(),
                },
                text: c.text.clone(),
                in_force: c.in_force,
            })
            .collect();
        controls.extend(vec![ControlRow::default(); BLANK_ROWS]);
        EntryForm {
            year: input.fiscal_year.to_string(),
            unit: input.unit.clone(),
            process: input.process.clone(),
            risk: input.risk.clone(),
            risk_type: input.risk_type.code().into(),
            likelihood,
            impact,
            residual_likelihood,
            residual_impact,
            owner_unit: input.owner_unit.clone(),
            status: input.status.code().into(),
            next_review: input.next_review.map(iso).unwrap_or_default(),
            controls,
        }
    }

    pub fn read(pairs: &[(String, String)]) -> EntryForm {
        let targets = all(pairs, "control_target");
        let texts = all(pairs, "control_text");
        let in_force = all(pairs, "control_in_force");
        let rows = targets.len().max(texts.len());
        let mut controls: Vec<ControlRow> = (0..rows)
            .map(|k| ControlRow {
                target: targets.get(k).cloned().unwrap_or_default(),
                text: texts.get(k).cloned().unwrap_or_default(),
                in_force: in_force.get(k).is_some_and(|v| v == "yes"),
            })
            .filter(|r| !r.target.is_empty() || !r.text.is_empty())
            .collect();
        controls.extend(vec![ControlRow::default(); BLANK_ROWS]);
        EntryForm {
            year: one(pairs, "year"),
            unit: one(pairs, "unit"),
            process: one(pairs, "process"),
            risk: one(pairs, "risk"),
            risk_type: one(pairs, "risk_type"),
            likelihood: one(pairs, "likelihood"),
            impact: one(pairs, "impact"),
            residual_likelihood: one(pairs, "residual_likelihood"),
            residual_impact: one(pairs, "residual_impact"),
            owner_unit: one(pairs, "owner_unit"),
            status: one(pairs, "status"),
            next_review: one(pairs, "next_review"),
            controls,
        }
    }

    /// The entry, on top of `base` (what the form does not show: the plan's
    /// level, the monitoring notes, the source line), or the messages.
    pub fn to_input(&self, base: Option<&RiskEntryInput>) -> Result<RiskEntryInput, FormErrors> {
        let mut errors = FormErrors::default();
        let year = crate::format::parse_fiscal_year(&self.year);
        if year.is_none() {
            errors.add("year", "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569");
        }
        let inherent = score(
            &mut errors,
            (&self.likelihood, "likelihood"),
            (&self.impact, "impact"),
        );
        let residual = score(
            &mut errors,
            (&self.residual_likelihood, "residual_likelihood"),
            (&self.residual_impact, "residual_impact"),
        );
        let risk_type = RiskType::parse(&self.risk_type);
        if risk_type.is_none() {
            errors.add("risk_type", "กรุณาเลือกประเภทความเสี่ยง");
        }
        let status = RiskStatus::parse(&self.status);
        if status.is_none() {
            errors.add("status", "กรุณาเลือกสถานะ");
        }
        let next_review = if self.next_review.is_empty() {
            None
        } else {
            let parsed = Date::parse(&self.next_review, &Iso8601::DATE)
                .ok()
                .or_else(|| parse_thai_date(&self.next_review));
            if parsed.is_none() {
                errors.add("next_review", "วันทบทวนครั้งถัดไปไม่ใช่วันที่ที่อ่านได้ เช่น 31/03/2569");
            }
            parsed
        };
        let mut controls = Vec::new();
        for row in self
            .controls
            .iter()
            .filter(|r| !r.target.is_empty() || !r.text.is_empty())
        {
            let target = if row.target.is_empty() {
                Some(ControlTarget::Text)
            } else if let Some(code) = row.target.strip_prefix("item:") {
                Some(ControlTarget::Item(code.to_string()))
            } else {
                row.target
                    .strip_prefix("measure:")
                    .map(|id| ControlTarget::Measure(id.to_string()))
            };
            let Some(target) = target else {
                errors.add("controls", "การควบคุมที่เลือกอ่านไม่ได้ กรุณาเลือกใหม่");
                continue;
            };
            // A control kept from the plan keeps its match confidence.
            let confidence = base.and_then(|b| {
                b.controls
                    .iter()
                    .find(|c| c.target == target && c.text == row.text)
                    .and_then(|c| c.confidence)
            });
            controls.push(Control {
                target,
                text: row.text.clone(),
                in_force: row.in_force,
                confidence,
            });
        }
        let (Some(fiscal_year), Some(risk_type), Some(status), true) =
            (year, risk_type, status, errors.is_empty())
        else {
            return Err(errors);
        };
        Ok(RiskEntryInput {
            fiscal_year,
            unit: self.unit.clone(),
            process: self.process.clone(),
            risk: self.risk.clone(),
            risk_type,
            document_level: base.and_then(|b| b.document_level.clone()),
            inherent: inherent.flatten(),
            residual: residual.flatten(),
            controls,
            owner_unit: self.owner_unit.clone(),
            status,
            next_review,
            monitoring: base.map(|b| b.monitoring.clone()).unwrap_or_default(),
            source_line: base.and_then(|b| b.source_line),
        })
    }
}

/// A likelihood × impact pair: both or neither. Some(None) when blank;
/// None when it cannot be read (with the message added).
fn score(
    errors: &mut FormErrors,
    (likelihood, l_field): (&str, &'static str),
    (impact, i_field): (&str, &'static str),
) -> Option<Option<Score>> {
    if likelihood.is_empty() && impact.is_empty() {
        return Some(None);
    }
    let number = |text: &str| {
        sujarit_core::thai::arabic_digits(text)
            .trim()
            .parse::<u8>()
            .ok()
    };
    let (l, i) = (number(likelihood), number(impact));
    if l.is_none() {
        errors.add(l_field, "โอกาสที่จะเกิดต้องเป็นตัวเลขระดับตามตารางความเสี่ยง เช่น 3");
    }
    if i.is_none() {
        errors.add(i_field, "ผลกระทบต้องเป็นตัวเลขระดับตามตารางความเสี่ยง เช่น 3");
    }
    Some(Some(Score {
        likelihood: l?,
        impact: i?,
    }))
}

/// The matrix form as typed.
#[derive(Clone, Default)]
pub struct MatrixForm {
    pub likelihood: String,
    pub impact: String,
    pub levels: String,
}

impl MatrixForm {
    pub fn of(matrix: &RiskMatrix) -> MatrixForm {
        MatrixForm {
            likelihood: matrix.likelihood.join("\n"),
            impact: matrix.impact.join("\n"),
            levels: matrix
                .bands()
                .iter()
                .map(|b: &LevelBand| {
                    format!("{}, {}, {}-{}", b.level.name, b.level.colour, b.from, b.to)
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    pub fn read(pairs: &[(String, String)]) -> MatrixForm {
        MatrixForm {
            likelihood: one(pairs, "likelihood"),
            impact: one(pairs, "impact"),
            levels: one(pairs, "levels"),
        }
    }

    pub fn to_matrix(&self) -> Result<RiskMatrix, FormErrors> {
        let lines = |text: &str| -> Vec<String> {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect()
        };
        let bands = parse_bands(&self.levels).map_err(|e| {
            let mut errors = FormErrors::default();
            errors.add(e.field, e.message);
            errors
        })?;
        let matrix = RiskMatrix::from_bands(lines(&self.likelihood), lines(&self.impact), &bands);
        let problems = matrix.check();
        if problems.is_empty() {
            Ok(matrix)
        } else {
            let mut errors = FormErrors::default();
            for p in problems {
                errors.add(p.field, p.message);
            }
            Err(errors)
        }
    }
}

/// The measure form as typed.
#[derive(Clone, Default)]
pub struct MeasureForm {
    pub year: String,
    pub title: String,
    pub purpose: String,
    pub owner_unit: String,
    /// One step a line: "ขั้นตอน | 31/03/2569".
    pub steps: String,
    pub status: String,
    pub evidence: String,
    pub risks: Vec<String>,
    pub result: String,
}

impl MeasureForm {
    pub fn blank(year: u16) -> MeasureForm {
        MeasureForm {
            year: year.to_string(),
            status: MeasureStatus::Planned.code().into(),
            ..MeasureForm::default()
        }
    }

    pub fn of(input: &MeasureInput) -> MeasureForm {
        MeasureForm {
            year: input.fiscal_year.to_string(),
            title: input.title.clone(),
            purpose: input.purpose.clone(),
            owner_unit: input.owner_unit.clone(),
            steps: input
                .steps
                .iter()
                .map(|s| match s.due {
                    Some(due) => format!(
                        "{} | {}/{:02}/{}",
                        s.text,
                        due.day(),
                        due.month() as u8,
                        sujarit_core::fiscal::ce_to_be(due.year())
                    ),
                    None => s.text.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            status: input.status.code().into(),
            evidence: input.evidence.clone(),
            risks: input.risks.clone(),
            result: input.result.clone(),
        }
    }

    pub fn read(pairs: &[(String, String)]) -> MeasureForm {
        MeasureForm {
            year: one(pairs, "year"),
            title: one(pairs, "title"),
            purpose: one(pairs, "purpose"),
            owner_unit: one(pairs, "owner_unit"),
            steps: one(pairs, "steps"),
            status: one(pairs, "status"),
            evidence: one(pairs, "evidence"),
            risks: all(pairs, "risk")
                .into_iter()
                .filter(|r| !r.is_empty())
                .collect(),
            result: one(pairs, "result"),
        }
    }

    pub fn to_input(&self) -> Result<MeasureInput, FormErrors> {
        let mut errors = FormErrors::default();
        let year = crate::format::parse_fiscal_year(&self.year);
        if year.is_none() {
            errors.add("year", "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569");
        }
        let status = MeasureStatus::parse(&self.status);
        if status.is_none() {
            errors.add("status", "กรุณาเลือกสถานะ");
        }
        let mut steps = Vec::new();
        for line in self.steps.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (text, due) = match line.rsplit_once('|') {
                Some((text, due)) => (text.trim(), Some(due.trim())),
                None => (line, None),
            };
            let due = match due.filter(|d| !d.is_empty()) {
                None => None,
                Some(d) => match Date::parse(d, &Iso8601::DATE)
                    .ok()
                    .or_else(|| parse_thai_date(d))
                {
                    Some(date) => Some(date),
                    None => {
                        errors.add(
                            "steps",
                            format!("อ่านวันที่ \"{d}\" ไม่ได้ เขียนเป็น วัน/เดือน/ปี พ.ศ. เช่น 31/03/2569"),
                        );
                        None
                    }
                },
            };
            steps.push(MeasureStep {
                text: text.to_string(),
                due,
            });
        }
        let (Some(fiscal_year), Some(status), true) = (year, status, errors.is_empty()) else {
            return Err(errors);
        };
        Ok(MeasureInput {
            fiscal_year,
            title: self.title.clone(),
            purpose: self.purpose.clone(),
            owner_unit: self.owner_unit.clone(),
            steps,
            status,
            evidence: self.evidence.clone(),
            risks: self.risks.clone(),
            result: self.result.clone(),
        })
    }
}

/// Core's messages added to the form's.
pub fn core_errors(errors: Vec<sujarit_core::validation::FieldError>) -> FormErrors {
    let mut out = FormErrors::default();
    for e in errors {
        out.add(e.field, e.message);
    }
    out
}
