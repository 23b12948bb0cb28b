//! Scenarios of the search contract (`SearchStore`): Thai words found inside
//! longer runs, scopes (a general complaint only for staff who may read
//! complaints, a corruption report never indexed), rebuilding only what
//! changed, and idempotent re-indexing.

use sujarit_core::search::{Query, SearchKind, SearchScope};
use sujarit_store::{ImportSource, SearchDocument, SearchResults, Store};

use crate::complaints::{SECRET_SUBJECT, corruption, file_one, general, org};
use crate::harness::Raw;

contract! {
    a_thai_word_inside_a_longer_run_finds_its_plan_item,
    general_complaints_are_for_staff_only_and_reports_are_never_indexed,
    only_what_changed_is_rebuilt_and_rebuilding_is_idempotent,
    search_is_isolated_per_organization_and_paged,
}

const STAFF: SearchScope = SearchScope::Staff { complaints: true };
const STAFF_WITHOUT_COMPLAINTS: SearchScope = SearchScope::Staff { complaints: false };

async fn find(store: &dyn Store, org: &str, text: &str, scope: SearchScope) -> SearchResults {
    let query = Query::parse(text).expect("a query");
    store
        .search(org, &query, scope, 20, 0)
        .await
        .expect("search")
}

fn keys(results: &SearchResults) -> Vec<(SearchKind, &str)> {
    results
        .hits
        .iter()
        .map(|h| (h.kind, h.key.as_str()))
        .collect()
}

async fn with_plan(store: &dyn Store, slug: &str) -> String {
    let org = org(store, slug).await;
    let source = ImportSource {
        file_name: "plan.docx".into(),
        sha256: format!("{:0>64}", slug.len()),
    };
    store
        .save_plan_import(&org, &sujarit_testkit::plan::report(), &source)
        .await
        .expect("plan");
    org
}

// ---------------------------------------------------------------------------
// Scenarios

async fn a_thai_word_inside_a_longer_run_finds_its_plan_item(store: &dyn Store, _raw: &Raw) {
    let org = with_plan(store, "alpha").await;
    // Nothing is found before the index is built.
    assert_eq!(
        find(store, &org, "จริยธรรม", SearchScope::Public)
            .await
            .total,
        0
    );
    assert!(store.refresh_search_index(&org).await.unwrap() > 0);
    // "โครงการอบรมคุณธรรมจริยธรรมแก่บุคลากร": one run, no spaces.
    let found = find(store, &org, "จริยธรรม", SearchScope::Public).await;
    assert_eq!(keys(&found), [(SearchKind::PlanItem, "1.1")], "{found:?}");
    assert_eq!(found.total, 1);
    assert!(found.hits[0].title.starts_with("1.1 โครงการอบรมคุณธรรม"));
    // A word of the project form (its objectives), and two words at once.
    let found = find(store, &org, "ผลประโยชน์ทับซ้อน", SearchScope::Public).await;
    assert_eq!(keys(&found), [(SearchKind::PlanItem, "1.1")]);
    let found = find(store, &org, "อบรม บุคลากร", SearchScope::Public).await;
    assert_eq!(keys(&found), [(SearchKind::PlanItem, "1.1")]);
    // Every word must be there.
    assert_eq!(
        find(store, &org, "อบรม จัดซื้อ", SearchScope::Public)
            .await
            .total,
        0
    );
    // What FTS5 would read as syntax is only words here.
    for text in ["\"จริยธรรม\" OR *", "NEAR(จริยธรรม", "จริยธรรม AND -x", "1.1^"]
    {
        let query = Query::parse(text).expect("parsed");
        store
            .search(&org, &query, SearchScope::Public, 20, 0)
            .await
            .unwrap_or_else(|e| panic!("{text}: {e}"));
    }
}

