//! Scenarios of the disclosure storage contract (`DisclosureStore`): yearly
//! catalogues, per-period owners, publications with history, "not applicable"
//! marks, link checks, the public read, and the audit log of every change.

use sujarit_core::FiscalYear;
use sujarit_core::disclosure::{
    Cadence, Catalogue, DisclosureEvidence, DisclosureStatus, GeneratedSource, LinkCheck,
    LinkOutcome, Period, board, readiness, records_of, shipped,
};
use sujarit_store::{AuditEntry, DisclosureKey, Store, StoreError, audit_action};
use time::macros::{date, datetime};

use crate::harness::Raw;

contract! {
    a_catalogue_installs_reads_back_and_lists_its_year,
    replacing_a_catalogue_never_orphans_publications,
    invalid_catalogues_are_refused_and_nothing_is_written,
    items_are_edited_and_catalogues_copied_to_a_new_year,
    publications_supersede_and_keep_their_history,
    bad_evidence_and_unknown_periods_are_refused,
    not_applicable_marks_and_owner_overrides,
    a_failed_link_check_makes_the_period_late_until_fixed,
    the_public_read_shows_current_publications_without_user_ids,
    disclosure_data_is_isolated_per_organization,
    concurrent_publications_get_distinct_versions,
    one_publication_stands_for_an_item_that_uses_the_same_document,
    staff_notes_stay_out_of_the_search_index,
}

const ADMIN: &str = "user-admin";
const OFFICER: &str = "user-officer";

// ---------------------------------------------------------------------------
// Scenarios

async fn a_catalogue_installs_reads_back_and_lists_its_year(store: &dyn Store, _raw: &Raw) {
    let org = organization(store, "alpha").await;
    assert_eq!(
        store
            .disclosure_catalogue(&org, FiscalYear(2568))
            .await
            .unwrap(),
        None
    );
    let catalogue = oit_2568();
    let change = store
        .install_disclosure_catalogue(&org, &catalogue, ADMIN)
        .await
        .expect("install");
    assert!(change.created);
    assert_eq!(change.added.len(), 26);
    assert!(change.updated.is_empty() && change.removed.is_empty());
    // Everything comes back as written, in catalogue order.
    let read = store
        .disclosure_catalogue(&org, FiscalYear(2568))
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(read, catalogue);

    let plan = shipped::get("plan-2566").unwrap();
    store
        .install_disclosure_catalogue(&org, &plan, ADMIN)
        .await
        .unwrap();
    let years = store.disclosure_catalogue_years(&org).await.unwrap();
    let listed: Vec<(u16, i64)> = years
        .iter()
        .map(|y| (y.fiscal_year.be(), y.item_count))
        .collect();
    assert_eq!(listed, vec![(2568, 26), (2566, 34)]);
    assert_eq!(years[0].updated_by.as_deref(), Some(ADMIN));

    let entry = last_entry(store, &org).await;
    assert_eq!(entry.action, audit_action::DISCLOSURE_CATALOGUE_INSTALLED);
    assert_eq!(entry.target, "2566");
    assert_eq!(entry.actor_user_id.as_deref(), Some(ADMIN));
    assert_eq!(entry.after.unwrap()["item_count"], 34);

    // Installing the same catalogue again changes nothing but is recorded.
    let again = store
        .install_disclosure_catalogue(&org, &plan, ADMIN)
        .await
        .unwrap();
    assert!(!again.created);
    assert!(again.added.is_empty() && again.updated.is_empty() && again.removed.is_empty());
}

