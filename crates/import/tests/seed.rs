//! The importer on the real seed document and on documents derived from it.

use std::collections::BTreeSet;
use sujarit_core::{Baht, FindingCode, ItemRef, PlanReport, Severity};
use sujarit_import::{ImportError, ImportOptions, import_plan, import_text};

use sujarit_testkit::SEED as SEED_PATH;

fn seed() -> String {
    std::fs::read_to_string(SEED_PATH).expect("the seed document is in ../shared/seed")
}

fn import(text: &str) -> PlanReport {
    import_text(text, &ImportOptions::default()).expect("imports")
}

fn r(dimension: u8, no: u32) -> ItemRef {
    ItemRef { dimension, no }
}

fn codes_for(report: &PlanReport, code: FindingCode) -> Vec<(Option<ItemRef>, Option<u16>)> {
    report
        .findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| (f.item, f.fiscal_year))
        .collect()
}

/// Replaces exactly one occurrence, so a derived document changes only what the test says.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "expected one occurrence of {from:?}"
    );
    text.replacen(from, to, 1)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle present")
}

#[test]
fn the_demo_copy_is_the_seed() {
    let demo = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../app/demo/plan-nakhonsithammarat-2566-2570.txt"
    ))
    .unwrap();
    assert_eq!(demo, std::fs::read(SEED_PATH).unwrap());
}

#[test]
fn seed_gives_four_dimensions_and_47_items() {
    let report = import(&seed());
    let plan = &report.plan;
    assert_eq!(plan.organization, "เทศบาลนครนครศรีธรรมราช");
    assert_eq!(
        (plan.period.first_fiscal_year, plan.period.last_fiscal_year),
        (2566, 2570)
    );
    let counts: Vec<usize> = plan.dimensions.iter().map(|d| d.items().count()).collect();
    assert_eq!(counts, vec![13, 23, 5, 6]);
    let stated: Vec<Option<u32>> = plan
        .dimensions
        .iter()
        .map(|d| d.stated_item_count)
        .collect();
    assert_eq!(stated, vec![Some(13), Some(23), Some(5), Some(6)]);
    let missions: Vec<String> = plan
        .dimensions
        .iter()
        .flat_map(|d| d.missions.iter().map(|m| m.code.clone()))
        .collect();
    assert_eq!(
        missions,
        [
            "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3"
        ]
    );
    // Items are numbered within their dimension, in table order.
    for d in &plan.dimensions {
        let numbers: Vec<u32> = d.items().map(|i| i.no).collect();
        assert_eq!(numbers, (1..=numbers.len() as u32).collect::<Vec<_>>());
    }
    assert_eq!(
        plan.item(r(2, 19)).unwrap().name,
        "มาตรการ “จัดทำข้อตกลงการปฏิบัติราชการของเทศบาลนครนครศรีธรรมราช”"
    );
    assert_eq!(
        plan.item(r(2, 14)).unwrap().units,
        ["สำนักคลัง", "สำนักการประปา"]
    );
    assert_eq!(
        plan.item(r(4, 5)).unwrap().units,
        ["สำนักปลัดเทศบาล (ฝ่ายนิติการ)"]
    );
    assert_eq!(plan.item(r(3, 1)).unwrap().kind, None);
}

#[test]
fn seed_budgets_are_as_written() {
    let report = import(&seed());
    // Read off the Part 2 table by hand: every other item has "-" or nothing.
    let with_budget = [
        (r(1, 1), 100_000),
        (r(1, 3), 20_000),
        (r(1, 4), 100_000),
        (r(1, 6), 10_000),
        (r(1, 9), 70_000),
        (r(1, 12), 60_000),
        (r(1, 13), 100_000),
        (r(2, 7), 10_000),
        (r(2, 20), 100_000),
        (r(3, 5), 150_000),
        (r(4, 4), 30_000),
    ];
    for item in report.plan.items() {
        let expected = with_budget
            .iter()
            .find(|(x, _)| *x == item.item_ref())
            .map_or(0, |(_, b)| *b);
        let years: Vec<u16> = item.budget.keys().copied().collect();
        assert_eq!(years, [2566, 2567, 2568, 2569, 2570], "{}", item.item_ref());
        for (year, amount) in &item.budget {
            assert_eq!(
                *amount,
                Baht::from_baht(expected),
                "{} in {year}",
                item.item_ref()
            );
        }
    }
    for year in 2566..=2570 {
        assert_eq!(report.plan.budget_for_year(year), Baht::from_baht(750_000));
    }
}

