//! Part 3: one form per item with the NACC template's nine fields. Forms carry
//! no item number; each starts at "1. ชื่อโครงการ :" and is matched to its
//! Part 2 item by name later. Field labels vary between forms, so a field is
//! recognised by its number and a keyword of its label.

use crate::doc::{Doc, Line, collapse_spaces};
use crate::summary::mission_code;
use sujarit_core::ItemForm;

pub struct ParsedForm {
    pub form: ItemForm,
    /// The dimension heading ("มิติที่ 2 …") the form sits under, if any.
    pub dimension: Option<u8>,
    /// The mission heading ("2.3 …") the form sits under, if any.
    pub mission: Option<String>,
    /// Fields (2–9) the form does not have.
    pub missing_fields: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Rationale = 2,
    Objectives = 3,
    TargetGroup = 4,
    Steps = 5,
    Duration = 6,
    Budget = 7,
    Responsible = 8,
    Results = 9,
}

impl Field {
    fn thai(self) -> &'static str {
        match self {
            Field::Rationale => "หลักการและเหตุผล",
            Field::Objectives => "วัตถุประสงค์",
            Field::TargetGroup => "กลุ่มเป้าหมาย",
            Field::Steps => "วิธีดำเนินการ",
            Field::Duration => "ระยะเวลาดำเนินการ",
            Field::Budget => "งบประมาณ",
            Field::Responsible => "ผู้รับผิดชอบ",
            Field::Results => "ผลผลิต/ผลลัพธ์",
        }
    }
}

pub fn field_name(no: u8) -> &'static str {
    [
        Field::Rationale,
        Field::Objectives,
        Field::TargetGroup,
        Field::Steps,
        Field::Duration,
        Field::Budget,
        Field::Responsible,
        Field::Results,
    ]
    .into_iter()
    .find(|f| *f as u8 == no)
    .map_or("", Field::thai)
}

/// Label keywords per field; the first that a label starts with decides.
const LABELS: &[(&str, Field)] = &[
    ("หลักการ", Field::Rationale),
    ("ที่มา", Field::Rationale),
    ("ความเป็นมา", Field::Rationale),
    ("วัตถุประสงค์", Field::Objectives),
    ("กลุ่มเป้าหมาย", Field::TargetGroup),
    ("เป้าหมาย", Field::TargetGroup),
    ("พื้นที่", Field::TargetGroup),
    ("วิธีดำเนิน", Field::Steps),
    ("วิธีการ", Field::Steps),
    ("ขั้นตอน", Field::Steps),
    ("ระยะเวลา", Field::Duration),
    ("งบประมาณ", Field::Budget),
    ("ผู้รับผิดชอบ", Field::Responsible),
    ("หน่วยงานรับผิดชอบ", Field::Responsible),
    ("ผลผลิต", Field::Results),
    ("ผลลัพธ์", Field::Results),
    ("ผลที่คาดว่าจะได้รับ", Field::Results),
    ("ตัวชี้วัด", Field::Results),
];

/// "1. ชื่อโครงการ : …" (or กิจกรรม/มาตรการ) → the name written after the label.
pub fn form_start(text: &str) -> Option<&str> {
    let t = text.trim();
    let rest = t.strip_prefix('1').or_else(|| t.strip_prefix('๑'))?;
    let rest = rest.strip_prefix('.')?.trim_start();
    let rest = rest.strip_prefix("ชื่อ")?;
    let rest = ["โครงการ", "กิจกรรม", "มาตรการ"]
        .iter()
        .find_map(|k| rest.strip_prefix(k))?;
    // "ชื่อโครงการ/กิจกรรม/มาตรการ :" also occurs.
    let rest = match rest.strip_prefix('/') {
        Some(r) => r.trim_start_matches(|c: char| c == '/' || "กิจรมาตโครงการ".contains(c)),
        None => rest,
    };
    Some(rest.trim_start().trim_start_matches(':').trim())
}

/// "7. งบประมาณดำเนินการ" → (Budget, text after a ':' on the same line).
fn field_label(text: &str) -> Option<(Field, u8, &str)> {
    let t = text.trim();
    let digit = t.chars().next()?;
    let no = sujarit_core::thai::arabic_digits(&digit.to_string())
        .parse::<u8>()
        .ok()?;
    let rest = t[digit.len_utf8()..].strip_prefix('.')?.trim_start();
    let field = LABELS
        .iter()
        .find(|(k, _)| rest.starts_with(k))
        .map(|(_, f)| *f)?;
    let inline = rest.split_once(':').map_or("", |(_, v)| v.trim());
    // A label is short; a long line starting with a keyword is content.
    let label_len = rest.split(':').next().unwrap_or(rest).chars().count();
    (label_len <= 60).then_some((field, no, inline))
}

fn dimension_heading(text: &str) -> Option<u8> {
    let t = text.trim();
    let rest = ["มิติที่", "มติที่", "มิตีที่", "มิติ ที่"]
        .iter()
        .find_map(|p| t.strip_prefix(p))?;
    crate::doc::leading_number(rest).and_then(|n| u8::try_from(n).ok())
}

fn is_mission_heading(text: &str) -> Option<String> {
    let (code, name) = mission_code(text)?;
    let template = sujarit_core::template::mission(&code)?;
    let org = crate::names::OrgAliases::new("");
    let similarity = crate::names::NameKey::new(name, &org)
        .similarity(&crate::names::NameKey::new(template.name, &org));
    (similarity >= 0.5).then_some(code)
}

/// The full mission names of Part 3's headings, by code ("1.1" → name).
pub fn mission_headings(doc: &Doc, from: u32, to: u32) -> Vec<(String, String)> {
    doc.lines
        .iter()
        .filter(|l| l.no >= from && l.no < to)
        .filter_map(|l| {
            let code = is_mission_heading(l.text)?;
            let (_, name) = mission_code(l.text)?;
            Some((code, collapse_spaces(name)))
        })
        .collect()
}

