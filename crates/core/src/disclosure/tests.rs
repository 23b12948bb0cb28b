use super::*;
use crate::fiscal::FiscalYear;
use proptest::prelude::*;
use std::collections::HashSet;
use time::Date;
use time::macros::{date, datetime};

fn item(code: &str, cadence: Cadence, due: DueRule) -> CatalogueItem {
    CatalogueItem {
        code: code.into(),
        title: format!("รายการ {code}"),
        topic: Topic::Budget,
        subheading: None,
        contents: "สรุปผล".into(),
        cadence,
        due,
        owner_unit: Some("สำนักคลัง".into()),
        reconstructed: false,
        note: None,
        generated_source: None,
        same_as: None,
    }
}

fn catalogue(items: Vec<CatalogueItem>) -> Catalogue {
    Catalogue {
        fiscal_year: FiscalYear(2568),
        title: "รายการทดสอบ 2568".into(),
        description: None,
        items,
    }
}

fn dues(item: &CatalogueItem, year: u16) -> Vec<(String, Date)> {
    item.schedule(FiscalYear(year))
        .into_iter()
        .map(|s| (s.period.key(), s.due_on))
        .collect()
}

// ---------------------------------------------------------------------------
// Periods and due dates

#[test]
fn monthly_due_dates_cross_the_calendar_year_and_the_leap_day() {
    // Fiscal year 2567 = 1 Oct 2023 – 30 Sep 2024; 2024 is a leap year.
    let monthly = item(
        "O21",
        Cadence::Monthly,
        DueRule::AfterPeriodEnd { days: 15 },
    );
    let schedule = monthly.schedule(FiscalYear(2567));
    assert_eq!(schedule.len(), 12);
    assert_eq!(schedule[0].period, Period::Month(10));
    assert_eq!(schedule[0].starts_on, date!(2023 - 10 - 01));
    assert_eq!(schedule[0].ends_on, date!(2023 - 10 - 31));
    assert_eq!(schedule[0].due_on, date!(2023 - 11 - 15));
    // December's report is due in January of the next CE year.
    assert_eq!(schedule[2].due_on, date!(2024 - 01 - 15));
    // February 2024 has 29 days.
    assert_eq!(schedule[4].period, Period::Month(2));
    assert_eq!(schedule[4].ends_on, date!(2024 - 02 - 29));
    assert_eq!(schedule[4].due_on, date!(2024 - 03 - 15));
    // September's report falls due in the next fiscal year.
    assert_eq!(schedule[11].ends_on, date!(2024 - 09 - 30));
    assert_eq!(schedule[11].due_on, date!(2024 - 10 - 15));
    assert_eq!(FiscalYear::of(schedule[11].due_on), FiscalYear(2568));
    // 2568: February 2025 has 28 days.
    let next = monthly.schedule(FiscalYear(2568));
    assert_eq!(next[4].ends_on, date!(2025 - 02 - 28));
    assert_eq!(next[0].starts_on, date!(2024 - 10 - 01));
}

#[test]
fn quarterly_six_monthly_and_yearly_periods() {
    let quarterly = item(
        "O7",
        Cadence::Quarterly,
        DueRule::AfterPeriodEnd { days: 15 },
    );
    assert_eq!(
        dues(&quarterly, 2568),
        vec![
            ("q1".into(), date!(2025 - 01 - 15)),
            ("q2".into(), date!(2025 - 04 - 15)),
            ("q3".into(), date!(2025 - 07 - 15)),
            ("q4".into(), date!(2025 - 10 - 15)),
        ]
    );
    let halves = item(
        "O29",
        Cadence::SixMonthly,
        DueRule::AfterPeriodEnd { days: 15 },
    );
    let schedule = halves.schedule(FiscalYear(2568));
    assert_eq!(schedule[0].starts_on, date!(2024 - 10 - 01));
    assert_eq!(schedule[0].ends_on, date!(2025 - 03 - 31));
    assert_eq!(schedule[0].due_on, date!(2025 - 04 - 15));
    assert_eq!(schedule[1].starts_on, date!(2025 - 04 - 01));
    assert_eq!(schedule[1].due_on, date!(2025 - 10 - 15));

    let yearly_end = item("X", Cadence::Yearly, DueRule::AfterPeriodEnd { days: 30 });
    assert_eq!(
        dues(&yearly_end, 2568),
        vec![("year".into(), date!(2025 - 10 - 30))]
    );
    let yearly_start = item("X", Cadence::Yearly, DueRule::AfterPeriodStart { days: 60 });
    assert_eq!(
        dues(&yearly_start, 2566),
        vec![("year".into(), date!(2022 - 11 - 30))]
    );
    let round = item(
        "O12",
        Cadence::Yearly,
        DueRule::AfterSixMonthRound { days: 30 },
    );
    let s = round.schedule(FiscalYear(2568))[0];
    assert_eq!(s.opens_on, date!(2025 - 03 - 31));
    assert_eq!(s.due_on, date!(2025 - 04 - 30));
    let once = item("O1", Cadence::Once, DueRule::AfterPeriodStart { days: 30 });
    assert_eq!(
        dues(&once, 2568),
        vec![("once".into(), date!(2024 - 10 - 31))]
    );
}

#[test]
fn fixed_dates_fall_in_the_right_ce_year_and_29_february_is_clamped() {
    let december = item("X", Cadence::Yearly, DueRule::parse("fixed:31/12").unwrap());
    // 31 December of fiscal year 2568 is 31 Dec 2024 (BE 2567).
    assert_eq!(dues(&december, 2568)[0].1, date!(2024 - 12 - 31));
    let leap = item("X", Cadence::Once, DueRule::parse("fixed:29/02").unwrap());
    assert_eq!(dues(&leap, 2567)[0].1, date!(2024 - 02 - 29));
    assert_eq!(dues(&leap, 2568)[0].1, date!(2025 - 02 - 28));
    let june = item("X", Cadence::Yearly, DueRule::parse("fixed:30/6").unwrap());
    assert_eq!(dues(&june, 2566)[0].1, date!(2023 - 06 - 30));
}