async fn replacing_a_catalogue_never_orphans_publications(store: &dyn Store, raw: &Raw) {
    let org = organization(store, "alpha").await;
    let catalogue = oit_2568();
    store
        .install_disclosure_catalogue(&org, &catalogue, ADMIN)
        .await
        .unwrap();
    let published = store
        .publish_disclosure(
            &org,
            &key("O1", Period::Once),
            &link("https://example.go.th/o1"),
            None,
            OFFICER,
        )
        .await
        .unwrap();
    let before = raw.row_counts().await;
    let audit_before = audit_count(store, &org).await;

    // Without O1, which is published: refused, nothing written.
    let mut without_o1 = catalogue.clone();
    without_o1.items.retain(|i| i.code != "O1");
    let Err(StoreError::NotAllowed(message)) = store
        .install_disclosure_catalogue(&org, &without_o1, ADMIN)
        .await
    else {
        panic!("removing a published item must be refused");
    };
    let message = message.to_string();
    assert!(message.contains("O1"), "{message}");
    assert!(message.contains("เผยแพร่แล้ว"), "{message}");

    // O1 made monthly: its published "once" period would be orphaned.
    let mut o1_monthly = catalogue.clone();
    o1_monthly.items[0].cadence = Cadence::Monthly;
    assert!(matches!(
        store
            .install_disclosure_catalogue(&org, &o1_monthly, ADMIN)
            .await,
        Err(StoreError::NotAllowed(_))
    ));
    assert_eq!(raw.row_counts().await, before);
    assert_eq!(audit_count(store, &org).await, audit_before);

    // Removing an unpublished item and retitling another is fine, and the
    // publication of O1 stays.
    let mut smaller = catalogue.clone();
    smaller.items.retain(|i| i.code != "O2");
    smaller.items[0].title = "โครงสร้าง หน้าที่และอำนาจ".into();
    let change = store
        .install_disclosure_catalogue(&org, &smaller, ADMIN)
        .await
        .expect("replace");
    assert!(!change.created);
    assert_eq!(change.removed, vec!["O2".to_string()]);
    assert_eq!(change.updated, vec!["O1".to_string()]);
    assert!(change.added.is_empty());
    let read = store
        .disclosure_catalogue(&org, FiscalYear(2568))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read, smaller);
    let history = store
        .disclosure_history(&org, &key("O1", Period::Once))
        .await
        .unwrap();
    assert_eq!(history, vec![published]);
}

