//! One item of the plan: its Part 2 row, its Part 3 form, the quarters it runs
//! in each year and the findings about it.

use askama::Template;
use sujarit_core::{Item, ItemForm, PlanReport, Quarter};
use sujarit_store::Organization;

use super::{FindingView, QuarterLabel, plan_years, quarter_labels};
use crate::format;
use crate::ui::{Crumb, Layout, Urls, org_crumbs};

#[derive(Template)]
#[template(path = "item.html")]
pub struct ItemPage {
    pub layout: Layout,
    pub organization: String,
    pub number: String,
    pub kind: &'static str,
    pub name: String,
    pub dimension: String,
    pub mission: Option<String>,
    pub line: Option<u32>,
    pub budgets: Vec<YearBudget>,
    pub total_budget: String,
    pub units: Vec<String>,
    pub quarter_labels: [QuarterLabel; 4],
    /// Finding cards name their kind here; the findings page groups by kind instead.
    pub show_kind: bool,
    pub schedule_rows: Vec<ScheduleYear>,
    pub form: Option<FormView>,
    pub findings: Vec<FindingView>,
    pub findings_href: String,
    /// Published quarterly progress, newest first (filled by the handler).
    pub progress: Vec<crate::plan::progress::PublishedQuarter>,
    pub progress_href: Option<String>,
    /// Published activities of the item (filled by the handler).
    pub activities: Vec<crate::plan::progress::ActivityLink>,
}

pub struct YearBudget {
    pub year: u16,
    pub amount: String,
}

/// How the item appears in one year's E-PlanNACC table.
pub struct ScheduleYear {
    pub year: u16,
    pub href: String,
    /// `None` when the year's table has no row for this item.
    pub row: Option<ScheduleEntry>,
}

pub struct ScheduleEntry {
    pub order: u32,
    pub budget: String,
    pub ticks: [bool; 4],
}

pub struct FormView {
    /// The form's own name for the item, shown only when it differs from Part 2.
    pub name_as_written: Option<String>,
    pub rationale: Vec<String>,
    pub objectives: DocList,
    pub target_group: String,
    pub steps: DocList,
    pub duration: String,
    pub budget_text: String,
    pub responsible_text: String,
    pub outputs: DocList,
    pub outcomes: DocList,
    pub line: Option<u32>,
}

/// A list from the document (objectives, steps, outputs, outcomes) as it
/// reads: the stored lines are kept as written, so the numbering the document
/// gave ("- 1) …", "(2) …") is shown once, as its own marker, instead of under
/// a second number from the page; and a line the source wrapped in the middle
/// of an entry (no marker of its own among marked entries) joins the entry it
/// continues.
pub struct DocList {
    /// Some entry carries the document's own marker: the page adds none.
    pub marked: bool,
    pub entries: Vec<DocEntry>,
}

pub struct DocEntry {
    pub marker: Option<String>,
    pub text: String,
}

impl DocList {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn from_lines(lines: &[String]) -> DocList {
        let split: Vec<(Option<String>, String)> = lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .map(split_marker)
            .collect();
        let marked_count = split.iter().filter(|(m, _)| m.is_some()).count();
        let mut entries: Vec<DocEntry> = Vec::new();
        for (marker, text) in split {
            match (marker, entries.last_mut()) {
                (None, Some(previous)) if marked_count >= 2 && previous.marker.is_some() => {
                    let thai =
                        |c: Option<char>| c.is_some_and(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c));
                    if !(thai(previous.text.chars().last()) && thai(text.chars().next())) {
                        previous.text.push(' ');
                    }
                    previous.text.push_str(&text);
                }
                (marker, _) => entries.push(DocEntry { marker, text }),
            }
        }
        DocList {
            marked: marked_count > 0,
            entries,
        }
    }
}