#[test]
fn seed_schedules_have_every_row_matched_once() {
    let report = import(&seed());
    let plan = &report.plan;
    let years: Vec<u16> = plan.schedules.iter().map(|s| s.fiscal_year).collect();
    assert_eq!(years, [2566, 2567, 2568, 2569, 2570]);
    for s in &plan.schedules {
        assert_eq!(s.rows.len(), 47, "{}", s.fiscal_year);
        let matched: BTreeSet<ItemRef> = s.rows.iter().filter_map(|row| row.item).collect();
        assert_eq!(matched.len(), 47, "each item once in {}", s.fiscal_year);
        let orders: Vec<u32> = s.rows.iter().map(|row| row.order).collect();
        assert_eq!(orders, (1..=47).collect::<Vec<_>>());
        assert!(
            s.rows
                .iter()
                .all(|row| row.match_confidence > 0.0 && row.match_confidence <= 1.0)
        );
        assert_eq!(
            s.issuer.as_deref().map(|i| i.starts_with("นางชนากานต์")),
            Some(true)
        );
        assert_eq!(s.data_date.as_deref(), Some("15 พฤศจิกายน 2565"));
    }
    let s2566 = &plan.schedules[0];
    assert_eq!(s2566.stated_total_budget, Some(Baht::from_baht(750_000)));
    assert_eq!(s2566.stated_quarter_counts, Some([47, 47, 47, 45]));
    // Row 46 of 2566 (item 4.4) is ticked in quarters 1–3 only.
    let row46 = &s2566.rows[45];
    assert_eq!(row46.item, Some(r(4, 4)));
    assert_eq!(row46.quarters, [1, 2, 3]);
    // The OCR-mangled name of item 3.3 ("…สภาผู้ชม") is still matched to it.
    let row40 = &s2566.rows[39];
    assert_eq!(row40.name, "โครงการประชุมสภาผู้ชม");
    assert_eq!(row40.item, Some(r(3, 3)));
    // The 100-baht row of 2569 is kept as written.
    let s2569 = &plan.schedules[3];
    assert_eq!(s2569.stated_total_budget, Some(Baht::from_baht(750_100)));
    let odd = s2569
        .rows
        .iter()
        .find(|row| row.budget == Baht::from_baht(100))
        .unwrap();
    assert_eq!(odd.item, Some(r(2, 5)));
}

#[test]
fn seed_forms_are_all_found_with_their_fields() {
    let report = import(&seed());
    for item in report.plan.items() {
        let form = item
            .form
            .as_ref()
            .unwrap_or_else(|| panic!("{} has a form", item.item_ref()));
        assert!(!form.rationale.is_empty(), "{}", item.item_ref());
        assert!(!form.objectives.is_empty(), "{}", item.item_ref());
        assert!(!form.steps.is_empty(), "{}", item.item_ref());
        assert!(!form.budget_text.is_empty(), "{}", item.item_ref());
        assert!(!form.responsible_text.is_empty(), "{}", item.item_ref());
        assert!(
            !form.outputs.is_empty() || !form.outcomes.is_empty(),
            "{}",
            item.item_ref()
        );
    }
    let form = report.plan.item(r(1, 1)).unwrap().form.as_ref().unwrap();
    assert_eq!(
        form.target_group,
        "บุคลากร ผู้บริหาร และสมาชิกสภาท้องถิ่นของเทศบาลนครนครศรีธรรมราช จำนวน 100 คน"
    );
    assert_eq!(form.steps.len(), 7);
    assert_eq!(form.budget_text, "งบประมาณปีละ 100,000 บาท");
    assert_eq!(form.duration, "ปีงบประมาณ พ.ศ. 2566 - 2570");
    assert_eq!(form.outputs.len(), 2);
    assert_eq!(form.outcomes.len(), 1);
    // The form of 3.3 is named "โครงการประชุมสภาสังกัจจายน์": matched by elimination, with low confidence.
    let form33 = report.plan.item(r(3, 3)).unwrap().form.as_ref().unwrap();
    assert!(form33.name.contains("สังกัจจายน์"));
    assert!(form33.match_confidence < 0.8);
}

