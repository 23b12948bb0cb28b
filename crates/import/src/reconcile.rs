//! Assembles the plan from the parsed sections and checks the document
//! against itself: stated counts and totals, the yearly tables, the forms, the
//! organisation's name and stray scripts.

use crate::doc::{Doc, collapse_spaces, first_number};
use crate::error::ImportError;
use crate::forms::{self, ParsedForm};
use crate::names::{Candidate, NameKey, OrgAliases, assign, round_confidence};
use crate::schedules::{self, ParsedSchedule};
use crate::summary::{self, SummaryTable};
use crate::{ImportOptions, Notes, org, part1};
use std::collections::BTreeMap;
use sujarit_core::{
    Baht, Dimension, Finding, FindingCode, Item, ItemKind, ItemRef, Mission, Period, Plan,
    PlanReport, Severity, YearlyBudget,
};

/// Name similarity below which two names are not the same item.
const MATCH_THRESHOLD: f64 = 0.5;
/// Below this a match is reported as a warning rather than a note.
const CONFIDENT: f64 = 0.8;

fn finding(code: FindingCode, severity: Severity, message: String) -> Finding {
    Finding {
        code,
        severity,
        fiscal_year: None,
        item: None,
        line: None,
        message,
        expected: None,
        found: None,
    }
}

trait FindingExt {
    fn at(self, line: Option<u32>) -> Self;
    fn item(self, item: ItemRef) -> Self;
    fn year(self, year: u16) -> Self;
    fn expected(self, text: impl Into<String>) -> Self;
    fn found(self, text: impl Into<String>) -> Self;
}

impl FindingExt for Finding {
    fn at(mut self, line: Option<u32>) -> Self {
        self.line = line;
        self
    }
    fn item(mut self, item: ItemRef) -> Self {
        self.item = Some(item);
        self
    }
    fn year(mut self, year: u16) -> Self {
        self.fiscal_year = Some(year);
        self
    }
    fn expected(mut self, text: impl Into<String>) -> Self {
        self.expected = Some(text.into());
        self
    }
    fn found(mut self, text: impl Into<String>) -> Self {
        self.found = Some(text.into());
        self
    }
}

pub fn run(doc: &Doc, options: &ImportOptions) -> Result<PlanReport, ImportError> {
    let mut notes = Notes::default();
    let table = summary::parse(doc, &mut notes)?;
    if table
        .dimensions
        .iter()
        .all(|d| d.missions.iter().all(|m| m.items.is_empty()))
    {
        return Err(ImportError::NotAPlan);
    }
    let mut findings = notes.into_vec();

    let detected = org::detect(doc);
    let organization = match (&options.organization, &detected) {
        (Some(given), Some(found)) => {
            if compact(given) != compact(found) {
                findings.push(
                    finding(
                        FindingCode::OrganizationMismatch,
                        Severity::Warning,
                        format!("ชื่อองค์กรที่ระบุตอนนำเข้า \"{given}\" ต่างจากชื่อในเอกสาร \"{found}\""),
                    )
                    .expected(given.clone())
                    .found(found.clone()),
                );
            }
            given.clone()
        }
        (Some(given), None) => given.clone(),
        (None, Some(found)) => found.clone(),
        (None, None) => "ไม่ระบุชื่อองค์กร".to_string(),
    };
    let aliases = OrgAliases::new(&organization);

    // Sections after Part 2: forms, then the proclamation, then the annex.
    let schedules = schedules::parse(doc)?;
    let first_schedule_line = schedules
        .iter()
        .filter_map(|s| s.schedule.line)
        .min()
        .unwrap_or(u32::MAX);
    let proclamation = part1::proclamation(doc, table.end_line + 1)
        .filter(|(p, _)| p.line.unwrap_or(0) < first_schedule_line);
    let forms_end = proclamation
        .as_ref()
        .and_then(|(p, _)| p.line)
        .unwrap_or(first_schedule_line)
        .min(first_schedule_line)
        .min(doc.last_line_no() + 1);
    let parsed_forms = forms::parse(doc, table.end_line + 1, forms_end);
    check_truncated_forms(doc, &parsed_forms, forms_end)?;
    let mission_names = forms::mission_headings(doc, table.end_line + 1, forms_end);

    let mut plan = build_plan(doc, &table, &organization, &mission_names);
    plan.risks = part1::risks(doc, table.start_line);
    plan.targets = part1::targets(doc, table.start_line);
    plan.proclamation = proclamation.map(|(p, _)| p);

    check_mission_names(&table, &mission_names, &mut findings);
    check_stated_counts(doc, &table, &plan, &mut findings);
    check_stated_totals(&table, &plan, &mut findings);
    check_period(doc, &table, &plan, &schedules, &mut findings);
    attach_forms(&mut plan, parsed_forms, &aliases, &mut findings);
    attach_schedules(&mut plan, schedules, &aliases, &organization, &mut findings);
    check_organization(doc, &organization, &mut findings);
    check_foreign_script(doc, &mut findings);

    findings.sort_by_key(|f| (f.line.unwrap_or(u32::MAX), f.code));
    Ok(PlanReport { plan, findings })
}

