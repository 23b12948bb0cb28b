//! Reading the staff forms into core's survey types (pure): the settings of
//! a survey (title, kind, item, year, phase, activity, BE dates, pass mark,
//! minimum answers) and one question of the builder. What cannot be read is
//! a Thai message at its field; core's `SurveyInput::validate` adds the
//! rest, so the form shows every problem at once and nothing is saved.

use std::collections::BTreeSet;

use serde::Deserialize;
use sujarit_core::activity::Activity;
use sujarit_core::fiscal::{parse_thai_date, thai_date};
use sujarit_core::survey::{
    DEFAULT_MIN_PUBLIC, Phase, Question, QuestionKind, SurveyInput, SurveyKind,
};
use sujarit_core::{FiscalYear, Plan};
use time::Date;

use crate::format::{parse_fiscal_year, parse_item_ref};
use crate::ui::FormErrors;

/// The settings form as typed (the new-survey form adds `template`).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    pub template: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub fiscal_year: String,
    #[serde(default)]
    pub phase: String,
    #[serde(default)]
    pub activity: String,
    #[serde(default)]
    pub opens: String,
    #[serde(default)]
    pub closes: String,
    #[serde(default)]
    pub pass_mark: String,
    #[serde(default)]
    pub min_public: String,
}

/// "1/10/2568": how a date is typed in the forms.
pub fn be_date(date: Date) -> String {
    format!(
        "{}/{}/{}",
        date.day(),
        u8::from(date.month()),
        sujarit_core::fiscal::ce_to_be(date.year())
    )
}

impl SettingsForm {
    /// The form filled with a survey's settings.
    pub fn of(input: &SurveyInput) -> SettingsForm {
        SettingsForm {
            template: String::new(),
            title: input.title.clone(),
            kind: input.kind.code().into(),
            item: input.item.map(|i| i.to_string()).unwrap_or_default(),
            fiscal_year: input.fiscal_year.to_string(),
            phase: input.phase.code().into(),
            activity: input.activity.clone().unwrap_or_default(),
            opens: be_date(input.opens),
            closes: be_date(input.closes),
            pass_mark: input.pass_mark.map(|m| m.to_string()).unwrap_or_default(),
            min_public: input.min_public.to_string(),
        }
    }

    /// A new survey's form: this fiscal year, open from today (or the
    /// year's first day) to the year's last day.
    pub fn new_in(year: u16, today: Date) -> SettingsForm {
        let fiscal = FiscalYear(year);
        let opens = if fiscal.contains(today) {
            today
        } else {
            fiscal.first_day()
        };
        SettingsForm {
            template: "service".into(),
            kind: SurveyKind::Satisfaction.code().into(),
            fiscal_year: year.to_string(),
            phase: Phase::Single.code().into(),
            opens: be_date(opens),
            closes: be_date(fiscal.last_day()),
            min_public: DEFAULT_MIN_PUBLIC.to_string(),
            ..SettingsForm::default()
        }
    }

    /// The fiscal year typed, if it is one.
    pub fn year(&self) -> Option<u16> {
        parse_fiscal_year(self.fiscal_year.trim())
    }
}

/// What the settings are read against.
pub struct Context<'a> {
    /// The current plan, to check the item exists.
    pub plan: Option<&'a Plan>,
    /// The activities of the fiscal year typed.
    pub activities: &'a [Activity],
    /// Used where the year typed cannot be read.
    pub fallback_year: u16,
    /// A test's pass mark when none is typed (a template's).
    pub default_pass_mark: Option<u8>,
}

