//! The public pages, driven in-process through the router against a real
//! SQLite store holding a small plan built by hand.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use sujarit_core::FindingCode;
use sujarit_store::{ImportSource, SaveOutcome};
use tower::ServiceExt;

use sujarit_testkit::TempDir;
use sujarit_testkit::plan::{EVIL, ORG_NAME, report};

/// A fresh SQLite database per test, in a folder removed when the test ends.
async fn app() -> (Router, TempDir) {
    let (state, guard) = state().await;
    (sujarit_web::router(state), guard)
}

/// The state behind [`app`]: the fixture plan's organisation and one without
/// a plan.
async fn state() -> (sujarit_web::AppState, TempDir) {
    let guard = TempDir::new("sujarit-web");
    let url = format!("sqlite://{}", guard.path().join("sujarit.db").display());
    let store = sujarit_store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let org = store.ensure_organization("nakhon", ORG_NAME).await.unwrap();
    let source = ImportSource {
        file_name: "แผน.txt".to_string(),
        sha256: "ab".repeat(32),
    };
    let outcome = store
        .save_plan_import(&org.id, &report(), &source)
        .await
        .unwrap();
    assert!(matches!(outcome, SaveOutcome::Saved(_)));
    store
        .ensure_organization("empty", "เทศบาลตำบลยังไม่มีแผน")
        .await
        .unwrap();
    (sujarit_web::AppState::new(store), guard)
}

struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Page {
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("pages are UTF-8")
    }

    fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn get(app: &Router, uri: &str) -> Page {
    let response = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Page {
        status,
        headers,
        body: body.to_vec(),
    }
}