fn compact(text: &str) -> String {
    text.split_whitespace().collect()
}

/// A document that ends inside a form (the last form lacks most of its fields
/// and nothing follows it) was cut short.
fn check_truncated_forms(
    doc: &Doc,
    forms: &[ParsedForm],
    forms_end: u32,
) -> Result<(), ImportError> {
    let Some(last) = forms.last() else {
        return Ok(());
    };
    let ends_document = forms_end > doc.last_line_no();
    let cut = last.missing_fields.len() >= 2 && last.missing_fields.contains(&9);
    if ends_document && cut {
        let missing = last
            .missing_fields
            .iter()
            .map(|n| format!("{n}. {}", forms::field_name(*n)))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(ImportError::Truncated {
            what: format!("รายละเอียดโครงการ \"{}\"", last.form.name),
            missing: format!("หัวข้อ {missing}"),
            start: last.form.line.unwrap_or(0),
            end: doc.last_line_no(),
        });
    }
    Ok(())
}

/// Clean dimension names: Part 3 headings ("มติที่ 1 …") or the foreword
/// ("มิติที่ 1 … จำนวน 13 โครงการ") write them without the table's wrapping.
fn dimension_names(doc: &Doc) -> BTreeMap<u8, String> {
    let mut names = BTreeMap::new();
    for line in &doc.lines {
        let t = line.trimmed();
        let Some(rest) = ["มิติที่", "มติที่", "มิตีที่"].iter().find_map(|p| t.strip_prefix(p))
        else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(no) = crate::doc::leading_number(rest) else {
            continue;
        };
        let name =
            rest.trim_start_matches(|c: char| c.is_ascii_digit() || ('๐'..='๙').contains(&c));
        let name = name.split(" จำนวน").next().unwrap_or(name);
        let name = collapse_spaces(name);
        if let Ok(no) = u8::try_from(no)
            && !name.is_empty()
        {
            names.entry(no).or_insert(name);
        }
    }
    names
}