/// Reads the settings into a survey without questions; every field that
/// cannot be read adds its message to `errors` and takes a stand-in value.
pub fn read_settings(
    form: &SettingsForm,
    kind: Option<SurveyKind>,
    context: &Context<'_>,
    errors: &mut FormErrors,
) -> SurveyInput {
    let kind = kind.unwrap_or_else(|| {
        SurveyKind::parse(form.kind.trim()).unwrap_or_else(|| {
            errors.add(
                "kind",
                "โปรดเลือกประเภท: แบบสำรวจความพึงพอใจ หรือแบบทดสอบความรู้",
            );
            SurveyKind::Satisfaction
        })
    });
    let fiscal_year = form.year().unwrap_or_else(|| {
        errors.add(
            "fiscal_year",
            "ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569",
        );
        context.fallback_year
    });
    let phase = match form.phase.trim() {
        "" => Phase::Single,
        code => Phase::parse(code).unwrap_or_else(|| {
            errors.add("phase", "โปรดเลือกช่วงการใช้: ครั้งเดียว ก่อนอบรม หรือหลังอบรม");
            Phase::Single
        }),
    };
    let activity = match form.activity.trim() {
        "" => None,
        id => match context.activities.iter().find(|a| a.id == id) {
            Some(a) => Some(a),
            None => {
                errors.add(
                    "activity",
                    format!("ไม่พบกิจกรรมที่เลือกในปีงบประมาณ {fiscal_year}"),
                );
                None
            }
        },
    };
    let item = match form.item.trim() {
        // An activity's tests belong to its item unless another is typed.
        "" => activity.map(|a| a.input.item),
        text => match parse_item_ref(text) {
            None => {
                errors.add(
                    "item",
                    "เลขรายการไม่ถูกต้อง ให้พิมพ์ตามแผน เช่น 1.1 (หรือเว้นว่างถ้าไม่ผูกกับรายการ)",
                );
                None
            }
            Some(r) => match context.plan {
                None => {
                    errors.add("item", "ยังไม่มีแผนปฏิบัติการในระบบ จึงผูกกับรายการไม่ได้");
                    None
                }
                Some(plan) if plan.item(r).is_none() => {
                    errors.add("item", format!("ไม่พบรายการ {r} ในแผนที่ใช้อยู่"));
                    None
                }
                Some(_) => Some(r),
            },
        },
    };
    let fiscal = FiscalYear(fiscal_year);
    let mut date = |field: &str, text: &str, fallback: Date| -> Date {
        match parse_thai_date(text.trim()) {
            Some(d) => d,
            None => {
                errors.add(
                    field,
                    format!("โปรดพิมพ์วันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น {}", be_date(fallback)),
                );
                fallback
            }
        }
    };
    let opens = date("opens", &form.opens, fiscal.first_day());
    let closes = date("closes", &form.closes, fiscal.last_day());
    let pass_mark = match (kind, form.pass_mark.trim()) {
        (SurveyKind::Satisfaction, _) => None,
        (SurveyKind::Test, "") => context.default_pass_mark,
        (SurveyKind::Test, text) => match text.trim_end_matches('%').trim().parse::<u8>() {
            Ok(mark) if mark <= 100 => Some(mark),
            _ => {
                errors.add("pass_mark", "เกณฑ์ผ่านต้องเป็นจำนวนเต็มร้อยละ 0 ถึง 100 เช่น 80");
                context.default_pass_mark.or(Some(80))
            }
        },
    };
    let min_public = match form.min_public.trim() {
        "" => DEFAULT_MIN_PUBLIC,
        text => match text.parse::<u32>() {
            Ok(n) if n <= 1_000_000 => n,
            _ => {
                errors.add(
                    "min_public",
                    "จำนวนผู้ตอบขั้นต่ำต้องเป็นจำนวนเต็ม เช่น 5 (0 คือแสดงผลทันที)",
                );
                DEFAULT_MIN_PUBLIC
            }
        },
    };
    SurveyInput {
        title: form.title.trim().to_string(),
        kind,
        item,
        fiscal_year,
        activity: activity.map(|a| a.id.clone()),
        phase,
        opens,
        closes,
        pass_mark,
        min_public,
        questions: Vec::new(),
    }
}

/// Core's checks of the whole survey, at their fields; a field that could
/// not be read keeps its own message only.
pub fn add_core_errors(
    input: &SurveyInput,
    errors: &mut FormErrors,
    unreadable: &BTreeSet<String>,
) {
    for e in input.validate() {
        if !unreadable.contains(e.field) {
            errors.add(e.field, e.message);
        }
    }
}

/// The fields whose values could not be read.
pub fn fields_of(errors: &FormErrors) -> BTreeSet<String> {
    errors.fields().map(str::to_string).collect()
}

/// A question of the builder as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct QuestionForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub text: String,
    /// One option a line.
    #[serde(default)]
    pub options: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    pub required: Option<String>,
    /// A test's correct option, counted from 1.
    #[serde(default)]
    pub correct: String,
}

impl QuestionForm {
    pub fn of(question: &Question) -> QuestionForm {
        QuestionForm {
            kind: question.kind.code().into(),
            text: question.text.clone(),
            options: question.options.join("\n"),
            required: question.required.then(|| "on".to_string()),
            correct: question
                .correct
                .map(|c| (c + 1).to_string())
                .unwrap_or_default(),
        }
    }

    /// A new question's form: a required 5-point scale.
    pub fn blank() -> QuestionForm {
        QuestionForm {
            kind: QuestionKind::Scale5.code().into(),
            required: Some("on".into()),
            ..QuestionForm::default()
        }
    }
}

/// Reads one question; what cannot be read adds its message to `errors`.
pub fn read_question(form: &QuestionForm, id: &str, errors: &mut Vec<String>) -> Question {
    let kind = QuestionKind::parse(form.kind.trim()).unwrap_or_else(|| {
        errors.push("โปรดเลือกชนิดคำถาม".into());
        QuestionKind::Scale5
    });
    let options: Vec<String> = if matches!(kind, QuestionKind::Choice | QuestionKind::Multiple) {
        form.options
            .lines()
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_string)
            .collect()
    } else {
        Vec::new()
    };
    let correct = match form.correct.trim() {
        "" => None,
        text => match text.parse::<usize>() {
            Ok(n) if n >= 1 => Some(n - 1),
            _ => {
                errors.push("คำตอบที่ถูกต้องให้พิมพ์เป็นเลขลำดับของตัวเลือก เช่น 1 (หรือเว้นว่าง)".into());
                None
            }
        },
    };
    Question {
        id: id.to_string(),
        kind,
        text: form.text.trim().to_string(),
        required: form.required.is_some(),
        options,
        correct,
    }
}

