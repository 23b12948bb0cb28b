//! A survey's results as shown on the staff and public pages: the headline
//! figures, each question's distribution as a table and as a bar chart, and
//! a post-test's change from its pre-test (pure).

use askama::Template;
use sujarit_core::survey::{QuestionKind, Results, SurveyKind};

use super::super::percent;
use crate::ui::chart::{self, BarChart, Series};
use crate::ui::{Layout, StaffBar};

pub struct DistributionRow {
    pub label: String,
    pub count: u64,
    /// Percent of the question's answers, "40.0".
    pub share: String,
}

pub struct QuestionResultView {
    pub number: usize,
    pub text: String,
    pub kind: &'static str,
    pub answered: u64,
    pub mean: Option<String>,
    pub satisfied: Option<String>,
    pub correct: Option<String>,
    pub rows: Vec<DistributionRow>,
    /// Scale and choice questions; numbers and text have no distribution.
    pub chart: Option<BarChart>,
    /// A text question: what was written is in the answers export only.
    pub is_text: bool,
}

pub struct ResultsView {
    pub responses: u64,
    /// Answers 4–5 of every scale question, "82.5".
    pub satisfied: Option<String>,
    pub mean: Option<String>,
    pub is_test: bool,
    pub pass_share: Option<String>,
    pub mean_score: Option<String>,
    pub questions: Vec<QuestionResultView>,
}

/// A post-test against its activity's pre-test.
pub struct ChangeView {
    pub pre_title: String,
    pub pre_href: String,
    pub pre_responses: u64,
    pub pre_score: Option<String>,
    pub post_score: Option<String>,
    /// Percentage points, signed: "+12.5".
    pub change: Option<String>,
    pub pre_pass: Option<String>,
    pub post_pass: Option<String>,
}

fn mean_text(value: f64) -> String {
    format!("{value:.2}")
}

/// The results as shown; `show_correct` gives each scored question's share
/// of correct answers, which beside the distribution tells which option is
/// right: for staff only, never on a public page.
pub fn results_view(kind: SurveyKind, results: &Results, show_correct: bool) -> ResultsView {
    let questions = results
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let total: u64 = q.distribution.iter().map(|(_, n)| n).sum();
            // A multiple-choice question's shares are of its respondents.
            let base = if q.kind == QuestionKind::Multiple {
                q.answered
            } else {
                total
            };
            let share = |n: u64| {
                if base == 0 {
                    percent(0.0)
                } else {
                    percent(n as f64 * 100.0 / base as f64)
                }
            };
            let rows: Vec<DistributionRow> = q
                .distribution
                .iter()
                .map(|(label, count)| DistributionRow {
                    label: label.clone(),
                    count: *count,
                    share: share(*count),
                })
                .collect();
            let chart = (!rows.is_empty()).then(|| {
                chart::bar_chart(
                    format!("ข้อ {}: {}", i + 1, q.text),
                    &[Series {
                        label: "จำนวนผู้ตอบ",
                        fill: chart::BLUE,
                    }],
                    rows.iter()
                        .map(|r| {
                            (
                                r.label.clone(),
                                vec![(r.count as f64, format!("{} คน ({}%)", r.count, r.share))],
                            )
                        })
                        .collect(),
                    None,
                )
            });
            QuestionResultView {
                number: i + 1,
                text: q.text.clone(),
                kind: q.kind.thai(),
                answered: q.answered,
                mean: q.mean.map(mean_text),
                satisfied: q.satisfied_share.map(percent),
                correct: q.correct_share.filter(|_| show_correct).map(percent),
                rows,
                chart,
                is_text: q.kind == QuestionKind::Text,
            }
        })
        .collect();
    ResultsView {
        responses: results.responses,
        satisfied: results.satisfied_share.map(percent),
        mean: results.mean.map(mean_text),
        is_test: kind == SurveyKind::Test,
        pass_share: results.pass_share.map(percent),
        mean_score: results.mean_score.map(percent),
        questions,
    }
}

