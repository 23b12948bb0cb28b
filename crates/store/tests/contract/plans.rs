//! Scenarios of the plan storage contract (`PlanStore`).

use std::collections::BTreeMap;
use sujarit_core::{
    Baht, Dimension, Finding, FindingCode, Item, ItemForm, ItemKind, ItemRef, Mission, Period,
    Plan, PlanReport, Proclamation, RiskRow, Schedule, ScheduleRow, Severity, TargetRow,
    TargetValue,
};
use sujarit_store::{ImportSource, PlanVersion, SaveOutcome, Store, StoreError, connect};

use crate::harness::Raw;

contract! {
    migrating_twice_is_harmless,
    organizations_are_idempotent_and_isolated,
    rich_report_round_trips_equal,
    reimporting_the_same_document_writes_nothing,
    a_new_document_becomes_version_2,
    a_failing_import_writes_nothing,
    importing_for_an_unknown_organization_is_not_found,
    concurrent_imports_take_turns,
}

// ---------------------------------------------------------------------------
// Scenarios

async fn migrating_twice_is_harmless(store: &dyn Store, _raw: &Raw) {
    // The harness migrated once already.
    store.migrate().await.expect("second migrate");
    let org = store
        .ensure_organization("nakhonsithammarat", "เทศบาลนครนครศรีธรรมราช")
        .await
        .expect("ensure organization");
    let saved = save(store, &org.id, &rich_report(), "a").await;
    store.migrate().await.expect("third migrate, with data");
    let (version, report) = store
        .current_plan(&org.id)
        .await
        .expect("current plan")
        .expect("a current plan");
    assert_eq!(version, saved);
    assert_eq!(report, rich_report());
}

async fn organizations_are_idempotent_and_isolated(store: &dyn Store, _raw: &Raw) {
    assert_eq!(store.organizations().await.expect("list"), vec![]);
    let a = store
        .ensure_organization("alpha", "เทศบาลตำบลอัลฟา")
        .await
        .expect("create alpha");
    let again = store
        .ensure_organization("alpha", "ชื่ออื่น")
        .await
        .expect("ensure alpha again");
    assert_eq!(
        again, a,
        "ensure_organization must find, not recreate or rename"
    );
    let b = store
        .ensure_organization("beta", "องค์การบริหารส่วนตำบลเบตา")
        .await
        .expect("create beta");
    assert_ne!(a.id, b.id);
    assert_eq!(
        store.organization_by_slug("alpha").await.expect("by slug"),
        Some(a.clone())
    );
    assert_eq!(
        store.organization_by_slug("gamma").await.expect("by slug"),
        None
    );
    assert_eq!(
        store.organizations().await.expect("list"),
        vec![a.clone(), b.clone()]
    );

    let a_version = save(store, &a.id, &rich_report(), "shared-document").await;
    assert_eq!(store.plan_versions(&b.id).await.expect("versions"), vec![]);
    assert!(store.current_plan(&b.id).await.expect("current").is_none());
    assert!(
        store
            .plan_version(&b.id, &a_version.id)
            .await
            .expect("version")
            .is_none(),
        "organisation B must not reach A's plan by its id"
    );

    // The same document imported by another organisation is that organisation's own.
    let b_version = save(store, &b.id, &small_report("เบตา"), "shared-document").await;
    assert_eq!(b_version.version, 1);
    assert_eq!(
        store.plan_versions(&a.id).await.expect("versions"),
        vec![a_version]
    );
    assert_eq!(
        store.plan_versions(&b.id).await.expect("versions"),
        vec![b_version]
    );
}

