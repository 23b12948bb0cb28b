//! The back office's survey pages (pure): a year's list with the new-survey
//! form, and one survey with its settings, its links and the question
//! builder.

use askama::Template;
use sujarit_core::activity::Activity;
use sujarit_core::fiscal::thai_date;
use sujarit_core::survey::{Phase, QuestionKind, Survey, SurveyKind, TEMPLATES};
use time::Date;

use super::super::form::{QuestionForm, SettingsForm, date_range};
use super::super::{public_url, staff_url, status_text};
use super::Choice;
use crate::format;
use crate::ui::{Crumb, FormErrors, Layout, StaffBar, staff_layout};

/// The choices of the settings form, around what was typed.
pub struct SettingsView {
    pub form: SettingsForm,
    pub templates: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub phases: Vec<Choice>,
    pub activities: Vec<Choice>,
}

fn phase_label(phase: Phase) -> &'static str {
    match phase {
        Phase::Single => "ใช้ครั้งเดียว (ไม่จับคู่ก่อน/หลัง)",
        other => other.thai(),
    }
}

impl SettingsView {
    pub fn new(form: SettingsForm, activities: &[Activity]) -> SettingsView {
        let mut templates: Vec<Choice> = TEMPLATES
            .iter()
            .map(|t| {
                Choice::new(
                    t.code,
                    format!("{} ({})", t.title, t.kind.thai()),
                    &form.template,
                )
            })
            .collect();
        templates.push(Choice::new("blank", "เริ่มจากแบบว่าง", &form.template));
        let kinds = [SurveyKind::Satisfaction, SurveyKind::Test]
            .into_iter()
            .map(|k| Choice::new(k.code(), k.thai(), &form.kind))
            .collect();
        let phases = [Phase::Single, Phase::Pre, Phase::Post]
            .into_iter()
            .map(|p| Choice::new(p.code(), phase_label(p), &form.phase))
            .collect();
        let mut choices = vec![Choice::new("", "— ไม่ผูกกับกิจกรรม —", &form.activity)];
        choices.extend(activities.iter().map(|a| {
            let when = a
                .input
                .first_day()
                .map(|d| format!(" ({})", thai_date(d)))
                .unwrap_or_default();
            Choice::new(
                a.id.clone(),
                format!("{} รายการ {}{when}", a.input.title, a.input.item),
                &form.activity,
            )
        }));
        SettingsView {
            form,
            templates,
            kinds,
            phases,
            activities: choices,
        }
    }
}

pub struct SurveyRow {
    pub title: String,
    pub href: String,
    pub results_href: String,
    pub public_href: String,
    pub kind: &'static str,
    pub item: String,
    pub phase: &'static str,
    pub dates: String,
    pub responses: u64,
    pub status: &'static str,
}

pub fn survey_row(slug: &str, survey: &Survey, today: Date) -> SurveyRow {
    SurveyRow {
        title: survey.input.title.clone(),
        href: staff_url(&survey.id),
        results_href: format!("{}/results", staff_url(&survey.id)),
        public_href: public_url(slug, &survey.id),
        kind: survey.input.kind.thai(),
        item: item_text(survey),
        phase: phase_text(survey.input.phase),
        dates: date_range(survey.input.opens, survey.input.closes),
        responses: survey.responses,
        status: status_text(survey, today),
    }
}

fn item_text(survey: &Survey) -> String {
    survey
        .input
        .item
        .map(|i| i.to_string())
        .unwrap_or_else(|| "-".into())
}

fn phase_text(phase: Phase) -> &'static str {
    match phase {
        Phase::Single => "-",
        other => other.thai(),
    }
}

#[derive(Template)]
#[template(path = "surveys/list.html")]
pub struct ListPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub year: u16,
    pub years: Vec<YearLink>,
    pub rows: Vec<SurveyRow>,
    /// A unit officer sees the surveys of their unit's items only.
    pub unit_only: bool,
    pub can_create: bool,
    pub settings: SettingsView,
    pub errors: FormErrors,
}