#[test]
fn seed_part1_and_proclamation() {
    let plan = import(&seed()).plan;
    assert_eq!(plan.risks.len(), 3);
    assert_eq!(plan.risks[2].risk_level, "ปาน กลาง");
    assert!(
        plan.risks[2].controls.contains("E-Service"),
        "continued row is joined"
    );
    assert_eq!(plan.targets.len(), 2);
    assert_eq!(plan.targets[1].indicator, "คะแนน ITA");
    let ita: Vec<Option<u32>> = plan.targets[1].values.values().map(|v| v.number).collect();
    assert_eq!(ita, [Some(65), Some(70), Some(75), Some(80), Some(85)]);
    let p = plan.proclamation.unwrap();
    assert_eq!(p.date, Some(time::macros::date!(2022 - 09 - 27)));
    assert_eq!(p.signatory, "นายภาวินทร์ ณ พัทลุง");
    assert!(p.position.starts_with("รองนายกเทศมนตรี"));
}

#[test]
fn seed_findings_are_the_real_disagreements_and_nothing_else() {
    let report = import(&seed());
    use FindingCode::*;
    // Where the document agrees with itself, nothing is reported.
    for code in [
        StatedCountMismatch,
        StatedTotalMismatch,
        ScheduleTotalMismatch,
        ScheduleMissingItem,
        ScheduleUnmatchedRow,
        ScheduleDimensionMismatch,
        FormMissing,
        FormUnmatched,
        FormBudgetMismatch,
        PeriodMismatch,
    ] {
        assert!(
            codes_for(&report, code).is_empty(),
            "{code}: {:#?}",
            codes_for(&report, code)
        );
    }
    assert_eq!(
        codes_for(&report, ScheduleBudgetMismatch),
        [(Some(r(2, 5)), Some(2569))]
    );
    assert_eq!(
        codes_for(&report, ScheduleQuarterCountMismatch),
        [(None, Some(2569))]
    );
    let quarter = report
        .findings
        .iter()
        .find(|f| f.code == ScheduleQuarterCountMismatch)
        .unwrap();
    assert_eq!(
        (quarter.expected.as_deref(), quarter.found.as_deref()),
        (Some("47"), Some("46"))
    );
    let other_city: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == OrganizationMismatch)
        .collect();
    assert_eq!(other_city.len(), 1);
    assert_eq!(other_city[0].found.as_deref(), Some("เทศบาลนครนครราชสีมา"));
    assert_eq!(other_city[0].line, Some(3003));
    assert_eq!(other_city[0].severity, Severity::Error);
    let foreign: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == ForeignScript)
        .collect();
    assert_eq!(
        (foreign.len(), foreign[0].line, foreign[0].found.as_deref()),
        (1, Some(77), Some("必将"))
    );
    // 2.19 is a measure in Part 2 but an activity in its form and in every yearly table.
    let kinds = codes_for(&report, KindMismatch);
    assert_eq!(kinds.len(), 6);
    assert!(kinds.iter().all(|(item, _)| *item == Some(r(2, 19))));
    let units: BTreeSet<ItemRef> = codes_for(&report, FormUnitMismatch)
        .into_iter()
        .filter_map(|(i, _)| i)
        .collect();
    assert!(
        units.contains(&r(2, 14)),
        "สำนักการประปา is not in the form of 2.14"
    );
    assert!(units.contains(&r(1, 9)), "สำนักการศึกษา vs สำนักงานการศึกษา");
    // OCR variants are reported, the badly mangled ones as warnings.
    let variants: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == NameVariant)
        .collect();
    assert!(variants.iter().any(|f| f.item == Some(r(3, 3))
        && f.found.as_deref() == Some("โครงการประชุมสภาผู้ชม")
        && f.severity == Severity::Warning));
    assert!(
        variants
            .iter()
            .any(|f| f.item == Some(r(2, 7)) && f.severity == Severity::Warning)
    );
    // A name differing only by spaces or quote style is not a variant.
    assert!(
        !variants
            .iter()
            .any(|f| f.item == Some(r(1, 3)) && f.fiscal_year == Some(2566))
    );
    for f in &report.findings {
        assert!(!f.message.is_empty());
        assert!(
            f.message.chars().any(sujarit_core::thai::is_thai),
            "Thai message: {}",
            f.message
        );
    }
}

