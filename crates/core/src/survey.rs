//! Surveys and knowledge tests: what the plan's KPIs measure with
//! "ไม่น้อยกว่าร้อยละ 80" (satisfaction, pre/post tests).
//!
//! Answers are anonymous. Results are computed from tallies (counts per
//! question and value) that the store keeps up to date in the same
//! transaction as each answer, so a survey with 100,000 answers reads a few
//! dozen rows, never the answers themselves.

use crate::ItemRef;
use crate::validation::{FieldError, check_text};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use time::Date;

/// The usual Thai labels of a 5-point scale, 5 first.
pub const SCALE_LABELS: [&str; 5] = ["มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"];

/// The label of a scale value 1–5.
pub fn scale_label(value: u8) -> &'static str {
    match value {
        5 => SCALE_LABELS[0],
        4 => SCALE_LABELS[1],
        3 => SCALE_LABELS[2],
        2 => SCALE_LABELS[3],
        _ => SCALE_LABELS[4],
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    Satisfaction,
    Test,
}

impl SurveyKind {
    pub fn code(self) -> &'static str {
        match self {
            SurveyKind::Satisfaction => "satisfaction",
            SurveyKind::Test => "test",
        }
    }
    pub fn parse(code: &str) -> Option<SurveyKind> {
        match code {
            "satisfaction" => Some(SurveyKind::Satisfaction),
            "test" => Some(SurveyKind::Test),
            _ => None,
        }
    }
    pub fn thai(self) -> &'static str {
        match self {
            SurveyKind::Satisfaction => "แบบสำรวจความพึงพอใจ",
            SurveyKind::Test => "แบบทดสอบความรู้",
        }
    }
}

/// Before or after a training, for a pre/post pair of tests.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Single,
    Pre,
    Post,
}

impl Phase {
    pub fn code(self) -> &'static str {
        match self {
            Phase::Single => "single",
            Phase::Pre => "pre",
            Phase::Post => "post",
        }
    }
    pub fn parse(code: &str) -> Option<Phase> {
        match code {
            "single" => Some(Phase::Single),
            "pre" => Some(Phase::Pre),
            "post" => Some(Phase::Post),
            _ => None,
        }
    }
    pub fn thai(self) -> &'static str {
        match self {
            Phase::Single => "",
            Phase::Pre => "ก่อนอบรม (pre-test)",
            Phase::Post => "หลังอบรม (post-test)",
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Scale5,
    Choice,
    Multiple,
    Number,
    Text,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 5] = [
        QuestionKind::Scale5,
        QuestionKind::Choice,
        QuestionKind::Multiple,
        QuestionKind::Number,
        QuestionKind::Text,
    ];
    pub fn code(self) -> &'static str {
        match self {
            QuestionKind::Scale5 => "scale5",
            QuestionKind::Choice => "choice",
            QuestionKind::Multiple => "multiple",
            QuestionKind::Number => "number",
            QuestionKind::Text => "text",
        }
    }
    pub fn parse(code: &str) -> Option<QuestionKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
    pub fn thai(self) -> &'static str {
        match self {
            QuestionKind::Scale5 => "มาตรวัด 5 ระดับ",
            QuestionKind::Choice => "เลือกหนึ่งข้อ",
            QuestionKind::Multiple => "เลือกได้หลายข้อ",
            QuestionKind::Number => "ตัวเลข",
            QuestionKind::Text => "ข้อความสั้น",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Stable within its survey: "q1", "q2", …
    pub id: String,
    pub kind: QuestionKind,
    pub text: String,
    pub required: bool,
    /// The choices of a choice or multiple question, in order.
    pub options: Vec<String>,
    /// A test's correct choice (index into `options`); None for questions
    /// that are not scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<usize>,
}