#[test]
fn due_rules_parse_print_and_refuse_in_thai() {
    for text in ["end+15", "start+0", "half+30", "fixed:31/12", "fixed:01/10"] {
        let rule = DueRule::parse(text).unwrap();
        assert_eq!(DueRule::parse(&rule.to_string()).unwrap(), rule);
    }
    assert_eq!(
        DueRule::parse(" end+7 ").unwrap(),
        DueRule::AfterPeriodEnd { days: 7 }
    );
    for bad in [
        "",
        "end",
        "end+",
        "end+-1",
        "end+400",
        "weekly",
        "fixed:31/02",
        "fixed:1/13",
        "fixed:0/1",
        "fixed:31-12",
    ] {
        let message = DueRule::parse(bad).unwrap_err();
        assert!(message.contains("กำหนดส่ง"), "{bad}: {message}");
    }
    assert!(
        !DueRule::parse("fixed:31/12")
            .unwrap()
            .suits(Cadence::Monthly)
    );
    assert!(!DueRule::parse("half+30").unwrap().suits(Cadence::Quarterly));
    assert!(DueRule::parse("half+30").unwrap().suits(Cadence::Yearly));
}

#[test]
fn period_keys_round_trip_and_label_in_be() {
    for cadence in Cadence::ALL {
        for period in cadence.periods() {
            assert_eq!(Period::parse_key(&period.key()), Some(period));
            assert!(cadence.has(period));
        }
    }
    assert_eq!(Period::parse_key("m13"), None);
    assert_eq!(Period::parse_key("q5"), None);
    assert_eq!(Period::Month(10).thai_label(FiscalYear(2568)), "ตุลาคม 2567");
    assert_eq!(Period::Month(1).thai_label(FiscalYear(2568)), "มกราคม 2568");
    assert_eq!(
        Period::Half(Half::First).thai_label(FiscalYear(2568)),
        "รอบ 6 เดือนแรก (ต.ค. 2567–มี.ค. 2568)"
    );
    let mut months = Cadence::Monthly.periods();
    months.sort_by_key(|p| p.fiscal_order());
    assert_eq!(months.first(), Some(&Period::Month(10)));
    assert_eq!(months.last(), Some(&Period::Month(9)));
}