#[test]
fn json_has_the_documented_shape() {
    let report = import(&seed());
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["organization"], "เทศบาลนครนครศรีธรรมราช");
    assert_eq!(json["period"]["first_fiscal_year"], 2566);
    let d2 = &json["dimensions"][1];
    assert_eq!(d2["stated_budget"]["2566"], 110_000);
    let item = &d2["missions"][2]["items"][0];
    assert_eq!(
        (item["dimension"].as_u64(), item["no"].as_u64()),
        (Some(2), Some(19))
    );
    assert_eq!(item["kind"], "measure");
    assert_eq!(item["budget"]["2570"], 0);
    assert!(item["form"].is_object());
    let row = &json["schedules"][0]["rows"][0];
    assert_eq!(row["item"]["dimension"], 1);
    assert!(row["quarters"].is_array());
    assert!(row["match_confidence"].is_number());
    let finding = &json["findings"][0];
    for key in [
        "code",
        "severity",
        "fiscal_year",
        "item",
        "line",
        "message",
        "expected",
        "found",
    ] {
        assert!(finding.get(key).is_some(), "finding has {key}");
    }
}

// ---- documents derived from the seed ----

#[test]
fn a_changed_part2_budget_is_reported_everywhere_it_disagrees() {
    let text = replace_once(
        &seed(),
        "ส่วนท้องถิ่นผู้บริหารและสมาชิกสภาท้องถิ่น\t100,000\t100,000",
        "ส่วนท้องถิ่นผู้บริหารและสมาชิกสภาท้องถิ่น\t90,000\t100,000",
    );
    let report = import(&text);
    assert_eq!(
        report.plan.item(r(1, 1)).unwrap().budget[&2566],
        Baht::from_baht(90_000)
    );
    let totals = codes_for(&report, FindingCode::StatedTotalMismatch);
    assert_eq!(
        totals,
        [(None, Some(2566)), (None, Some(2566))],
        "dimension 1 subtotal and grand total"
    );
    assert_eq!(
        codes_for(&report, FindingCode::ScheduleBudgetMismatch).len(),
        2,
        "2569's 100 baht and 1.1 in 2566"
    );
    assert!(
        codes_for(&report, FindingCode::ScheduleBudgetMismatch)
            .contains(&(Some(r(1, 1)), Some(2566)))
    );
    assert_eq!(
        codes_for(&report, FindingCode::FormBudgetMismatch),
        [(Some(r(1, 1)), None)]
    );
}

#[test]
fn a_wrong_stated_count_is_reported_at_its_line() {
    let seed = seed();
    let text = replace_once(&seed, "\tรวม\tจำนวน 13 โครงการ", "\tรวม\tจำนวน 14 โครงการ");
    let report = import(&text);
    let found: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::StatedCountMismatch)
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].line,
        Some(line_of(&seed, "\tรวม\tจำนวน 13 โครงการ") as u32 + 1)
    );
    assert_eq!(
        (found[0].expected.as_deref(), found[0].found.as_deref()),
        (Some("13"), Some("14"))
    );
}

#[test]
fn schedule_rows_missing_duplicated_unknown_or_in_the_wrong_dimension() {
    let seed = seed();
    // 2567 (the second table) loses "โครงการโรงเรียนคุณธรรม" (1.13): its row 9.
    let lines: Vec<&str> = seed.lines().collect();
    let start_2567 = line_of(&seed, "แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2567");
    let row9 = start_2567
        + lines[start_2567..]
            .iter()
            .position(|l| l.starts_with("9\tโครงการโรงเรียนคุณธรรม"))
            .unwrap();
    let row12 = start_2567
        + lines[start_2567..]
            .iter()
            .position(|l| l.starts_with("12\t"))
            .unwrap();
    let row13 = start_2567
        + lines[start_2567..]
            .iter()
            .position(|l| l.starts_with("13\t"))
            .unwrap();
    let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    edited[row9] = "9\tโครงการจัดซื้อรถดับเพลิงใหม่\t1\t0.00\t☑\t☑\t☑\t☑\t".into();
    // Row 12 (2.1 มาตรการปรับปรุงและพัฒนาศูนย์ข้อมูลข่าวสาร…) says dimension 3.
    edited[row12] = edited[row12].replacen("\t2\t", "\t3\t", 1);
    // Row 13 repeats row 11's item (1.12): one item is never matched twice.
    edited[row13] = "13\tโครงการประกวดคำขวัญต่อต้านการทุจริต\t1\t60,000.00\t☑\t☑\t☑\t☑\t".into();
    let report = import(&edited.join("\n"));
    let s2567 = report
        .plan
        .schedules
        .iter()
        .find(|s| s.fiscal_year == 2567)
        .unwrap();
    assert_eq!(
        s2567
            .rows
            .iter()
            .filter(|row| row.item == Some(r(1, 12)))
            .count(),
        1
    );
    let missing: BTreeSet<_> = codes_for(&report, FindingCode::ScheduleMissingItem)
        .into_iter()
        .collect();
    assert!(missing.contains(&(Some(r(1, 13)), Some(2567))));
    assert!(
        missing.contains(&(Some(r(1, 5)), Some(2567))),
        "1.5 (row 13's original item) is now missing"
    );
    let unmatched: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::ScheduleUnmatchedRow)
        .collect();
    assert_eq!(
        unmatched.len(),
        2,
        "the new item and the duplicate: {unmatched:#?}"
    );
    assert!(unmatched.iter().all(|f| f.fiscal_year == Some(2567)));
    assert!(unmatched.iter().any(|f| f.line == Some(row9 as u32 + 1)));
    assert_eq!(
        codes_for(&report, FindingCode::ScheduleDimensionMismatch),
        [(Some(r(2, 1)), Some(2567))]
    );
}