async fn invalid_catalogues_are_refused_and_nothing_is_written(store: &dyn Store, raw: &Raw) {
    let org = organization(store, "alpha").await;
    let before = raw.row_counts().await;
    let mut duplicate = oit_2568();
    duplicate.items[1].code = "o1".into();
    let Err(StoreError::Invalid(errors)) = store
        .install_disclosure_catalogue(&org, &duplicate, ADMIN)
        .await
    else {
        panic!("duplicate codes must be refused");
    };
    assert_eq!(errors[0].field, "code");
    assert!(errors[0].message.contains("ซ้ำ"), "{errors:?}");

    let mut untitled = oit_2568();
    untitled.items[3].title = "  ".into();
    untitled.fiscal_year = FiscalYear(2025);
    let Err(StoreError::Invalid(errors)) = store
        .install_disclosure_catalogue(&org, &untitled, ADMIN)
        .await
    else {
        panic!("an untitled item and a CE year must be refused");
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    assert!(
        fields.contains(&"title") && fields.contains(&"fiscal_year"),
        "{fields:?}"
    );
    assert_eq!(raw.row_counts().await, before);

    assert!(matches!(
        store
            .install_disclosure_catalogue("no-such-organization", &oit_2568(), ADMIN)
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(raw.row_counts().await, before);
}

async fn items_are_edited_and_catalogues_copied_to_a_new_year(store: &dyn Store, _raw: &Raw) {
    let org = organization(store, "alpha").await;
    store
        .install_disclosure_catalogue(&org, &oit_2568(), ADMIN)
        .await
        .unwrap();
    let mut o12 = oit_2568().item("O12").unwrap().clone();
    o12.owner_unit = Some("สำนักคลัง".into());
    o12.due = sujarit_core::disclosure::DueRule::AfterPeriodEnd { days: 10 };
    let stored = store
        .update_disclosure_item(&org, FiscalYear(2568), &o12, ADMIN)
        .await
        .expect("edit");
    assert_eq!(stored, o12);
    let read = store
        .disclosure_catalogue(&org, FiscalYear(2568))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.item("O12"), Some(&o12));
    assert_eq!(read.items[11].code, "O12", "position kept");
    let entry = last_entry(store, &org).await;
    assert_eq!(entry.action, audit_action::DISCLOSURE_ITEM_UPDATED);
    assert_eq!(entry.target, "2568 O12");
    assert_eq!(entry.after.unwrap()["owner_unit"], "สำนักคลัง");

    let mut unknown = o12.clone();
    unknown.code = "O99".into();
    assert!(matches!(
        store
            .update_disclosure_item(&org, FiscalYear(2568), &unknown, ADMIN)
            .await,
        Err(StoreError::NotFound(_))
    ));
    let mut bad = o12.clone();
    bad.contents = String::new();
    assert!(matches!(
        store
            .update_disclosure_item(&org, FiscalYear(2568), &bad, ADMIN)
            .await,
        Err(StoreError::Invalid(_))
    ));

    // A published month stops the item from becoming yearly.
    store
        .publish_disclosure(
            &org,
            &key("O12", Period::Month(10)),
            &generated(GeneratedSource::Plan),
            None,
            OFFICER,
        )
        .await
        .unwrap();
    let mut yearly = o12.clone();
    yearly.cadence = Cadence::Yearly;
    assert!(matches!(
        store
            .update_disclosure_item(&org, FiscalYear(2568), &yearly, ADMIN)
            .await,
        Err(StoreError::NotAllowed(_))
    ));

    let copy = store
        .copy_disclosure_catalogue(&org, FiscalYear(2568), FiscalYear(2569), ADMIN)
        .await
        .expect("copy");
    assert_eq!(copy.fiscal_year, FiscalYear(2569));
    assert_eq!(copy.items, read.items);
    assert_eq!(
        store
            .disclosure_catalogue(&org, FiscalYear(2569))
            .await
            .unwrap(),
        Some(copy)
    );
    // The new year starts with nothing published.
    assert!(
        store
            .disclosure_records(&org, FiscalYear(2569))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        last_entry(store, &org).await.action,
        audit_action::DISCLOSURE_CATALOGUE_COPIED
    );
    assert!(matches!(
        store
            .copy_disclosure_catalogue(&org, FiscalYear(2568), FiscalYear(2569), ADMIN)
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store
            .copy_disclosure_catalogue(&org, FiscalYear(2560), FiscalYear(2570), ADMIN)
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store
            .copy_disclosure_catalogue(&org, FiscalYear(2568), FiscalYear(2026), ADMIN)
            .await,
        Err(StoreError::Invalid(_))
    ));
}

async fn publications_supersede_and_keep_their_history(store: &dyn Store, _raw: &Raw) {
    let org = organization(store, "alpha").await;
    store
        .install_disclosure_catalogue(&org, &oit_2568(), ADMIN)
        .await
        .unwrap();
    let october = key("O12", Period::Month(10));
    let file = DisclosureEvidence::File {
        sha256: "ab".repeat(32),
        file_name: "สขร1-ตุลาคม-2567.pdf".into(),
        media_type: "application/pdf".into(),
        size_bytes: 12_345,
    };
    let first = store
        .publish_disclosure(&org, &october, &file, Some("ฉบับแรก"), OFFICER)
        .await
        .expect("publish file");
    assert_eq!(first.version, 1);
    assert_eq!(first.evidence, file);
    assert_eq!(first.note.as_deref(), Some("ฉบับแรก"));
    assert_eq!(first.published_by, OFFICER);
    assert_eq!(first.superseded_at, None);
    assert_eq!(
        (first.code.as_str(), first.period),
        ("O12", Period::Month(10))
    );

    let second = store
        .publish_disclosure(
            &org,
            &october,
            &link("https://example.go.th/o12/10"),
            None,
            ADMIN,
        )
        .await
        .unwrap();
    let third = store
        .publish_disclosure(
            &org,
            &october,
            &generated(GeneratedSource::Plan),
            None,
            ADMIN,
        )
        .await
        .unwrap();
    assert_eq!((second.version, third.version), (2, 3));

    let history = store.disclosure_history(&org, &october).await.unwrap();
    let versions: Vec<u32> = history.iter().map(|p| p.version).collect();
    assert_eq!(versions, vec![3, 2, 1]);
    assert_eq!(history[0], third);
    assert!(history[1].superseded_at.is_some() && history[2].superseded_at.is_some());
    assert_eq!(
        history[2].evidence, file,
        "earlier versions are kept as they were"
    );

    let records = store
        .disclosure_records(&org, FiscalYear(2568))
        .await
        .unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].current.as_ref(), Some(&third));

    // Another period of the same item is separate.
    let november = key("O12", Period::Month(11));
    assert_eq!(
        store
            .publish_disclosure(&org, &november, &file, None, OFFICER)
            .await
            .unwrap()
            .version,
        1
    );
    let entries = store.audit_log(&org, None, 10).await.unwrap();
    let published: Vec<&AuditEntry> = entries
        .iter()
        .filter(|e| e.action == audit_action::DISCLOSURE_PUBLISHED)
        .collect();
    assert_eq!(published.len(), 4);
    assert_eq!(published[0].target, "2568 O12 (m11)");
    assert_eq!(published[0].after.as_ref().unwrap()["version"], 1);
}