proptest! {
    #[test]
    fn every_period_lies_in_its_fiscal_year_and_is_due_after_it_opens(
        year in 2500u16..2700,
        cadence_index in 0usize..5,
        days in 0u16..=366,
    ) {
        let cadence = Cadence::ALL[cadence_index];
        let fiscal_year = FiscalYear(year);
        for rule in [
            DueRule::AfterPeriodEnd { days },
            DueRule::AfterPeriodStart { days },
        ] {
            let schedule = item("P", cadence, rule).schedule(fiscal_year);
            let mut previous_end: Option<Date> = None;
            for s in &schedule {
                prop_assert!(fiscal_year.contains(s.starts_on));
                prop_assert!(fiscal_year.contains(s.ends_on));
                prop_assert!(s.starts_on <= s.ends_on);
                prop_assert!(s.opens_on <= s.due_on);
                if let Some(end) = previous_end {
                    // Periods tile the year without gaps.
                    prop_assert_eq!(end.next_day(), Some(s.starts_on));
                }
                previous_end = Some(s.ends_on);
            }
            if cadence != Cadence::Once && cadence != Cadence::Yearly {
                prop_assert_eq!(schedule[0].starts_on, fiscal_year.first_day());
                prop_assert_eq!(schedule.last().unwrap().ends_on, fiscal_year.last_day());
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Status and readiness

#[test]
fn status_follows_the_dates_and_the_record() {
    let monthly = item(
        "O21",
        Cadence::Monthly,
        DueRule::AfterPeriodEnd { days: 15 },
    );
    // October 2024 of fiscal year 2568: opens 31 Oct, due 15 Nov.
    let october = monthly
        .scheduled(FiscalYear(2568), Period::Month(10))
        .unwrap();
    let nothing = PeriodRecord::default();
    assert_eq!(
        status(&october, &nothing, date!(2024 - 10 - 15)),
        DisclosureStatus::NotDue
    );
    assert_eq!(
        status(&october, &nothing, date!(2024 - 10 - 31)),
        DisclosureStatus::Due
    );
    assert_eq!(
        status(&october, &nothing, date!(2024 - 11 - 15)),
        DisclosureStatus::Due
    );
    assert_eq!(
        status(&october, &nothing, date!(2024 - 11 - 16)),
        DisclosureStatus::Late { broken_link: false }
    );
    let on_time = PeriodRecord {
        published_on: Some(date!(2024 - 11 - 15)),
        ..PeriodRecord::default()
    };
    assert_eq!(
        status(&october, &on_time, date!(2025 - 01 - 01)),
        DisclosureStatus::Published { on_time: true }
    );
    let late = PeriodRecord {
        published_on: Some(date!(2024 - 11 - 16)),
        ..PeriodRecord::default()
    };
    assert_eq!(
        status(&october, &late, date!(2025 - 01 - 01)),
        DisclosureStatus::Published { on_time: false }
    );
    let broken = PeriodRecord {
        link_broken: true,
        ..on_time.clone()
    };
    // A dead link counts as late, even before the due date.
    assert_eq!(
        status(&october, &broken, date!(2024 - 11 - 01)),
        DisclosureStatus::Late { broken_link: true }
    );
    let not_applicable = PeriodRecord {
        not_applicable: Some("ไม่มีการจัดซื้อจัดจ้างในเดือนนี้".into()),
        ..PeriodRecord::default()
    };
    assert_eq!(
        status(&october, &not_applicable, date!(2025 - 01 - 01)),
        DisclosureStatus::NotApplicable {
            reason: "ไม่มีการจัดซื้อจัดจ้างในเดือนนี้".into()
        }
    );
}

#[test]
fn a_publications_day_is_the_day_in_thailand() {
    // 17:30 UTC on 15 Nov is 00:30 on 16 Nov in Bangkok.
    assert_eq!(
        crate::thai::local_date(datetime!(2024-11-15 17:30 UTC)),
        date!(2024 - 11 - 16)
    );
    assert_eq!(
        crate::thai::local_date(datetime!(2024-11-15 16:59 UTC)),
        date!(2024 - 11 - 15)
    );
}

#[test]
fn only_the_current_publications_failed_check_breaks_it() {
    let publication = |id: &str| Publication {
        id: id.into(),
        fiscal_year: FiscalYear(2568),
        code: "O1".into(),
        period: Period::Once,
        version: 1,
        evidence: DisclosureEvidence::Link {
            url: "https://example.org/o1".into(),
        },
        note: None,
        published_by: "u".into(),
        published_at: datetime!(2024-10-10 03:00 UTC),
        superseded_at: None,
    };
    let failed = |id: &str| LinkCheck {
        publication_id: id.into(),
        checked_at: datetime!(2024-11-01 00:00 UTC),
        outcome: LinkOutcome::Failed {
            status: Some(404),
            error: "ไม่พบหน้า".into(),
        },
    };
    let mut record = DisclosureRecord {
        fiscal_year: FiscalYear(2568),
        code: "O1".into(),
        period: Period::Once,
        owner_unit_override: None,
        current: Some(publication("p2")),
        last_link_check: Some(failed("p2")),
        not_applicable: None,
    };
    assert!(record.period_record().link_broken);
    assert_eq!(
        record.period_record().published_on,
        Some(date!(2024 - 10 - 10))
    );
    record.last_link_check = Some(failed("p1"));
    assert!(!record.period_record().link_broken);
}

#[test]
fn readiness_counts_periods_whose_due_date_has_passed() {
    let cat = catalogue(vec![
        item("M", Cadence::Monthly, DueRule::AfterPeriodEnd { days: 15 }),
        item("Y", Cadence::Yearly, DueRule::AfterPeriodEnd { days: 30 }),
        item("S", Cadence::Once, DueRule::AfterPeriodStart { days: 30 }),
    ]);
    // 1 Jan 2025: due so far are October (15 Nov), November (15 Dec) and the
    // standing item (31 Oct). December (15 Jan) and the year are not.
    let today = date!(2025 - 01 - 01);
    let mut records = Records::new();
    records.insert(
        ("M".into(), Period::Month(10)),
        PeriodRecord {
            published_on: Some(date!(2024 - 11 - 10)),
            ..Default::default()
        },
    );
    records.insert(
        ("M".into(), Period::Month(11)),
        PeriodRecord {
            published_on: Some(date!(2024 - 12 - 20)),
            ..Default::default()
        },
    );
    records.insert(
        ("S".into(), Period::Once),
        PeriodRecord {
            not_applicable: Some("เหตุผล".into()),
            ..Default::default()
        },
    );
    let figure = readiness(&cat, &records, today);
    assert_eq!(
        figure,
        Readiness {
            due_so_far: 2,
            published_on_time: 1,
            published_late: 1,
            not_applicable: 1,
        }
    );
    assert_eq!(figure.percent(), Some(50.0));
    assert_eq!(
        readiness(&cat, &Records::new(), date!(2024 - 10 - 02)).percent(),
        None
    );
    let rows = board(&cat, &records, today);
    assert_eq!(rows.len(), 12 + 1 + 1);
    assert_eq!(rows[2].status, DisclosureStatus::Due);
}

// ---------------------------------------------------------------------------
// Links

#[test]
fn only_http_and_https_links_are_accepted() {
    for ok in [
        "https://www.example.go.th/ita/o1.pdf",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/a?b=c#d",
        "https://เทศบาล.ไทย/ข้อมูล",
    ] {
        assert_eq!(check_link(ok), Ok(()), "{ok}");
    }
    for bad in [
        "",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "data:text/html,hi",
        "//example.org",
        "https://",
        "https:///path",
        "https://exa mple.org",
        "www.example.org",
    ] {
        let message = check_link(bad).unwrap_err();
        assert!(message.contains("ลิงก์"), "{bad}: {message}");
    }
    let evidence = DisclosureEvidence::Link {
        url: "javascript:alert(1)".into(),
    };
    assert_eq!(evidence.validate().len(), 1);
}

// ---------------------------------------------------------------------------
// Catalogue files

#[test]
fn shipped_catalogues_parse_with_unique_codes_and_the_stated_counts() {
    let expected = [
        ("plan-2566", 2566, 34),
        ("oit-2566", 2566, 43),
        ("oit-2567", 2567, 43),
        ("oit-2568", 2568, 26),
    ];
    for (key, year, count) in expected {
        let catalogue = shipped::get(key).unwrap_or_else(|| panic!("{key} shipped"));
        assert_eq!(catalogue.fiscal_year, FiscalYear(year), "{key}");
        assert_eq!(catalogue.items.len(), count, "{key}");
        assert_eq!(catalogue.validate(), vec![], "{key}");
        let codes: HashSet<String> = catalogue.items.iter().map(|i| code_key(&i.code)).collect();
        assert_eq!(codes.len(), count, "{key}: codes unique");
        // Reconstructed texts always say why.
        for item in catalogue.items.iter().filter(|i| i.reconstructed) {
            assert!(
                item.note.as_deref().is_some_and(|n| !n.is_empty()),
                "{key} {}",
                item.code
            );
        }
        // Every shipped file survives both export formats.
        assert_eq!(
            Catalogue::from_toml(&catalogue.to_toml()).unwrap(),
            catalogue
        );
        let from_csv =
            Catalogue::from_csv(catalogue.fiscal_year, &catalogue.title, &catalogue.to_csv())
                .unwrap();
        assert_eq!(from_csv.items, catalogue.items, "{key}");
    }
    // The plan's list covers the 5 topics of measure 2.1, and its reports of
    // measure 2.4 and dimension 4 two more (corruption prevention, internal
    // measures); OIT adds 10.1 and 10.2.
    let plan = shipped::get("plan-2566").unwrap();
    let topics: HashSet<Topic> = plan.items.iter().map(|i| i.topic).collect();
    assert_eq!(topics.len(), 7);
    // What was reconstructed, per the research file.
    let reconstructed = |key: &str| -> Vec<String> {
        shipped::get(key)
            .unwrap()
            .items
            .into_iter()
            .filter(|i| i.reconstructed)
            .map(|i| i.code)
            .collect()
    };
    assert_eq!(reconstructed("oit-2568"), ["O5", "O6", "O7"]);
    assert_eq!(reconstructed("oit-2566"), Vec::<String>::new());
    assert_eq!(reconstructed("oit-2567").len(), 40);
    assert_eq!(reconstructed("plan-2566"), ["2.1.2-7", "2.1.2-8"]);
    // Sujarit's own pages stand in for the plan and its reports.
    let oit = shipped::get("oit-2566").unwrap();
    assert_eq!(
        oit.item("o36").unwrap().generated_source,
        Some(GeneratedSource::Plan)
    );
}

const GOOD_TOML: &str = r#"fiscal_year = 2568
title = "ทดสอบ"

[[items]]
code = "O1"
title = "โครงสร้าง"
topic = "basic_information"
contents = "แผนผัง"
cadence = "once"
due = "start+30"
"#;

fn toml_errors(text: &str) -> Vec<CatalogueError> {
    Catalogue::from_toml(text).unwrap_err().0
}

#[test]
fn a_minimal_toml_catalogue_reads_with_defaults() {
    let catalogue = Catalogue::from_toml(GOOD_TOML).unwrap();
    assert_eq!(catalogue.items.len(), 1);
    assert!(!catalogue.items[0].reconstructed);
    assert_eq!(catalogue.items[0].owner_unit, None);
    // A BOM is fine too.
    assert!(Catalogue::from_toml(&format!("\u{feff}{GOOD_TOML}")).is_ok());
}

#[test]
fn toml_problems_name_the_line_and_field_in_thai() {
    let unknown_cadence = GOOD_TOML.replace("\"once\"", "\"weekly\"");
    let errors = toml_errors(&unknown_cadence);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, Some(9));
    assert_eq!(errors[0].field, Some("cadence"));
    assert!(errors[0].message.contains("ไม่รู้จักความถี่ \"weekly\""));
    assert!(errors[0].to_string().starts_with("บรรทัด 9 ช่อง cadence:"));

    let missing_title = GOOD_TOML.replace("title = \"โครงสร้าง\"\n", "");
    let errors = toml_errors(&missing_title);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, Some("title"));
    assert_eq!(errors[0].line, Some(4), "{errors:?}");
    assert!(errors[0].message.contains("ไม่มีชื่อรายการ"));

    let bad_due = GOOD_TOML.replace("start+30", "start+forever");
    let errors = toml_errors(&bad_due);
    assert_eq!((errors[0].line, errors[0].field), (Some(10), Some("due")));

    let duplicate = format!(
        "{GOOD_TOML}\n{}",
        &GOOD_TOML[GOOD_TOML.find("[[items]]").unwrap()..]
    );
    let errors = toml_errors(&duplicate);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, Some(12));
    assert!(errors[0].message.contains("ซ้ำกับบรรทัด 4"));

    let unknown_field = GOOD_TOML.replace("cadence = ", "colour = \"red\"\ncadence = ");
    let errors = toml_errors(&unknown_field);
    assert!(
        errors[0].message.contains("ไม่รู้จักช่อง \"colour\""),
        "{errors:?}"
    );
    assert!(errors[0].line.is_some());

    let syntax = GOOD_TOML.replace("code = \"O1\"", "code = O1");
    let errors = toml_errors(&syntax);
    assert_eq!(errors[0].line, Some(5));
    assert!(errors[0].message.contains("TOML"));

    let monthly_fixed = GOOD_TOML
        .replace("\"once\"", "\"monthly\"")
        .replace("start+30", "fixed:31/12");
    let errors = toml_errors(&monthly_fixed);
    assert_eq!((errors[0].line, errors[0].field), (Some(10), Some("due")));

    let no_year = GOOD_TOML.replace("fiscal_year = 2568\n", "");
    assert_eq!(toml_errors(&no_year)[0].field, Some("fiscal_year"));
    let ce_year = GOOD_TOML.replace("2568", "2025");
    assert!(toml_errors(&ce_year)[0].message.contains("พ.ศ."));

    let reconstructed_without_note = GOOD_TOML.replace("due =", "reconstructed = true\ndue =");
    assert_eq!(
        toml_errors(&reconstructed_without_note)[0].field,
        Some("note")
    );
}

const GOOD_CSV: &str = "code,title,topic,contents,cadence,due\n\
O1,โครงสร้าง,basic_information,แผนผัง,once,start+30\n\
O21,\"สรุปผลการจัดซื้อจัดจ้าง, รายเดือน\",budget,สขร.1,monthly,end+15\n";

fn csv_errors(text: &str) -> Vec<CatalogueError> {
    Catalogue::from_csv(FiscalYear(2568), "ทดสอบ", text)
        .unwrap_err()
        .0
}

#[test]
fn csv_catalogues_read_with_or_without_bom() {
    for text in [GOOD_CSV.to_owned(), format!("\u{feff}{GOOD_CSV}")] {
        let catalogue = Catalogue::from_csv(FiscalYear(2568), "ทดสอบ", &text).unwrap();
        assert_eq!(catalogue.items.len(), 2);
        assert_eq!(catalogue.items[1].title, "สรุปผลการจัดซื้อจัดจ้าง, รายเดือน");
        assert_eq!(catalogue.items[1].cadence, Cadence::Monthly);
    }
}

#[test]
fn csv_problems_name_the_line_and_column_in_thai() {
    let errors = csv_errors(&GOOD_CSV.replace("monthly", "weekly"));
    assert_eq!(
        (errors[0].line, errors[0].field),
        (Some(3), Some("cadence"))
    );

    let errors = csv_errors(&GOOD_CSV.replace("O21", "o1"));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, Some(3));
    assert!(errors[0].message.contains("ซ้ำกับบรรทัด 2"));

    let errors = csv_errors(&GOOD_CSV.replace("แผนผัง", ""));
    assert_eq!(
        (errors[0].line, errors[0].field),
        (Some(2), Some("contents"))
    );

    let errors = csv_errors(&GOOD_CSV.replace(",due\n", "\n"));
    assert_eq!(errors[0].field, Some("due"));
    assert!(errors[0].message.contains("หัวตารางไม่มีช่อง due"));

    let errors = csv_errors(&GOOD_CSV.replace("code,title", "code,colour"));
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("ไม่รู้จักช่อง \"colour\""))
    );

    let errors = csv_errors(&format!("{GOOD_CSV}O30,x,budget\n"));
    assert_eq!(errors[0].line, Some(4));

    let errors = csv_errors(&GOOD_CSV.replace("end+15", "fixed:32/1"));
    assert_eq!((errors[0].line, errors[0].field), (Some(3), Some("due")));

    let year_errors = Catalogue::from_csv(FiscalYear(68), "ทดสอบ", GOOD_CSV)
        .unwrap_err()
        .0;
    assert_eq!(year_errors[0].field, Some("fiscal_year"));
}