#[test]
fn stated_schedule_totals_are_checked() {
    let text = replace_once(
        &seed(),
        "รวมทั้งสิ้น\t\t\t750,000.00\t47\t47\t47\t47",
        "รวมทั้งสิ้น\t\t\t760,000.00\t47\t47\t47\t47",
    );
    let report = import(&text);
    let totals: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::ScheduleTotalMismatch)
        .collect();
    assert_eq!(totals.len(), 1);
    assert_eq!(totals[0].fiscal_year, Some(2570));
    assert_eq!(
        (totals[0].expected.as_deref(), totals[0].found.as_deref()),
        (Some("750,000"), Some("760,000"))
    );
}

#[test]
fn a_missing_form_and_a_form_budget_that_disagrees() {
    let seed = seed();
    let start = line_of(&seed, "1. ชื่อโครงการ : โครงการโรงเรียนคุณธรรม");
    let end = line_of(&seed, "มติที่ 2 การบริหารราชการด้วยความโปร่งใส");
    let lines: Vec<&str> = seed.lines().collect();
    let mut edited: Vec<&str> = lines[..start].to_vec();
    edited.extend_from_slice(&lines[end - 2..]);
    let text = edited
        .join("\n")
        .replacen("งบประมาณปีละ 60,000 บาท", "งบประมาณปีละ 65,000 บาท", 1);
    let report = import(&text);
    assert_eq!(
        codes_for(&report, FindingCode::FormMissing),
        [(Some(r(1, 13)), None)]
    );
    assert!(report.plan.item(r(1, 13)).unwrap().form.is_none());
    assert_eq!(
        codes_for(&report, FindingCode::FormBudgetMismatch),
        [(Some(r(1, 12)), None)]
    );
}

#[test]
fn cells_wrapped_over_lines_are_joined() {
    let seed = seed();
    // Part 2: item 1.13's name continues on the next line; 2566 row 4 too.
    let text = replace_once(
        &seed,
        "\t\t13) โครงการโรงเรียนคุณธรรม\t100,000",
        "\t\t13) โครงการโรงเรียน\n\t\tคุณธรรม\t100,000",
    );
    let text = text.replacen(
        "4\tโครงการโรงเรียนคุณธรรม\t1\t100,000.00",
        "4\tโครงการโรงเรียน\t1\t100,000.00",
        1,
    );
    let text = text.replacen(
        "\t1\t100,000.00\t☑\t☑\t☑\t☑\t\n",
        "\t1\t100,000.00\t☑\t☑\t☑\t☑\t\n\tคุณธรรม\n",
        1,
    );
    let report = import(&text);
    assert_eq!(report.plan.item_count(), 47);
    assert_eq!(
        report.plan.item(r(1, 13)).unwrap().name,
        "โครงการโรงเรียน คุณธรรม"
    );
    let row = &report.plan.schedules[0].rows[3];
    assert_eq!(row.name, "โครงการโรงเรียน คุณธรรม");
    assert_eq!(row.item, Some(r(1, 13)));
    assert!(codes_for(&report, FindingCode::ScheduleMissingItem).is_empty());
}