/// A survey as staff build it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyInput {
    pub title: String,
    pub kind: SurveyKind,
    pub item: Option<ItemRef>,
    pub fiscal_year: u16,
    /// The activity it belongs to, if any (a training's tests).
    pub activity: Option<String>,
    pub phase: Phase,
    pub opens: Date,
    pub closes: Date,
    /// A test's pass mark in percent of its scored questions.
    pub pass_mark: Option<u8>,
    /// Results are public only from this many answers on.
    pub min_public: u32,
    pub questions: Vec<Question>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Survey {
    pub id: String,
    #[serde(flatten)]
    pub input: SurveyInput,
    pub responses: u64,
}

pub const MAX_QUESTIONS: usize = 60;
/// Below this many answers results are withheld from the public by default.
pub const DEFAULT_MIN_PUBLIC: u32 = 5;

impl Survey {
    /// Open on `today` (Thai date): from `opens` to `closes`, both included.
    pub fn is_open(&self, today: Date) -> bool {
        self.input.opens <= today && today <= self.input.closes
    }
}

impl SurveyInput {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "title",
            "ชื่อแบบสำรวจ",
            &self.title,
            true,
            300,
            false,
        );
        if self.closes < self.opens {
            errors.push(FieldError {
                field: "closes",
                message: "วันปิดต้องไม่ก่อนวันเปิด".into(),
            });
        }
        let year = crate::FiscalYear(self.fiscal_year);
        if !year.contains(self.opens) {
            errors.push(FieldError {
                field: "opens",
                message: format!(
                    "วันเปิด {} ไม่อยู่ในปีงบประมาณ {}",
                    crate::fiscal::thai_date(self.opens),
                    self.fiscal_year
                ),
            });
        }
        if self.questions.is_empty() {
            errors.push(FieldError {
                field: "questions",
                message: "โปรดเพิ่มคำถามอย่างน้อย 1 ข้อ".into(),
            });
        }
        if self.questions.len() > MAX_QUESTIONS {
            errors.push(FieldError {
                field: "questions",
                message: format!("แบบสำรวจหนึ่งมีคำถามได้ไม่เกิน {MAX_QUESTIONS} ข้อ"),
            });
        }
        match (self.kind, self.pass_mark) {
            (SurveyKind::Test, None) => errors.push(FieldError {
                field: "pass_mark",
                message: "โปรดระบุเกณฑ์ผ่าน (ร้อยละ) ของแบบทดสอบ".into(),
            }),
            (_, Some(mark)) if mark > 100 => errors.push(FieldError {
                field: "pass_mark",
                message: "เกณฑ์ผ่านต้องอยู่ระหว่าง 0 ถึง 100".into(),
            }),
            _ => {}
        }
        if self.kind == SurveyKind::Test && !self.questions.iter().any(|q| q.correct.is_some()) {
            errors.push(FieldError {
                field: "questions",
                message: "แบบทดสอบต้องมีข้อที่ระบุคำตอบที่ถูกต้องอย่างน้อย 1 ข้อ".into(),
            });
        }
        for (i, q) in self.questions.iter().enumerate() {
            let n = i + 1;
            check_text(&mut errors, "questions", "คำถาม", &q.text, true, 500, false);
            let has_options = matches!(q.kind, QuestionKind::Choice | QuestionKind::Multiple);
            if has_options && q.options.len() < 2 {
                errors.push(FieldError {
                    field: "questions",
                    message: format!("คำถามข้อ {n}: โปรดระบุตัวเลือกอย่างน้อย 2 ตัวเลือก"),
                });
            }
            if let Some(correct) = q.correct
                && (q.kind != QuestionKind::Choice || correct >= q.options.len())
            {
                errors.push(FieldError {
                    field: "questions",
                    message: format!("คำถามข้อ {n}: คำตอบที่ถูกต้องต้องเป็นตัวเลือกหนึ่งของข้อนั้น"),
                });
            }
        }
        let mut ids = std::collections::BTreeSet::new();
        for q in &self.questions {
            if !ids.insert(q.id.as_str()) {
                errors.push(FieldError {
                    field: "questions",
                    message: format!("รหัสคำถาม {} ซ้ำ", crate::validation::shown(&q.id)),
                });
            }
        }
        errors
    }

    /// Whether results with `responses` answers may be shown to the public:
    /// from `min_public` answers on, and never with none.
    pub fn results_public(&self, responses: u64) -> bool {
        responses > 0 && responses >= u64::from(self.min_public)
    }

    /// Questions that count toward a test's score.
    pub fn scored(&self) -> usize {
        self.questions
            .iter()
            .filter(|q| q.correct.is_some())
            .count()
    }
}