/// Parses every form between `from` and `to` (line numbers, `to` exclusive).
pub fn parse(doc: &Doc, from: u32, to: u32) -> Vec<ParsedForm> {
    let lines: Vec<&Line> = doc
        .lines
        .iter()
        .filter(|l| l.no >= from && l.no < to)
        .collect();
    let mut forms = Vec::new();
    let mut dimension = None;
    let mut mission = None;
    let mut current: Option<FormBuilder> = None;
    for line in lines {
        let text = line.trimmed();
        if let Some(d) = dimension_heading(text) {
            dimension = Some(d);
            finish(&mut current, &mut forms);
            continue;
        }
        if let Some(code) = is_mission_heading(text) {
            mission = Some(code);
            finish(&mut current, &mut forms);
            continue;
        }
        if text.starts_with("#####") {
            continue;
        }
        if let Some(name) = form_start(text) {
            finish(&mut current, &mut forms);
            current = Some(FormBuilder::new(line.no, name, dimension, mission.clone()));
            continue;
        }
        let Some(builder) = current.as_mut() else {
            continue;
        };
        if let Some((field, no, inline)) = field_label(text)
            && no > builder.last_no
            && (no == field as u8 || no > 1)
        {
            builder.field = Some(field);
            builder.last_no = no;
            builder.seen.push(field as u8);
            if !inline.is_empty() {
                builder.push(field, inline);
            }
            continue;
        }
        match builder.field {
            Some(field) if !text.is_empty() => builder.push(field, text),
            None if !text.is_empty() => {
                // A name wrapped onto the line after field 1.
                builder.form.name = format!("{} {text}", builder.form.name);
            }
            _ => {}
        }
    }
    finish(&mut current, &mut forms);
    forms
}

struct FormBuilder {
    form: ItemForm,
    dimension: Option<u8>,
    mission: Option<String>,
    field: Option<Field>,
    last_no: u8,
    seen: Vec<u8>,
    /// Inside field 9: false for outputs (ผลผลิต), true for outcomes (ผลลัพธ์).
    in_outcomes: bool,
    rationale: Vec<String>,
    target: Vec<String>,
    duration: Vec<String>,
    budget: Vec<String>,
    responsible: Vec<String>,
}

impl FormBuilder {
    fn new(line: u32, name: &str, dimension: Option<u8>, mission: Option<String>) -> Self {
        FormBuilder {
            form: ItemForm {
                name: collapse_spaces(name),
                line: Some(line),
                ..ItemForm::default()
            },
            dimension,
            mission,
            field: None,
            last_no: 1,
            seen: Vec::new(),
            in_outcomes: false,
            rationale: Vec::new(),
            target: Vec::new(),
            duration: Vec::new(),
            budget: Vec::new(),
            responsible: Vec::new(),
        }
    }

    fn push(&mut self, field: Field, text: &str) {
        let text = text.to_string();
        match field {
            Field::Rationale => self.rationale.push(text),
            Field::Objectives => self.form.objectives.push(text),
            Field::TargetGroup => self.target.push(text),
            Field::Steps => self.form.steps.push(text),
            Field::Duration => self.duration.push(text),
            Field::Budget => self.budget.push(text),
            Field::Responsible => self.responsible.push(text),
            Field::Results => {
                let head = text.trim_end_matches(':').trim();
                if head.starts_with("ผลลัพธ์") && head.chars().count() <= 12 {
                    self.in_outcomes = true;
                } else if head.starts_with("ผลผลิต") && head.chars().count() <= 12 {
                    self.in_outcomes = false;
                } else if self.in_outcomes {
                    self.form.outcomes.push(text);
                } else {
                    self.form.outputs.push(text);
                }
            }
        }
    }

    fn build(self) -> ParsedForm {
        let mut form = self.form;
        form.rationale = self.rationale.join("\n\n");
        form.target_group = self.target.join("\n");
        form.duration = self.duration.join("\n");
        form.budget_text = self.budget.join("\n");
        form.responsible_text = self.responsible.join("\n");
        let missing_fields = (2..=9u8).filter(|n| !self.seen.contains(n)).collect();
        ParsedForm {
            form,
            dimension: self.dimension,
            mission: self.mission,
            missing_fields,
        }
    }
}

fn finish(current: &mut Option<FormBuilder>, forms: &mut Vec<ParsedForm>) {
    if let Some(builder) = current.take() {
        forms.push(builder.build());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_form_starts_and_labels() {
        assert_eq!(
            form_start("1. ชื่อโครงการ : โครงการโรงเรียนคุณธรรม"),
            Some("โครงการโรงเรียนคุณธรรม")
        );
        assert_eq!(
            form_start("1. ชื่อโครงการ: มาตรการ NO Gift Policy"),
            Some("มาตรการ NO Gift Policy")
        );
        assert_eq!(form_start("1) โครงการ"), None);
        assert!(matches!(
            field_label("7. งบประมาณที่ใช้ในการดำเนินการ"),
            Some((Field::Budget, 7, ""))
        ));
        assert!(matches!(
            field_label("9. ผลผลิต, ผลลัพธ์"),
            Some((Field::Results, 9, ""))
        ));
        assert!(matches!(
            field_label("2. หลักการและเหตุผล/ความเป็นมา"),
            Some((Field::Rationale, 2, ""))
        ));
        assert!(field_label("1) เพื่อให้บุคลากร").is_none());
        assert_eq!(
            dimension_heading("มติที่ 2 การบริหารราชการด้วยความโปร่งใส"),
            Some(2)
        );
    }
}