#[test]
fn organization_given_on_the_command_line_is_compared() {
    let options = ImportOptions {
        organization: Some("เทศบาลเมืองทดสอบ".into()),
    };
    let report = import_text(&seed(), &options).unwrap();
    assert_eq!(report.plan.organization, "เทศบาลเมืองทดสอบ");
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code == FindingCode::OrganizationMismatch
                && f.found.as_deref() == Some("เทศบาลนครนครศรีธรรมราช"))
    );
}

#[test]
fn tis620_documents_are_read_correctly() {
    // Characters TIS-620 lacks are replaced first: ticks become HTML checkboxes.
    let text = seed()
        .replace(['☑', '✓'], "<input checked=\"\" type=\"checkbox\"/>")
        .replace("必将", "");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_874.encode(&text);
    assert!(!unmappable, "the test text fits Windows-874");
    let from_tis = import_plan(&bytes, &ImportOptions::default()).unwrap();
    let from_utf8 = import(&text);
    assert_eq!(from_tis.plan, from_utf8.plan);
    assert_eq!(from_tis.findings[0].code, FindingCode::EncodingConverted);
    assert_eq!(&from_tis.findings[1..], &from_utf8.findings[..]);
}

// ---- unusable input ----

fn error_of(bytes: &[u8]) -> ImportError {
    import_plan(bytes, &ImportOptions::default()).expect_err("refused")
}

#[test]
fn empty_binary_and_foreign_files_are_refused_in_thai() {
    assert_eq!(error_of(b""), ImportError::Empty);
    assert_eq!(error_of(b" \n\t\n"), ImportError::Empty);
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert!(matches!(
        error_of(&random),
        ImportError::NotText { .. } | ImportError::UnknownEncoding { .. }
    ));
    let pdf = b"%PDF-1.7\n\x00\x01\x02binary";
    assert!(matches!(error_of(pdf), ImportError::NotText { offset: 9 }));
    let latin1 = "Caf\u{e9} cr\u{e8}me br\u{fb}l\u{e9}e"
        .chars()
        .map(|c| c as u8)
        .collect::<Vec<u8>>();
    assert!(matches!(
        error_of(&latin1),
        ImportError::UnknownEncoding { .. }
    ));
    let news = "ข่าวประชาสัมพันธ์\nเทศบาลจัดงานวันเด็กแห่งชาติ ณ สนามหน้าเมือง\n".as_bytes();
    let err = error_of(news);
    assert_eq!(err, ImportError::NotAPlan);
    assert!(err.to_string().contains("ส่วนที่ 2"));
}

#[test]
fn truncated_documents_are_refused_with_the_line() {
    let seed = seed();
    let lines: Vec<&str> = seed.lines().collect();
    let cut = |n: usize| lines[..n].join("\n");
    // Inside Part 2 (before the grand total row at line 191).
    match import_text(&cut(170), &ImportOptions::default()) {
        Err(ImportError::Truncated { start, .. }) => assert_eq!(start, 120),
        other => panic!("{other:?}"),
    }
    // Inside a form of Part 3 (form 1.4 starts at line 366).
    match import_text(&cut(380), &ImportOptions::default()) {
        Err(e @ ImportError::Truncated { .. }) => {
            let message = e.to_string();
            assert!(message.contains("366"), "{message}");
            assert!(message.contains("ผลผลิต"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // Inside the 2568 table.
    let in_2568 = line_of(&seed, "แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2568") + 10;
    match import_text(&cut(in_2568), &ImportOptions::default()) {
        Err(e @ ImportError::Truncated { .. }) => assert!(e.to_string().contains("2568"), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_bad_amount_names_its_line() {
    let text = replace_once(
        &seed(),
        "\t\t12) โครงการประกวดคำขวัญต่อต้านการทุจริต\t60,000",
        "\t\t12) โครงการประกวดคำขวัญต่อต้านการทุจริต\t6O,000",
    );
    match import_text(&text, &ImportOptions::default()) {
        Err(ImportError::BadLine { line, message }) => {
            assert_eq!(line, 136);
            assert!(message.contains("6O,000"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn cutting_the_seed_anywhere_never_panics() {
    let seed = seed();
    let lines: Vec<&str> = seed.lines().collect();
    // Every 97th line: all sections are cut somewhere, and the test stays quick.
    for n in (0..lines.len()).step_by(97) {
        let text = lines[..n].join("\n");
        match import_text(&text, &ImportOptions::default()) {
            Ok(report) => assert_eq!(report.plan.item_count(), 47, "cut at {n}"),
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
}