#[test]
fn copying_to_a_new_year_keeps_codes_and_changes_the_year() {
    let oit = shipped::get("oit-2567").unwrap();
    let copy = oit.copied_to(FiscalYear(2569));
    assert_eq!(copy.fiscal_year, FiscalYear(2569));
    assert_eq!(copy.title, "รายการ OIT (ITA) ปีงบประมาณ 2569");
    assert_eq!(copy.items, oit.items);
    let o21 = copy.item("O21").unwrap();
    assert_eq!(
        o21.schedule(copy.fiscal_year)[0].due_on,
        date!(2025 - 11 - 15)
    );
}

fn text_strategy() -> impl Strategy<Value = String> {
    // Thai, ASCII, commas, quotes and line breaks: what CSV and TOML must escape.
    proptest::string::string_regex("[ก-ฮa-zA-Z0-9 ,\"'\\n\\\\#=\\[\\]]{1,24}")
        .unwrap()
        .prop_filter("not blank", |s| !s.trim().is_empty())
        .prop_map(|s| s.trim().to_owned())
}

fn item_strategy() -> impl Strategy<Value = CatalogueItem> {
    (
        text_strategy(),
        text_strategy(),
        0usize..7,
        proptest::option::of(text_strategy()),
        0usize..5,
        0u16..=366,
        proptest::option::of(text_strategy()),
        any::<bool>(),
        proptest::option::of(text_strategy()),
        proptest::option::of(0usize..GeneratedSource::ALL.len()),
    )
        .prop_map(
            |(
                title,
                contents,
                topic,
                subheading,
                cadence,
                days,
                owner,
                reconstructed,
                note,
                source,
            )| {
                let cadence = Cadence::ALL[cadence];
                CatalogueItem {
                    code: String::new(),
                    title,
                    topic: Topic::ALL[topic],
                    subheading,
                    contents,
                    cadence,
                    due: if days % 2 == 0 {
                        DueRule::AfterPeriodEnd { days }
                    } else {
                        DueRule::AfterPeriodStart { days }
                    },
                    owner_unit: owner,
                    reconstructed,
                    note: if reconstructed {
                        Some(note.unwrap_or_else(|| "เหตุผล".into()))
                    } else {
                        note
                    },
                    generated_source: source.map(|i| GeneratedSource::ALL[i]),
                    same_as: None,
                }
            },
        )
}