async fn rich_report_round_trips_equal(store: &dyn Store, _raw: &Raw) {
    let org = store
        .ensure_organization("nakhonsithammarat", "เทศบาลนครนครศรีธรรมราช")
        .await
        .expect("organization");
    let report = rich_report();
    let source = source("2566-2569.docx", "rich");
    let SaveOutcome::Saved(version) = store
        .save_plan_import(&org.id, &report, &source)
        .await
        .expect("save")
    else {
        panic!("a first import must be saved");
    };
    assert_eq!(version.version, 1);
    assert!(version.is_current);
    assert_eq!(version.organization_id, org.id);
    assert_eq!(version.title, report.plan.title);
    assert_eq!(version.first_fiscal_year, 2566);
    assert_eq!(version.last_fiscal_year, 2569);
    assert_eq!(version.source_file_name, source.file_name);
    assert_eq!(version.source_sha256, source.sha256);
    assert_eq!(version.item_count, report.plan.item_count() as i64);
    assert_eq!(version.finding_count, report.findings.len() as i64);

    let (current_version, current) = store
        .current_plan(&org.id)
        .await
        .expect("current plan")
        .expect("a current plan");
    assert_eq!(current_version, version);
    assert_eq!(current, report);

    let (by_id_version, by_id) = store
        .plan_version(&org.id, &version.id)
        .await
        .expect("plan version")
        .expect("the version");
    assert_eq!(by_id_version, version);
    assert_eq!(by_id, report);
    assert_eq!(
        store.plan_versions(&org.id).await.expect("versions"),
        vec![version]
    );
    assert!(
        store
            .plan_version(&org.id, "no-such-plan")
            .await
            .expect("plan version")
            .is_none()
    );

    // An empty report round-trips too (every list empty, every Option None).
    let other = store
        .ensure_organization("empty", "องค์กรว่าง")
        .await
        .expect("organization");
    save(store, &other.id, &PlanReport::default(), "empty").await;
    let (_, empty) = store
        .current_plan(&other.id)
        .await
        .expect("current plan")
        .expect("a current plan");
    assert_eq!(empty, PlanReport::default());
}

async fn reimporting_the_same_document_writes_nothing(store: &dyn Store, raw: &Raw) {
    let org = store
        .ensure_organization("alpha", "อัลฟา")
        .await
        .expect("organization");
    let first = save(store, &org.id, &rich_report(), "same").await;
    let rows = raw.row_counts().await;

    // Same bytes, even under another name and with a different parse.
    let outcome = store
        .save_plan_import(
            &org.id,
            &small_report("อื่น"),
            &source("renamed.docx", "same"),
        )
        .await
        .expect("second import");
    assert_eq!(outcome, SaveOutcome::AlreadyImported(first.clone()));
    assert_eq!(
        store.plan_versions(&org.id).await.expect("versions"),
        vec![first]
    );
    assert_eq!(raw.row_counts().await, rows);
    let (_, current) = store
        .current_plan(&org.id)
        .await
        .expect("current")
        .expect("a current plan");
    assert_eq!(current, rich_report());
}

async fn a_new_document_becomes_version_2(store: &dyn Store, _raw: &Raw) {
    let org = store
        .ensure_organization("alpha", "อัลฟา")
        .await
        .expect("organization");
    let v1 = save(store, &org.id, &rich_report(), "first").await;
    let revised = small_report("อัลฟา (ฉบับปรับปรุง)");
    let v2 = save(store, &org.id, &revised, "second").await;

    assert_eq!(v2.version, 2);
    assert!(v2.is_current);
    assert_ne!(v2.id, v1.id);
    let v1_now = PlanVersion {
        is_current: false,
        ..v1.clone()
    };
    assert_eq!(
        store.plan_versions(&org.id).await.expect("versions"),
        vec![v2.clone(), v1_now.clone()],
        "newest first, only the newest current"
    );
    let (current_version, current) = store
        .current_plan(&org.id)
        .await
        .expect("current")
        .expect("a current plan");
    assert_eq!(current_version, v2);
    assert_eq!(current, revised);

    let (old_version, old) = store
        .plan_version(&org.id, &v1.id)
        .await
        .expect("version 1")
        .expect("version 1 is still there");
    assert_eq!(old_version, v1_now);
    assert_eq!(old, rich_report());

    // Re-importing version 1's document does not bring it back.
    let outcome = store
        .save_plan_import(&org.id, &rich_report(), &source("again.docx", "first"))
        .await
        .expect("re-import");
    assert_eq!(outcome, SaveOutcome::AlreadyImported(v1_now));
    let current = store.current_plan(&org.id).await.expect("current");
    assert_eq!(current.map(|(v, _)| v), Some(v2));
}