/// One answer, checked against its question. Stored tagged
/// (`{"choice": 0}`): untagged, a choice would read back as a scale value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    Scale(u8),
    Choice(usize),
    Multiple(Vec<usize>),
    Number(f64),
    Text(String),
}

impl AnswerValue {
    /// Whether this is the shape of answer a question of `kind` takes.
    pub fn fits(&self, kind: QuestionKind) -> bool {
        matches!(
            (self, kind),
            (AnswerValue::Scale(_), QuestionKind::Scale5)
                | (AnswerValue::Choice(_), QuestionKind::Choice)
                | (AnswerValue::Multiple(_), QuestionKind::Multiple)
                | (AnswerValue::Number(_), QuestionKind::Number)
                | (AnswerValue::Text(_), QuestionKind::Text)
        )
    }
}

/// Why an answer is refused, at its question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerError {
    pub question: String,
    pub message: String,
}

/// A checked response: the answers by question id, and a test's score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub answers: BTreeMap<String, AnswerValue>,
    /// Correct answers, for a test.
    pub score: u32,
    pub passed: bool,
}

/// The index of an option given as its index (a number or a string of
/// digits, as a form sends it) or as its text.
fn option_index(q: &Question, raw: &Value) -> Option<usize> {
    match raw {
        Value::Number(n) => n.as_u64().map(|n| n as usize),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<usize>()
                .ok()
                .or_else(|| q.options.iter().position(|o| o == s))
        }
        _ => None,
    }
    .filter(|i| *i < q.options.len())
}

fn number_of(raw: &Value) -> Option<f64> {
    match raw {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => crate::progress::parse_number(s),
        _ => None,
    }
    .filter(|n| n.is_finite())
}