/// The list marker a line starts with ("1)", "(1)", "1.", Thai digits too,
/// or a bullet when there is no number), and the text after it.
fn split_marker(line: &str) -> (Option<String>, String) {
    let is_bullet = |c: char| {
        matches!(
            c,
            '-' | '\u{2013}' | '\u{2022}' | '*' | '\u{00B7}' | '\u{0E4F}'
        )
    };
    let rest = line.trim_start_matches(is_bullet);
    let bulleted = rest.len() < line.len();
    let rest = rest.trim_start();
    let digit = |c: char| c.is_ascii_digit() || ('\u{0E50}'..='\u{0E59}').contains(&c);
    let number = |s: &str| -> usize {
        s.char_indices()
            .take_while(|(_, c)| digit(*c))
            .map(|(i, c)| i + c.len_utf8())
            .last()
            .unwrap_or(0)
    };
    let numbered = if let Some(inner) = rest.strip_prefix('(') {
        let n = number(inner);
        (n > 0 && n <= 9 && inner[n..].starts_with(')')).then(|| n + 2)
    } else {
        let n = number(rest);
        let after = &rest[n..];
        let closes = after.starts_with(')')
            || (after.starts_with('.') && after[1..].starts_with(char::is_whitespace));
        (n > 0 && n <= 9 && closes).then(|| n + 1)
    };
    match numbered {
        Some(end) if !rest[end..].trim().is_empty() => (
            Some(rest[..end].to_string()),
            rest[end..].trim().to_string(),
        ),
        _ if bulleted && !rest.is_empty() => (Some("\u{2022}".to_string()), rest.to_string()),
        _ => (None, line.to_string()),
    }
}

pub fn build(org: &Organization, report: &PlanReport, item: &Item) -> ItemPage {
    let plan = &report.plan;
    let urls = Urls::new(&org.slug);
    let r = item.item_ref();
    let dimension = plan.dimensions.iter().find(|d| d.no == item.dimension);
    let mission = dimension.and_then(|d| {
        d.missions
            .iter()
            .find(|m| m.items.iter().any(|i| i.item_ref() == r))
    });

    let mut schedules: Vec<_> = plan.schedules.iter().collect();
    schedules.sort_by_key(|s| s.fiscal_year);
    let schedule_rows = schedules
        .into_iter()
        .flat_map(|s| {
            let rows: Vec<_> = s.rows.iter().filter(|row| row.item == Some(r)).collect();
            let year = s.fiscal_year;
            let href = urls.schedule(year);
            if rows.is_empty() {
                vec![ScheduleYear {
                    year,
                    href,
                    row: None,
                }]
            } else {
                rows.into_iter()
                    .map(|row| ScheduleYear {
                        year,
                        href: href.clone(),
                        row: Some(ScheduleEntry {
                            order: row.order,
                            budget: format::budget(row.budget),
                            ticks: Quarter::ALL.map(|q| row.quarters.contains(&q.number())),
                        }),
                    })
                    .collect()
            }
        })
        .collect();

    let number = r.to_string();
    let mut crumbs = org_crumbs(org, &urls);
    crumbs.push(Crumb::here(format!("รายการ {number}")));

    ItemPage {
        layout: Layout::new(format!("{number} {} – {}", item.name, org.name), crumbs),
        organization: org.name.clone(),
        kind: item.kind.map(|k| k.thai()).unwrap_or("ไม่ระบุ"),
        name: item.name.clone(),
        dimension: match dimension {
            Some(d) => format!("มิติที่ {} {}", d.no, d.name),
            None => format!("มิติที่ {}", item.dimension),
        },
        mission: mission.map(|m| format!("{} {}", m.code, m.name)),
        line: item.line,
        budgets: plan_years(plan)
            .into_iter()
            .map(|year| YearBudget {
                year,
                amount: format::budget(item.budget.get(&year).copied().unwrap_or_default()),
            })
            .collect(),
        total_budget: format::budget(item.total_budget()),
        units: item.units.clone(),
        quarter_labels: quarter_labels(),
        show_kind: true,
        schedule_rows,
        form: item.form.as_ref().map(|f| form_view(f, item)),
        findings: report
            .findings
            .iter()
            .filter(|f| f.item == Some(r))
            .map(|f| FindingView::new(f, plan, &urls))
            .collect(),
        findings_href: urls.findings(None),
        progress: Vec::new(),
        progress_href: None,
        activities: Vec::new(),
        number,
    }
}