/// The id of a question added to `questions`: one past the largest "qN".
pub fn next_question_id(questions: &[Question]) -> String {
    let largest = questions
        .iter()
        .filter_map(|q| q.id.strip_prefix('q')?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("q{}", largest + 1)
}

/// The questions a blank survey starts with, so that it is valid from the
/// start: one overall rating, or one true/false question of a test.
pub fn blank_questions(kind: SurveyKind) -> Vec<Question> {
    match kind {
        SurveyKind::Satisfaction => vec![Question {
            id: "q1".into(),
            kind: QuestionKind::Scale5,
            text: "ความพึงพอใจโดยรวม".into(),
            required: true,
            options: Vec::new(),
            correct: None,
        }],
        SurveyKind::Test => vec![Question {
            id: "q1".into(),
            kind: QuestionKind::Choice,
            text: "คำถามข้อที่ 1 (แก้ไขข้อความและตัวเลือก)".into(),
            required: true,
            options: vec!["ถูก".into(), "ผิด".into()],
            correct: Some(0),
        }],
    }
}

/// "1 ตุลาคม 2568 – 30 กันยายน 2569".
pub fn date_range(opens: Date, closes: Date) -> String {
    format!("{} – {}", thai_date(opens), thai_date(closes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn context() -> Context<'static> {
        Context {
            plan: None,
            activities: &[],
            fallback_year: 2569,
            default_pass_mark: None,
        }
    }

    #[test]
    fn settings_are_read_in_buddhist_era() {
        let mut form = SettingsForm::new_in(2569, date!(2025 - 11 - 02));
        form.title = " ความพึงพอใจ ".into();
        let mut errors = FormErrors::default();
        let input = read_settings(&form, None, &context(), &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(input.title, "ความพึงพอใจ");
        assert_eq!(input.opens, date!(2025 - 11 - 02));
        assert_eq!(input.closes, date!(2026 - 09 - 30));
        assert_eq!(form.opens, "2/11/2568");
        assert_eq!(input.min_public, DEFAULT_MIN_PUBLIC);
    }

    #[test]
    fn unreadable_settings_are_named_at_their_fields() {
        let form = SettingsForm {
            kind: "quiz".into(),
            fiscal_year: "69".into(),
            item: "หนึ่ง".into(),
            opens: "31/02/2568".into(),
            closes: "soon".into(),
            min_public: "-1".into(),
            ..SettingsForm::default()
        };
        let mut errors = FormErrors::default();
        read_settings(&form, None, &context(), &mut errors);
        for field in [
            "kind",
            "fiscal_year",
            "item",
            "opens",
            "closes",
            "min_public",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
        let mut errors = FormErrors::default();
        let form = SettingsForm {
            kind: "test".into(),
            pass_mark: "120".into(),
            ..SettingsForm::new_in(2569, date!(2025 - 11 - 02))
        };
        read_settings(&form, None, &context(), &mut errors);
        assert!(errors.get("pass_mark").unwrap().contains("0 ถึง 100"));
    }

    #[test]
    fn questions_are_read_with_options_one_a_line() {
        let mut errors = Vec::new();
        let q = read_question(
            &QuestionForm {
                kind: "choice".into(),
                text: " ข้อใดถูก ".into(),
                options: "ก\r\n\r\n ข \nค".into(),
                required: None,
                correct: "2".into(),
            },
            "q4",
            &mut errors,
        );
        assert!(errors.is_empty());
        assert_eq!(q.options, ["ก", "ข", "ค"]);
        assert_eq!(
            (q.correct, q.required, q.text.as_str()),
            (Some(1), false, "ข้อใดถูก")
        );
        let scale = read_question(
            &QuestionForm {
                kind: "scale5".into(),
                options: "ignored".into(),
                correct: "x".into(),
                ..QuestionForm::default()
            },
            "q5",
            &mut errors,
        );
        assert!(scale.options.is_empty());
        assert_eq!(errors.len(), 1, "the unreadable correct option");
        assert_eq!(next_question_id(&[q, scale]), "q6");
    }

    #[test]
    fn blank_surveys_start_valid() {
        for kind in [SurveyKind::Satisfaction, SurveyKind::Test] {
            let mut errors = FormErrors::default();
            let mut input = read_settings(
                &SettingsForm {
                    title: "แบบว่าง".into(),
                    pass_mark: "80".into(),
                    kind: kind.code().into(),
                    ..SettingsForm::new_in(2569, date!(2025 - 11 - 02))
                },
                None,
                &context(),
                &mut errors,
            );
            input.questions = blank_questions(kind);
            assert!(
                input.validate().is_empty(),
                "{kind:?}: {:?}",
                input.validate()
            );
        }
    }
}