fn is_blank(raw: &Value) -> bool {
    match raw {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// Checks every answer against its question; all problems at once, each
/// naming its question ("ข้อ 3").
pub fn check_answers(
    survey: &SurveyInput,
    answers: &BTreeMap<String, Value>,
) -> Result<Response, Vec<AnswerError>> {
    let mut errors = Vec::new();
    let mut checked = BTreeMap::new();
    for id in answers.keys() {
        if !survey.questions.iter().any(|q| &q.id == id) {
            errors.push(AnswerError {
                question: id.clone(),
                message: format!("ไม่มีคำถาม \"{}\" ในแบบสำรวจนี้", crate::validation::shown(id)),
            });
        }
    }
    let mut score = 0;
    for (i, q) in survey.questions.iter().enumerate() {
        let n = i + 1;
        let refuse = |errors: &mut Vec<AnswerError>, message: String| {
            errors.push(AnswerError {
                question: q.id.clone(),
                message: format!("ข้อ {n}: {message}"),
            })
        };
        let raw = answers.get(&q.id).filter(|raw| !is_blank(raw));
        let Some(raw) = raw else {
            if q.required {
                refuse(&mut errors, "โปรดตอบข้อนี้".into());
            }
            continue;
        };
        let value = match q.kind {
            QuestionKind::Scale5 => match number_of(raw) {
                Some(v) if (1.0..=5.0).contains(&v) && v.fract() == 0.0 => {
                    AnswerValue::Scale(v as u8)
                }
                _ => {
                    refuse(&mut errors, "โปรดเลือกระดับ 1 ถึง 5".into());
                    continue;
                }
            },
            QuestionKind::Choice => match option_index(q, raw) {
                Some(i) => AnswerValue::Choice(i),
                None => {
                    refuse(&mut errors, "โปรดเลือกหนึ่งตัวเลือกจากรายการ".into());
                    continue;
                }
            },
            QuestionKind::Multiple => {
                let items: Vec<&Value> = match raw {
                    Value::Array(a) => a.iter().collect(),
                    other => vec![other],
                };
                let picked: Option<Vec<usize>> = items.iter().map(|v| option_index(q, v)).collect();
                match picked {
                    Some(mut p) => {
                        p.sort_unstable();
                        p.dedup();
                        AnswerValue::Multiple(p)
                    }
                    None => {
                        refuse(&mut errors, "ตัวเลือกที่เลือกไม่อยู่ในรายการ".into());
                        continue;
                    }
                }
            }
            QuestionKind::Number => match number_of(raw) {
                Some(v) if v.abs() < 1e12 => AnswerValue::Number(v),
                _ => {
                    refuse(&mut errors, "โปรดตอบเป็นตัวเลข เช่น 12 หรือ 12.5".into());
                    continue;
                }
            },
            QuestionKind::Text => match raw {
                Value::String(s) => {
                    let mut field_errors: Vec<FieldError> = Vec::new();
                    check_text(&mut field_errors, "answer", "คำตอบ", s, false, 1000, true);
                    if let Some(e) = field_errors.pop() {
                        refuse(&mut errors, e.message);
                        continue;
                    }
                    AnswerValue::Text(s.trim().to_string())
                }
                _ => {
                    refuse(&mut errors, "โปรดตอบเป็นข้อความ".into());
                    continue;
                }
            },
        };
        if let (Some(correct), AnswerValue::Choice(i)) = (q.correct, &value)
            && correct == *i
        {
            score += 1;
        }
        checked.insert(q.id.clone(), value);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let scored = survey.scored() as u32;
    let passed = survey.kind == SurveyKind::Test
        && scored > 0
        && u64::from(score) * 100 >= u64::from(survey.pass_mark.unwrap_or(0)) * u64::from(scored);
    Ok(Response {
        answers: checked,
        score,
        passed,
    })
}

/// What a response adds to its survey's tallies: (question id, value key).
/// A scale answer counts under "1".."5", a choice under its option index, a
/// number under "sum" (its value, in thousandths) and "n"; text only under "n".
pub fn tally_keys(response: &Response) -> Vec<(String, String, i64)> {
    let mut out = Vec::new();
    for (id, value) in &response.answers {
        match value {
            AnswerValue::Scale(v) => out.push((id.clone(), v.to_string(), 1)),
            AnswerValue::Choice(i) => out.push((id.clone(), i.to_string(), 1)),
            AnswerValue::Multiple(picked) => {
                for i in picked {
                    out.push((id.clone(), i.to_string(), 1));
                }
                out.push((id.clone(), "n".into(), 1));
            }
            AnswerValue::Number(v) => {
                out.push((id.clone(), "sum".into(), (v * 1000.0).round() as i64));
                out.push((id.clone(), "n".into(), 1));
            }
            AnswerValue::Text(_) => out.push((id.clone(), "n".into(), 1)),
        }
    }
    out
}

/// A survey's stored counts: responses, passes, the sum of test scores and
/// each (question, value key) count as [`tally_keys`] made them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tallies {
    pub responses: u64,
    pub passed: u64,
    pub score_sum: u64,
    pub counts: BTreeMap<(String, String), i64>,
}

/// Results of one question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionResult {
    pub id: String,
    pub text: String,
    pub kind: QuestionKind,
    /// Answers given to this question.
    pub answered: u64,
    /// Label and count per value, in the question's order (5 down to 1 for a scale).
    pub distribution: Vec<(String, u64)>,
    /// The mean of a scale or number question.
    pub mean: Option<f64>,
    /// Share of 4–5 answers of a scale question, in percent.
    pub satisfied_share: Option<f64>,
    /// Share of correct answers of a scored question, in percent.
    pub correct_share: Option<f64>,
}

/// A survey's results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Results {
    pub responses: u64,
    /// Share of all scale answers that are 4 or 5 ("มาก/มากที่สุด"), in percent.
    pub satisfied_share: Option<f64>,
    /// Mean of all scale answers (1–5).
    pub mean: Option<f64>,
    /// Share of respondents who passed a test, in percent.
    pub pass_share: Option<f64>,
    /// Mean score of a test in percent of its scored questions.
    pub mean_score: Option<f64>,
    pub questions: Vec<QuestionResult>,
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

impl Tallies {
    fn count(&self, question: &str, key: &str) -> i64 {
        self.counts
            .get(&(question.to_string(), key.to_string()))
            .copied()
            .unwrap_or(0)
    }

    pub fn results(&self, survey: &SurveyInput) -> Results {
        let mut all_scale = 0u64;
        let mut all_satisfied = 0u64;
        let mut all_scale_sum = 0u64;
        let mut questions = Vec::new();
        for q in &survey.questions {
            let c = |key: &str| self.count(&q.id, key).max(0) as u64;
            let mut result = QuestionResult {
                id: q.id.clone(),
                text: q.text.clone(),
                kind: q.kind,
                answered: 0,
                distribution: Vec::new(),
                mean: None,
                satisfied_share: None,
                correct_share: None,
            };
            match q.kind {
                QuestionKind::Scale5 => {
                    let counts: Vec<(u8, u64)> =
                        (1..=5u8).rev().map(|v| (v, c(&v.to_string()))).collect();
                    let n: u64 = counts.iter().map(|(_, k)| k).sum();
                    let sum: u64 = counts.iter().map(|(v, k)| u64::from(*v) * k).sum();
                    let satisfied: u64 =
                        counts.iter().filter(|(v, _)| *v >= 4).map(|(_, k)| k).sum();
                    result.answered = n;
                    result.distribution = counts
                        .iter()
                        .map(|(v, k)| (format!("{} ({v})", scale_label(*v)), *k))
                        .collect();
                    result.mean = (n > 0).then(|| sum as f64 / n as f64);
                    result.satisfied_share = share(satisfied, n);
                    all_scale += n;
                    all_satisfied += satisfied;
                    all_scale_sum += sum;
                }
                QuestionKind::Choice | QuestionKind::Multiple => {
                    result.distribution = q
                        .options
                        .iter()
                        .enumerate()
                        .map(|(i, o)| (o.clone(), c(&i.to_string())))
                        .collect();
                    result.answered = if q.kind == QuestionKind::Choice {
                        result.distribution.iter().map(|(_, k)| k).sum()
                    } else {
                        c("n")
                    };
                    if let Some(correct) = q.correct {
                        result.correct_share = share(c(&correct.to_string()), result.answered);
                    }
                }
                QuestionKind::Number => {
                    let n = c("n");
                    result.answered = n;
                    result.mean =
                        (n > 0).then(|| self.count(&q.id, "sum") as f64 / 1000.0 / n as f64);
                }
                QuestionKind::Text => result.answered = c("n"),
            }
            questions.push(result);
        }
        let scored = survey.scored() as u64;
        let is_test = survey.kind == SurveyKind::Test;
        Results {
            responses: self.responses,
            satisfied_share: share(all_satisfied, all_scale),
            mean: (all_scale > 0).then(|| all_scale_sum as f64 / all_scale as f64),
            pass_share: if is_test {
                share(self.passed, self.responses)
            } else {
                None
            },
            mean_score: if is_test && scored > 0 {
                share(self.score_sum, self.responses * scored)
            } else {
                None
            },
            questions,
        }
    }
}

/// A template staff start from.
pub struct Template {
    pub code: &'static str,
    pub title: &'static str,
    pub kind: SurveyKind,
    pub pass_mark: Option<u8>,
    /// (kind, text, options, correct)
    pub questions: &'static [(
        QuestionKind,
        &'static str,
        &'static [&'static str],
        Option<usize>,
    )],
}