async fn general_complaints_are_for_staff_only_and_reports_are_never_indexed(
    store: &dyn Store,
    raw: &Raw,
) {
    let org = with_plan(store, "alpha").await;
    let (receipt, _) = file_one(store, &org, &general("roads", "ไฟฟ้าสาธารณะดับทั้งซอย", None)).await;
    file_one(store, &org, &corruption()).await;
    store.refresh_search_index(&org).await.unwrap();

    assert_eq!(
        find(store, &org, "ไฟฟ้า", SearchScope::Public).await.total,
        0
    );
    assert_eq!(
        find(store, &org, "ไฟฟ้า", STAFF_WITHOUT_COMPLAINTS)
            .await
            .total,
        0
    );
    let found = find(store, &org, "ไฟฟ้า", STAFF).await;
    assert_eq!(
        keys(&found),
        [(SearchKind::Complaint, receipt.complaint_id.as_str())]
    );
    // Found by its reference too (the first 8 characters of its id).
    let reference: String = receipt.complaint_id.chars().take(8).collect();
    let found = find(store, &org, &reference, STAFF).await;
    assert_eq!(found.total, 1, "{reference}");
    // The contact is not indexed.
    assert_eq!(find(store, &org, "สมศรี", STAFF).await.total, 0);
    // The corruption report: none of its words, and no row of it.
    assert_eq!(find(store, &org, SECRET_SUBJECT, STAFF).await.total, 0);
    assert_eq!(find(store, &org, "ใต้โต๊ะ", STAFF).await.total, 0);
    let counts = raw.row_counts().await;
    let plan_items = 4;
    assert_eq!(counts["search_documents"], plan_items + 1, "{counts:?}");
}

async fn only_what_changed_is_rebuilt_and_rebuilding_is_idempotent(store: &dyn Store, raw: &Raw) {
    let org = with_plan(store, "alpha").await;
    let built = store.refresh_search_index(&org).await.unwrap();
    assert!(built > 0);
    // Nothing changed: nothing rebuilt.
    assert_eq!(store.refresh_search_index(&org).await.unwrap(), 0);
    let before = raw.row_counts().await;
    // A full rebuild writes the same documents again, and nothing more.
    assert_eq!(store.rebuild_search_index(&org).await.unwrap(), built);
    assert_eq!(store.rebuild_search_index(&org).await.unwrap(), built);
    assert_eq!(raw.row_counts().await, before);
    assert_eq!(
        find(store, &org, "จริยธรรม", SearchScope::Public)
            .await
            .total,
        1
    );
    // A new complaint: only complaints are rebuilt.
    file_one(store, &org, &general("roads", "ถนนลูกรังเป็นหลุมบ่อ", None)).await;
    assert_eq!(store.refresh_search_index(&org).await.unwrap(), 1);
    assert_eq!(find(store, &org, "ลูกรัง", STAFF).await.total, 1);
    assert_eq!(
        find(store, &org, "จริยธรรม", SearchScope::Public)
            .await
            .total,
        1
    );
    // One document added or replaced by hand.
    let document = SearchDocument::new(
        SearchKind::Disclosure,
        "2568/O1".into(),
        "O1 โครงสร้างหน่วยงาน".into(),
        "แผนผังแสดงโครงสร้างการแบ่งส่วนราชการ",
    );
    store.index_document(&org, &document).await.unwrap();
    store.index_document(&org, &document).await.unwrap();
    let found = find(store, &org, "ส่วนราชการ", SearchScope::Public).await;
    assert_eq!(keys(&found), [(SearchKind::Disclosure, "2568/O1")]);
}

async fn search_is_isolated_per_organization_and_paged(store: &dyn Store, _raw: &Raw) {
    let alpha = with_plan(store, "alpha").await;
    let beta = org(store, "beta").await;
    store.refresh_search_index(&alpha).await.unwrap();
    store.refresh_search_index(&beta).await.unwrap();
    assert_eq!(
        find(store, &beta, "จริยธรรม", SearchScope::Public)
            .await
            .total,
        0
    );
    // "โครงการ" is in several items: pages of one.
    let query = Query::parse("โครงการ").unwrap();
    let all = store
        .search(&alpha, &query, SearchScope::Public, 20, 0)
        .await
        .unwrap();
    assert!(all.total >= 2, "{all:?}");
    let mut paged = Vec::new();
    for offset in 0..all.total as u32 {
        let page = store
            .search(&alpha, &query, SearchScope::Public, 1, offset)
            .await
            .unwrap();
        assert_eq!(page.total, all.total);
        assert_eq!(page.hits.len(), 1);
        paged.push(page.hits[0].key.clone());
    }
    let keys: Vec<String> = all.hits.iter().map(|h| h.key.clone()).collect();
    assert_eq!(paged, keys);
    assert!(
        store
            .refresh_search_index("no-such-organization")
            .await
            .is_err()
    );
}