proptest! {
    #[test]
    fn export_then_import_round_trips(
        items in proptest::collection::vec(item_strategy(), 0..6),
        year in 2500u16..2700,
    ) {
        let items = items
            .into_iter()
            .enumerate()
            .map(|(i, mut item)| {
                item.code = format!("O{}", i + 1);
                item
            })
            .collect();
        let catalogue = Catalogue {
            fiscal_year: FiscalYear(year),
            title: "รายการ \"ทดสอบ\"".into(),
            description: Some("คำอธิบาย\nสองบรรทัด".into()),
            items,
        };
        prop_assert_eq!(Catalogue::from_toml(&catalogue.to_toml()).unwrap(), catalogue.clone());
        let from_csv = Catalogue::from_csv(catalogue.fiscal_year, &catalogue.title, &catalogue.to_csv()).unwrap();
        prop_assert_eq!(from_csv.items, catalogue.items);
    }
}

#[test]
fn reminders_list_what_falls_due_soon_and_what_is_late_with_its_owner() {
    let cat = catalogue(vec![
        item("M", Cadence::Monthly, DueRule::AfterPeriodEnd { days: 15 }),
        item("Y", Cadence::Yearly, DueRule::AfterPeriodEnd { days: 30 }),
    ]);
    let mut records = Records::new();
    records.insert(
        ("M".into(), Period::Month(11)),
        PeriodRecord {
            owner_unit_override: Some("ฝ่ายพัสดุ".into()),
            ..Default::default()
        },
    );
    records.insert(
        ("M".into(), Period::Month(10)),
        PeriodRecord {
            published_on: Some(date!(2024 - 11 - 01)),
            ..Default::default()
        },
    );
    // 10 Dec 2024: November (due 15 Dec) within 7 days; October published.
    let rows = reminders(&cat, &records, date!(2024 - 12 - 10), 7);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].schedule.period, Period::Month(11));
    assert_eq!(rows[0].owner_unit.as_deref(), Some("ฝ่ายพัสดุ"));
    // 20 Dec: November is late and still listed; December (15 Jan) is not yet.
    let rows = reminders(&cat, &records, date!(2024 - 12 - 20), 7);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].status,
        DisclosureStatus::Late { broken_link: false }
    );
    // 10 Jan 2025: November late, December due in 5 days, default owner.
    let rows = reminders(&cat, &records, date!(2025 - 01 - 10), 7);
    let periods: Vec<Period> = rows.iter().map(|r| r.schedule.period).collect();
    assert_eq!(periods, vec![Period::Month(11), Period::Month(12)]);
    assert_eq!(rows[1].owner_unit.as_deref(), Some("สำนักคลัง"));
}