pub struct YearLink {
    pub year: u16,
    pub href: String,
    pub current: bool,
}

pub struct ListInput<'a> {
    pub bar: StaffBar,
    pub slug: &'a str,
    pub year: u16,
    pub this_year: u16,
    pub surveys: &'a [Survey],
    pub today: Date,
    pub unit_only: bool,
    pub can_create: bool,
    pub form: SettingsForm,
    pub activities: &'a [Activity],
    pub errors: FormErrors,
}

pub fn list_page(input: ListInput<'_>) -> ListPage {
    let first = input.year.min(input.this_year).saturating_sub(2);
    let last = input.year.max(input.this_year) + 1;
    ListPage {
        layout: staff_layout("แบบสำรวจและแบบทดสอบ", Vec::new()),
        bar: input.bar,
        year: input.year,
        years: (first..=last)
            .map(|y| YearLink {
                year: y,
                href: format!("/staff/surveys?year={y}"),
                current: y == input.year,
            })
            .collect(),
        rows: input
            .surveys
            .iter()
            .map(|s| survey_row(input.slug, s, input.today))
            .collect(),
        unit_only: input.unit_only,
        can_create: input.can_create,
        settings: SettingsView::new(input.form, input.activities),
        errors: input.errors,
    }
}

/// One question of the builder: as stored, and its edit form (as typed,
/// with its messages, when it is the one just posted).
pub struct QuestionView {
    pub id: String,
    pub number: usize,
    pub text: String,
    pub kind: &'static str,
    pub required: bool,
    pub options: Vec<String>,
    /// A test's correct option as its text.
    pub correct: Option<String>,
    pub edit: QuestionEdit,
    pub errors: Vec<String>,
    pub first: bool,
    pub last: bool,
    pub action: String,
}

pub struct QuestionEdit {
    pub form: QuestionForm,
    pub kinds: Vec<Choice>,
    pub required: bool,
}

impl QuestionEdit {
    pub fn new(form: QuestionForm) -> QuestionEdit {
        QuestionEdit {
            kinds: QuestionKind::ALL
                .iter()
                .map(|k| Choice::new(k.code(), k.thai(), &form.kind))
                .collect(),
            required: form.required.is_some(),
            form,
        }
    }
}

/// A link to a file or page another part of Sujarit produces.
pub struct Download {
    pub label: &'static str,
    pub href: String,
}

#[derive(Template)]
#[template(path = "surveys/survey.html")]
pub struct SurveyPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub is_test: bool,
    pub item: String,
    pub phase: &'static str,
    pub dates: String,
    pub status: &'static str,
    pub responses: u64,
    pub pass_mark: Option<u8>,
    pub min_public: u32,
    pub public_href: String,
    /// The answer page's address in full, to copy into a chat or a letter.
    pub public_link: String,
    pub results_href: String,
    pub public_results_href: String,
    pub qr_href: String,
    pub downloads: Vec<Download>,
    pub can_edit: bool,
    /// Answers exist: the questions stay as they are.
    pub locked: bool,
    pub settings: SettingsView,
    pub settings_errors: FormErrors,
    pub questions: Vec<QuestionView>,
    pub new_question: QuestionEdit,
    pub new_errors: Vec<String>,
    /// Every message of the page, for the summary at the top.
    pub summary: Vec<String>,
    pub notice: Option<String>,
}

/// What was posted to the survey page, shown again with its messages.
pub enum Posted {
    Nothing,
    Settings(SettingsForm, FormErrors),
    /// A question's form (`"new"` for the add form) and its messages.
    Question(String, QuestionForm, Vec<String>),
    /// A refusal that concerns the whole survey (removing, moving, locked).
    Refused(String),
}

