//! Every answer of a survey as CSV (pure): UTF-8 with a BOM so that Excel
//! reads the Thai, one row per response, one column per question; the date
//! in BE and no device or time finer than the day (the store keeps none).
//! A cell that a spreadsheet would read as a formula gets a leading `'`.

use sujarit_core::survey::{
    AnswerValue, Question, QuestionKind, Response, SurveyInput, SurveyKind, scale_label,
};
use time::Date;

use super::form::be_date;

/// The CSV text of `answers`, oldest first, with a header row.
pub fn answers_csv(survey: &SurveyInput, answers: &[(Date, Response)]) -> String {
    let is_test = survey.kind == SurveyKind::Test;
    let mut out = String::from("\u{feff}");
    let mut header = vec!["ลำดับ".to_string(), "วันที่ตอบ".to_string()];
    for (i, q) in survey.questions.iter().enumerate() {
        header.push(format!("ข้อ {} {}", i + 1, q.text));
    }
    if is_test {
        header.push("คะแนน".into());
        header.push("ผ่านเกณฑ์".into());
    }
    line(&mut out, &header);
    for (n, (date, response)) in answers.iter().enumerate() {
        let mut row = vec![(n + 1).to_string(), be_date(*date)];
        for q in &survey.questions {
            row.push(
                response
                    .answers
                    .get(&q.id)
                    .map(|value| answer_text(q, value))
                    .unwrap_or_default(),
            );
        }
        if is_test {
            row.push(response.score.to_string());
            row.push(
                if response.passed {
                    "ผ่าน"
                } else {
                    "ไม่ผ่าน"
                }
                .into(),
            );
        }
        line(&mut out, &row);
    }
    out
}

/// An answer as text, read by its question's kind: a stored answer comes
/// back from JSON as the first variant of [`AnswerValue`] that fits, so a
/// choice of option 0 reads back as `Scale(0)` and a number 12 as `Scale(12)`.
fn answer_text(q: &Question, value: &AnswerValue) -> String {
    let number = match value {
        AnswerValue::Scale(v) => Some(f64::from(*v)),
        AnswerValue::Choice(i) => Some(*i as f64),
        AnswerValue::Number(v) => Some(*v),
        AnswerValue::Multiple(_) | AnswerValue::Text(_) => None,
    };
    let option = |i: f64| q.options.get(i as usize).cloned().unwrap_or_default();
    match (q.kind, value, number) {
        (QuestionKind::Scale5, _, Some(v)) => format!("{v} ({})", scale_label(v as u8)),
        (QuestionKind::Choice, _, Some(i)) => option(i),
        (QuestionKind::Multiple, AnswerValue::Multiple(picked), _) => picked
            .iter()
            .filter_map(|i| q.options.get(*i).cloned())
            .collect::<Vec<_>>()
            .join("; "),
        (QuestionKind::Multiple, _, Some(i)) => option(i),
        (QuestionKind::Number, _, Some(v)) => v.to_string(),
        (_, AnswerValue::Text(t), _) => t.clone(),
        _ => String::new(),
    }
}

fn line(out: &mut String, cells: &[String]) {
    let quoted: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

/// One cell, quoted when it must be and defused when a spreadsheet would
/// run it as a formula.
fn cell(text: &str) -> String {
    let defused =
        if text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.parse::<f64>().is_err() {
            format!("'{text}")
        } else {
            text.to_string()
        };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use sujarit_core::survey::Phase;
    use time::macros::date;

    #[test]
    fn answers_are_one_row_each_with_option_texts() {
        let q = |id: &str, kind, options: &[&str]| Question {
            id: id.into(),
            kind,
            text: format!("คำถาม {id}"),
            required: false,
            options: options.iter().map(|o| o.to_string()).collect(),
            correct: None,
        };
        let survey = SurveyInput {
            title: "t".into(),
            kind: SurveyKind::Satisfaction,
            item: None,
            fiscal_year: 2569,
            activity: None,
            phase: Phase::Single,
            opens: date!(2025 - 10 - 01),
            closes: date!(2026 - 09 - 30),
            pass_mark: None,
            min_public: 5,
            questions: vec![
                q("q1", QuestionKind::Scale5, &[]),
                q("q2", QuestionKind::Multiple, &["ก", "ข,ค"]),
                q("q3", QuestionKind::Text, &[]),
                q("q4", QuestionKind::Choice, &["แรก", "สอง"]),
                q("q5", QuestionKind::Number, &[]),
            ],
        };
        let answers = BTreeMap::from([
            ("q1".to_string(), AnswerValue::Scale(5)),
            ("q2".to_string(), AnswerValue::Multiple(vec![0, 1])),
            (
                "q3".to_string(),
                AnswerValue::Text("=HYPERLINK(\"x\")".into()),
            ),
            // As JSON gives them back: option 0 and the number 12.
            ("q4".to_string(), AnswerValue::Scale(0)),
            ("q5".to_string(), AnswerValue::Scale(12)),
        ]);
        let text = answers_csv(
            &survey,
            &[(
                date!(2025 - 11 - 02),
                Response {
                    answers,
                    score: 0,
                    passed: false,
                },
            )],
        );
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            lines[0],
            "ลำดับ,วันที่ตอบ,ข้อ 1 คำถาม q1,ข้อ 2 คำถาม q2,ข้อ 3 คำถาม q3,ข้อ 4 คำถาม q4,ข้อ 5 คำถาม q5"
        );
        assert_eq!(
            lines[1],
            "1,2/11/2568,5 (มากที่สุด),\"ก; ข,ค\",\"'=HYPERLINK(\"\"x\"\")\",แรก,12"
        );
        assert_eq!(cell("-3"), "-3", "a negative number stays a number");
    }
}