fn form_view(form: &ItemForm, item: &Item) -> FormView {
    let list = |items: &[String]| DocList::from_lines(items);
    let name = form.name.trim();
    FormView {
        name_as_written: (!name.is_empty() && name != item.name.trim()).then(|| name.to_string()),
        rationale: form
            .rationale
            .lines()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
        objectives: list(&form.objectives),
        target_group: format::or_unstated(&form.target_group),
        steps: list(&form.steps),
        duration: format::or_unstated(&form.duration),
        budget_text: format::or_unstated(&form.budget_text),
        responsible_text: format::or_unstated(&form.responsible_text),
        outputs: list(&form.outputs),
        outcomes: list(&form.outcomes),
        line: form.line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn shown(list: &DocList) -> Vec<(Option<&str>, &str)> {
        list.entries
            .iter()
            .map(|e| (e.marker.as_deref(), e.text.as_str()))
            .collect()
    }

    #[test]
    fn the_documents_numbering_is_shown_once_and_a_wrapped_line_joins_its_entry() {
        // As the seed document writes item 2.1.4's objectives (its line 925 on).
        let list = DocList::from_lines(&lines(&[
            "- 1) เพื่อเผยแพร่ข้อมูลข่าวสาร",
            "- 2) เพื่อมีหน่วยประชาสัมพันธ์",
            "- 4) เพิ่มช่องทางให้ประชาชนได้มีส่วนร่วมในการตรวจสอบข้อมูลและการปฏิบัติงานของเทศบาลนคร",
            "นครศรีธรรมราช",
        ]));
        assert!(list.marked);
        assert_eq!(
            shown(&list),
            [
                (Some("1)"), "เพื่อเผยแพร่ข้อมูลข่าวสาร"),
                (Some("2)"), "เพื่อมีหน่วยประชาสัมพันธ์"),
                (
                    Some("4)"),
                    "เพิ่มช่องทางให้ประชาชนได้มีส่วนร่วมในการตรวจสอบข้อมูลและการปฏิบัติงานของเทศบาลนครนครศรีธรรมราช"
                ),
            ],
            "the number as written (4 after 2 stays 4), the wrap joined without a space between Thai letters"
        );
    }

    #[test]
    fn markers_in_every_form_and_numbers_that_are_not_markers() {
        let split = |l: &str| split_marker(l);
        assert_eq!(
            split("(1) เพื่อแสดงเจตจำนง"),
            (Some("(1)".into()), "เพื่อแสดงเจตจำนง".into())
        );
        assert_eq!(split("๒. ข้อที่สอง"), (Some("๒.".into()), "ข้อที่สอง".into()));
        assert_eq!(split("3)ข้อที่สาม"), (Some("3)".into()), "ข้อที่สาม".into()));
        assert_eq!(
            split("- ข้อที่มีแต่ขีด"),
            (Some("\u{2022}".into()), "ข้อที่มีแต่ขีด".into())
        );
        // A number followed by a dot and no space, or a decimal, is text.
        assert_eq!(split("3.5 ล้านบาท"), (None, "3.5 ล้านบาท".into()));
        assert_eq!(split("2.19 รายการ"), (None, "2.19 รายการ".into()));
        assert_eq!(
            split("1)"),
            (None, "1)".into()),
            "a marker with nothing after it"
        );
    }

    #[test]
    fn an_unmarked_list_is_left_as_it_is() {
        let list = DocList::from_lines(&lines(&["ขออนุมัติโครงการ", "  ", "จัดอบรมและประเมินผล"]));
        assert!(!list.marked, "the page numbers it");
        assert_eq!(
            shown(&list),
            [(None, "ขออนุมัติโครงการ"), (None, "จัดอบรมและประเมินผล")],
            "no joining without markers to tell entries apart"
        );
    }
}