/// The change from `pre` to `post` in mean score and share passing.
pub fn change_view(pre_title: &str, pre_href: String, pre: &Results, post: &Results) -> ChangeView {
    let change = match (pre.mean_score, post.mean_score) {
        (Some(a), Some(b)) => Some(format!("{:+.1}", b - a)),
        _ => None,
    };
    ChangeView {
        pre_title: pre_title.to_string(),
        pre_href,
        pre_responses: pre.responses,
        pre_score: pre.mean_score.map(percent),
        post_score: post.mean_score.map(percent),
        change,
        pre_pass: pre.pass_share.map(percent),
        post_pass: post.pass_share.map(percent),
    }
}

#[derive(Template)]
#[template(path = "surveys/staff_results.html")]
pub struct StaffResultsPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub title: String,
    pub kind: &'static str,
    pub item: String,
    pub dates: String,
    pub status: &'static str,
    pub survey_href: String,
    pub public_results_href: String,
    pub answers_csv_href: String,
    pub min_public: u32,
    /// Below the minimum: the public page shows no results yet.
    pub withheld_publicly: bool,
    pub results: ResultsView,
    pub change: Option<ChangeView>,
    /// A post-test of an activity that has no pre-test (yet).
    pub missing_pre: bool,
}

#[derive(Template)]
#[template(path = "surveys/public_results.html")]
pub struct PublicResultsPage {
    pub layout: Layout,
    pub organization: String,
    pub title: String,
    pub kind: &'static str,
    pub dates: String,
    pub responses: u64,
    pub min_public: u32,
    /// None while the survey has fewer answers than its minimum.
    pub results: Option<ResultsView>,
    pub form_href: String,
    pub open: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use sujarit_core::survey::QuestionResult;

    #[test]
    fn each_distribution_gets_shares_and_a_chart() {
        let results = Results {
            responses: 4,
            satisfied_share: Some(75.0),
            mean: Some(4.0),
            pass_share: None,
            mean_score: None,
            questions: vec![
                QuestionResult {
                    id: "q1".into(),
                    text: "บริการ".into(),
                    kind: QuestionKind::Scale5,
                    answered: 4,
                    distribution: vec![
                        ("มากที่สุด (5)".into(), 2),
                        ("มาก (4)".into(), 1),
                        ("ปานกลาง (3)".into(), 1),
                        ("น้อย (2)".into(), 0),
                        ("น้อยที่สุด (1)".into(), 0),
                    ],
                    mean: Some(4.25),
                    satisfied_share: Some(75.0),
                    correct_share: None,
                },
                QuestionResult {
                    id: "q2".into(),
                    text: "ข้อเสนอแนะ".into(),
                    kind: QuestionKind::Text,
                    answered: 2,
                    distribution: Vec::new(),
                    mean: None,
                    satisfied_share: None,
                    correct_share: None,
                },
            ],
        };
        let view = results_view(SurveyKind::Satisfaction, &results, true);
        assert_eq!(view.satisfied.as_deref(), Some("75.0"));
        let q1 = &view.questions[0];
        assert_eq!(q1.rows[0].share, "50.0");
        assert_eq!(q1.mean.as_deref(), Some("4.25"));
        let chart = q1.chart.as_ref().unwrap();
        assert_eq!(chart.rows.len(), 5);
        assert!(chart.rows[0].bars[0].width > chart.rows[1].bars[0].width);
        assert!(view.questions[1].chart.is_none() && view.questions[1].is_text);
    }

    #[test]
    fn the_change_is_in_points() {
        let with = |score| Results {
            responses: 10,
            satisfied_share: None,
            mean: None,
            pass_share: Some(score),
            mean_score: Some(score),
            questions: Vec::new(),
        };
        let change = change_view("ก่อน", "/x".into(), &with(40.0), &with(72.5));
        assert_eq!(change.change.as_deref(), Some("+32.5"));
        assert_eq!(change.pre_score.as_deref(), Some("40.0"));
    }
}