async fn bad_evidence_and_unknown_periods_are_refused(store: &dyn Store, raw: &Raw) {
    let org = organization(store, "alpha").await;
    store
        .install_disclosure_catalogue(&org, &oit_2568(), ADMIN)
        .await
        .unwrap();
    let before = raw.row_counts().await;
    for url in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://example.org/a",
        "example.org",
    ] {
        let Err(StoreError::Invalid(errors)) = store
            .publish_disclosure(&org, &key("O1", Period::Once), &link(url), None, OFFICER)
            .await
        else {
            panic!("{url} must be refused");
        };
        assert_eq!(errors[0].field, "url");
        assert!(errors[0].message.contains("http"), "{errors:?}");
    }
    let empty_file = DisclosureEvidence::File {
        sha256: "not-a-hash".into(),
        file_name: String::new(),
        media_type: "application/pdf".into(),
        size_bytes: 0,
    };
    let Err(StoreError::Invalid(errors)) = store
        .publish_disclosure(&org, &key("O1", Period::Once), &empty_file, None, OFFICER)
        .await
    else {
        panic!("a bad file must be refused");
    };
    assert_eq!(errors.len(), 3);
    // O1 is published once a year: it has no monthly period.
    let Err(StoreError::Invalid(errors)) = store
        .publish_disclosure(
            &org,
            &key("O1", Period::Month(10)),
            &link("https://example.go.th"),
            None,
            OFFICER,
        )
        .await
    else {
        panic!("a period the cadence lacks must be refused");
    };
    assert_eq!(errors[0].field, "period");
    assert!(matches!(
        store
            .publish_disclosure(
                &org,
                &key("O99", Period::Once),
                &link("https://example.go.th"),
                None,
                OFFICER
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    let other_year = DisclosureKey::new(2567, "O1", Period::Once);
    assert!(matches!(
        store
            .publish_disclosure(
                &org,
                &other_year,
                &link("https://example.go.th"),
                None,
                OFFICER
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(raw.row_counts().await, before);
}

async fn not_applicable_marks_and_owner_overrides(store: &dyn Store, _raw: &Raw) {
    let org = organization(store, "alpha").await;
    store
        .install_disclosure_catalogue(&org, &oit_2568(), ADMIN)
        .await
        .unwrap();
    let november = key("O12", Period::Month(11));
    store
        .mark_disclosure_not_applicable(&org, &november, Some("ไม่มีการจัดซื้อจัดจ้างในเดือนนี้"), OFFICER)
        .await
        .expect("mark");
    let records = store
        .disclosure_records(&org, FiscalYear(2568))
        .await
        .unwrap();
    let mark = records[0].not_applicable.as_ref().expect("marked");
    assert_eq!(mark.reason, "ไม่มีการจัดซื้อจัดจ้างในเดือนนี้");
    assert_eq!(mark.marked_by, OFFICER);
    assert_eq!(
        last_entry(store, &org).await.action,
        audit_action::DISCLOSURE_NOT_APPLICABLE_MARKED
    );
    let Err(StoreError::Invalid(errors)) = store
        .mark_disclosure_not_applicable(&org, &november, Some("  "), OFFICER)
        .await
    else {
        panic!("a blank reason must be refused");
    };
    assert_eq!(errors[0].field, "reason");

    // Clearing, then publishing after a new mark: the publication wins.
    store
        .mark_disclosure_not_applicable(&org, &november, None, OFFICER)
        .await
        .unwrap();
    assert_eq!(
        last_entry(store, &org).await.action,
        audit_action::DISCLOSURE_NOT_APPLICABLE_CLEARED
    );
    assert!(
        store
            .disclosure_records(&org, FiscalYear(2568))
            .await
            .unwrap()
            .is_empty()
    );
    store
        .mark_disclosure_not_applicable(&org, &november, Some("ไม่มี"), OFFICER)
        .await
        .unwrap();
    store
        .publish_disclosure(
            &org,
            &november,
            &link("https://example.go.th/11"),
            None,
            OFFICER,
        )
        .await
        .unwrap();
    let records = store
        .disclosure_records(&org, FiscalYear(2568))
        .await
        .unwrap();
    assert_eq!(records[0].not_applicable, None);
    assert!(matches!(
        store
            .mark_disclosure_not_applicable(&org, &november, Some("ไม่มี"), OFFICER)
            .await,
        Err(StoreError::NotAllowed(_))
    ));

    // An owner for one period, then back to the item's default.
    let december = key("O12", Period::Month(12));
    store
        .set_disclosure_owner(&org, &december, Some("ฝ่ายพัสดุและทรัพย์สิน"), ADMIN)
        .await
        .unwrap();
    let records = store
        .disclosure_records(&org, FiscalYear(2568))
        .await
        .unwrap();
    let periods: Vec<Period> = records.iter().map(|r| r.period).collect();
    assert_eq!(periods, vec![Period::Month(11), Period::Month(12)]);
    assert_eq!(
        records[1].owner_unit_override.as_deref(),
        Some("ฝ่ายพัสดุและทรัพย์สิน")
    );
    let entry = last_entry(store, &org).await;
    assert_eq!(entry.action, audit_action::DISCLOSURE_OWNER_CHANGED);
    assert_eq!(entry.after.unwrap()["owner_unit"], "ฝ่ายพัสดุและทรัพย์สิน");
    store
        .set_disclosure_owner(&org, &december, None, ADMIN)
        .await
        .unwrap();
    let records = store
        .disclosure_records(&org, FiscalYear(2568))
        .await
        .unwrap();
    assert_eq!(records.len(), 1);
    // Setting what is already there writes no audit entry.
    let count = audit_count(store, &org).await;
    store
        .set_disclosure_owner(&org, &december, None, ADMIN)
        .await
        .unwrap();
    assert_eq!(audit_count(store, &org).await, count);
}

async fn a_failed_link_check_makes_the_period_late_until_fixed(store: &dyn Store, _raw: &Raw) {
    let org = organization(store, "alpha").await;
    let catalogue = oit_2568();
    store
        .install_disclosure_catalogue(&org, &catalogue, ADMIN)
        .await
        .unwrap();
    let o3 = key("O3", Period::Once);
    let publication = store
        .publish_disclosure(
            &org,
            &o3,
            &link("https://example.go.th/contact"),
            None,
            OFFICER,
        )
        .await
        .unwrap();
    store
        .publish_disclosure(
            &org,
            &key("O25", Period::Year),
            &generated(GeneratedSource::Plan),
            None,
            OFFICER,
        )
        .await
        .unwrap();
    let to_check = store.disclosure_links_to_check(&org).await.unwrap();
    assert_eq!(to_check, vec![publication.clone()]);

    let status_of_o3 = |records: &[sujarit_core::disclosure::DisclosureRecord]| {
        // Published in late 2026 or whenever the test runs: judge on a day
        // after it, so only the link decides.
        board(&catalogue, &records_of(records), date!(2100 - 01 - 01))
            .into_iter()
            .find(|row| row.code == "O3")
            .unwrap()
            .status
    };
    let check = |outcome: LinkOutcome| LinkCheck {
        publication_id: publication.id.clone(),
        checked_at: datetime!(2025-01-10 02:00 UTC),
        outcome,
    };
    let audit_before = audit_count(store, &org).await;
    store
        .record_link_check(&org, &check(LinkOutcome::Ok { status: 200 }))
        .await
        .unwrap();
    assert_eq!(
        audit_count(store, &org).await,
        audit_before,
        "a passing first check is no news"
    );
    store
        .record_link_check(
            &org,
            &check(LinkOutcome::Failed {
                status: Some(404),
                error: "ไม่พบหน้า".into(),
            }),
        )
        .await
        .unwrap();
    let records = store
        .disclosure_records(&org, FiscalYear(2568))
        .await
        .unwrap();
    let o3_record = records.iter().find(|r| r.code == "O3").unwrap();
    assert!(o3_record.period_record().link_broken);
    assert_eq!(
        o3_record.last_link_check.as_ref().unwrap().outcome,
        LinkOutcome::Failed {
            status: Some(404),
            error: "ไม่พบหน้า".into()
        }
    );
    assert_eq!(
        status_of_o3(&records),
        DisclosureStatus::Late { broken_link: true }
    );
    let entry = last_entry(store, &org).await;
    assert_eq!(entry.action, audit_action::DISCLOSURE_LINK_BROKEN);
    assert_eq!(entry.actor_user_id, None);
    assert_eq!(entry.target, "2568 O3 (once)");

    // Failing again is no news; passing again restores the item.
    store
        .record_link_check(
            &org,
            &check(LinkOutcome::Failed {
                status: None,
                error: "หมดเวลา".into(),
            }),
        )
        .await
        .unwrap();
    assert_eq!(audit_count(store, &org).await, audit_before + 1);
    store
        .record_link_check(&org, &check(LinkOutcome::Ok { status: 200 }))
        .await
        .unwrap();
    assert_eq!(
        last_entry(store, &org).await.action,
        audit_action::DISCLOSURE_LINK_RESTORED
    );
    let records = store
        .disclosure_records(&org, FiscalYear(2568))
        .await
        .unwrap();
    assert!(matches!(
        status_of_o3(&records),
        DisclosureStatus::Published { .. }
    ));
    // Every period is due by 2100; both publications were made today, after
    // their 2568 due dates, so they count as late.
    let figure = readiness(&catalogue, &records_of(&records), date!(2100 - 01 - 01));
    let periods: usize = catalogue
        .items
        .iter()
        .map(|i| i.schedule(catalogue.fiscal_year).len())
        .sum();
    assert_eq!(periods, 42);
    assert_eq!(figure.due_so_far, 42);
    assert_eq!((figure.published_on_time, figure.published_late), (0, 2));

    // A fixed link is a new publication: the old check does not follow it.
    store
        .record_link_check(
            &org,
            &check(LinkOutcome::Failed {
                status: Some(500),
                error: "ขัดข้อง".into(),
            }),
        )
        .await
        .unwrap();
    store
        .publish_disclosure(
            &org,
            &o3,
            &link("https://example.go.th/contact-new"),
            None,
            OFFICER,
        )
        .await
        .unwrap();
    let records = store
        .disclosure_records(&org, FiscalYear(2568))
        .await
        .unwrap();
    assert!(!records[0].period_record().link_broken);
    assert_eq!(records[0].last_link_check, None);

    // Only links are checked.
    let generated_id = store
        .disclosure_history(&org, &key("O25", Period::Year))
        .await
        .unwrap()[0]
        .id
        .clone();
    assert!(matches!(
        store
            .record_link_check(
                &org,
                &LinkCheck {
                    publication_id: generated_id,
                    checked_at: datetime!(2025-01-10 02:00 UTC),
                    outcome: LinkOutcome::Ok { status: 200 },
                },
            )
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store
            .record_link_check(
                &org,
                &LinkCheck {
                    publication_id: "no-such-publication".into(),
                    checked_at: datetime!(2025-01-10 02:00 UTC),
                    outcome: LinkOutcome::Ok { status: 200 },
                },
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
}

async fn the_public_read_shows_current_publications_without_user_ids(
    store: &dyn Store,
    _raw: &Raw,
) {
    let org = organization(store, "alpha").await;
    store
        .install_disclosure_catalogue(&org, &oit_2568(), ADMIN)
        .await
        .unwrap();
    assert!(
        store
            .public_disclosures(&org, FiscalYear(2568))
            .await
            .unwrap()
            .is_empty()
    );
    store
        .publish_disclosure(
            &org,
            &key("O19", Period::Half(sujarit_core::disclosure::Half::First)),
            &generated(GeneratedSource::CorruptionReportStats),
            None,
            OFFICER,
        )
        .await
        .unwrap();
    store
        .publish_disclosure(
            &org,
            &key("O1", Period::Once),
            &link("https://a.example/1"),
            None,
            OFFICER,
        )
        .await
        .unwrap();
    let latest = store
        .publish_disclosure(
            &org,
            &key("O1", Period::Once),
            &link("https://a.example/2"),
            None,
            OFFICER,
        )
        .await
        .unwrap();
    store
        .mark_disclosure_not_applicable(&org, &key("O12", Period::Month(10)), Some("ไม่มี"), OFFICER)
        .await
        .unwrap();
    let public = store
        .public_disclosures(&org, FiscalYear(2568))
        .await
        .unwrap();
    let codes: Vec<&str> = public.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, vec!["O1", "O19"], "catalogue order, published only");
    assert_eq!(public[0].evidence, link("https://a.example/2"));
    assert_eq!(public[0].version, 2);
    assert_eq!(public[0].last_updated_at, latest.published_at);
    assert_eq!(public[0].title, "โครงสร้างและอำนาจหน้าที่");
    assert!(!public[0].link_broken);
    assert_eq!(
        public[1].evidence,
        generated(GeneratedSource::CorruptionReportStats)
    );
    assert!(
        store
            .public_disclosures(&org, FiscalYear(2567))
            .await
            .unwrap()
            .is_empty()
    );
}

async fn disclosure_data_is_isolated_per_organization(store: &dyn Store, _raw: &Raw) {
    let alpha = organization(store, "alpha").await;
    let beta = organization(store, "beta").await;
    store
        .install_disclosure_catalogue(&alpha, &oit_2568(), ADMIN)
        .await
        .unwrap();
    let publication = store
        .publish_disclosure(
            &alpha,
            &key("O1", Period::Once),
            &link("https://a.example"),
            None,
            OFFICER,
        )
        .await
        .unwrap();
    assert!(
        store
            .disclosure_catalogue_years(&beta)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .disclosure_catalogue(&beta, FiscalYear(2568))
            .await
            .unwrap(),
        None
    );
    assert!(
        store
            .disclosure_records(&beta, FiscalYear(2568))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .disclosure_links_to_check(&beta)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        store
            .publish_disclosure(
                &beta,
                &key("O1", Period::Once),
                &link("https://b.example"),
                None,
                OFFICER
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    // Beta cannot touch alpha's publication through its id.
    assert!(matches!(
        store
            .record_link_check(
                &beta,
                &LinkCheck {
                    publication_id: publication.id,
                    checked_at: datetime!(2025-01-10 02:00 UTC),
                    outcome: LinkOutcome::Ok { status: 200 },
                },
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    // The same catalogue installs independently in beta.
    store
        .install_disclosure_catalogue(&beta, &oit_2568(), ADMIN)
        .await
        .unwrap();
    assert!(
        store
            .disclosure_records(&beta, FiscalYear(2568))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.audit_log(&beta, None, 10).await.unwrap().len() == 1);
}

async fn concurrent_publications_get_distinct_versions(store: &dyn Store, _raw: &Raw) {
    let org = organization(store, "alpha").await;
    store
        .install_disclosure_catalogue(&org, &oit_2568(), ADMIN)
        .await
        .unwrap();
    let period = key("O4", Period::Quarter(sujarit_core::fiscal::Quarter::Q1));
    let publish = |n: usize| {
        let org = org.clone();
        let period = period.clone();
        async move {
            store
                .publish_disclosure(
                    &org,
                    &period,
                    &link(&format!("https://example.go.th/news/{n}")),
                    None,
                    OFFICER,
                )
                .await
                .expect("publish")
        }
    };
    let (a, b, c, d) = tokio::join!(publish(1), publish(2), publish(3), publish(4));
    let mut versions = vec![a.version, b.version, c.version, d.version];
    versions.sort_unstable();
    assert_eq!(versions, vec![1, 2, 3, 4]);
    let history = store.disclosure_history(&org, &period).await.unwrap();
    assert_eq!(history.len(), 4);
    let current: Vec<u32> = history
        .iter()
        .filter(|p| p.superseded_at.is_none())
        .map(|p| p.version)
        .collect();
    assert_eq!(current, vec![4], "exactly one current publication");
    // Audit ids stayed distinct too (one entry per publication).
    let entries = store.audit_log(&org, None, 100).await.unwrap();
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.action == audit_action::DISCLOSURE_PUBLISHED)
            .count(),
        4
    );
}

async fn one_publication_stands_for_an_item_that_uses_the_same_document(
    store: &dyn Store,
    _raw: &Raw,
) {
    let org = organization(store, "alpha").await;
    store
        .install_disclosure_catalogue(&org, &oit_2568(), ADMIN)
        .await
        .unwrap();
    let year = FiscalYear(2568);
    let catalogue = store
        .disclosure_catalogue(&org, year)
        .await
        .unwrap()
        .unwrap();
    let item = |code: &str| catalogue.item(code).unwrap().clone();
    // O2 uses O1's document (both are published once); the edit is audited.
    let mut o2 = item("O2");
    o2.same_as = Some("O1".into());
    store
        .update_disclosure_item(&org, year, &o2, ADMIN)
        .await
        .expect("link");
    let read = store
        .disclosure_catalogue(&org, year)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.item("O2").unwrap().same_as.as_deref(), Some("O1"));
    let entry = last_entry(store, &org).await;
    assert_eq!(entry.action, audit_action::DISCLOSURE_ITEM_UPDATED);
    assert_eq!(entry.after.unwrap()["same_as"], "O1");

    // Publishing from O2's page publishes O1, once, and says where from.
    let publication = store
        .publish_disclosure(
            &org,
            &key("O2", Period::Once),
            &link("https://example.go.th/structure"),
            None,
            OFFICER,
        )
        .await
        .expect("publish");
    assert_eq!(publication.code, "O1");
    let entry = last_entry(store, &org).await;
    assert_eq!(entry.action, audit_action::DISCLOSURE_PUBLISHED);
    assert_eq!(entry.target, "2568 O1 (once)");
    assert_eq!(entry.after.unwrap()["published_from"], "O2");
    assert_eq!(
        store
            .disclosure_history(&org, &key("O1", Period::Once))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .disclosure_history(&org, &key("O2", Period::Once))
            .await
            .unwrap()
            .is_empty()
    );
    // Both stand published; the readiness figure counts both.
    let records = store.disclosure_records(&org, year).await.unwrap();
    let status = |code: &str| {
        board(&read, &records_of(&records), date!(2100 - 01 - 01))
            .into_iter()
            .find(|r| r.code == code)
            .unwrap()
            .status
    };
    assert!(matches!(status("O1"), DisclosureStatus::Published { .. }));
    assert!(matches!(status("O2"), DisclosureStatus::Published { .. }));
    assert!(matches!(status("O3"), DisclosureStatus::Late { .. }));

    // A chain, or lending a document while using another's, is refused and
    // nothing is written.
    let before = audit_count(store, &org).await;
    let mut o3 = item("O3");
    o3.same_as = Some("O2".into());
    let Err(StoreError::Invalid(errors)) =
        store.update_disclosure_item(&org, year, &o3, ADMIN).await
    else {
        panic!("a chain is refused");
    };
    assert_eq!(errors[0].field, "same_as");
    let mut o1 = item("O1");
    o1.same_as = Some("O3".into());
    let Err(StoreError::Invalid(errors)) =
        store.update_disclosure_item(&org, year, &o1, ADMIN).await
    else {
        panic!("O1 lends its document: it uses no other's");
    };
    assert!(
        errors[0].message.contains("รายการ O2 ใช้เอกสารของรายการ O1"),
        "{errors:?}"
    );
    assert_eq!(audit_count(store, &org).await, before);
    assert_eq!(
        store
            .disclosure_catalogue(&org, year)
            .await
            .unwrap()
            .unwrap(),
        read
    );

    // Unlinked, O2 stands on its own (nothing published) again.
    store
        .update_disclosure_item(&org, year, &item("O2"), ADMIN)
        .await
        .expect("unlink");
    let read = store
        .disclosure_catalogue(&org, year)
        .await
        .unwrap()
        .unwrap();
    let rows = board(&read, &records_of(&records), date!(2100 - 01 - 01));
    let o2 = rows.iter().find(|r| r.code == "O2").unwrap();
    assert!(matches!(o2.status, DisclosureStatus::Late { .. }));
}

// ---------------------------------------------------------------------------
// Helpers

/// A publication's note is the staff history's, and an item's note is shown
/// to the public only on a reconstructed item: neither is in the index the
/// public searches.
async fn staff_notes_stay_out_of_the_search_index(store: &dyn Store, _raw: &Raw) {
    use sujarit_core::search::{Query, SearchScope};
    let org = organization(store, "notes").await;
    store
        .install_disclosure_catalogue(&org, &oit_2568(), ADMIN)
        .await
        .unwrap();
    store
        .publish_disclosure(
            &org,
            &key("O1", Period::Once),
            &link("https://example.org/o1.pdf"),
            Some("zqxstaffnote"),
            OFFICER,
        )
        .await
        .unwrap();
    store.refresh_search_index(&org).await.unwrap();
    let total = async |text: &str, scope| {
        let query = Query::parse(text).expect("a query");
        store
            .search(&org, &query, scope, 20, 0)
            .await
            .unwrap()
            .total
    };
    for scope in [SearchScope::Public, SearchScope::Staff { complaints: true }] {
        assert_eq!(total("zqxstaffnote", scope).await, 0, "{scope:?}");
    }
    // The item itself is indexed, by what the public page shows.
    assert!(total("โครงสร้าง", SearchScope::Public).await >= 1);
}

async fn organization(store: &dyn Store, slug: &str) -> String {
    store
        .ensure_organization(slug, &format!("เทศบาล{slug}"))
        .await
        .expect("organization")
        .id
}

fn oit_2568() -> Catalogue {
    shipped::get("oit-2568").expect("shipped")
}

fn key(code: &str, period: Period) -> DisclosureKey {
    DisclosureKey::new(2568, code, period)
}

fn link(url: &str) -> DisclosureEvidence {
    DisclosureEvidence::Link { url: url.into() }
}

fn generated(source: GeneratedSource) -> DisclosureEvidence {
    DisclosureEvidence::Generated { source }
}

async fn audit_count(store: &dyn Store, org: &str) -> usize {
    store.audit_log(org, None, 1000).await.expect("audit").len()
}

async fn last_entry(store: &dyn Store, org: &str) -> AuditEntry {
    store
        .audit_log(org, None, 1)
        .await
        .expect("audit")
        .pop()
        .expect("an entry")
}
