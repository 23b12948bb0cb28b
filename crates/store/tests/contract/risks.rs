//! Scenarios of the risk register contract (`RiskStore`, issue 14): the
//! register created from the real seed plan with its controls linked to the
//! plan items (once), edits re-scored on the matrix with audit entries,
//! refusals that write nothing, a changed matrix that never re-levels old
//! entries, the copy to the next year, and the internal measures.

use sujarit_core::integrity::risk::{
    Control, ControlTarget, MeasureInput, MeasureStatus, MonitoringNote, RiskMatrix, Round, Score,
    parse_bands,
};
use sujarit_store::{ImportSource, Store, StoreError};

use crate::harness::Raw;

contract! {
    the_register_from_the_seed_plan_links_its_controls_once,
    edits_are_checked_audited_and_refusals_write_nothing,
    a_new_matrix_never_relevels_old_entries_and_gaps_are_refused,
    the_register_copies_to_the_next_year_and_measures_link_risks,
    risks_and_measures_are_found_by_the_public_search,
}

const STAFF: &str = "user-coordinator";
const YEAR: u16 = 2569;

async fn org(store: &dyn Store, slug: &str) -> String {
    store
        .ensure_organization(slug, &format!("เทศบาล {slug}"))
        .await
        .expect("organization")
        .id
}

/// An organisation with the seed plan imported, and its register of YEAR.
async fn with_register(store: &dyn Store, slug: &str) -> (String, Vec<String>) {
    let org = org(store, slug).await;
    let bytes = std::fs::read(sujarit_testkit::SEED).expect("seed");
    let report = sujarit_import::import_plan(&bytes, &Default::default()).expect("import");
    let source = ImportSource {
        file_name: "seed.txt".into(),
        sha256: format!("{:0>64}", 7),
    };
    store
        .save_plan_import(&org, &report, &source)
        .await
        .expect("plan");
    let created = sujarit_service::risks::register_from_plan(store, &org, YEAR, STAFF)
        .await
        .expect("register");
    assert_eq!(created, 6);
    let codes = sujarit_service::risks::plan_item_codes(store, &org)
        .await
        .expect("codes");
    (org, codes)
}

fn item_codes(controls: &[Control]) -> Vec<&str> {
    controls
        .iter()
        .map(|c| match &c.target {
            ControlTarget::Item(code) => code.as_str(),
            _ => "-",
        })
        .collect()
}

async fn the_register_from_the_seed_plan_links_its_controls_once(store: &dyn Store, raw: &Raw) {
    let (org, _) = with_register(store, "alpha").await;
    let entries = store.risk_entries(&org, YEAR).await.expect("entries");
    assert_eq!(entries.len(), 6);
    assert!(entries.iter().all(|e| e.matrix_version == 0));
    assert_eq!(item_codes(&entries[0].input.controls), ["1.1", "1.2"]);
    assert_eq!(
        item_codes(&entries[3].input.controls),
        ["2.9", "2.10", "2.17"]
    );
    assert_eq!(
        item_codes(&entries[5].input.controls),
        ["2.4", "2.13", "2.16", "4.6"]
    );
    assert_eq!(entries[3].input.document_level.as_deref(), Some("สูง"));
    assert_eq!(entries[4].input.document_level.as_deref(), Some("ปานกลาง"));
    assert!(entries[5].input.controls[3].confidence.is_some());
    // Once: a second call creates nothing and writes nothing.
    let counts = raw.row_counts().await;
    let again = sujarit_service::risks::register_from_plan(store, &org, YEAR, STAFF)
        .await
        .expect("again");
    assert_eq!(again, 0);
    assert_eq!(raw.row_counts().await, counts);
    // Another organisation sees none of it.
    let other = org_of(store, "beta").await;
    assert!(store.risk_entries(&other, YEAR).await.unwrap().is_empty());
    assert!(
        store
            .risk_entry(&other, &entries[0].id)
            .await
            .unwrap()
            .is_none()
    );
    let log = store.audit_log(&org, None, 50).await.expect("audit");
    assert!(log.iter().any(|e| e.action == "risk.register_from_plan"));
}