const YES_NO: &[&str] = &["ถูก", "ผิด"];

pub const TEMPLATES: [Template; 3] = [
    Template {
        code: "service",
        title: "แบบสำรวจความพึงพอใจต่อการให้บริการ",
        kind: SurveyKind::Satisfaction,
        pass_mark: None,
        questions: &[
            (
                QuestionKind::Scale5,
                "ความสะดวกและรวดเร็วในการให้บริการ",
                &[],
                None,
            ),
            (
                QuestionKind::Scale5,
                "ขั้นตอนการให้บริการชัดเจน ไม่ยุ่งยาก",
                &[],
                None,
            ),
            (
                QuestionKind::Scale5,
                "เจ้าหน้าที่ให้บริการด้วยความสุภาพ เต็มใจ",
                &[],
                None,
            ),
            (
                QuestionKind::Scale5,
                "เจ้าหน้าที่ให้บริการอย่างเท่าเทียม ไม่เลือกปฏิบัติ",
                &[],
                None,
            ),
            (
                QuestionKind::Scale5,
                "ความพึงพอใจโดยรวมต่อการให้บริการ",
                &[],
                None,
            ),
            (
                QuestionKind::Choice,
                "งานที่มาติดต่อ",
                &[
                    "ทะเบียนราษฎร",
                    "ภาษีและรายได้",
                    "ขออนุญาตก่อสร้าง",
                    "สวัสดิการ/เบี้ยยังชีพ",
                    "อื่น ๆ",
                ],
                None,
            ),
            (QuestionKind::Text, "ข้อเสนอแนะ", &[], None),
        ],
    },
    Template {
        code: "training",
        title: "แบบประเมินความพึงพอใจต่อการจัดกิจกรรม",
        kind: SurveyKind::Satisfaction,
        pass_mark: None,
        questions: &[
            (
                QuestionKind::Scale5,
                "เนื้อหาตรงกับความต้องการและนำไปใช้ได้",
                &[],
                None,
            ),
            (
                QuestionKind::Scale5,
                "วิทยากรถ่ายทอดได้ชัดเจน เข้าใจง่าย",
                &[],
                None,
            ),
            (QuestionKind::Scale5, "ระยะเวลาและสถานที่เหมาะสม", &[], None),
            (QuestionKind::Scale5, "ความพึงพอใจโดยรวมต่อกิจกรรม", &[], None),
            (QuestionKind::Text, "ข้อเสนอแนะ", &[], None),
        ],
    },
    Template {
        code: "knowledge",
        title: "แบบทดสอบความรู้เรื่องการป้องกันการทุจริตและผลประโยชน์ทับซ้อน",
        kind: SurveyKind::Test,
        pass_mark: Some(80),
        questions: &[
            (
                QuestionKind::Choice,
                "การรับของขวัญจากผู้มาติดต่อราชการที่มีมูลค่าเกิน 3,000 บาท เป็นสิ่งที่ทำได้",
                YES_NO,
                Some(1),
            ),
            (
                QuestionKind::Choice,
                "ผลประโยชน์ทับซ้อน คือการที่ประโยชน์ส่วนตนขัดแย้งกับประโยชน์ส่วนรวม",
                YES_NO,
                Some(0),
            ),
            (
                QuestionKind::Choice,
                "ประชาชนสามารถร้องเรียนการทุจริตได้โดยไม่ต้องเปิดเผยชื่อ",
                YES_NO,
                Some(0),
            ),
            (
                QuestionKind::Choice,
                "การนำรถราชการไปใช้ในธุระส่วนตัวในวันหยุดไม่ถือเป็นการทุจริต",
                YES_NO,
                Some(1),
            ),
            (
                QuestionKind::Choice,
                "เจ้าหน้าที่ที่มีส่วนได้เสียกับผู้เสนอราคา ควรถอนตัวจากคณะกรรมการจัดซื้อจัดจ้าง",
                YES_NO,
                Some(0),
            ),
        ],
    },
];