// ---------------------------------------------------------------------------
// Generated sources and the facts that decide whether their page exists

mod generated_facts {
    use super::*;
    use crate::ItemRef;
    use crate::activity::{
        Activity, ActivityInput, ActivityKind, GroupCount, Session, TargetGroup,
    };
    use crate::survey::{DEFAULT_MIN_PUBLIC, Phase, Survey, SurveyInput, SurveyKind};
    use time::macros::time;

    const YEAR: FiscalYear = FiscalYear(2568);
    /// 20 January 2025, in fiscal year 2568.
    const TODAY: Date = date!(2025 - 01 - 20);

    fn activity(
        kind: ActivityKind,
        groups: &[TargetGroup],
        day: Date,
        published: bool,
    ) -> Activity {
        Activity {
            id: format!("a-{day}"),
            input: ActivityInput {
                item: ItemRef {
                    dimension: 1,
                    no: 1,
                },
                fiscal_year: FiscalYear::of(day).be(),
                kind,
                title: "กิจกรรมทดสอบ".into(),
                sessions: vec![Session {
                    date: day,
                    starts: time!(09:00),
                    ends: time!(12:00),
                }],
                venue: String::new(),
                topics: Vec::new(),
                speakers: Vec::new(),
                groups: groups
                    .iter()
                    .map(|&group| GroupCount {
                        group,
                        planned: 10,
                        actual: None,
                    })
                    .collect(),
                roster_entries: Vec::new(),
                summary: String::new(),
            },
            published,
            checkin_token: String::new(),
            checkins: Vec::new(),
            photos: Vec::new(),
            revision: 1,
        }
    }

    fn survey(id: &str, kind: SurveyKind, activity: Option<&str>, responses: u64) -> Survey {
        Survey {
            id: id.into(),
            input: SurveyInput {
                title: "แบบสำรวจ".into(),
                kind,
                item: None,
                fiscal_year: YEAR.be(),
                activity: activity.map(Into::into),
                phase: Phase::Single,
                opens: date!(2024 - 10 - 01),
                closes: date!(2025 - 09 - 30),
                pass_mark: None,
                min_public: DEFAULT_MIN_PUBLIC,
                questions: Vec::new(),
            },
            responses,
        }
    }

    fn facts(activities: &[Activity], surveys: &[Survey]) -> GeneratedFacts {
        GeneratedFacts::gather(false, YEAR, TODAY, activities, surveys)
    }

    #[test]
    fn the_plan_sources_need_a_plan_and_the_complaint_pages_always_exist() {
        let none = GeneratedFacts::default();
        let plan = GeneratedFacts {
            has_plan: true,
            ..GeneratedFacts::default()
        };
        for source in [
            GeneratedSource::Plan,
            GeneratedSource::Monitoring6m,
            GeneratedSource::Monitoring12m,
        ] {
            assert!(!source.page_exists(&none), "{source:?}");
            assert!(source.page_exists(&plan), "{source:?}");
            assert!(source.needs().is_some(), "{source:?}");
        }
        assert!(GeneratedSource::ComplaintStats.page_exists(&none));
        assert!(GeneratedSource::CorruptionReportChannel.page_exists(&none));
        assert_eq!(GeneratedSource::ComplaintStats.needs(), None);
        // A plan makes none of the new pages exist.
        for source in [
            GeneratedSource::SatisfactionSurvey,
            GeneratedSource::EthicsActivities,
            GeneratedSource::StaffDevelopment,
            GeneratedSource::Participation,
        ] {
            assert!(!source.page_exists(&plan), "{source:?}");
            assert!(source.needs().is_some_and(|n| !n.is_empty()), "{source:?}");
        }
    }

    #[test]
    fn every_source_has_a_key_that_parses_back_and_a_thai_label() {
        let keys: HashSet<&str> = GeneratedSource::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(keys.len(), GeneratedSource::ALL.len());
        for source in GeneratedSource::ALL {
            assert_eq!(GeneratedSource::parse(source.as_str()), Some(source));
            assert!(!source.thai().is_empty());
        }
        assert_eq!(
            GeneratedSource::parse(" ethics_activities "),
            Some(GeneratedSource::EthicsActivities)
        );
        assert_eq!(GeneratedSource::parse("activities"), None);
    }