async fn a_failing_import_writes_nothing(store: &dyn Store, raw: &Raw) {
    let org = store
        .ensure_organization("alpha", "อัลฟา")
        .await
        .expect("organization");
    let only_organizations = raw.row_counts().await;
    assert!(
        only_organizations
            .iter()
            .all(|(table, &n)| n == 0 || table == "organizations"),
        "{only_organizations:?}"
    );

    // Item 1.1 twice: the plan row, dimensions and missions are written
    // before the second item violates the primary key.
    let broken = report_with_a_duplicate_item();
    let error = store
        .save_plan_import(&org.id, &broken, &source("broken.docx", "broken"))
        .await
        .expect_err("a duplicate item must fail the import");
    assert!(matches!(error, StoreError::Database(_)), "{error:?}");
    assert_eq!(raw.row_counts().await, only_organizations);
    assert_eq!(
        store.plan_versions(&org.id).await.expect("versions"),
        vec![]
    );
    assert!(
        store
            .current_plan(&org.id)
            .await
            .expect("current")
            .is_none()
    );

    // With a good version in place, a failing import leaves it untouched and current.
    let good = save(store, &org.id, &rich_report(), "good").await;
    let with_good = raw.row_counts().await;
    store
        .save_plan_import(&org.id, &broken, &source("broken.docx", "broken"))
        .await
        .expect_err("a duplicate item must fail the import");
    assert_eq!(raw.row_counts().await, with_good);
    assert_eq!(
        store.plan_versions(&org.id).await.expect("versions"),
        vec![good.clone()]
    );
    let (current_version, current) = store
        .current_plan(&org.id)
        .await
        .expect("current")
        .expect("a current plan");
    assert_eq!(current_version, good);
    assert_eq!(current, rich_report());

    // The failure released its locks: the next import goes through.
    let next = save(store, &org.id, &small_report("อัลฟา"), "next").await;
    assert_eq!(next.version, 2);
}

async fn importing_for_an_unknown_organization_is_not_found(store: &dyn Store, raw: &Raw) {
    let error = store
        .save_plan_import("no-such-organization", &rich_report(), &source("a", "a"))
        .await
        .expect_err("unknown organisation");
    assert!(matches!(error, StoreError::NotFound(_)), "{error:?}");
    assert!(raw.row_counts().await.values().all(|&n| n == 0));
}

async fn concurrent_imports_take_turns(store: &dyn Store, _raw: &Raw) {
    let org = store
        .ensure_organization("alpha", "อัลฟา")
        .await
        .expect("organization");
    let report = rich_report();
    let sources = [
        source("a.docx", "a"),
        source("b.docx", "b"),
        source("c.docx", "c"),
        source("dup.docx", "c"),
    ];
    let (a, b, c, d) = tokio::join!(
        store.save_plan_import(&org.id, &report, &sources[0]),
        store.save_plan_import(&org.id, &report, &sources[1]),
        store.save_plan_import(&org.id, &report, &sources[2]),
        store.save_plan_import(&org.id, &report, &sources[3]),
    );
    let outcomes = [a, b, c, d].map(|o| o.expect("concurrent import"));
    let saved = outcomes
        .iter()
        .filter(|o| matches!(o, SaveOutcome::Saved(_)))
        .count();
    assert_eq!(
        saved, 3,
        "the duplicate document is saved once: {outcomes:?}"
    );

    let versions = store.plan_versions(&org.id).await.expect("versions");
    let numbers: Vec<i32> = versions.iter().map(|v| v.version).collect();
    assert_eq!(numbers, vec![3, 2, 1]);
    let current: Vec<i32> = versions
        .iter()
        .filter(|v| v.is_current)
        .map(|v| v.version)
        .collect();
    assert_eq!(current, vec![3], "exactly the newest version is current");
}

// ---------------------------------------------------------------------------
// Building reports by hand

fn source(file_name: &str, content: &str) -> ImportSource {
    // Not a real hash of anything: the store only compares it.
    ImportSource {
        file_name: file_name.to_owned(),
        sha256: format!("{content:0>64}"),
    }
}

async fn save(
    store: &dyn Store,
    organization_id: &str,
    report: &PlanReport,
    content: &str,
) -> PlanVersion {
    match store
        .save_plan_import(organization_id, report, &source("plan.docx", content))
        .await
        .expect("save plan import")
    {
        SaveOutcome::Saved(version) => version,
        other => panic!("expected a new version, got {other:?}"),
    }
}