impl Template {
    pub fn find(code: &str) -> Option<&'static Template> {
        TEMPLATES.iter().find(|t| t.code == code)
    }

    pub fn questions(&self) -> Vec<Question> {
        self.questions
            .iter()
            .enumerate()
            .map(|(i, (kind, text, options, correct))| Question {
                id: format!("q{}", i + 1),
                kind: *kind,
                text: (*text).into(),
                required: *kind != QuestionKind::Text,
                options: options.iter().map(|o| (*o).into()).collect(),
                correct: *correct,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::date;

    fn knowledge() -> SurveyInput {
        let t = Template::find("knowledge").unwrap();
        SurveyInput {
            title: t.title.into(),
            kind: t.kind,
            item: None,
            fiscal_year: 2569,
            activity: None,
            phase: Phase::Post,
            opens: date!(2025 - 10 - 01),
            closes: date!(2026 - 09 - 30),
            pass_mark: t.pass_mark,
            min_public: DEFAULT_MIN_PUBLIC,
            questions: t.questions(),
        }
    }

    fn answers(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn the_shipped_templates_are_valid() {
        assert!(
            knowledge().validate().is_empty(),
            "{:?}",
            knowledge().validate()
        );
        for t in &TEMPLATES {
            let mut s = knowledge();
            s.kind = t.kind;
            s.pass_mark = t.pass_mark;
            s.questions = t.questions();
            assert!(s.validate().is_empty(), "{}: {:?}", t.code, s.validate());
        }
    }

    #[test]
    fn a_test_passes_at_its_mark() {
        let s = knowledge();
        let all_right = answers(&[
            ("q1", json!(1)),
            ("q2", json!("0")),
            ("q3", json!("ถูก")),
            ("q4", json!(1)),
            ("q5", json!(0)),
        ]);
        let r = check_answers(&s, &all_right).unwrap();
        assert_eq!((r.score, r.passed), (5, true));
        let mut one_wrong = all_right.clone();
        one_wrong.insert("q5".into(), json!(1));
        let r = check_answers(&s, &one_wrong).unwrap();
        assert_eq!((r.score, r.passed), (4, true), "4 of 5 is 80%");
        one_wrong.insert("q4".into(), json!(0));
        assert!(!check_answers(&s, &one_wrong).unwrap().passed);
    }

    #[test]
    fn bad_answers_are_named_by_question() {
        let t = Template::find("service").unwrap();
        let mut s = knowledge();
        s.kind = SurveyKind::Satisfaction;
        s.questions = t.questions();
        let errors = check_answers(
            &s,
            &answers(&[
                ("q1", json!(6)),
                ("q2", json!("สาม")),
                ("q3", json!(5)),
                ("q4", json!(4)),
                ("q6", json!(9)),
                ("q99", json!(1)),
            ]),
        )
        .unwrap_err();
        let by: Vec<&str> = errors.iter().map(|e| e.question.as_str()).collect();
        assert_eq!(by, ["q99", "q1", "q2", "q5", "q6"]);
        assert!(errors[1].message.starts_with("ข้อ 1:"));
        assert!(errors[3].message.contains("โปรดตอบข้อนี้"));
    }

    #[test]
    fn results_come_from_tallies() {
        let t = Template::find("service").unwrap();
        let mut s = knowledge();
        s.kind = SurveyKind::Satisfaction;
        s.questions = t.questions();
        let mut tallies = Tallies::default();
        for rating in [5, 4, 3, 2] {
            let mut a = answers(&[("q6", json!(0))]);
            for q in 1..=5 {
                a.insert(format!("q{q}"), json!(rating));
            }
            let r = check_answers(&s, &a).unwrap();
            tallies.responses += 1;
            for (q, k, n) in tally_keys(&r) {
                *tallies.counts.entry((q, k)).or_default() += n;
            }
        }
        let results = tallies.results(&s);
        assert_eq!(results.responses, 4);
        assert_eq!(results.satisfied_share, Some(50.0));
        assert_eq!(results.mean, Some(3.5));
        assert_eq!(results.pass_share, None);
        assert_eq!(results.questions[0].distribution[0].1, 1);
        assert_eq!(
            results.questions[5].distribution[0],
            ("ทะเบียนราษฎร".into(), 4)
        );
    }
}