    #[test]
    fn a_published_activity_held_in_the_year_makes_the_ethics_page_exist() {
        let held = activity(
            ActivityKind::Campaign,
            &[TargetGroup::Community],
            date!(2024 - 12 - 05),
            true,
        );
        assert!(!GeneratedSource::EthicsActivities.page_exists(&facts(&[], &[])));
        let with = facts(std::slice::from_ref(&held), &[]);
        assert_eq!(with.activities, 1);
        assert!(GeneratedSource::EthicsActivities.page_exists(&with));

        // Not published, not yet held, or of another year: it does not count.
        let mut hidden = held.clone();
        hidden.published = false;
        let later = activity(
            ActivityKind::Campaign,
            &[TargetGroup::Community],
            date!(2025 - 01 - 21),
            true,
        );
        let last_year = activity(
            ActivityKind::Campaign,
            &[TargetGroup::Community],
            date!(2024 - 09 - 20),
            true,
        );
        for other in [hidden, later.clone(), last_year] {
            let f = facts(std::slice::from_ref(&other), &[]);
            assert_eq!(f.activities, 0, "{:?}", other.input.sessions);
            assert!(!GeneratedSource::EthicsActivities.page_exists(&f));
        }
        // Held on the day itself counts.
        let today = activity(ActivityKind::Campaign, &[], TODAY, true);
        assert_eq!(facts(&[today, later], &[]).activities, 1);
    }

    #[test]
    fn staff_development_is_a_training_of_staff_and_participation_is_for_the_public() {
        let day = date!(2024 - 11 - 11);
        let training = activity(ActivityKind::Training, &[TargetGroup::Staff], day, true);
        let camp = activity(ActivityKind::Camp, &[TargetGroup::Executives], day, true);
        let forum = activity(ActivityKind::Forum, &[TargetGroup::Community], day, true);
        let youth = activity(ActivityKind::Contest, &[TargetGroup::Youth], day, true);
        let staff_campaign = activity(ActivityKind::Campaign, &[TargetGroup::Staff], day, true);
        let council = activity(
            ActivityKind::Training,
            &[TargetGroup::CouncilMembers],
            day,
            true,
        );

        assert!(is_staff_development(&training.input));
        assert!(is_staff_development(&camp.input));
        assert!(
            !is_staff_development(&staff_campaign.input),
            "not a training"
        );
        assert!(!is_staff_development(&forum.input), "not for staff");
        assert!(!is_staff_development(&council.input));
        assert!(is_participation(&forum.input));
        assert!(is_participation(&youth.input));
        assert!(!is_participation(&training.input));
        assert!(!is_participation(&council.input));

        let only_staff = facts(&[training.clone(), staff_campaign.clone()], &[]);
        assert_eq!(
            (
                only_staff.activities,
                only_staff.staff_development,
                only_staff.participation
            ),
            (2, 1, 0)
        );
        assert!(GeneratedSource::StaffDevelopment.page_exists(&only_staff));
        assert!(!GeneratedSource::Participation.page_exists(&only_staff));

        let only_public = facts(&[forum, staff_campaign], &[]);
        assert!(!GeneratedSource::StaffDevelopment.page_exists(&only_public));
        assert!(GeneratedSource::Participation.page_exists(&only_public));
        assert!(GeneratedSource::EthicsActivities.page_exists(&only_public));

        // An unpublished training is no staff development yet.
        let mut draft = training;
        draft.published = false;
        assert!(!GeneratedSource::StaffDevelopment.page_exists(&facts(&[draft], &[])));
    }

    #[test]
    fn the_satisfaction_report_is_a_service_survey_of_the_year_with_public_results() {
        let service = survey("service", SurveyKind::Satisfaction, None, 40);
        let f = facts(&[], std::slice::from_ref(&service));
        assert_eq!(f.satisfaction_survey.as_deref(), Some("service"));
        assert!(GeneratedSource::SatisfactionSurvey.page_exists(&f));

        // Too few answers to show, an activity's own survey, a test, another
        // year: none stands for the report.
        let few = survey(
            "few",
            SurveyKind::Satisfaction,
            None,
            u64::from(DEFAULT_MIN_PUBLIC) - 1,
        );
        let of_activity = survey("training", SurveyKind::Satisfaction, Some("a1"), 90);
        let test = survey("test", SurveyKind::Test, None, 90);
        let mut last_year = service.clone();
        last_year.id = "2567".into();
        last_year.input.fiscal_year = 2567;
        let mut none_needed = survey("empty", SurveyKind::Satisfaction, None, 0);
        none_needed.input.min_public = 0;
        let others = [few, of_activity, test, last_year, none_needed];
        let f = facts(&[], &others);
        assert_eq!(f.satisfaction_survey, None);
        assert!(!GeneratedSource::SatisfactionSurvey.page_exists(&f));

        // Exactly the threshold is public; of several, the most answered.
        let at = survey(
            "at",
            SurveyKind::Satisfaction,
            None,
            u64::from(DEFAULT_MIN_PUBLIC),
        );
        assert!(results_public(&at));
        let all: Vec<Survey> = others.into_iter().chain([at, service]).collect();
        assert_eq!(
            facts(&[], &all).satisfaction_survey.as_deref(),
            Some("service")
        );
    }

    #[test]
    fn the_shipped_oit_items_name_the_new_sources() {
        let source_of = |key: &str, code: &str| {
            shipped::get(key)
                .unwrap()
                .item(code)
                .unwrap_or_else(|| panic!("{key} {code}"))
                .generated_source
        };
        for key in ["oit-2566", "oit-2567"] {
            assert_eq!(
                source_of(key, "O17"),
                Some(GeneratedSource::SatisfactionSurvey)
            );
            assert_eq!(
                source_of(key, "O24"),
                Some(GeneratedSource::StaffDevelopment)
            );
            assert_eq!(source_of(key, "O30"), Some(GeneratedSource::Participation));
            assert_eq!(
                source_of(key, "O40"),
                Some(GeneratedSource::EthicsActivities)
            );
            // The earlier ones stay.
            assert_eq!(source_of(key, "O36"), Some(GeneratedSource::Plan));
        }
        assert_eq!(
            source_of("oit-2568", "O16"),
            Some(GeneratedSource::EthicsActivities)
        );
        assert_eq!(
            source_of("oit-2568", "O20"),
            Some(GeneratedSource::Participation)
        );
        assert_eq!(source_of("oit-2568", "O25"), Some(GeneratedSource::Plan));
        assert_eq!(
            source_of("plan-2566", "2.1.2-7"),
            Some(GeneratedSource::SatisfactionSurvey)
        );
        assert_eq!(
            source_of("plan-2566", "2.1.4-2"),
            Some(GeneratedSource::StaffDevelopment)
        );
        assert_eq!(
            source_of("plan-2566", "2.1.5-2"),
            Some(GeneratedSource::Participation)
        );
    }
}

