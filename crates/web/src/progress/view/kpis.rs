//! The KPI sources page's view model: each KPI of an item's form with the
//! source chosen (or suggested), its parameters and the actual computed
//! from records.

use askama::Template;
use sujarit_core::activity::{ActivityKind, TargetGroup};
use sujarit_core::kpi::{KpiSource, value_text};
use sujarit_core::progress::Comparison;
use sujarit_service::activities::KpiLine;

use crate::ui::{Crumb, FormErrors, Layout, StaffBar, staff_layout};

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct KpiBlock {
    pub index: usize,
    pub text: String,
    pub target: String,
    pub chosen: bool,
    pub source_label: &'static str,
    pub sources: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub groups: Vec<Choice>,
    pub rosters: Vec<Choice>,
    pub surveys: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub baseline_year: String,
    pub actual: Option<String>,
    pub met: Option<bool>,
}

#[derive(Template)]
#[template(path = "progress/kpis.html")]
pub struct KpisPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub item: String,
    pub item_name: String,
    pub fiscal_year: u16,
    pub as_of: String,
    pub action: String,
    pub can_edit: bool,
    pub kpis: Vec<KpiBlock>,
    pub errors: FormErrors,
    pub notice: Option<String>,
}

/// What the parameters of a source may name.
pub struct Options<'a> {
    pub rosters: &'a [(String, String)],
    pub surveys: &'a [(String, String)],
    pub categories: &'a [(String, String)],
}

pub fn comparison_text(c: Comparison) -> &'static str {
    match c {
        Comparison::AtLeast => "ไม่น้อยกว่า",
        Comparison::AtMost => "ไม่เกิน",
        Comparison::Exactly => "เท่ากับ",
    }
}

fn choices(all: &[(String, String)], chosen: &[String]) -> Vec<Choice> {
    all.iter()
        .map(|(value, label)| Choice {
            selected: chosen.contains(value),
            value: value.clone(),
            label: label.clone(),
        })
        .collect()
}

/// A source's parameters as the form's fields hold them.
#[derive(Default)]
struct Params {
    kinds: Vec<String>,
    groups: Vec<String>,
    roster: Vec<String>,
    survey: Vec<String>,
    categories: Vec<String>,
    baseline_year: String,
}

impl Params {
    fn of(source: &KpiSource) -> Params {
        match source {
            KpiSource::Activities { kinds } | KpiSource::Sessions { kinds } => Params {
                kinds: kinds.iter().map(|k| k.code().to_string()).collect(),
                ..Params::default()
            },
            KpiSource::Participants { groups } | KpiSource::ParticipantShare { groups } => Params {
                groups: groups.iter().map(|g| g.code().to_string()).collect(),
                ..Params::default()
            },
            KpiSource::RosterCoverage { roster } => Params {
                roster: vec![roster.clone()],
                ..Params::default()
            },
            KpiSource::SurveySatisfied { survey }
            | KpiSource::TestPassing { survey }
            | KpiSource::ScoreGain { survey } => Params {
                survey: vec![survey.clone()],
                ..Params::default()
            },
            KpiSource::Complaints { categories } => Params {
                categories: categories.clone(),
                ..Params::default()
            },
            KpiSource::ComplaintReduction {
                categories,
                baseline_year,
            } => Params {
                categories: categories.clone(),
                baseline_year: if *baseline_year > 0 {
                    baseline_year.to_string()
                } else {
                    String::new()
                },
                ..Params::default()
            },
            _ => Params::default(),
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn build(
    bar: StaffBar,
    item: String,
    item_name: String,
    fiscal_year: u16,
    as_of: String,
    can_edit: bool,
    lines: &[KpiLine],
    options: &Options<'_>,
    errors: FormErrors,
    notice: Option<String>,
) -> KpisPage {
    let kpis = lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let source = &line.source;
            let p = Params::of(source);
            let kind_options: Vec<(String, String)> = ActivityKind::ALL
                .iter()
                .map(|k| (k.code().to_string(), k.thai().to_string()))
                .collect();
            let group_options: Vec<(String, String)> = TargetGroup::ALL
                .iter()
                .map(|g| (g.code().to_string(), g.thai().to_string()))
                .collect();
            KpiBlock {
                index,
                text: line.target.text.clone(),
                target: format!(
                    "{} {} {}",
                    comparison_text(line.target.comparison),
                    value_text(line.target.value),
                    line.target.unit
                ),
                chosen: line.chosen,
                source_label: source.thai(),
                sources: KpiSource::CHOICES
                    .iter()
                    .map(|(code, label)| Choice {
                        value: (*code).to_string(),
                        label: (*label).to_string(),
                        selected: *code == source.code(),
                    })
                    .collect(),
                kinds: choices(&kind_options, &p.kinds),
                groups: choices(&group_options, &p.groups),
                rosters: choices(options.rosters, &p.roster),
                surveys: choices(options.surveys, &p.survey),
                categories: choices(options.categories, &p.categories),
                baseline_year: p.baseline_year,
                actual: line.measurement.as_ref().map(|m| value_text(m.value)),
                met: line.measurement.as_ref().map(|m| m.met),
            }
        })
        .collect();
    let title = format!("ตัวชี้วัดของรายการ {item} ปีงบประมาณ {fiscal_year}");
    KpisPage {
        layout: staff_layout(
            &title,
            vec![Crumb::link(
                "รายงานผลการดำเนินงาน",
                format!("/staff/progress?year={fiscal_year}"),
            )],
        ),
        bar,
        action: format!("/staff/progress/{item}/{fiscal_year}/kpis"),
        item,
        item_name,
        fiscal_year,
        as_of,
        can_edit,
        kpis,
        errors,
        notice,
    }
}
