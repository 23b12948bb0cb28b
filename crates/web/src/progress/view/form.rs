//! The report form's view model: the item, its stored report (or what the
//! user typed), the evidence, the review buttons and the review history.

use std::collections::BTreeMap;

use askama::Template;
use sujarit_core::fiscal::thai_date;
use sujarit_core::progress::{
    self, NotDoneReason, ProgressStatus, QuarterReport, ReportKey, ReviewAction, ReviewEvent,
};
use sujarit_core::{Baht, Item};
use sujarit_store::files::{ACCEPTED, size_text};

use super::super::{Access, report_url};
use crate::format;
use crate::ui::{Crumb, FormErrors, StaffBar, staff_layout};

pub struct Choice {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

pub struct MoneyField {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
}

pub struct KpiField {
    pub index: usize,
    pub kpi: String,
    pub value: String,
    pub note: String,
    /// The actual computed from the records (activities, surveys,
    /// complaints), when a source was chosen for this KPI.
    pub computed: Option<String>,
    pub met: Option<bool>,
}

/// A KPI's actual computed from records: (KPI text, value, met).
pub type Measured = (String, f64, bool);

pub struct EvidenceRow {
    pub name: String,
    pub href: String,
    pub size: String,
    pub kind: String,
    pub uploaded: String,
    pub delete_action: Option<String>,
    /// Shown inline on the page: an image or a PDF.
    pub preview: Option<Preview>,
}

/// An evidence file shown in the page (the staff file route, `?inline=1`).
pub struct Preview {
    pub src: String,
    /// In a frame (a PDF) rather than an `<img>`.
    pub pdf: bool,
}

/// Whether a stored kind is shown inline, and how: `Some(true)` a PDF.
pub fn previewable(media_type: &str) -> Option<bool> {
    match media_type {
        "application/pdf" => Some(true),
        "image/jpeg" | "image/png" | "image/webp" => Some(false),
        _ => None,
    }
}

pub struct HistoryRow {
    pub when: String,
    pub who: String,
    pub to: &'static str,
    pub comment: String,
}

/// The next of my items still to report for the same quarter.
pub struct NextDue {
    pub href: String,
    /// "2.1 ชื่อรายการ"
    pub label: String,
}

pub struct ReviewButton {
    pub value: &'static str,
    pub label: &'static str,
}

/// What the user typed, kept as text so a refused form shows it again.
#[derive(Clone, Debug, Default)]
pub struct Input {
    pub revision: i64,
    pub status: String,
    pub reason: String,
    pub reason_text: String,
    pub planned: String,
    pub adopted: String,
    pub disbursed: String,
    pub overspend_reason: String,
    pub narrative: String,
    /// (kpi, value, note)
    pub kpis: Vec<(String, String, String)>,
}

impl Input {
    /// The fields as the stored report fills them.
    pub fn of(report: &QuarterReport) -> Input {
        let (reason, reason_text) = match &report.status {
            ProgressStatus::NotDone { reason } => (
                reason.code().to_string(),
                reason.text().unwrap_or_default().to_string(),
            ),
            _ => (String::new(), String::new()),
        };
        let money = |b: Option<Baht>| b.map(|b| b.to_string()).unwrap_or_default();
        Input {
            revision: report.revision,
            status: report.status.code().to_string(),
            reason,
            reason_text,
            planned: money(report.budget_planned),
            adopted: money(report.budget_adopted),
            disbursed: money(report.budget_disbursed),
            overspend_reason: report.overspend_reason.clone().unwrap_or_default(),
            narrative: report.narrative.clone(),
            kpis: report
                .kpi_actuals
                .iter()
                .map(|k| {
                    (
                        k.kpi.clone(),
                        k.value.clone(),
                        k.note.clone().unwrap_or_default(),
                    )
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "progress/form.html")]
pub struct FormPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub heading: String,
    pub item_name: String,
    pub units: String,
    pub plan_budget: String,
    pub action: String,
    pub revision: i64,
    pub state: &'static str,
    pub review_comment: Option<String>,
    pub editable: bool,
    pub why_not_editable: Option<String>,
    pub statuses: Vec<Choice>,
    pub reasons: Vec<Choice>,
    pub input: Input,
    pub money: Vec<MoneyField>,
    pub kpis: Vec<KpiField>,
    pub measured_as_of: String,
    pub kpi_sources_href: String,
    pub evidence: Vec<EvidenceRow>,
    pub accept: String,
    pub max_size: String,
    pub review_action: String,
    pub review_buttons: Vec<ReviewButton>,
    pub history: Vec<HistoryRow>,
    pub errors: FormErrors,
    pub notice: Option<String>,
    pub problem: Option<String>,
    /// After a save: Some(None) when every item of mine has a report.
    pub next_due: Option<Option<NextDue>>,
}

/// What the form is built from.
pub struct FormInput<'a> {
    pub bar: StaffBar,
    pub key: ReportKey,
    pub item: &'a Item,
    /// The stored report, or a new one when there is none yet.
    pub report: &'a QuarterReport,
    pub stored: bool,
    pub access: &'a Access,
    /// What the user typed (a refused form shown again), else the report's.
    pub input: Option<Input>,
    /// The item's units' names, in words.
    pub units: String,
    /// Display names by user id.
    pub users: &'a BTreeMap<String, String>,
    /// The report's review history, oldest first.
    pub history: Vec<ReviewEvent>,
    /// The largest evidence file the store accepts.
    pub max_bytes: u64,
    /// KPI actuals computed from records, and as of when (Thai date).
    pub measured: &'a [Measured],
    pub measured_as_of: String,
}

/// The form of one item's report for one quarter.
pub fn build(form: FormInput<'_>) -> FormPage {
    let FormInput {
        bar,
        key,
        item,
        report,
        stored,
        access,
        input,
        units: unit_names,
        users,
        history,
        max_bytes,
        measured,
        measured_as_of,
    } = form;
    let state = report.review;
    let editable = access.report && state.editable_by_unit();
    let why_not_editable = if !access.report {
        Some("คุณดูรายงานนี้ได้อย่างเดียว เฉพาะหน่วยงานที่รับผิดชอบและผู้ประสานแผนเท่านั้นที่แก้ไขได้".to_string())
    } else if !state.editable_by_unit() {
        Some(format!(
            "รายงานนี้อยู่ในสถานะ \"{}\" จึงแก้ไขไม่ได้ ผู้ประสานแผนต้องส่งกลับก่อน",
            state.thai()
        ))
    } else {
        None
    };
    // A refused form shows what was typed; otherwise empty actuals are
    // prefilled with what the records say.
    let typed = input.is_some();
    let mut input = input.unwrap_or_else(|| Input::of(report));
    // A report never saved starts from the plan's budget for its year.
    if !typed
        && !stored
        && input.planned.is_empty()
        && let Some(budget) = item.budget.get(&key.fiscal_year).filter(|b| !b.is_zero())
    {
        input.planned = budget.to_string();
    }
    let history = history
        .into_iter()
        .rev()
        .map(|e| HistoryRow {
            when: thai_date(e.at.date()),
            who: users
                .get(&e.actor)
                .cloned()
                .unwrap_or_else(|| "ผู้ใช้ที่ถูกลบ".into()),
            // The state reached says it all ("ส่งตรวจแล้ว"): the action
            // ("ส่งตรวจ") beside it would say it twice.
            to: e.to.thai(),
            comment: e.comment.unwrap_or_default(),
        })
        .collect();
    let review_buttons = if access.review {
        [
            ReviewAction::Approve,
            ReviewAction::Publish,
            ReviewAction::Return,
        ]
        .into_iter()
        .filter(|a| state.apply(*a).is_some())
        .map(|a| ReviewButton {
            value: a.as_str(),
            label: a.thai(),
        })
        .collect()
    } else {
        Vec::new()
    };
    let evidence = report
        .evidence
        .iter()
        .map(|e| EvidenceRow {
            name: e.file_name.clone(),
            href: format!("/staff/evidence/{}", format::path_segment(&e.id)),
            size: size_text(e.size_bytes),
            kind: format::kind_label(&e.media_type),
            uploaded: thai_date(e.uploaded_at.date()),
            delete_action: editable
                .then(|| format!("/staff/evidence/{}/delete", format::path_segment(&e.id))),
            preview: previewable(&e.media_type).map(|pdf| Preview {
                src: format!("/staff/evidence/{}?inline=1", format::path_segment(&e.id)),
                pdf,
            }),
        })
        .collect();
    let heading = format!(
        "รายงานผลรายการ {} ปีงบประมาณ {} {}",
        key.item,
        key.fiscal_year,
        key.quarter.thai_label()
    );
    FormPage {
        layout: staff_layout(
            &heading,
            vec![Crumb::link(
                "รายงานผลการดำเนินงาน",
                format!("/staff/progress?year={}", key.fiscal_year),
            )],
        ),
        bar,
        heading,
        item_name: item.name.clone(),
        units: unit_names,
        plan_budget: item
            .budget
            .get(&key.fiscal_year)
            .map(|b| format::budget(*b))
            .unwrap_or_else(|| "ไม่ระบุ".into()),
        action: report_url(&key),
        revision: input.revision,
        state: state.thai(),
        review_comment: report.review_comment.clone(),
        editable,
        why_not_editable,
        statuses: status_choices(&input.status),
        reasons: reason_choices(&input.reason),
        kpis: kpi_fields(item, &input, measured, typed),
        measured_as_of,
        kpi_sources_href: format!("/staff/progress/{}/{}/kpis", key.item, key.fiscal_year),
        money: vec![
            MoneyField {
                name: "budget_planned",
                label: "งบประมาณตามแผน (บาท)",
                value: input.planned.clone(),
            },
            MoneyField {
                name: "budget_adopted",
                label: "งบประมาณตามเทศบัญญัติ (บาท)",
                value: input.adopted.clone(),
            },
            MoneyField {
                name: "budget_disbursed",
                label: "เบิกจ่ายแล้วถึงสิ้นไตรมาสนี้ (บาท)",
                value: input.disbursed.clone(),
            },
        ],
        input,
        evidence,
        accept: ACCEPTED
            .iter()
            .flat_map(|k| k.extensions.iter().map(|e| format!(".{e}")))
            .collect::<Vec<_>>()
            .join(","),
        max_size: size_text(max_bytes),
        review_action: format!("{}/review", report_url(&key)),
        review_buttons,
        history,
        errors: FormErrors::default(),
        notice: None,
        problem: None,
        next_due: None,
    }
}

fn status_choices(selected: &str) -> Vec<Choice> {
    [
        ProgressStatus::NotStarted,
        ProgressStatus::InProgress,
        ProgressStatus::Completed,
    ]
    .iter()
    .map(|s| (s.code(), s.thai()))
    .chain([("not_done", "ไม่สามารถดำเนินการได้".to_string())])
    .map(|(value, label)| Choice {
        value,
        label,
        selected: value == selected,
    })
    .collect()
}

fn reason_choices(selected: &str) -> Vec<Choice> {
    [
        NotDoneReason::NoBudget,
        NotDoneReason::PolicyChanged,
        NotDoneReason::NotEnoughStaff,
    ]
    .iter()
    .map(|r| (r.code(), r.thai()))
    .chain([("other", "อื่นๆ (ระบุ)".to_string())])
    .map(|(value, label)| Choice {
        value,
        label,
        selected: value == selected,
    })
    .collect()
}

/// One field per measurable target of the item's form, then any KPI a saved
/// report holds that the form no longer states.
fn kpi_fields(item: &Item, input: &Input, measured: &[Measured], typed: bool) -> Vec<KpiField> {
    let mut texts: Vec<String> = item
        .form
        .as_ref()
        .map(|f| {
            let lines: Vec<String> = f.outputs.iter().chain(&f.outcomes).cloned().collect();
            progress::kpi_targets(&lines)
                .into_iter()
                .map(|t| t.text)
                .collect()
        })
        .unwrap_or_default();
    for (kpi, _, _) in &input.kpis {
        if !texts.contains(kpi) {
            texts.push(kpi.clone());
        }
    }
    texts
        .into_iter()
        .enumerate()
        .map(|(index, kpi)| {
            let (mut value, note) = input
                .kpis
                .iter()
                .find(|(k, _, _)| *k == kpi)
                .map(|(_, v, n)| (v.clone(), n.clone()))
                .unwrap_or_default();
            let found = measured.iter().find(|(k, _, _)| *k == kpi);
            let computed = found.map(|(_, v, _)| sujarit_core::kpi::value_text(*v));
            if !typed
                && value.trim().is_empty()
                && let Some(c) = &computed
            {
                value = c.clone();
            }
            KpiField {
                index,
                kpi,
                value,
                note,
                computed,
                met: found.map(|(_, _, met)| *met),
            }
        })
        .collect()
}