async fn org_of(store: &dyn Store, slug: &str) -> String {
    org(store, slug).await
}

async fn edits_are_checked_audited_and_refusals_write_nothing(store: &dyn Store, raw: &Raw) {
    let (org, codes) = with_register(store, "alpha").await;
    let entry = store.risk_entries(&org, YEAR).await.unwrap().remove(3);
    let mut input = entry.input.clone();
    input.inherent = Some(Score {
        likelihood: 4,
        impact: 4,
    });
    input.residual = Some(Score {
        likelihood: 2,
        impact: 3,
    });
    let saved = store
        .save_risk_entry(&org, Some(&entry.id), &input, &codes, STAFF)
        .await
        .expect("scored");
    assert_eq!(saved.input.inherent, input.inherent);
    let counts = raw.row_counts().await;
    let refused = |field: &'static str| {
        move |outcome: Result<_, StoreError>| match outcome {
            Err(StoreError::Invalid(errors)) => {
                assert!(errors.iter().any(|e| e.field == field), "{errors:?}");
            }
            other => panic!("expected a refusal at {field}, got {other:?}"),
        }
    };
    // Outside the matrix.
    let mut bad = input.clone();
    bad.inherent = Some(Score {
        likelihood: 6,
        impact: 1,
    });
    refused("likelihood")(
        store
            .save_risk_entry(&org, Some(&entry.id), &bad, &codes, STAFF)
            .await,
    );
    // Residual above inherent.
    let mut bad = input.clone();
    bad.residual = Some(Score {
        likelihood: 5,
        impact: 5,
    });
    refused("residual_likelihood")(
        store
            .save_risk_entry(&org, Some(&entry.id), &bad, &codes, STAFF)
            .await,
    );
    // A control naming no item, and no measure.
    let mut bad = input.clone();
    bad.controls[0].target = ControlTarget::Item("9.99".into());
    refused("controls")(
        store
            .save_risk_entry(&org, Some(&entry.id), &bad, &codes, STAFF)
            .await,
    );
    bad.controls[0].target = ControlTarget::Measure("no-such-measure".into());
    refused("controls")(store.save_risk_entry(&org, None, &bad, &codes, STAFF).await);
    assert_eq!(raw.row_counts().await, counts, "refusals write nothing");
    let after = store.risk_entry(&org, &entry.id).await.unwrap().unwrap();
    assert_eq!(after.input, input);
    // The consistency flag: lower residual, nothing in force.
    let mut unforced = input.clone();
    for c in &mut unforced.controls {
        c.in_force = false;
    }
    let saved = store
        .save_risk_entry(&org, Some(&entry.id), &unforced, &codes, STAFF)
        .await
        .expect("saved");
    assert!(
        saved
            .input
            .inconsistency(&RiskMatrix::default_5x5())
            .is_some()
    );
    // Monitoring notes per round, one per round.
    for text in ["รอบแรก", "รอบแรก แก้ไข"] {
        store
            .add_risk_monitoring(
                &org,
                &entry.id,
                &MonitoringNote {
                    round: Round::SixMonths,
                    note: text.into(),
                    recorded_on: None,
                },
                STAFF,
            )
            .await
            .expect("note");
    }
    let noted = store.risk_entry(&org, &entry.id).await.unwrap().unwrap();
    assert_eq!(noted.input.monitoring.len(), 1);
    assert_eq!(noted.input.monitoring[0].note, "รอบแรก แก้ไข");
    let log = store.audit_log(&org, None, 50).await.expect("audit");
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "risk.updated").count(), 2);
    assert_eq!(
        actions.iter().filter(|a| **a == "risk.monitored").count(),
        2
    );
    // Another organisation's id is not found.
    let other = org_of(store, "beta").await;
    assert!(matches!(
        store
            .save_risk_entry(&other, Some(&entry.id), &input, &codes, STAFF)
            .await,
        Err(StoreError::NotFound(_))
    ));
}