/// A successful HTML page in Thai that loads nothing from elsewhere.
async fn html(app: &Router, uri: &str) -> String {
    let page = get(app, uri).await;
    assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.text());
    assert_eq!(page.content_type(), "text/html; charset=utf-8", "{uri}");
    let text = page.text();
    assert!(text.contains(r#"<html lang="th">"#), "{uri}");
    assert!(
        !text.contains("http://") && !text.contains("https://"),
        "{uri} links out"
    );
    assert!(!text.contains(EVIL), "{uri} did not escape");
    text
}

/// Text with tags removed and whitespace squeezed, for asserting what a reader sees.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn home_lists_every_organisation() {
    let (app, _db) = app().await;
    let csp = get(&app, "/").await.headers[header::CONTENT_SECURITY_POLICY].clone();
    assert!(csp.to_str().unwrap().starts_with("default-src 'self'"));
    let page = html(&app, "/").await;
    assert!(page.contains(r#"<a href="/o/nakhon">เทศบาลนครนครศรีธรรมราช</a>"#));
    assert!(page.contains(r#"<a href="/o/empty">เทศบาลตำบลยังไม่มีแผน</a>"#));
    assert!(page.contains("ข้ามไปยังเนื้อหาหลัก"), "skip link");
    assert!(page.contains(r#"href="/static/sujarit.css?v="#));
}

#[tokio::test]
async fn overview_shows_part_two_with_computed_and_stated_totals() {
    let (app, _db) = app().await;
    let page = html(&app, "/o/nakhon").await;
    let text = visible(&page);

    assert!(text.contains("แผนปฏิบัติการป้องกันการทุจริต"));
    assert!(text.contains("ปีงบประมาณ พ.ศ. 2566–2568"), "{text}");
    assert!(text.contains("ประกาศใช้เมื่อ 27 กันยายน 2565"));
    // Items with their number, kind, linked name and budgets.
    assert!(page.contains(r#"<a href="/o/nakhon/items/2.19">โครงการจัดซื้อจัดจ้างโปร่งใส</a>"#));
    assert!(
        text.contains(
            "1.1 โครงการ โครงการอบรมคุณธรรมจริยธรรมแก่บุคลากร 100,000 100,000 - สำนักปลัดเทศบาล"
        ),
        "{text}"
    );
    assert!(text.contains("2.1 มาตรการ มาตรการเปิดเผยข้อมูลสาธารณะ - - -"));
    assert!(text.contains("กองการศึกษา, กองสวัสดิการสังคม"));
    // Askama escapes `<` and `>` as numeric references.
    assert!(page.contains("กิจกรรมเผยแพร่ &#60;script&#62;alert(1)&#60;/script&#62;"));
    // Dimension 1 adds up to 120,000 in 2566; the document says 150,000 and 3 items.
    assert!(
        text.contains(
            "รวมมิติที่ 1: 2 รายการ ⚠ เอกสารระบุ 3 รายการ 120,000 ⚠ เอกสารระบุ 150,000 100,000 -"
        ),
        "{text}"
    );
    // Dimension 2's stated figures agree: no marker.
    assert!(text.contains("รวมมิติที่ 2: 2 รายการ 1,234,567 - -"), "{text}");
    // Summary: 4 items, 1,454,567 baht over the period, grand total per year.
    assert!(text.contains("4 รายการในแผน"));
    assert!(text.contains("1,454,567 งบประมาณรวม"));
    assert!(
        text.contains("รวมทั้งสิ้น 4 1,354,567 100,000 - 1,454,567"),
        "{text}"
    );
    // Links onwards.
    assert!(page.contains(r#"href="/o/nakhon/schedule/2566""#));
    assert!(page.contains(r#"href="/o/nakhon/findings?severity=error""#));
}

#[tokio::test]
async fn schedule_shows_ticks_and_both_totals() {
    let (app, _db) = app().await;
    let page = html(&app, "/o/nakhon/schedule/2566").await;
    let text = visible(&page);

    assert!(text.contains("ตารางแผนปฏิบัติการ ปีงบประมาณ 2566"));
    for label in [
        "ไตรมาส 1 (ต.ค.–ธ.ค.)",
        "ไตรมาส 2 (ม.ค.–มี.ค.)",
        "ไตรมาส 3 (เม.ย.–มิ.ย.)",
        "ไตรมาส 4 (ก.ค.–ก.ย.)",
    ] {
        assert!(text.contains(label), "{label}");
    }
    assert!(text.contains("ข้อมูล ณ วันที่ 15 พฤศจิกายน 2565"));
    assert!(text.contains("กองยุทธศาสตร์และงบประมาณ"));
    // 2 + 1 + 1 + 4 ticks, each with words for screen readers.
    assert_eq!(page.matches(r#"<span class="tick" aria-hidden="true">✓</span><span class="visually-hidden">ดำเนินการ</span>"#).count(), 8);
    assert_eq!(page.matches(">ไม่ดำเนินการ<").count(), 16 - 8);
    assert!(text.contains("1 โครงการอบรมคุณธรรมจริยธรรมแก่บุคลากร (1.1) 1 100,000 ✓ ดำเนินการ ✓ ดำเนินการ ไม่ดำเนินการ ไม่ดำเนินการ"), "{text}");
    assert!(page.contains(r#"<a href="/o/nakhon/items/2.19">โครงการจัดซื้อจัดจ้างโปร่งใส</a>"#));
    assert!(text.contains("โครงการที่ไม่มีในส่วนที่สอง จับคู่กับส่วนที่ 2 ไม่ได้"));
    // Computed: 1,354,667 and 2/2/2/2; the document: 1,354,567 and 2/2/2/3.
    assert!(
        text.contains("รวม (คำนวณจากรายการ) 1,354,667 2 2 2 2"),
        "{text}"
    );
    assert!(
        text.contains("รวมตามเอกสาร 1,354,567 ⚠ ไม่ตรง 2 2 2 3 ⚠ ไม่ตรง"),
        "{text}"
    );
}

#[tokio::test]
async fn item_page_shows_form_budgets_quarters_and_findings() {
    let (app, _db) = app().await;
    let page = html(&app, "/o/nakhon/items/1.1").await;
    let text = visible(&page);
    assert!(text.contains("1.1 โครงการอบรมคุณธรรมจริยธรรมแก่บุคลากร"));
    assert!(text.contains("มิติที่ 1 การสร้างวัฒนธรรมสุจริต"));
    assert!(text.contains("ภารกิจ 1.1 การเสริมสร้างจิตสำนึกแก่บุคลากร"));
    assert!(
        text.contains("2566 100,000 2567 100,000 2568 - รวม 200,000"),
        "{text}"
    );
    assert!(
        text.contains("2566 1 100,000 ✓ ดำเนินการ ✓ ดำเนินการ ไม่ดำเนินการ ไม่ดำเนินการ"),
        "{text}"
    );
    for field in [
        "ชื่อตามแบบรายละเอียด โครงการอบรมคุณธรรม จริยธรรม แก่บุคลากร",
        "บุคลากรเป็นหัวใจของการบริการประชาชน",
        "จึงจัดทำโครงการนี้",
        "เพื่อให้บุคลากรมีจิตสำนึกสุจริต",
        "เพื่อป้องกันผลประโยชน์ทับซ้อน",
        "กลุ่มเป้าหมาย บุคลากรเทศบาล 200 คน",
        "จัดอบรมและประเมินผล",
        "ระยะเวลาดำเนินการ ปีงบประมาณ 2566–2570",
        "งบประมาณดำเนินการ 100,000 บาท ต่อปี",
        "ผู้รับผิดชอบโครงการ สำนักปลัดเทศบาล",
        "บุคลากรเข้าร่วมอบรม 200 คน",
        "ผู้เข้าร่วมมีความรู้เพิ่มขึ้นไม่ต่ำกว่าร้อยละ 80",
    ] {
        assert!(text.contains(field), "{field}: {text}");
    }
    assert!(text.contains("ไม่พบข้อสังเกตเกี่ยวกับรายการนี้"));

    // An item without a form says so, and shows the finding about it.
    let page = html(&app, "/o/nakhon/items/1.2").await;
    let text = visible(&page);
    assert!(text.contains("ไม่พบรายละเอียดโครงการ (ส่วนที่ 3) ของรายการนี้ในเอกสาร"));
    assert!(text.contains(FindingCode::FormMissing.thai()));
    assert!(text.contains("บรรทัดที่ 102 ในเอกสาร"));
    assert!(text.contains("กองการศึกษา กองสวัสดิการสังคม"));

    // Item 2.1 is in no year's table.
    let text = visible(&html(&app, "/o/nakhon/items/2.1").await);
    assert!(text.contains("2566 ไม่ปรากฏในตารางของปีนี้"), "{text}");
}

#[tokio::test]
async fn findings_are_grouped_and_filtered_by_severity() {
    let (app, _db) = app().await;
    let page = html(&app, "/o/nakhon/findings").await;
    let text = visible(&page);
    let quarter = FindingCode::ScheduleQuarterCountMismatch.thai();
    let form = FindingCode::FormMissing.thai();
    assert!(
        text.contains(&format!(
            "ข้อผิดพลาด 1 รายการ {quarter} (1 รายการ) schedule_quarter_count_mismatch"
        )),
        "{text}"
    );
    assert!(text.contains("ปีงบประมาณ 2566 บรรทัดที่ 905 ในเอกสาร"));
    assert!(text.contains("ที่ควรเป็น 2 ที่พบในเอกสาร 3"));
    assert!(text.contains(form));
    assert!(page.contains(r#"รายการ <a href="/o/nakhon/items/1.2">1.2</a>"#));
    assert!(page.contains("ที่พบในเอกสาร</dt><dd>&#60;script&#62;alert(1)&#60;/script&#62;</dd>"));
    // Errors are listed before warnings.
    assert!(text.find(quarter) < text.find(form));

    let page = html(&app, "/o/nakhon/findings?severity=error").await;
    assert!(page.contains(quarter));
    assert!(!page.contains(form));
    assert!(page.contains(r#"aria-current="page">ข้อผิดพลาด (1)"#));

    let text = visible(&html(&app, "/o/nakhon/findings?severity=info").await);
    assert!(text.contains("ไม่มีรายการระดับข้อสังเกต"));

    // An empty choice (a plain form's "all") shows everything.
    let page = html(&app, "/o/nakhon/findings?severity=").await;
    assert!(page.contains(quarter) && page.contains(form));

    let page = get(&app, "/o/nakhon/findings?severity=fatal").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.text().contains("ระดับที่เลือกไม่ถูกต้อง"));
}

#[tokio::test]
async fn unknown_and_malformed_addresses_get_thai_error_pages() {
    let (app, _db) = app().await;
    for uri in [
        "/o/nowhere",
        "/o/nowhere/items/1.1",
        "/o/nakhon/items/9.9",
        "/o/nakhon/items/1.99",
        "/o/nakhon/schedule/2570",
        "/o/empty/schedule/2566",
        "/o/empty/findings",
        "/no/such/page",
        "/static/nothing.css",
    ] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}");
        let text = page.text();
        assert!(text.contains(r#"<html lang="th">"#), "{uri}");
        assert!(text.contains("ไม่พบ"), "{uri}: {text}");
    }
    for uri in [
        "/o/nakhon/items/abc",
        "/o/nakhon/items/1",
        "/o/nakhon/schedule/abcd",
        "/o/nakhon/schedule/66",
    ] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(page.text().contains("คำขอไม่ถูกต้อง"), "{uri}");
    }
    // An organisation without a plan has a page that says so.
    let text = visible(&html(&app, "/o/empty").await);
    assert!(text.contains("องค์กรนี้ยังไม่มีแผนปฏิบัติการป้องกันการทุจริตที่เผยแพร่"));
}

#[tokio::test]
async fn static_files_are_embedded_with_types_and_long_caching() {
    let (app, _db) = app().await;
    let home = html(&app, "/").await;
    let start = home.find("/static/sujarit.css?v=").unwrap();
    let end = start + home[start..].find('"').unwrap();
    let css = get(&app, &home[start..end]).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.content_type(), "text/css; charset=utf-8");
    let cache = css.headers[header::CACHE_CONTROL].to_str().unwrap();
    assert!(cache.contains("max-age=31536000"), "{cache}");
    let css = css.text();
    assert!(!css.contains("http://") && !css.contains("https://"));

    // Every font the stylesheet names is served, as WOFF2.
    let fonts: Vec<&str> = css
        .split("url(\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(fonts.len(), 4);
    for font in fonts {
        let page = get(&app, &format!("/static/{font}")).await;
        assert_eq!(page.status, StatusCode::OK, "{font}");
        assert_eq!(page.content_type(), "font/woff2");
        assert!(page.body.starts_with(b"wOF2"), "{font}");
    }
    let licence = get(&app, "/static/fonts/OFL.txt").await;
    assert!(licence.text().contains("SIL OPEN FONT LICENSE"));
}

#[tokio::test]
async fn health_check_answers_ok() {
    let (app, _db) = app().await;
    let page = get(&app, "/healthz").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text(), "ok");
}

#[tokio::test]
async fn store_failures_show_a_generic_thai_page() {
    // A real database that was never migrated: every query fails with
    // "no such table", which must reach the log and never the visitor.
    let (url, _) = sujarit_testkit::temp_sqlite();
    let store = sujarit_store::connect(&url).await.unwrap();
    let app = sujarit_web::router(sujarit_web::AppState::new(store));
    for uri in ["/", "/o/nakhon", "/o/nakhon/findings"] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR, "{uri}");
        let text = page.text();
        assert!(text.contains("ระบบขัดข้องชั่วคราว"), "{uri}");
        assert!(
            !text.contains("no such table") && !text.contains("organizations"),
            "{uri} leaked the database error"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_report_file_is_typeset_once_whatever_the_query_string() {
    let (state, _guard) = state().await;
    let app = sujarit_web::router(state.clone());
    // Twelve clients at once, each with its own query string (past any page
    // cache): one typesetting.
    let asks: Vec<_> = (0..12)
        .map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                get(
                    &app,
                    &format!("/o/nakhon/reports/monitoring-2567-6m.pdf?n={n}"),
                )
                .await
            })
        })
        .collect();
    let mut files = Vec::new();
    for ask in asks {
        let page = ask.await.unwrap();
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.starts_with(b"%PDF"));
        files.push(page.body);
    }
    assert!(files.windows(2).all(|w| w[0] == w[1]), "the same file");
    assert_eq!(state.renders().builds(), 1);
    // Another spelling of the same name is not a way around the cache.
    for other in [
        "monitoring-02567-6m.pdf",
        "monitoring-+2567-6m.pdf",
        "monitoring-2567-6.pdf",
    ] {
        let page = get(&app, &format!("/o/nakhon/reports/{other}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{other}");
    }
    assert_eq!(state.renders().builds(), 1);
    // Another file is another build; the first is still kept.
    get(&app, "/o/nakhon/reports/schedule-2567.csv").await;
    get(&app, "/o/nakhon/reports/monitoring-2567-6m.pdf").await;
    assert_eq!(state.renders().builds(), 2);
}

#[tokio::test]
async fn citizens_see_the_plan_first_and_the_document_check_below_it() {
    let (app, _db) = app().await;
    let page = html(&app, "/o/nakhon").await;
    let text = visible(&page);
    // No findings card among the headline figures.
    assert!(!text.contains("ข้อสังเกตจากการตรวจเอกสาร"), "{text}");
    let plan = text
        .find("รายการตามแผน (ส่วนที่ 2)")
        .expect("the plan's items");
    let check = text
        .find("การตรวจสอบความสอดคล้องของเอกสารแผน")
        .expect("the document check is still there");
    assert!(check > plan, "the document check comes after the plan");
    assert!(text[check..].contains("ไม่ได้หมายความว่ามีการทุจริต"), "{text}");
    // Its links are there, none styled as an alarm.
    assert!(page.contains(r#"href="/o/nakhon/findings?severity=error""#));
    assert!(
        !page.contains(r#"class="sev-error""#),
        "no red pill on the plan page"
    );
}

/// Every region that scrolls sideways can be reached and scrolled with the
/// keyboard, and is named apart from the section around it (axe-core's
/// scrollable-region-focusable and landmark-unique).
#[tokio::test]
async fn every_scrolling_table_is_focusable_and_named_apart() {
    let (app, _db) = app().await;
    for uri in [
        "/o/nakhon",
        "/o/nakhon/items/1.1",
        "/o/nakhon/schedule/2566",
        "/o/nakhon/progress?year=2566&round=12m",
    ] {
        let page = html(&app, uri).await;
        let boxes: Vec<&str> = page
            .split("<div class=\"table-scroll")
            .skip(1)
            .map(|rest| &rest[..rest.find('>').unwrap()])
            .collect();
        assert!(!boxes.is_empty(), "{uri} has a table");
        for b in &boxes {
            assert!(
                b.contains(r#"tabindex="0""#) && b.contains(r#"role="region""#),
                "{uri}: {b}"
            );
            assert!(b.contains("aria-label"), "{uri}: {b}");
        }
        let mut section_names = page
            .split("<section aria-labelledby=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()]);
        assert!(
            !section_names
                .any(|id| page.contains(&format!("role=\"region\" aria-labelledby=\"{id}\""))),
            "{uri}: a region shares its section's name"
        );
    }
}

#[tokio::test]
async fn charts_are_text_with_bars_drawn_and_missing_values_left_out() {
    let (app, _db) = app().await;
    let page = html(&app, "/o/nakhon/progress?year=2566&round=12m").await;
    let chart = &page[page.find("<figure class=\"chart\">").expect("a chart")..];
    let chart = &chart[..chart.find("</figure>").unwrap()];
    // Labels and values are HTML text, which keeps its size on a phone; the
    // drawings hold no text.
    assert!(chart.contains("<p class=\"chart-label\">"), "{chart}");
    assert!(chart.contains("<span class=\"chart-value\">"), "{chart}");
    assert!(!page.contains("<text "), "no SVG text anywhere");
    // Nothing is published in the fixture: the budgets' charts draw no "-" bars.
    assert!(!page.contains("<span class=\"chart-value\">-</span>"));
    assert!(!page.contains("</span>-</span>"));
}

#[tokio::test]
async fn the_seeds_numbered_lists_show_one_number_and_no_split_entry() {
    let guard = TempDir::new("sujarit-web-seed");
    let url = format!("sqlite://{}", guard.path().join("sujarit.db").display());
    let store = sujarit_store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let org = store.ensure_organization("nakhon", ORG_NAME).await.unwrap();
    let report = sujarit_import::import_plan(
        &std::fs::read(sujarit_testkit::SEED).unwrap(),
        &Default::default(),
    )
    .unwrap();
    let source = ImportSource {
        file_name: "seed.txt".into(),
        sha256: "cd".repeat(32),
    };
    store
        .save_plan_import(&org.id, &report, &source)
        .await
        .unwrap();
    // Item 2.1's form (the seed's line 916): objectives written "- 1) …", the
    // fourth wrapped before "นครศรีธรรมราช".
    let item = report
        .plan
        .dimensions
        .iter()
        .flat_map(|d| d.missions.iter())
        .flat_map(|m| m.items.iter())
        .find(|i| {
            i.form
                .as_ref()
                .is_some_and(|f| f.objectives.iter().any(|o| o.trim() == "นครศรีธรรมราช"))
        })
        .expect("the seed keeps the wrapped line as written");
    let app = sujarit_web::router(sujarit_web::AppState::new(store));
    let page = html(&app, &format!("/o/nakhon/items/{}", item.item_ref())).await;
    let objectives = &page[page.find("<h3>วัตถุประสงค์</h3>").unwrap()..];
    let objectives = &objectives[..objectives.find("</ol>").unwrap()];
    assert!(
        objectives.contains(r#"<ol class="doc-list marked">"#),
        "{objectives}"
    );
    assert!(
        objectives.contains(r#"<li><span class="doc-marker">1)</span> เพื่อเผยแพร่ข้อมูลข่าวสาร"#),
        "{objectives}"
    );
    assert!(!objectives.contains("- 1)"), "{objectives}");
    assert!(
        objectives.contains("การปฏิบัติงานของเทศบาลนครนครศรีธรรมราช</li>"),
        "the wrapped line joins its entry: {objectives}"
    );
    assert!(
        !objectives.contains("<li>นครศรีธรรมราช</li>"),
        "{objectives}"
    );
    assert_eq!(objectives.matches("<li>").count(), 4, "{objectives}");
}