fn sharing(code: &str, same_as: &str) -> CatalogueItem {
    CatalogueItem {
        same_as: Some(same_as.into()),
        ..item(code, Cadence::Once, DueRule::AfterPeriodStart { days: 30 })
    }
}

#[test]
fn an_item_on_anothers_document_stands_on_its_publication_and_both_count() {
    let once = |code: &str| item(code, Cadence::Once, DueRule::AfterPeriodStart { days: 30 });
    let cat = catalogue(vec![once("O1"), sharing("2.1.1-1", "O1"), once("O2")]);
    assert!(cat.validate().is_empty(), "{:?}", cat.validate());
    assert_eq!(cat.publishing_code(&cat.items[1]), "O1");
    assert_eq!(cat.publishing_code(&cat.items[0]), "O1");
    assert_eq!(cat.sharing("o1").len(), 1, "codes compare without case");
    let today = date!(2025 - 01 - 01);
    let mut records = Records::new();
    records.insert(
        ("O1".into(), Period::Once),
        PeriodRecord {
            published_on: Some(date!(2024 - 10 - 15)),
            ..Default::default()
        },
    );
    // The sharing item's own owner override stays its own.
    records.insert(
        ("2.1.1-1".into(), Period::Once),
        PeriodRecord {
            owner_unit_override: Some("สำนักปลัด".into()),
            ..Default::default()
        },
    );
    let rows = board(&cat, &records, today);
    let shared = rows.iter().find(|r| r.code == "2.1.1-1").unwrap();
    assert_eq!(shared.status, DisclosureStatus::Published { on_time: true });
    assert_eq!(shared.owner_unit.as_deref(), Some("สำนักปลัด"));
    let figure = readiness(&cat, &records, today);
    assert_eq!(
        (figure.due_so_far, figure.published_on_time),
        (3, 2),
        "O1 and the item on its document, not O2"
    );
    // A broken link is broken for both.
    records
        .get_mut(&("O1".to_string(), Period::Once))
        .unwrap()
        .link_broken = true;
    let rows = board(&cat, &records, today);
    assert!(
        rows.iter()
            .filter(|r| r.code != "O2")
            .all(|r| r.status == DisclosureStatus::Late { broken_link: true })
    );
}

#[test]
fn sharing_a_document_is_one_step_between_items_with_the_same_periods() {
    let once = |code: &str| item(code, Cadence::Once, DueRule::AfterPeriodStart { days: 30 });
    let monthly = item("M", Cadence::Monthly, DueRule::AfterPeriodEnd { days: 15 });
    let problems = |items: Vec<CatalogueItem>| -> Vec<String> {
        catalogue(items)
            .validate()
            .into_iter()
            .filter(|e| e.field == Some("same_as"))
            .map(|e| e.message)
            .collect()
    };
    let nowhere = problems(vec![once("A"), sharing("B", "X9")]);
    assert!(nowhere[0].contains("ไม่พบรายการ \"X9\""), "{nowhere:?}");
    let itself = problems(vec![sharing("A", "a")]);
    assert!(itself[0].contains("ใช้เอกสารของตัวเองไม่ได้"), "{itself:?}");
    let other_periods = problems(vec![monthly, sharing("B", "M")]);
    assert!(other_periods[0].contains("งวดไม่ตรงกัน"), "{other_periods:?}");
    let chain = problems(vec![once("A"), sharing("B", "A"), sharing("C", "B")]);
    assert!(
        chain
            .iter()
            .any(|m| m.contains("รายการ B ใช้เอกสารของรายการ A อยู่แล้ว")),
        "{chain:?}"
    );
    let generated = problems(vec![
        once("A"),
        CatalogueItem {
            generated_source: Some(GeneratedSource::ALL[0]),
            ..sharing("B", "A")
        },
    ]);
    assert!(generated[0].contains("ระบบเผยแพร่เอง"), "{generated:?}");
    assert!(problems(vec![once("A"), sharing("B", "A"), sharing("C", "A")]).is_empty());
}

#[test]
fn a_shared_document_survives_the_catalogue_files() {
    let once = |code: &str| item(code, Cadence::Once, DueRule::AfterPeriodStart { days: 30 });
    let cat = catalogue(vec![once("O1"), sharing("2.1.1-1", "O1")]);
    let toml = Catalogue::from_toml(&cat.to_toml()).unwrap();
    assert_eq!(toml, cat);
    let csv = Catalogue::from_csv(cat.fiscal_year, &cat.title, &cat.to_csv()).unwrap();
    assert_eq!(csv.items, cat.items);
    // A file naming an item that is not there is refused at its line.
    let text = cat.to_csv();
    let cut = text.rfind(",O1").unwrap();
    let bad = format!("{},O9{}", &text[..cut], &text[cut + 3..]);
    let errors = Catalogue::from_csv(cat.fiscal_year, &cat.title, &bad).unwrap_err();
    assert!(
        errors
            .0
            .iter()
            .any(|e| e.field == Some("same_as") && e.line == Some(3)),
        "{errors}"
    );
}