fn build_plan(
    doc: &Doc,
    table: &SummaryTable,
    organization: &str,
    mission_names: &[(String, String)],
) -> Plan {
    let clean_names = dimension_names(doc);
    let dimensions = table
        .dimensions
        .iter()
        .map(|d| Dimension {
            no: d.no,
            name: clean_names
                .get(&d.no)
                .cloned()
                .unwrap_or_else(|| d.name.clone()),
            stated_item_count: d.subtotal.as_ref().and_then(|s| s.item_count),
            stated_budget: d
                .subtotal
                .as_ref()
                .map(|s| s.budget.clone())
                .unwrap_or_default(),
            missions: d
                .missions
                .iter()
                .map(|m| Mission {
                    code: m.code.clone(),
                    name: mission_names
                        .iter()
                        .find(|(code, _)| *code == m.code)
                        .map(|(_, n)| n.clone())
                        .unwrap_or_else(|| m.name.clone()),
                    items: m
                        .items
                        .iter()
                        .map(|i| Item {
                            dimension: d.no,
                            no: i.no,
                            kind: i.kind,
                            name: i.name.clone(),
                            budget: i.budget.clone(),
                            units: i.units.clone(),
                            form: None,
                            line: Some(i.line),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let period = Period {
        first_fiscal_year: table.years.first().copied().unwrap_or_default(),
        last_fiscal_year: table.years.last().copied().unwrap_or_default(),
    };
    Plan {
        organization: organization.to_string(),
        title: format!(
            "แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส (พ.ศ. {}–{})",
            period.first_fiscal_year, period.last_fiscal_year
        ),
        period,
        dimensions,
        ..Plan::default()
    }
}

fn budget_text(budget: &YearlyBudget) -> String {
    budget
        .iter()
        .map(|(y, b)| format!("{y}: {b}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Part 2 writes mission names in narrow, wrapped cells and sometimes with
/// other words than Part 3's headings; the plan keeps Part 3's wording.
fn check_mission_names(
    table: &SummaryTable,
    part3: &[(String, String)],
    findings: &mut Vec<Finding>,
) {
    for m in table.dimensions.iter().flat_map(|d| d.missions.iter()) {
        if let Some((_, heading)) = part3.iter().find(|(code, _)| *code == m.code)
            && !same_wording(heading, &m.name)
        {
            findings.push(
                finding(
                    FindingCode::MissionNameVariant,
                    Severity::Info,
                    format!(
                        "ชื่อภารกิจ {} ในตารางส่วนที่ 2 เขียนต่างจากหัวข้อในส่วนที่ 3 ระบบใช้ชื่อตามส่วนที่ 3",
                        m.code
                    ),
                )
                .at(Some(m.line))
                .expected(heading.clone())
                .found(m.name.clone()),
            );
        }
    }
}

/// Counts the document states: Part 2's subtotal and grand-total rows, and the
/// sentences of the foreword and Part 2's introduction.
fn check_stated_counts(doc: &Doc, table: &SummaryTable, plan: &Plan, findings: &mut Vec<Finding>) {
    let actual_total = plan.item_count() as u32;
    let mut mismatch = |stated: u32, actual: u32, line: u32, what: String| {
        if stated != actual {
            findings.push(
                finding(
                    FindingCode::StatedCountMismatch,
                    Severity::Error,
                    format!("{what} ระบุว่ามี {stated} รายการ แต่ตารางส่วนที่ 2 มี {actual} รายการ"),
                )
                .at(Some(line))
                .expected(actual.to_string())
                .found(stated.to_string()),
            );
        }
    };
    for d in &table.dimensions {
        let actual = d.missions.iter().map(|m| m.items.len()).sum::<usize>() as u32;
        if let Some(total) = &d.subtotal
            && let Some(stated) = total.item_count
        {
            mismatch(stated, actual, total.line, format!("แถวรวมของมิติที่ {}", d.no));
        }
    }
    if let Some(total) = &table.grand_total
        && let Some(stated) = total.item_count
    {
        mismatch(stated, actual_total, total.line, "แถวรวมทั้งสิ้น".into());
    }
    // Sentences outside the table, before Part 3.
    for line in doc.lines.iter().take_while(|l| l.no < table.end_line) {
        let t = line.trimmed();
        if line.text.contains('\t') || !t.contains("จำนวน") || !t.contains("โครงการ")
        {
            continue;
        }
        let Some(after) = t.rsplit_once("จำนวน").map(|(_, a)| a) else {
            continue;
        };
        let Some(stated) = first_number(after) else {
            continue;
        };
        let dimension = ["มิติที่", "มติที่", "มิตีที่"]
            .iter()
            .find_map(|p| t.strip_prefix(p))
            .and_then(crate::doc::leading_number);
        match dimension {
            Some(no) => {
                if let Some(d) = plan.dimensions.iter().find(|d| u32::from(d.no) == no) {
                    let actual = d.items().count() as u32;
                    mismatch(stated, actual, line.no, format!("ข้อความมิติที่ {no}"));
                }
            }
            None if t.contains("รวม") => {
                mismatch(
                    stated,
                    actual_total,
                    line.no,
                    "ข้อความสรุปจำนวนโครงการทั้งหมด".into(),
                );
            }
            None => {}
        }
    }
}

fn check_stated_totals(table: &SummaryTable, plan: &Plan, findings: &mut Vec<Finding>) {
    let mut compare = |stated: &YearlyBudget, line: u32, what: &str, sum: &dyn Fn(u16) -> Baht| {
        for (year, amount) in stated {
            let actual = sum(*year);
            if actual != *amount {
                findings.push(
                    finding(
                        FindingCode::StatedTotalMismatch,
                        Severity::Error,
                        format!("{what} ปี {year} ระบุ {amount} บาท แต่ผลรวมรายการได้ {actual} บาท"),
                    )
                    .at(Some(line))
                    .year(*year)
                    .expected(actual.to_string())
                    .found(amount.to_string()),
                );
            }
        }
    };
    for d in &table.dimensions {
        if let (Some(total), Some(dim)) =
            (&d.subtotal, plan.dimensions.iter().find(|x| x.no == d.no))
        {
            compare(
                &total.budget,
                total.line,
                &format!("งบประมาณรวมมิติที่ {}", d.no),
                &|y| dim.budget_for_year(y),
            );
        }
    }
    if let Some(total) = &table.grand_total {
        compare(
            &total.budget,
            total.line,
            "งบประมาณรวมทั้งสิ้น",
            &|y| plan.budget_for_year(y),
        );
    }
}

/// The period of the title "(พ.ศ. 2566 - 2570)" against the table's year
/// columns, and yearly tables outside the period.
fn check_period(
    doc: &Doc,
    table: &SummaryTable,
    plan: &Plan,
    schedules: &[ParsedSchedule],
    findings: &mut Vec<Finding>,
) {
    let period = plan.period;
    if let Some(line) = doc
        .lines
        .iter()
        .take(40)
        .find(|l| l.trimmed().starts_with("(พ.ศ."))
    {
        let years = crate::doc::be_years(line.text);
        if let [first, last] = years[..]
            && (first != period.first_fiscal_year || last != period.last_fiscal_year)
        {
            findings.push(
                finding(
                    FindingCode::PeriodMismatch,
                    Severity::Warning,
                    format!(
                        "ปกเอกสารระบุช่วงแผน พ.ศ. {first}–{last} แต่ตารางส่วนที่ 2 มีคอลัมน์ปี {}–{}",
                        period.first_fiscal_year, period.last_fiscal_year
                    ),
                )
                .at(Some(line.no))
                .expected(format!(
                    "{}–{}",
                    period.first_fiscal_year, period.last_fiscal_year
                ))
                .found(format!("{first}–{last}")),
            );
        }
    }
    for s in schedules {
        let year = s.schedule.fiscal_year;
        if !table.years.contains(&year) {
            findings.push(
                finding(
                    FindingCode::PeriodMismatch,
                    Severity::Warning,
                    format!(
                        "ตารางรายปี พ.ศ. {year} อยู่นอกช่วงแผน พ.ศ. {}–{}",
                        period.first_fiscal_year, period.last_fiscal_year
                    ),
                )
                .at(s.schedule.line)
                .year(year),
            );
        }
    }
}

/// Names compared loosely for "is this the same wording": spacing, quote
/// styles and digits don't count as a different name.
fn same_wording(a: &str, b: &str) -> bool {
    let fold = |s: &str| -> String {
        sujarit_core::thai::arabic_digits(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '“' | '”' | '«' | '»' => '"',
                '‘' | '’' => '\'',
                c => c,
            })
            .collect()
    };
    fold(a) == fold(b)
}

/// Matches Part 3 forms to Part 2 items and checks each pair.
fn attach_forms(
    plan: &mut Plan,
    parsed: Vec<ParsedForm>,
    aliases: &OrgAliases,
    findings: &mut Vec<Finding>,
) {
    let item_keys: Vec<(ItemRef, NameKey)> = plan
        .items()
        .map(|i| (i.item_ref(), NameKey::new(&i.name, aliases)))
        .collect();
    let form_keys: Vec<NameKey> = parsed
        .iter()
        .map(|f| NameKey::new(&f.form.name, aliases))
        .collect();
    let mut candidates = Vec::new();
    for (fi, fk) in form_keys.iter().enumerate() {
        for (ii, (r, ik)) in item_keys.iter().enumerate() {
            candidates.push(Candidate {
                left: fi,
                right: ii,
                score: fk.similarity(ik),
                context_agrees: parsed[fi].dimension.is_none_or(|d| d == r.dimension),
            });
        }
    }
    let mut matches = assign(parsed.len(), item_keys.len(), candidates, MATCH_THRESHOLD);
    // By elimination: one form and one item left under the same mission heading.
    eliminate(
        &mut matches,
        item_keys.len(),
        |fi, ii| {
            let f = &parsed[fi];
            let r = item_keys[ii].0;
            f.dimension == Some(r.dimension)
                && f.mission
                    .as_deref()
                    .is_some_and(|m| plan.item_mission(r) == Some(m))
        },
        |fi, ii| form_keys[fi].similarity(&item_keys[ii].1),
    );

    let mut matched_items = vec![false; item_keys.len()];
    for (fi, form) in parsed.into_iter().enumerate() {
        let Some((ii, confidence)) = matches[fi] else {
            findings.push(
                finding(
                    FindingCode::FormUnmatched,
                    Severity::Warning,
                    format!(
                        "รายละเอียดโครงการ \"{}\" ไม่ตรงกับรายการใดในตารางส่วนที่ 2",
                        form.form.name
                    ),
                )
                .at(form.form.line)
                .found(form.form.name.clone()),
            );
            continue;
        };
        matched_items[ii] = true;
        let item_ref = item_keys[ii].0;
        let item = plan
            .items_mut()
            .find(|i| i.item_ref() == item_ref)
            .expect("matched item exists");
        let line = form.form.line;
        let mut form_findings = Vec::new();
        if !same_wording(&form.form.name, &item.name) {
            form_findings.push(
                name_variant(
                    &item.name,
                    &form.form.name,
                    confidence,
                    "รายละเอียดโครงการ (ส่วนที่ 3)",
                )
                .at(line),
            );
        }
        if let (Some(a), Some(b)) = (item.kind, ItemKind::from_name(&form.form.name))
            && a != b
        {
            form_findings.push(
                finding(
                    FindingCode::KindMismatch,
                    Severity::Warning,
                    format!(
                        "ส่วนที่ 2 ระบุรายการ {item_ref} เป็น{} แต่รายละเอียดโครงการระบุเป็น{}",
                        a.thai(),
                        b.thai()
                    ),
                )
                .at(line)
                .expected(a.thai())
                .found(b.thai()),
            );
        }
        if !form.missing_fields.is_empty() {
            let missing: Vec<String> = form
                .missing_fields
                .iter()
                .map(|n| format!("{n}. {}", forms::field_name(*n)))
                .collect();
            form_findings.push(
                finding(
                    FindingCode::FormFieldMissing,
                    Severity::Warning,
                    format!(
                        "รายละเอียดโครงการของรายการ {item_ref} ไม่มีหัวข้อ {}",
                        missing.join(", ")
                    ),
                )
                .at(line)
                .expected("หัวข้อ 1–9 ตามแม่แบบ ป.ป.ช.")
                .found(format!("ขาด {}", missing.join(", "))),
            );
        }
        if let Some(f) = check_form_budget(item, &form.form.budget_text) {
            form_findings.push(f.at(line));
        }
        if let Some(f) = check_form_units(item, &form.form.responsible_text) {
            form_findings.push(f.at(line));
        }
        findings.extend(form_findings.into_iter().map(|f| f.item(item_ref)));
        item.form = Some(sujarit_core::ItemForm {
            match_confidence: round_confidence(confidence),
            ..form.form
        });
    }
    for (ii, (r, _)) in item_keys.iter().enumerate() {
        if !matched_items[ii] {
            let item = plan.item(*r).expect("item exists");
            findings.push(
                finding(
                    FindingCode::FormMissing,
                    Severity::Warning,
                    format!(
                        "ไม่พบรายละเอียดโครงการ (ส่วนที่ 3) ของรายการ {r} \"{}\"",
                        item.name
                    ),
                )
                .at(item.line)
                .item(*r)
                .expected(item.name.clone()),
            );
        }
    }
}

/// Pairs left over after name matching: when exactly one row and one item are
/// left in the same context, they are the same thing written very differently.
fn eliminate(
    matches: &mut [Option<(usize, f64)>],
    right_len: usize,
    same_context: impl Fn(usize, usize) -> bool,
    score: impl Fn(usize, usize) -> f64,
) {
    let mut taken = vec![false; right_len];
    for (_, r) in matches.iter().flatten().map(|(r, s)| (s, r)) {
        taken[*r] = true;
    }
    for left in 0..matches.len() {
        if matches[left].is_some() {
            continue;
        }
        let free_right: Vec<usize> = (0..right_len)
            .filter(|r| !taken[*r] && same_context(left, *r))
            .collect();
        if let [right] = free_right[..] {
            let rivals = (0..matches.len())
                .filter(|l| matches[*l].is_none() && same_context(*l, right))
                .count();
            if rivals == 1 {
                matches[left] = Some((right, score(left, right)));
                taken[right] = true;
            }
        }
    }
}

fn name_variant(expected: &str, found: &str, confidence: f64, place: &str) -> Finding {
    let severity = if confidence >= CONFIDENT {
        Severity::Info
    } else {
        Severity::Warning
    };
    finding(
        FindingCode::NameVariant,
        severity,
        format!(
            "{place} เขียนชื่อรายการต่างจากส่วนที่ 2 (ความมั่นใจในการจับคู่ {:.0}%)",
            confidence * 100.0
        ),
    )
    .expected(expected.to_string())
    .found(found.to_string())
}

/// Budget field 7 of a form: "งบประมาณปีละ 100,000 บาท", "ดำเนินการโดยไม่ใช้งบประมาณ",
/// or amounts per year ("ปี 2566 จำนวน 10,000 บาท …").
fn form_budget(text: &str, years: impl Iterator<Item = u16> + Clone) -> Option<YearlyBudget> {
    let text = sujarit_core::thai::arabic_digits(text);
    if text.contains("ไม่ใช้งบประมาณ")
        || text.contains("ไม่มีงบประมาณ")
        || text.contains("ไม่ได้ใช้งบประมาณ")
    {
        return Some(years.map(|y| (y, Baht::ZERO)).collect());
    }
    // Amounts followed by "บาท", each with the last year mentioned before it.
    let mut per_year = YearlyBudget::new();
    let mut flat = Vec::new();
    let mut last_year = None;
    for token in text.split_whitespace() {
        let years_here = crate::doc::be_years(token);
        if let Some(y) = years_here.last() {
            last_year = Some(*y);
            continue;
        }
        let cleaned = token
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .trim_end_matches("บาท");
        if cleaned.is_empty() || !cleaned.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if let Ok(Some(amount)) = Baht::parse_written(cleaned) {
            match last_year.take() {
                Some(y) => {
                    per_year.insert(y, amount);
                }
                None => flat.push(amount),
            }
        }
    }
    if !per_year.is_empty() {
        return Some(per_year);
    }
    match flat[..] {
        [amount] => Some(years.map(|y| (y, amount)).collect()),
        _ => None,
    }
}

fn check_form_budget(item: &Item, text: &str) -> Option<Finding> {
    let stated = form_budget(text, item.budget.keys().copied())?;
    let differs: Vec<u16> = stated
        .iter()
        .filter(|(y, b)| item.budget.get(y).copied().unwrap_or_default() != **b)
        .map(|(y, _)| *y)
        .collect();
    if differs.is_empty() {
        return None;
    }
    Some(
        finding(
            FindingCode::FormBudgetMismatch,
            Severity::Error,
            format!(
                "งบประมาณในรายละเอียดโครงการของรายการ {} ไม่ตรงกับตารางส่วนที่ 2 ในปี {}",
                item.item_ref(),
                differs
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .expected(budget_text(&item.budget))
        .found(collapse_spaces(text)),
    )
}

/// Whether a unit as Part 2 abbreviates it ("กองยุทธศาสตร์ฯ", "สำนักปลัดเทศบาล
/// (ฝ่ายนิติการ)") is named in a form's responsible-unit text.
fn unit_named_in(unit: &str, text: &str) -> bool {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let unit: String = unit.chars().filter(|c| !c.is_whitespace()).collect();
    let main = unit.split('(').next().unwrap_or(&unit);
    let main = main.trim_end_matches('ฯ');
    !main.is_empty() && text.contains(main)
}

fn check_form_units(item: &Item, text: &str) -> Option<Finding> {
    if text.trim().is_empty() {
        return None;
    }
    let text_one_line = collapse_spaces(text);
    if item.units.is_empty() {
        return Some(
            finding(
                FindingCode::FormUnitMismatch,
                Severity::Info,
                format!(
                    "ตารางส่วนที่ 2 ไม่ระบุหน่วยงานรับผิดชอบของรายการ {} แต่รายละเอียดโครงการระบุ",
                    item.item_ref()
                ),
            )
            .expected("(ไม่ระบุ)")
            .found(text_one_line),
        );
    }
    let missing: Vec<&String> = item
        .units
        .iter()
        .filter(|u| !unit_named_in(u, text))
        .collect();
    if missing.is_empty() {
        return None;
    }
    Some(
        finding(
            FindingCode::FormUnitMismatch,
            Severity::Warning,
            format!(
                "หน่วยงานรับผิดชอบของรายการ {} ในส่วนที่ 2 ({}) ไม่ปรากฏในรายละเอียดโครงการ",
                item.item_ref(),
                missing
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .expected(item.units.join(", "))
        .found(text_one_line),
    )
}

/// Matches each yearly table's rows to Part 2 items and checks the table.
fn attach_schedules(
    plan: &mut Plan,
    schedules: Vec<ParsedSchedule>,
    aliases: &OrgAliases,
    organization: &str,
    findings: &mut Vec<Finding>,
) {
    let item_keys: Vec<(ItemRef, NameKey)> = plan
        .items()
        .map(|i| (i.item_ref(), NameKey::new(&i.name, aliases)))
        .collect();
    // name_variant findings are grouped by (item, wording) across the years.
    let mut variants: BTreeMap<(ItemRef, String), (Finding, Vec<u16>)> = BTreeMap::new();
    let mut out = Vec::new();
    for parsed in schedules {
        let mut schedule = parsed.schedule;
        let year = schedule.fiscal_year;
        let year_finding = |f: Finding| f.year(year);
        if let Some((name, line)) = parsed.organization
            && compact(&aliases.replace_in(&compact(&name))) != "◆"
            && compact(&name) != compact(organization)
        {
            findings.push(year_finding(
                finding(
                    FindingCode::OrganizationMismatch,
                    Severity::Error,
                    format!("หัวตารางแผนปี {year} ระบุองค์กร \"{name}\" ไม่ใช่ \"{organization}\""),
                )
                .at(Some(line))
                .expected(organization.to_string())
                .found(name),
            ));
        }
        let row_keys: Vec<NameKey> = schedule
            .rows
            .iter()
            .map(|r| NameKey::new(&r.name, aliases))
            .collect();
        let mut candidates = Vec::new();
        for (ri, rk) in row_keys.iter().enumerate() {
            for (ii, (r, ik)) in item_keys.iter().enumerate() {
                candidates.push(Candidate {
                    left: ri,
                    right: ii,
                    score: rk.similarity(ik),
                    context_agrees: schedule.rows[ri].dimension == Some(r.dimension),
                });
            }
        }
        let mut matches = assign(
            schedule.rows.len(),
            item_keys.len(),
            candidates,
            MATCH_THRESHOLD,
        );
        eliminate(
            &mut matches,
            item_keys.len(),
            |ri, ii| schedule.rows[ri].dimension == Some(item_keys[ii].0.dimension),
            |ri, ii| row_keys[ri].similarity(&item_keys[ii].1),
        );

        let mut seen = vec![false; item_keys.len()];
        for (ri, row) in schedule.rows.iter_mut().enumerate() {
            let Some((ii, confidence)) = matches[ri] else {
                findings.push(year_finding(
                    finding(
                        FindingCode::ScheduleUnmatchedRow,
                        Severity::Error,
                        format!(
                            "แถวลำดับที่ {} ในตารางแผนปี {year} \"{}\" ไม่ตรงกับรายการใดในตารางส่วนที่ 2",
                            row.order, row.name
                        ),
                    )
                    .at(row.line)
                    .found(row.name.clone()),
                ));
                continue;
            };
            seen[ii] = true;
            let item_ref = item_keys[ii].0;
            row.item = Some(item_ref);
            row.match_confidence = round_confidence(confidence);
            let item = plan.item(item_ref).expect("matched item exists");
            let at = |f: Finding| f.at(row.line).item(item_ref).year(year);
            if !same_wording(&row.name, &item.name) {
                let key = (item_ref, compact(&row.name));
                let entry = variants.entry(key).or_insert_with(|| {
                    (
                        at(name_variant(
                            &item.name,
                            &row.name,
                            confidence,
                            "ตารางแผนรายปี (ภาคผนวก)",
                        )),
                        Vec::new(),
                    )
                });
                entry.1.push(year);
            }
            if row.dimension != Some(item.dimension) {
                findings.push(at(finding(
                    FindingCode::ScheduleDimensionMismatch,
                    Severity::Error,
                    format!(
                        "ตารางแผนปี {year} ระบุรายการ {item_ref} อยู่ในมิติ {} แต่ส่วนที่ 2 จัดอยู่ในมิติ {}",
                        row.dimension
                            .map_or("(ไม่ระบุ)".to_string(), |d| d.to_string()),
                        item.dimension
                    ),
                )
                .expected(item.dimension.to_string())
                .found(row.dimension.map_or(String::new(), |d| d.to_string()))));
            }
            if let (Some(a), Some(b)) = (item.kind, ItemKind::from_name(&row.name))
                && a != b
            {
                findings.push(at(finding(
                    FindingCode::KindMismatch,
                    Severity::Warning,
                    format!(
                        "ส่วนที่ 2 ระบุรายการ {item_ref} เป็น{} แต่ตารางแผนปี {year} ระบุเป็น{}",
                        a.thai(),
                        b.thai()
                    ),
                )
                .expected(a.thai())
                .found(b.thai())));
            }
            let planned = item.budget.get(&year).copied().unwrap_or_default();
            if row.budget != planned {
                findings.push(at(finding(
                    FindingCode::ScheduleBudgetMismatch,
                    Severity::Error,
                    format!(
                        "งบประมาณของรายการ {item_ref} ในตารางแผนปี {year} คือ {} บาท แต่ส่วนที่ 2 ระบุ {} บาท",
                        row.budget, planned
                    ),
                )
                .expected(planned.to_string())
                .found(row.budget.to_string())));
            }
            if row.quarters.is_empty() {
                findings.push(at(finding(
                    FindingCode::ScheduleQuarterMissing,
                    Severity::Warning,
                    format!("รายการ {item_ref} ในตารางแผนปี {year} ไม่ได้ระบุไตรมาสที่ดำเนินการ"),
                )));
            }
        }
        for (ii, (r, _)) in item_keys.iter().enumerate() {
            if !seen[ii] {
                let item = plan.item(*r).expect("item exists");
                findings.push(year_finding(
                    finding(
                        FindingCode::ScheduleMissingItem,
                        Severity::Error,
                        format!("รายการ {r} \"{}\" ไม่มีในตารางแผนปี {year}", item.name),
                    )
                    .at(schedule.line)
                    .item(*r)
                    .expected(item.name.clone()),
                ));
            }
        }
        check_schedule_totals(&schedule, parsed.total_line, findings);
        out.push(schedule);
    }
    for ((_, _), (mut f, years)) in variants {
        if years.len() > 1 {
            f.message = format!(
                "{} พบในตารางแผนปี {}",
                f.message,
                years
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        findings.push(f);
    }
    plan.schedules = out;
}

fn check_schedule_totals(
    schedule: &sujarit_core::Schedule,
    total_line: Option<u32>,
    findings: &mut Vec<Finding>,
) {
    let year = schedule.fiscal_year;
    let sum: Baht = schedule.rows.iter().map(|r| r.budget).sum();
    if let Some(stated) = schedule.stated_total_budget
        && stated != sum
    {
        findings.push(
            finding(
                FindingCode::ScheduleTotalMismatch,
                Severity::Error,
                format!("ตารางแผนปี {year} ระบุงบประมาณรวม {stated} บาท แต่ผลรวมของแถวได้ {sum} บาท"),
            )
            .at(total_line)
            .year(year)
            .expected(sum.to_string())
            .found(stated.to_string()),
        );
    }
    if let Some(stated) = schedule.stated_quarter_counts {
        for q in 1..=4u8 {
            let counted = schedule
                .rows
                .iter()
                .filter(|r| r.quarters.contains(&q))
                .count() as u32;
            let said = stated[usize::from(q - 1)];
            if counted != said {
                findings.push(
                    finding(
                        FindingCode::ScheduleQuarterCountMismatch,
                        Severity::Error,
                        format!(
                            "ตารางแผนปี {year} ไตรมาส {q}: แถวรวมระบุ {said} รายการ แต่มีเครื่องหมายดำเนินการ {counted} รายการ"
                        ),
                    )
                    .at(total_line)
                    .year(year)
                    .expected(counted.to_string())
                    .found(said.to_string()),
                );
            }
        }
    }
}

fn check_organization(doc: &Doc, organization: &str, findings: &mut Vec<Finding>) {
    let mut by_name: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (name, line) in org::other_organizations(doc, organization) {
        by_name.entry(name).or_default().push(line);
    }
    for (name, lines) in by_name {
        let where_ = lines
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        findings.push(
            finding(
                FindingCode::OrganizationMismatch,
                Severity::Error,
                format!("เอกสารกล่าวถึง \"{name}\" ซึ่งไม่ใช่ \"{organization}\" (บรรทัด {where_}) อาจคัดลอกมาจากแผนขององค์กรอื่น"),
            )
            .at(lines.first().copied())
            .expected(organization.to_string())
            .found(name),
        );
    }
}

fn check_foreign_script(doc: &Doc, findings: &mut Vec<Finding>) {
    for (line, run, context) in org::foreign_script(doc) {
        findings.push(
            finding(
                FindingCode::ForeignScript,
                Severity::Warning,
                format!("พบอักษรต่างภาษา \"{run}\" ปนในข้อความภาษาไทย: …{context}…"),
            )
            .at(Some(line))
            .expected("อักษรไทยหรือละติน")
            .found(run),
        );
    }
}