fn budget(entries: &[(u16, i64)]) -> BTreeMap<u16, Baht> {
    entries
        .iter()
        .map(|&(year, satang)| (year, Baht::from_satang(satang)))
        .collect()
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// A plan with two dimensions, missions, items with satang budgets, units, a
/// form, risks, targets, a dated proclamation, schedules with matched and
/// unmatched rows, and findings of several codes and severities. Lists are
/// deliberately not in key order, so only stored positions can keep them.
fn rich_report() -> PlanReport {
    let item = |dimension: u8, no: u32, kind: Option<ItemKind>, name: &str| Item {
        dimension,
        no,
        kind,
        name: name.to_owned(),
        budget: BTreeMap::new(),
        units: vec![],
        form: None,
        line: None,
    };
    let form = ItemForm {
        name: "โครงการส่งเสริมคุณธรรมและจริยธรรมแก่ผู้บริหาร สมาชิกสภา และพนักงาน".into(),
        rationale: "ด้วยรัฐบาลมีนโยบาย…\nบรรทัดที่สอง".into(),
        objectives: strings(&["เพื่อปลูกฝังจิตสำนึก", "เพื่อเสริมสร้างความรู้"]),
        target_group: "ผู้บริหาร สมาชิกสภา และพนักงาน 120 คน".into(),
        steps: strings(&["1. เสนอโครงการ", "2. ดำเนินการ", "3. ประเมินผล"]),
        duration: "4 ปี (ปีงบประมาณ พ.ศ. 2566 – 2569)".into(),
        budget_text: "ปีละ 12.50 บาท".into(),
        responsible_text: "สำนักปลัด".into(),
        outputs: strings(&["ผู้เข้าร่วมไม่น้อยกว่า 100 คน"]),
        outcomes: vec![],
        line: Some(812),
        match_confidence: 0.975,
    };
    let plan = Plan {
        organization: "เทศบาลนครนครศรีธรรมราช".into(),
        title: "แผนปฏิบัติการป้องกันการทุจริต 4 ปี (พ.ศ. 2566 – 2569)".into(),
        period: Period {
            first_fiscal_year: 2566,
            last_fiscal_year: 2569,
        },
        dimensions: vec![
            Dimension {
                no: 1,
                name: "การสร้างสังคมที่ไม่ทนต่อการทุจริต".into(),
                stated_item_count: Some(3),
                stated_budget: budget(&[(2566, 10_001_250), (2567, 0), (2569, 5_000_000)]),
                missions: vec![
                    Mission {
                        code: "1.1".into(),
                        name: "การสร้างจิตสำนึกและความตระหนักแก่บุคลากรทั้งข้าราชการการเมือง…".into(),
                        items: vec![
                            // 1.2 before 1.1, as a document may list them.
                            Item {
                                budget: budget(&[(2566, 1_250), (2567, 1_250)]),
                                units: strings(&["สำนักปลัด", "กองคลัง", "กองช่าง"]),
                                line: Some(120),
                                ..item(1, 2, Some(ItemKind::Activity), "กิจกรรมให้ความรู้")
                            },
                            Item {
                                budget: budget(&[
                                    (2566, 10_000_000),
                                    (2567, 10_000_075),
                                    (2568, 0),
                                    (2569, 5_000_000),
                                ]),
                                units: strings(&["สำนักปลัด"]),
                                form: Some(form),
                                line: Some(118),
                                ..item(
                                    1,
                                    1,
                                    Some(ItemKind::Project),
                                    "โครงการส่งเสริมคุณธรรมและจริยธรรม",
                                )
                            },
                        ],
                    },
                    Mission {
                        code: "1.2".into(),
                        name: "การสร้างจิตสำนึกและความตระหนักแก่ประชาชน".into(),
                        items: vec![Item {
                            budget: budget(&[(2568, 2_000_000)]),
                            units: strings(&["กองการศึกษา"]),
                            line: Some(131),
                            ..item(1, 3, Some(ItemKind::Measure), "มาตรการ NO Gift Policy")
                        }],
                    },
                ],
            },
            Dimension {
                no: 2,
                name: "การบริหารราชการเพื่อป้องกันการทุจริต".into(),
                stated_item_count: None,
                stated_budget: BTreeMap::new(),
                missions: vec![
                    Mission {
                        code: "2.1".into(),
                        name: "แสดงเจตจำนงทางการเมืองในการต่อต้านการทุจริต".into(),
                        items: vec![
                            item(2, 1, None, "ประกาศเจตจำนงต่อต้านการทุจริต"),
                            Item {
                                budget: budget(&[(2566, -50)]),
                                ..item(2, 19, Some(ItemKind::Activity), "กิจกรรม “วิเคราะห์”")
                            },
                        ],
                    },
                    Mission {
                        code: "2.2".into(),
                        name: "ภารกิจที่ยังไม่มีรายการ".into(),
                        items: vec![],
                    },
                ],
            },
        ],
        risks: vec![
            RiskRow {
                order: 2,
                process_step: "การจัดซื้อจัดจ้าง".into(),
                risk_issues: "การแบ่งซื้อแบ่งจ้าง".into(),
                risk_level: "สูง".into(),
                controls: "ตรวจสอบแผนการจัดซื้อ".into(),
                line: Some(40),
            },
            RiskRow {
                order: 1,
                process_step: "การอนุมัติอนุญาต".into(),
                risk_issues: "".into(),
                risk_level: "ปานกลาง".into(),
                controls: "".into(),
                line: None,
            },
        ],
        targets: vec![
            TargetRow {
                indicator: "ผลการประเมิน ITA".into(),
                values: [
                    (
                        2566,
                        TargetValue {
                            text: "85 คะแนน".into(),
                            number: Some(85),
                        },
                    ),
                    (
                        2567,
                        TargetValue {
                            text: "ไม่น้อยกว่าปีก่อน".into(),
                            number: None,
                        },
                    ),
                ]
                .into_iter()
                .collect(),
                line: Some(60),
            },
            TargetRow {
                indicator: "เรื่องร้องเรียนลดลง".into(),
                values: BTreeMap::new(),
                line: None,
            },
        ],
        proclamation: Some(Proclamation {
            title: "ประกาศใช้แผนปฏิบัติการป้องกันการทุจริต".into(),
            date_text: "๒๗ กันยายน พ.ศ. ๒๕๖๕".into(),
            date: Some(time::macros::date!(2022 - 09 - 27)),
            signatory: "นายตัวอย่าง ใจดี".into(),
            position: "นายกเทศมนตรี".into(),
            line: Some(5),
        }),
        schedules: vec![
            Schedule {
                fiscal_year: 2567,
                stated_total_budget: Some(Baht::from_satang(10_001_325)),
                stated_quarter_counts: Some([2, 0, 3, 1]),
                rows: vec![
                    ScheduleRow {
                        order: 1,
                        item: Some(ItemRef {
                            dimension: 1,
                            no: 1,
                        }),
                        name: "โครงการส่งเสริมคุณธรรม".into(),
                        dimension: Some(1),
                        budget: Baht::from_satang(10_000_075),
                        quarters: vec![1, 3],
                        match_confidence: 0.1 + 0.2,
                        line: Some(900),
                    },
                    ScheduleRow {
                        order: 2,
                        item: None,
                        name: "โครงการที่ไม่มีในส่วนที่ 2".into(),
                        dimension: None,
                        budget: Baht::from_satang(1_250),
                        quarters: vec![4, 1, 3],
                        match_confidence: 1.0 / 3.0,
                        line: None,
                    },
                    ScheduleRow {
                        order: 3,
                        item: Some(ItemRef {
                            dimension: 2,
                            no: 19,
                        }),
                        name: "กิจกรรมวิเคราะห์".into(),
                        dimension: Some(2),
                        budget: Baht::ZERO,
                        quarters: vec![],
                        match_confidence: 0.0,
                        line: Some(903),
                    },
                ],
                data_date: Some("ข้อมูล ณ วันที่ 1 ตุลาคม 2566".into()),
                issuer: Some("E-PlanNACC".into()),
                line: Some(890),
            },
            Schedule {
                fiscal_year: 2566,
                stated_total_budget: None,
                stated_quarter_counts: None,
                rows: vec![],
                data_date: None,
                issuer: None,
                line: None,
            },
        ],
    };
    let findings = vec![
        Finding {
            code: FindingCode::StatedTotalMismatch,
            severity: Severity::Error,
            fiscal_year: Some(2566),
            item: None,
            line: Some(140),
            message: "ยอดรวมมิติที่ 1 ปี 2566 ระบุ 100,012.50 บาท แต่ผลรวมได้ 100,000 บาท".into(),
            expected: Some("100,000".into()),
            found: Some("100,012.50".into()),
        },
        Finding {
            code: FindingCode::ScheduleUnmatchedRow,
            severity: Severity::Warning,
            fiscal_year: Some(2567),
            item: None,
            line: None,
            message: "แถวในตารางรายปีจับคู่ไม่ได้".into(),
            expected: None,
            found: Some("โครงการที่ไม่มีในส่วนที่ 2".into()),
        },
        Finding {
            code: FindingCode::FormMissing,
            severity: Severity::Warning,
            fiscal_year: None,
            item: Some(ItemRef {
                dimension: 2,
                no: 19,
            }),
            line: None,
            message: "ไม่พบรายละเอียดโครงการ 2.19".into(),
            expected: None,
            found: None,
        },
        Finding {
            code: FindingCode::EncodingConverted,
            severity: Severity::Info,
            fiscal_year: None,
            item: None,
            line: None,
            message: "แปลงรหัสอักขระจาก TIS-620".into(),
            expected: Some("UTF-8".into()),
            found: Some("TIS-620".into()),
        },
        Finding {
            // A finding may name an item the plan does not have.
            code: FindingCode::NameVariant,
            severity: Severity::Info,
            fiscal_year: Some(2569),
            item: Some(ItemRef {
                dimension: 4,
                no: 99,
            }),
            line: Some(1),
            message: "ชื่อรายการเขียนต่างกัน".into(),
            expected: Some("".into()),
            found: Some("ก".into()),
        },
    ];
    PlanReport { plan, findings }
}

/// A different, smaller report: one dimension, one item, one finding.
fn small_report(organization: &str) -> PlanReport {
    PlanReport {
        plan: Plan {
            organization: organization.to_owned(),
            title: "แผนฉบับปรับปรุง".into(),
            period: Period {
                first_fiscal_year: 2567,
                last_fiscal_year: 2570,
            },
            dimensions: vec![Dimension {
                no: 3,
                name: "การส่งเสริมบทบาทและการมีส่วนร่วมของภาคประชาชน".into(),
                stated_item_count: Some(1),
                stated_budget: budget(&[(2567, 100)]),
                missions: vec![Mission {
                    code: "3.1".into(),
                    name: "ภารกิจเดียว".into(),
                    items: vec![Item {
                        dimension: 3,
                        no: 1,
                        kind: Some(ItemKind::Project),
                        name: "โครงการเดียว".into(),
                        budget: budget(&[(2567, 100)]),
                        units: strings(&["กองสวัสดิการสังคม"]),
                        form: None,
                        line: Some(3),
                    }],
                }],
            }],
            ..Plan::default()
        },
        findings: vec![Finding {
            code: FindingCode::PeriodMismatch,
            severity: Severity::Error,
            fiscal_year: None,
            item: None,
            line: None,
            message: "ช่วงปีของแผนไม่สอดคล้องกัน".into(),
            expected: None,
            found: None,
        }],
    }
}

/// The rich report with item 1.1 listed a second time (in dimension 2's
/// empty mission, after everything before it has been written).
fn report_with_a_duplicate_item() -> PlanReport {
    let mut report = rich_report();
    let duplicate = report.plan.dimensions[0].missions[0].items[1].clone();
    assert_eq!(
        duplicate.item_ref(),
        ItemRef {
            dimension: 1,
            no: 1
        }
    );
    report.plan.dimensions[1].missions[1].items.push(duplicate);
    report
}

// ---------------------------------------------------------------------------
// Harness

#[tokio::test]
async fn connect_rejects_bad_urls() {
    for url in [
        "",
        "mysql://root@localhost/sujarit",
        "http://example.org/x",
        "postgres:x",
    ] {
        match connect(url).await {
            Err(StoreError::BadUrl(message)) => assert!(!message.to_string().is_empty()),
            Err(other) => panic!("{url:?}: expected BadUrl, got {other:?}"),
            Ok(_) => panic!("{url:?}: expected BadUrl, got a store"),
        }
    }
}

#[tokio::test]
async fn connect_accepts_sqlite_urls_and_paths() {
    for form in ["sqlite://", "sqlite:", ""] {
        let (_, path) = sujarit_testkit::temp_sqlite();
        let url = format!("{form}{}", path.display());
        let store = connect(&url).await.unwrap_or_else(|e| panic!("{url}: {e}"));
        store.migrate().await.expect("migrate");
        assert_eq!(store.organizations().await.expect("list"), vec![]);
        assert!(path.exists(), "{url} must create the file");
        drop(store);
        sujarit_testkit::remove_sqlite(&path);
    }
}
