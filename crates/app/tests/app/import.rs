//! `sujarit import plan` against SQLite and PostgreSQL.

use crate::support::*;
use sujarit_core::PlanReport;
use sujarit_testkit::postgres::{TempPostgres, postgres_url};
use sujarit_testkit::{SEED, temp_sqlite};

fn json_of(output: &std::process::Output) -> PlanReport {
    serde_json::from_slice(&output.stdout).expect("one JSON object on stdout")
}

#[test]
fn dry_run_json_prints_the_plan_and_writes_nothing() {
    let (url, path) = temp_sqlite();
    let out = sujarit(&[
        "--database",
        &url,
        "import",
        "plan",
        SEED,
        "--dry-run",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["dimensions"].as_array().unwrap().len(), 4);
    assert_eq!(value["schedules"].as_array().unwrap().len(), 5);
    assert!(value["findings"].as_array().unwrap().len() > 10);
    assert!(!path.exists(), "a dry run does not create the database");
}

#[test]
fn text_report_lists_findings_in_thai() {
    let out = sujarit(&["import", "plan", SEED, "--dry-run"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("รวม 47 รายการ"), "{text}");
    assert!(text.contains("ตารางแผนปี 2569: 47 แถว จับคู่กับส่วนที่ 2 ได้ 47 แถว"));
    assert!(
        text.contains("บรรทัด 3003"),
        "the other city's name is located"
    );
    assert!(text.contains("ไม่ได้บันทึก"));
}

fn unusable_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let half: String = seed.lines().take(380).collect::<Vec<_>>().join("\n");
    vec![
        ("empty.txt", Vec::new()),
        (
            "random.bin",
            (0..2048u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
                .collect(),
        ),
        (
            "news.txt",
            "ข่าวประชาสัมพันธ์\nเทศบาลจัดงานวันเด็ก\n".as_bytes().to_vec(),
        ),
        ("truncated.txt", half.into_bytes()),
    ]
}

async fn assert_import_cycle(url: &str) {
    // Unusable input: exit 2, a Thai message, nothing written.
    for (name, bytes) in unusable_inputs() {
        let file = temp_file(name, &bytes);
        let out = sujarit(&["--database", url, "import", "plan", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.chars().any(sujarit_core::thai::is_thai),
            "{name}: {stderr}"
        );
    }
    let missing = sujarit(&["--database", url, "import", "plan", "/no/such/plan.txt"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("ไม่พบไฟล์"));

    let store = sujarit_store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    assert!(
        store.organizations().await.unwrap().is_empty(),
        "nothing was written"
    );

    // A real import, then the same document again.
    let first = sujarit(&[
        "--database",
        url,
        "import",
        "plan",
        SEED,
        "--slug",
        "nakhon",
        "--format",
        "json",
    ]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let report = json_of(&first);
    let again = sujarit(&[
        "--database",
        url,
        "import",
        "plan",
        SEED,
        "--slug",
        "nakhon",
    ]);
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stdout).contains("เคยนำเข้าแล้ว"));

    let org = store
        .organization_by_slug("nakhon")
        .await
        .unwrap()
        .expect("organisation created");
    assert_eq!(org.name, "เทศบาลนครนครศรีธรรมราช");
    let versions = store.plan_versions(&org.id).await.unwrap();
    assert_eq!(
        versions.len(),
        1,
        "a second import of the same document adds nothing"
    );
    assert_eq!(versions[0].item_count, 47);
    let (_, stored) = store.current_plan(&org.id).await.unwrap().unwrap();
    assert_eq!(
        stored, report,
        "the database holds exactly what was imported"
    );
    // The plan's responsible units are units staff can belong to, each item assigned.
    let units = store.units(&org.id).await.unwrap();
    assert!(
        units.iter().any(|u| u.name == "กองการเจ้าหน้าที่"),
        "units come from the plan: {units:?}"
    );
    let assignments = store.item_unit_assignments(&org.id).await.unwrap();
    assert!(
        assignments.len() >= 40,
        "most items get their units: {}",
        assignments.len()
    );

    // A corrected document becomes version 2; version 1 stays readable.
    let corrected = std::fs::read_to_string(SEED)
        .unwrap()
        .replacen("必将", "", 1);
    let file = temp_file("corrected.txt", corrected.as_bytes());
    let out = sujarit(&[
        "--database",
        url,
        "import",
        "plan",
        file.to_str().unwrap(),
        "--slug",
        "nakhon",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let versions = store.plan_versions(&org.id).await.unwrap();
    assert_eq!(
        versions
            .iter()
            .map(|v| (v.version, v.is_current))
            .collect::<Vec<_>>(),
        [(2, true), (1, false)]
    );
    let (_, current) = store.current_plan(&org.id).await.unwrap().unwrap();
    assert_eq!(
        current.findings.len() + 1,
        report.findings.len(),
        "the foreign-script finding is gone"
    );
}

#[tokio::test]
async fn import_on_sqlite() {
    let (url, path) = temp_sqlite();
    assert_import_cycle(&url).await;
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn import_on_postgres() {
    let Some(admin) = postgres_url() else { return };
    let database = TempPostgres::create(&admin).await;
    assert_import_cycle(&database.url).await;
    database.drop_database().await;
}

#[test]
fn tis620_file_is_imported() {
    let text = std::fs::read_to_string(SEED)
        .unwrap()
        .replace(['☑', '✓'], "<input checked=\"\" type=\"checkbox\"/>")
        .replace("必将", "");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_874.encode(&text);
    assert!(!unmappable);
    let file = temp_file("tis620.txt", &bytes);
    let out = sujarit(&[
        "import",
        "plan",
        file.to_str().unwrap(),
        "--dry-run",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let report = json_of(&out);
    assert_eq!(report.plan.organization, "เทศบาลนครนครศรีธรรมราช");
    assert_eq!(report.plan.item_count(), 47);
}

#[test]
fn serve_demo_shows_the_real_plan() {
    let (url, path) = temp_sqlite();
    {
        let server = Server::start(&url, &["--demo"]);
        let (status, body) = server.get("/o/demo");
        assert_eq!(status, 200);
        assert!(body.contains("เทศบาลนครนครศรีธรรมราช"));
        assert!(body.contains("โครงการโรงเรียนคุณธรรม"));
        assert_eq!(server.get("/o/nobody").0, 404);
    }
    // A second start finds the demo in place and does not import it again.
    let server = Server::start(&url, &["--demo"]);
    assert_eq!(server.get("/o/demo").0, 200);
    drop(server);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = sujarit_store::connect(&url).await.unwrap();
        let org = store.organization_by_slug("demo").await.unwrap().unwrap();
        assert_eq!(store.plan_versions(&org.id).await.unwrap().len(), 1);
    });
    let _ = std::fs::remove_file(path);
}