pub struct SurveyInput<'a> {
    pub bar: StaffBar,
    pub slug: &'a str,
    /// "https://host" as the staff member reached Sujarit.
    pub site: String,
    pub survey: &'a Survey,
    pub today: Date,
    pub can_edit: bool,
    pub activities: &'a [Activity],
    pub posted: Posted,
    pub notice: Option<String>,
}

pub fn survey_page(input: SurveyInput<'_>) -> SurveyPage {
    let SurveyInput {
        bar,
        slug,
        site,
        survey,
        today,
        can_edit,
        activities,
        posted,
        notice,
    } = input;
    let s = &survey.input;
    let base = staff_url(&survey.id);
    let mut summary = Vec::new();
    let mut settings_form = SettingsForm::of(s);
    let mut settings_errors = FormErrors::default();
    let mut question_posted = None;
    let mut new_form = QuestionForm::blank();
    let mut new_errors = Vec::new();
    match posted {
        Posted::Nothing => {}
        Posted::Settings(form, errors) => {
            summary.extend(errors.all().into_iter().map(str::to_string));
            settings_form = form;
            settings_errors = errors;
        }
        Posted::Question(id, form, errors) => {
            summary.extend(errors.iter().cloned());
            if id == "new" {
                new_form = form;
                new_errors = errors;
            } else {
                question_posted = Some((id, form, errors));
            }
        }
        Posted::Refused(message) => summary.push(message),
    }
    let count = s.questions.len();
    let questions = s
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let (form, errors) = match &question_posted {
                Some((id, form, errors)) if *id == q.id => (form.clone(), errors.clone()),
                _ => (QuestionForm::of(q), Vec::new()),
            };
            QuestionView {
                id: q.id.clone(),
                number: i + 1,
                text: q.text.clone(),
                kind: q.kind.thai(),
                required: q.required,
                options: q.options.clone(),
                correct: q
                    .correct
                    .and_then(|c| q.options.get(c).map(|o| format!("{}. {o}", c + 1))),
                edit: QuestionEdit::new(form),
                errors,
                first: i == 0,
                last: i + 1 == count,
                action: format!("{base}/questions/{}", format::path_segment(&q.id)),
            }
        })
        .collect();
    let file = |name: &str| format!("{base}/{name}");
    SurveyPage {
        layout: staff_layout(
            &s.title,
            vec![Crumb::link(
                "แบบสำรวจและแบบทดสอบ",
                format!("/staff/surveys?year={}", s.fiscal_year),
            )],
        ),
        bar,
        id: survey.id.clone(),
        title: s.title.clone(),
        kind: s.kind.thai(),
        is_test: s.kind == SurveyKind::Test,
        item: item_text(survey),
        phase: phase_text(s.phase),
        dates: date_range(s.opens, s.closes),
        status: status_text(survey, today),
        responses: survey.responses,
        pass_mark: s.pass_mark,
        min_public: s.min_public,
        public_href: public_url(slug, &survey.id),
        public_link: format!("{site}{}", public_url(slug, &survey.id)),
        results_href: file("results"),
        public_results_href: format!("{}/results", public_url(slug, &survey.id)),
        qr_href: file("qr.svg"),
        downloads: vec![
            Download {
                label: "โปสเตอร์พร้อมคิวอาร์โค้ด (PDF)",
                href: file("poster.pdf"),
            },
            Download {
                label: "รายงานผล (PDF)",
                href: file("report.pdf"),
            },
            Download {
                label: "รายงานผล (Excel)",
                href: file("report.xlsx"),
            },
            Download {
                label: "คำตอบทั้งหมด (CSV)",
                href: file("answers.csv"),
            },
            Download {
                label: "คำตอบทั้งหมด (Excel)",
                href: file("answers.xlsx"),
            },
        ],
        can_edit,
        locked: survey.responses > 0,
        settings: SettingsView::new(settings_form, activities),
        settings_errors,
        questions,
        new_question: QuestionEdit::new(new_form),
        new_errors,
        summary,
        notice,
    }
}
