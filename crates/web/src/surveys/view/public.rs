//! What a respondent sees (pure): the answer form, phone first, with each
//! answer kept as typed and each message at its question; and the notices
//! (closed, not yet open, answered already, thank you with a test's score).

use std::collections::BTreeMap;

use askama::Template;
use serde_json::Value;
use sujarit_core::survey::{AnswerError, QuestionKind, SCALE_LABELS, SurveyInput, SurveyKind};

use crate::ui::Layout;

pub struct OptionView {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

pub struct AnswerQuestion {
    pub id: String,
    pub number: usize,
    pub text: String,
    pub required: bool,
    pub is_scale: bool,
    pub is_choice: bool,
    pub is_multiple: bool,
    pub is_number: bool,
    pub is_text: bool,
    pub options: Vec<OptionView>,
    /// A number or text answer as typed.
    pub value: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "surveys/answer.html")]
pub struct AnswerPage {
    pub layout: Layout,
    pub organization: String,
    pub title: String,
    pub kind: &'static str,
    pub is_test: bool,
    pub closes: String,
    pub action: String,
    pub questions: Vec<AnswerQuestion>,
    /// Messages that name no question of the form.
    pub other_errors: Vec<String>,
    pub has_errors: bool,
}

/// The values typed for a question: one string, or several for checkboxes.
fn typed(answers: &BTreeMap<String, Value>, id: &str) -> Vec<String> {
    match answers.get(id) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(Value::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

/// The answer form, with what was typed and the refusals of `errors`.
pub fn answer_page(
    layout: Layout,
    organization: &str,
    survey: &SurveyInput,
    closes: String,
    action: String,
    answers: &BTreeMap<String, Value>,
    errors: &[AnswerError],
) -> AnswerPage {
    let questions = survey
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let values = typed(answers, &q.id);
            let checked = |value: &str| values.iter().any(|v| v.trim() == value);
            let options = match q.kind {
                QuestionKind::Scale5 => (1..=5u8)
                    .rev()
                    .zip(SCALE_LABELS)
                    .map(|(v, label)| OptionView {
                        value: v.to_string(),
                        label: format!("{label} ({v})"),
                        checked: checked(&v.to_string()),
                    })
                    .collect(),
                QuestionKind::Choice | QuestionKind::Multiple => q
                    .options
                    .iter()
                    .enumerate()
                    .map(|(n, label)| OptionView {
                        value: n.to_string(),
                        label: label.clone(),
                        checked: checked(&n.to_string()),
                    })
                    .collect(),
                QuestionKind::Number | QuestionKind::Text => Vec::new(),
            };
            let message = errors
                .iter()
                .filter(|e| e.question == q.id)
                .map(|e| e.message.clone())
                .collect::<Vec<_>>();
            AnswerQuestion {
                id: q.id.clone(),
                number: i + 1,
                text: q.text.clone(),
                required: q.required,
                is_scale: q.kind == QuestionKind::Scale5,
                is_choice: q.kind == QuestionKind::Choice,
                is_multiple: q.kind == QuestionKind::Multiple,
                is_number: q.kind == QuestionKind::Number,
                is_text: q.kind == QuestionKind::Text,
                options,
                value: values.first().cloned().unwrap_or_default(),
                error: (!message.is_empty()).then(|| message.join(" ")),
            }
        })
        .collect();
    let other_errors = errors
        .iter()
        .filter(|e| !survey.questions.iter().any(|q| q.id == e.question))
        .map(|e| e.message.clone())
        .collect();
    AnswerPage {
        layout,
        organization: organization.to_string(),
        title: survey.title.clone(),
        kind: survey.kind.thai(),
        is_test: survey.kind == SurveyKind::Test,
        closes,
        action,
        questions,
        other_errors,
        has_errors: !errors.is_empty(),
    }
}

/// A test's score as shown on the thank-you page.
pub struct ScoreView {
    pub score: u32,
    pub of: u32,
    pub percent: String,
    pub passed: bool,
    pub pass_mark: u8,
}

#[derive(Template)]
#[template(path = "surveys/notice.html")]
pub struct NoticePage {
    pub layout: Layout,
    pub organization: String,
    pub title: String,
    pub heading: String,
    pub message: String,
    pub score: Option<ScoreView>,
    pub results_href: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use sujarit_core::survey::{Phase, Template as SurveyTemplate};
    use time::macros::date;

    #[test]
    fn the_form_keeps_what_was_typed_and_says_what_is_wrong_where() {
        let t = SurveyTemplate::find("service").unwrap();
        let survey = SurveyInput {
            title: t.title.into(),
            kind: t.kind,
            item: None,
            fiscal_year: 2569,
            activity: None,
            phase: Phase::Single,
            opens: date!(2025 - 10 - 01),
            closes: date!(2026 - 09 - 30),
            pass_mark: None,
            min_public: 5,
            questions: t.questions(),
        };
        let answers = BTreeMap::from([
            ("q1".to_string(), json!("4")),
            ("q7".to_string(), json!("ดีมาก")),
        ]);
        let errors = [AnswerError {
            question: "q2".into(),
            message: "ข้อ 2: โปรดตอบข้อนี้".into(),
        }];
        let page = answer_page(
            Layout::new("t", Vec::new()),
            "เทศบาล",
            &survey,
            String::new(),
            "/o/x/surveys/1".into(),
            &answers,
            &errors,
        );
        let q1 = &page.questions[0];
        assert_eq!(q1.options.len(), 5);
        assert_eq!(q1.options[0].label, "มากที่สุด (5)");
        assert!(q1.options[1].checked, "4 is the second, checked");
        assert_eq!(page.questions[1].error.as_deref(), Some("ข้อ 2: โปรดตอบข้อนี้"));
        assert_eq!(page.questions[6].value, "ดีมาก");
        assert!(page.questions[5].is_choice && page.has_errors);
    }
}