async fn a_new_matrix_never_relevels_old_entries_and_gaps_are_refused(
    store: &dyn Store,
    raw: &Raw,
) {
    let (org, codes) = with_register(store, "alpha").await;
    let entry = store.risk_entries(&org, YEAR).await.unwrap().remove(0);
    let mut input = entry.input.clone();
    input.inherent = Some(Score {
        likelihood: 5,
        impact: 5,
    });
    store
        .save_risk_entry(&org, Some(&entry.id), &input, &codes, STAFF)
        .await
        .expect("scored");
    let labels = |n: usize| (1..=n).map(|k| format!("ระดับ {k}")).collect::<Vec<_>>();
    let counts = raw.row_counts().await;
    let gap = RiskMatrix::from_bands(
        labels(3),
        labels(3),
        &parse_bands("ต่ำ, #00aa00, 1-2\nสูง, #aa0000, 4-9").unwrap(),
    );
    assert!(matches!(
        store.save_risk_matrix(&org, &gap, STAFF).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(raw.row_counts().await, counts);
    let three = RiskMatrix::from_bands(
        labels(3),
        labels(3),
        &parse_bands("ต่ำ, #00aa00, 1-3\nสูง, #aa0000, 4-9").unwrap(),
    );
    assert_eq!(
        store.save_risk_matrix(&org, &three, STAFF).await.unwrap(),
        1
    );
    assert_eq!(store.risk_matrix(&org).await.unwrap(), (1, three.clone()));
    // The old entry keeps the default matrix (5×5 stays valid for it) when
    // its scores do not change.
    let mut renamed = input.clone();
    renamed.owner_unit = "กองคลัง".into();
    let saved = store
        .save_risk_entry(&org, Some(&entry.id), &renamed, &codes, STAFF)
        .await
        .expect("kept");
    assert_eq!(saved.matrix_version, 0);
    // Re-scored, it takes the new matrix, where 5 is outside.
    let mut rescored = renamed.clone();
    rescored.inherent = Some(Score {
        likelihood: 5,
        impact: 4,
    });
    assert!(matches!(
        store
            .save_risk_entry(&org, Some(&entry.id), &rescored, &codes, STAFF)
            .await,
        Err(StoreError::Invalid(_))
    ));
    rescored.inherent = Some(Score {
        likelihood: 3,
        impact: 3,
    });
    let saved = store
        .save_risk_entry(&org, Some(&entry.id), &rescored, &codes, STAFF)
        .await
        .expect("rescored");
    assert_eq!(saved.matrix_version, 1);
    assert_eq!(
        store.risk_matrix_version(&org, 0).await.unwrap(),
        Some(RiskMatrix::default_5x5())
    );
}

async fn the_register_copies_to_the_next_year_and_measures_link_risks(
    store: &dyn Store,
    raw: &Raw,
) {
    let (org, codes) = with_register(store, "alpha").await;
    let entries = store.risk_entries(&org, YEAR).await.unwrap();
    let measure = MeasureInput {
        fiscal_year: YEAR,
        title: "มาตรการป้องกันการรับสินบน".into(),
        purpose: String::new(),
        owner_unit: "สำนักปลัด".into(),
        steps: Vec::new(),
        status: MeasureStatus::Done,
        evidence: "https://example.org/m1".into(),
        risks: vec![entries[0].id.clone()],
        result: "ดำเนินการแล้ว".into(),
    };
    let counts = raw.row_counts().await;
    let mut bad = measure.clone();
    bad.risks = vec!["no-such-risk".into()];
    assert!(matches!(
        store.save_measure(&org, None, &bad, STAFF).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(raw.row_counts().await, counts);
    let saved = store
        .save_measure(&org, None, &measure, STAFF)
        .await
        .expect("measure");
    assert_eq!(store.measures(&org, YEAR).await.unwrap().len(), 1);
    // A control may now name the measure.
    let mut input = entries[0].input.clone();
    input.controls.push(Control {
        target: ControlTarget::Measure(saved.id.clone()),
        text: measure.title.clone(),
        in_force: true,
        confidence: None,
    });
    store
        .save_risk_entry(&org, Some(&entries[0].id), &input, &codes, STAFF)
        .await
        .expect("linked");
    store
        .add_risk_monitoring(
            &org,
            &entries[0].id,
            &MonitoringNote {
                round: Round::TwelveMonths,
                note: "ครบปี".into(),
                recorded_on: None,
            },
            STAFF,
        )
        .await
        .unwrap();
    let copied = store
        .copy_risk_register(&org, YEAR, STAFF)
        .await
        .expect("copy");
    assert_eq!(copied, 6);
    let next = store.risk_entries(&org, YEAR + 1).await.unwrap();
    assert_eq!(next.len(), 6);
    assert_eq!(item_codes(&next[3].input.controls), ["2.9", "2.10", "2.17"]);
    assert!(next[0].input.monitoring.is_empty());
    // Last year's measure is not this year's: kept as text, unlinked.
    assert!(
        next[0]
            .input
            .controls
            .iter()
            .all(|c| !matches!(c.target, ControlTarget::Measure(_)))
    );
    assert!(
        next[0]
            .input
            .controls
            .iter()
            .any(|c| c.target == ControlTarget::Text && c.text == measure.title)
    );
    // The next year already has a register: copying again is refused.
    let counts = raw.row_counts().await;
    assert!(matches!(
        store.copy_risk_register(&org, YEAR, STAFF).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(raw.row_counts().await, counts);
    // The next year's register is not "from the plan" twice.
    assert_eq!(
        sujarit_service::risks::register_from_plan(store, &org, YEAR + 1, STAFF)
            .await
            .unwrap(),
        0
    );
}

async fn risks_and_measures_are_found_by_the_public_search(store: &dyn Store, _raw: &Raw) {
    use sujarit_core::search::{Query, SearchKind, SearchScope};
    let (org, _) = with_register(store, "alpha").await;
    let find = |text: &'static str| {
        let org = org.clone();
        async move {
            store.refresh_search_index(&org).await.expect("refresh");
            let query = Query::parse(text).expect("query");
            store
                .search(&org, &query, SearchScope::Public, 20, 0)
                .await
                .expect("search")
                .hits
                .into_iter()
                .filter(|h| matches!(h.kind, SearchKind::Risk | SearchKind::Measure))
                .map(|h| (h.kind, h.key))
                .collect::<Vec<_>>()
        }
    };
    // "เปลี่ยนแปลงบ่อย" is inside the first row's second risk issue only.
    let entries = store.risk_entries(&org, YEAR).await.unwrap();
    let changing: Vec<&str> = entries
        .iter()
        .filter(|e| e.input.risk.contains("เปลี่ยนแปลงบ่อย"))
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(changing.len(), 1);
    assert_eq!(
        find("เปลี่ยนแปลง").await,
        vec![(SearchKind::Risk, format!("{YEAR}/{}", changing[0]))]
    );
    // A measure saved later is found once the index is brought up to date.
    assert!(find("สินบน").await.is_empty());
    let measure = MeasureInput {
        fiscal_year: YEAR,
        title: "มาตรการป้องกันการรับสินบน".into(),
        purpose: String::new(),
        owner_unit: "สำนักปลัด".into(),
        steps: Vec::new(),
        status: MeasureStatus::Planned,
        evidence: String::new(),
        risks: Vec::new(),
        result: String::new(),
    };
    let saved = store
        .save_measure(&org, None, &measure, STAFF)
        .await
        .expect("measure");
    assert_eq!(
        find("สินบน").await,
        vec![(SearchKind::Measure, format!("{YEAR}/{}", saved.id))]
    );
}
