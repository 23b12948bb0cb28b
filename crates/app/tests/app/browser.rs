//! The public pages in real headless Chromium (Debian's `chromium`), served by
//! the real binary with the demo plan.

use crate::support::*;
use std::process::Command;
use sujarit_testkit::temp_sqlite;

/// Chromium, or None outside CI when it is not installed.
fn chromium() -> Option<&'static str> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser tests: install chromium"
        );
        eprintln!("หมายเหตุ: ไม่พบ chromium จึงข้ามการทดสอบในเบราว์เซอร์");
    }
    found
}

/// Runs headless Chromium with the flags this machine needs and a fresh profile.
fn run_chromium(binary: &str, args: &[&str]) -> String {
    let profile = std::env::temp_dir().join(format!("sujarit-chromium-{}", uuid::Uuid::new_v4()));
    let out = Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium runs");
    let _ = std::fs::remove_dir_all(profile);
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 DOM")
}

fn dom(binary: &str, url: &str) -> String {
    run_chromium(binary, &["--dump-dom", url])
}

#[test]
fn demo_plan_pages_render_in_chromium() {
    let Some(binary) = chromium() else { return };
    let (url, path) = temp_sqlite();
    let server = Server::start(&url, &["--demo"]);
    let base = &server.base;

    let home = dom(binary, &format!("{base}/"));
    assert!(
        home.contains("/o/demo"),
        "the home page links the demo organisation"
    );

    let overview = dom(binary, &format!("{base}/o/demo"));
    assert!(overview.contains("lang=\"th\""));
    assert!(overview.contains("เทศบาลนครนครศรีธรรมราช"));
    for text in [
        "การสร้างวัฒนธรรมสุจริต",
        "โครงการโรงเรียนคุณธรรม",
        "100,000",
        "750,000",
        "2570",
    ] {
        assert!(overview.contains(text), "overview shows {text}");
    }
    assert!(
        overview.contains("/o/demo/items/2.19"),
        "items link to their forms"
    );
    assert!(
        overview.contains("/o/demo/schedule/2566"),
        "the page links each year's schedule"
    );
    // Nothing is loaded from another host.
    for attr in ["src=\"http", "href=\"http"] {
        for (pos, _) in overview.match_indices(attr) {
            let rest = &overview[pos..];
            assert!(
                rest.contains(base.as_str()) && rest[attr.len() - 4..].starts_with(&base[..]),
                "external resource near {}",
                &rest[..rest.len().min(80)]
            );
        }
    }

    let schedule = dom(binary, &format!("{base}/o/demo/schedule/2569"));
    assert!(
        schedule.contains("750,100"),
        "2569's stated total is shown as written"
    );
    assert!(schedule.contains("โครงการประชุมสภาสัญจร"));

    let item = dom(binary, &format!("{base}/o/demo/items/1.1"));
    for text in [
        "หลักการและเหตุผล",
        "วัตถุประสงค์",
        "กลุ่มเป้าหมาย",
        "จำนวน 100 คน",
        "งบประมาณปีละ 100,000 บาท",
        "กองการเจ้าหน้าที่",
    ] {
        assert!(item.contains(text), "item page shows {text}");
    }

    let findings = dom(binary, &format!("{base}/o/demo/findings"));
    assert!(findings.contains("เทศบาลนครนครราชสีมา"));
    assert!(findings.contains("schedule_budget_mismatch"));

    // A phone-width screenshot renders (the file tool can show it to a person).
    let shot = std::env::temp_dir().join(format!("sujarit-demo-{}.png", uuid::Uuid::new_v4()));
    run_chromium(
        binary,
        &[
            "--window-size=390,1600",
            &format!("--screenshot={}", shot.display()),
            &format!("{base}/o/demo"),
        ],
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    let _ = std::fs::remove_file(shot);
    drop(server);
    let _ = std::fs::remove_file(path);
}

/// The demo's information centre (issue 5): every item of the current
/// catalogue listed with a status, and the plan item published from
/// Sujarit's own page without anyone uploading it.
#[test]
fn demo_information_centre_in_chromium() {
    let Some(binary) = chromium() else { return };
    let (url, path) = temp_sqlite();
    let server = Server::start(&url, &["--demo"]);
    let base = &server.base;

    let (status, json) = server.get("/api/v1/organizations/demo/disclosures");
    assert_eq!(status, 200, "{json}");
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let items = json["item_count"].as_u64().expect("an item count") as usize;
    assert!(items >= 50, "OIT and the plan's list: {items}");
    let year = json["fiscal_year"].as_u64().expect("a year");

    let page = dom(binary, &format!("{base}/o/demo/info"));
    assert!(page.contains("lang=\"th\""));
    assert!(page.contains(&format!("ศูนย์ข้อมูลข่าวสาร ปีงบประมาณ {year}")));
    assert_eq!(page.matches("class=\"info-item\"").count(), items);
    assert_eq!(
        page.matches("data-status=\"status-").count(),
        items,
        "every item has a status"
    );
    let o25 = &page[page.find("data-code=\"O25\"").expect("O25 listed")..];
    let o25 = &o25[..o25.find("</li>").unwrap_or(o25.len())];
    assert!(
        o25.contains("status-published"),
        "the plan item is published: {o25}"
    );
    assert!(o25.contains("href=\"/o/demo\""), "it links the plan: {o25}");
    assert!(o25.contains("ปรับปรุงล่าสุด"));

    // Last year's annual monitoring report is published from the reports page.
    let last_year = dom(binary, &format!("{base}/o/demo/info?year={}", year - 1));
    let o26 = &last_year[last_year.find("data-code=\"O26\"").expect("O26 listed")..];
    let o26 = &o26[..o26.find("</li>").unwrap_or(o26.len())];
    assert!(
        o26.contains(&format!("/o/demo/reports/monitoring-{}-12m.pdf", year - 1)),
        "{o26}"
    );
    assert!(
        o26.contains("/o/demo/progress?year="),
        "and the published progress: {o26}"
    );

    let by_code = dom(binary, &format!("{base}/o/demo/info?view=code"));
    assert_eq!(by_code.matches("class=\"info-item\"").count(), items);
    let (o2, o10) = (
        by_code.find("data-code=\"O2\"").unwrap(),
        by_code.find("data-code=\"O10\"").unwrap(),
    );
    assert!(o2 < o10, "codes in numeric order");

    let (status, dcat) = server.get("/o/demo/info/dcat.jsonld");
    assert_eq!(status, 200);
    let dcat: serde_json::Value = serde_json::from_str(&dcat).expect("JSON-LD");
    assert_eq!(dcat["@type"], "dcat:Catalog");
    assert!(!dcat["dcat:dataset"].as_array().unwrap().is_empty());

    let shot = std::env::temp_dir().join(format!("sujarit-info-{}.png", uuid::Uuid::new_v4()));
    run_chromium(
        binary,
        &[
            "--window-size=390,1600",
            &format!("--screenshot={}", shot.display()),
            &format!("{base}/o/demo/info"),
        ],
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    let _ = std::fs::remove_file(shot);
    drop(server);
    let _ = std::fs::remove_file(path);
}

/// The e2e scripts' folder once `npm ci --prefix e2e` has installed
/// playwright-core; None (a note) without it, except in CI, which must run them.
fn e2e_folder() -> Option<std::path::PathBuf> {
    let e2e = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e");
    if e2e.join("node_modules/playwright-core").exists() {
        return Some(e2e);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run the e2e flow: npm ci --prefix e2e"
    );
    eprintln!("หมายเหตุ: ยังไม่ได้ติดตั้ง e2e (npm ci --prefix e2e) จึงข้ามการทดสอบขั้นตอนงานในเบราว์เซอร์");
    None
}

/// The e-mail and password the demo printed for `role` (its Thai name).
fn demo_account(server: &Server, role: &str) -> (String, String) {
    let line = server
        .printed_line(|l| l.starts_with(&format!("บัญชีตัวอย่าง {role}")))
        .unwrap_or_else(|| panic!("the demo prints the {role} account"));
    let (_, rest) = line.split_once(": ").unwrap();
    let (email, password) = rest.split_once(" รหัสผ่าน ").unwrap();
    (email.to_string(), password.to_string())
}

/// `node e2e/SCRIPT` against the server at `base` in this Chromium; the
/// caller adds the script's own variables.
fn e2e_script(e2e: &std::path::Path, script: &str, binary: &str, base: &str) -> Command {
    let mut node = Command::new("node");
    node.arg(e2e.join(script))
        .env("BASE", base)
        .env("CHROMIUM", binary);
    node
}

/// What the script printed, once it ran to its "e2e NAME: ok" line.
fn e2e_passed(out: std::process::Output, name: &str) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && stdout.contains(&format!("e2e {name}: ok")),
        "e2e {name} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// What the SMTP server has received once `wanted` holds, or after two
/// minutes (the notices worker runs every 30 s).
fn mail_until(
    smtp: &sujarit_testkit::smtp::SmtpServer,
    wanted: &dyn Fn(&[String]) -> bool,
) -> Vec<String> {
    let mut messages = smtp.messages();
    for _ in 0..240 {
        if wanted(&messages) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
        messages = smtp.messages();
    }
    messages
}

/// The whole monitoring flow of issue 3, driven in Chromium by playwright-core
/// (e2e/flow.mjs; `npm ci --prefix e2e` installs it, .ci/run does so).
#[test]
fn monitoring_flow_in_chromium() {
    let Some(binary) = chromium() else { return };
    let Some(e2e) = e2e_folder() else { return };
    let (url, path) = temp_sqlite();
    let server = Server::start(&url, &["--demo"]);
    let account = |role: &str| demo_account(&server, role);
    let (officer, officer_password) = account("เจ้าหน้าที่หน่วยงาน");
    let (coordinator, coordinator_password) = account("ผู้ประสานแผน");
    // The current quarter: reports are for the fiscal year and quarter of today.
    let today = sujarit_core::thai::local_date(time::OffsetDateTime::now_utc());
    let (year, quarter) = sujarit_core::Quarter::of(today);
    let evidence = temp_file("evidence.pdf", sujarit_testkit::sample::PDF);
    let out = e2e_script(&e2e, "flow.mjs", binary, &server.base)
        .env("OFFICER", officer)
        .env("OFFICER_PASSWORD", officer_password)
        .env("COORDINATOR", coordinator)
        .env("COORDINATOR_PASSWORD", coordinator_password)
        .env("FISCAL_YEAR", year.to_string())
        .env("QUARTER", quarter.number().to_string())
        .env("EVIDENCE", &evidence)
        .output()
        .expect("node runs");
    drop(server);
    let _ = std::fs::remove_file(path);
    e2e_passed(out, "flow");
}

/// The complaints flow of issue 4 in Chromium (e2e/complaints.mjs): both
/// channels filed, tracked, handled to the end by the two officers, the
/// survey answered and the statistics counted.
#[test]
fn complaints_flow_in_chromium() {
    let Some(binary) = chromium() else { return };
    let Some(e2e) = e2e_folder() else { return };
    let (url, path) = temp_sqlite();
    let server = Server::start(&url, &["--demo"]);
    let account = |role: &str| demo_account(&server, role);
    let (complaints, complaints_password) = account("เจ้าหน้าที่ศูนย์รับเรื่องร้องเรียน");
    let (integrity, integrity_password) = account("เจ้าหน้าที่นิติการ");
    let out = e2e_script(&e2e, "complaints.mjs", binary, &server.base)
        .env("COMPLAINTS", complaints)
        .env("COMPLAINTS_PASSWORD", complaints_password)
        .env("INTEGRITY", integrity)
        .env("INTEGRITY_PASSWORD", integrity_password)
        .output()
        .expect("node runs");
    drop(server);
    let _ = std::fs::remove_file(path);
    e2e_passed(out, "complaints");
}

/// "dd/mm/yyyy" in BE: how the forms take a date.
fn be_date(date: time::Date) -> String {
    format!(
        "{:02}/{:02}/{}",
        date.day(),
        u8::from(date.month()),
        date.year() + 543
    )
}

/// The activities flow of issue 10 in Chromium (e2e/activities.mjs): the
/// coordinator plans a training of item 1.1 with two sessions, participants
/// check in and answer its pre-/post-test and satisfaction survey on phones,
/// the KPIs are computed from them into the quarterly report, which is
/// approved and published; the public pages, the KPI API and the information
/// centre show the result.
#[test]
fn activities_flow_in_chromium() {
    let Some(binary) = chromium() else { return };
    let Some(e2e) = e2e_folder() else { return };
    let (url, path) = temp_sqlite();
    let server = Server::start(&url, &["--demo"]);
    let (coordinator, coordinator_password) = demo_account(&server, "ผู้ประสานแผน");
    let today = sujarit_core::thai::local_date(time::OffsetDateTime::now_utc());
    let (year, quarter) = sujarit_core::Quarter::of(today);
    // The earlier session: yesterday, unless that is in the previous fiscal
    // year (today is 1 October), then early today.
    let earlier = today
        .previous_day()
        .filter(|d| year.contains(*d))
        .unwrap_or(today);
    // The information centre's activity items are due from the end of the
    // second quarter (their rule is "half+30").
    let half_open = today >= sujarit_core::Quarter::Q2.last_day(year);
    let out = e2e_script(&e2e, "activities.mjs", binary, &server.base)
        .env("COORDINATOR", coordinator)
        .env("COORDINATOR_PASSWORD", coordinator_password)
        .env("FISCAL_YEAR", year.to_string())
        .env("QUARTER", quarter.number().to_string())
        .env("TODAY", be_date(today))
        .env("EARLIER", be_date(earlier))
        .env(
            "NEXT_YEAR_DAY",
            be_date(year.last_day().next_day().expect("a next day")),
        )
        .env("HALF_OPEN", if half_open { "1" } else { "0" })
        .output()
        .expect("node runs");
    drop(server);
    let _ = std::fs::remove_file(path);
    e2e_passed(out, "activities");
}

/// The internal control evaluation of issue 14 in Chromium
/// (e2e/control.mjs): the auditor fills ปค.4, a ปค.5 row and ปค.6 for this
/// fiscal year (the demo certified last year's); the coordinator marks the
/// improvement done, certifies ปค.1 and records the submission; the PDFs
/// download; the public page, the API and the information centre's 4.2-1.
#[test]
fn internal_control_flow_in_chromium() {
    let Some(binary) = chromium() else { return };
    let Some(e2e) = e2e_folder() else { return };
    let (url, path) = temp_sqlite();
    let server = Server::start(&url, &["--demo"]);
    let (auditor, auditor_password) = demo_account(&server, "ผู้ตรวจสอบภายใน");
    let (coordinator, coordinator_password) = demo_account(&server, "ผู้ประสานแผน");
    let today = sujarit_core::thai::local_date(time::OffsetDateTime::now_utc());
    let year = sujarit_core::FiscalYear::of(today);
    let out = e2e_script(&e2e, "control.mjs", binary, &server.base)
        .env("AUDITOR", auditor)
        .env("AUDITOR_PASSWORD", auditor_password)
        .env("COORDINATOR", coordinator)
        .env("COORDINATOR_PASSWORD", coordinator_password)
        .env("YEAR", year.be().to_string())
        .env("DEMO_YEAR", (year.be() - 1).to_string())
        .env("TODAY", be_date(today))
        .output()
        .expect("node runs");
    drop(server);
    let _ = std::fs::remove_file(path);
    e2e_passed(out, "control");
}

/// The receipt of issue 13 on a phone (e2e/receipt.mjs): filed once though
/// reloaded, the code on one line, copied, printed, and the QR code's link
/// opening tracking with the code filled from the fragment.
#[test]
fn receipt_on_a_phone_in_chromium() {
    let Some(binary) = chromium() else { return };
    let Some(e2e) = e2e_folder() else { return };
    let (url, path) = temp_sqlite();
    let server = Server::start(&url, &["--demo"]);
    let out = e2e_script(&e2e, "receipt.mjs", binary, &server.base)
        .output()
        .expect("node runs");
    drop(server);
    let _ = std::fs::remove_file(path);
    e2e_passed(out, "receipt");
}

/// The gift register in Chromium (e2e/gifts.mjs, issue 14): a staff member
/// declares a gift, the head of their unit decides, the public report counts
/// it without names, and the information centre shows the gift report.
#[test]
fn gift_register_flow_in_chromium() {
    let Some(binary) = chromium() else { return };
    let Some(e2e) = e2e_folder() else { return };
    let (url, path) = temp_sqlite();
    let server = Server::start(&url, &["--demo"]);
    let (officer, officer_password) = demo_account(&server, "เจ้าหน้าที่หน่วยงาน");
    let line = server
        .printed_line(|l| l.contains("head@demo.sujarit.local"))
        .expect("the demo prints the unit head's account");
    let (_, rest) = line.split_once(": ").unwrap();
    let (head, head_password) = rest.split_once(" รหัสผ่าน ").unwrap();
    let today = sujarit_core::thai::local_date(time::OffsetDateTime::now_utc());
    let year = sujarit_core::FiscalYear::of(today);
    let half_open = today >= sujarit_core::Quarter::Q2.last_day(year);
    let out = e2e_script(&e2e, "gifts.mjs", binary, &server.base)
        .env("OFFICER", officer)
        .env("OFFICER_PASSWORD", officer_password)
        .env("HEAD", head)
        .env("HEAD_PASSWORD", head_password)
        .env("FISCAL_YEAR", year.be().to_string())
        .env("HALF_OPEN", if half_open { "1" } else { "0" })
        .output()
        .expect("node runs");
    drop(server);
    let _ = std::fs::remove_file(path);
    e2e_passed(out, "gifts");
}

/// Oversight in Chromium (e2e/oversight.mjs, issue 15): the demo's
/// provincial overseer logs in to `oversight-80`, sees the province's LAOs
/// ranked, opens the demo LAO and downloads the table; the public national
/// page shows the demo LAO in its province.
#[test]
fn oversight_flow_in_chromium() {
    let Some(binary) = chromium() else { return };
    let Some(e2e) = e2e_folder() else { return };
    let (url, path) = temp_sqlite();
    let server = Server::start(&url, &["--demo"]);
    let (overseer, password) = demo_account(&server, "ผู้กำกับดูแลระดับจังหวัด");
    let today = sujarit_core::thai::local_date(time::OffsetDateTime::now_utc());
    let year = sujarit_core::FiscalYear::of(today);
    let out = e2e_script(&e2e, "oversight.mjs", binary, &server.base)
        .env("OVERSEER", overseer)
        .env("OVERSEER_PASSWORD", password)
        .env("FISCAL_YEAR", year.be().to_string())
        .output()
        .expect("node runs");
    drop(server);
    let _ = std::fs::remove_file(path);
    e2e_passed(out, "oversight");
}

/// Work that reaches the assigned unit in Chromium (e2e/units.mjs, issue 13):
/// the picker, the unit officer's queue, progress and a proposed answer, the
/// complaint officer's answer, and a complaint taken by phone counted under
/// its way of receipt.
#[test]
fn assigned_unit_flow_in_chromium() {
    let Some(binary) = chromium() else { return };
    let Some(e2e) = e2e_folder() else { return };
    // A real SMTP server: the unit's officer is told of the assignment.
    let mail = sujarit_testkit::TempDir::new("sujarit-units-mail");
    let Some(smtp) = sujarit_testkit::smtp::SmtpServer::start(&mail.0) else {
        return;
    };
    let smtp_url = format!("smtp://127.0.0.1:{}", smtp.port);
    let (url, path) = temp_sqlite();
    let server = Server::start(
        &url,
        &["--demo", "--smtp-url", &smtp_url, "--smtp-allow-plaintext"],
    );
    let account = |role: &str| demo_account(&server, role);
    let (complaints, complaints_password) = account("เจ้าหน้าที่ศูนย์รับเรื่องร้องเรียน");
    let (officer, officer_password) = account("เจ้าหน้าที่หน่วยงาน");
    let out = e2e_script(&e2e, "units.mjs", binary, &server.base)
        .env("COMPLAINTS", complaints)
        .env("COMPLAINTS_PASSWORD", complaints_password)
        .env("OFFICER", &officer)
        .env("OFFICER_PASSWORD", officer_password)
        .output()
        .expect("node runs");
    e2e_passed(out, "units");
    // The notices worker runs every 30 s: within a few rounds the unit's
    // officer has the e-mail about the complaint the flow assigned (the
    // demo's own assignments came before the first scan and are not sent).
    let notified = |messages: &[String]| {
        messages.iter().any(|m| {
            m.lines()
                .any(|l| l.starts_with("To: ") && l.contains(officer.as_str()))
                && sujarit_testkit::smtp::decoded(m).contains("ได้รับมอบหมายให้")
        })
    };
    let messages = mail_until(&smtp, &notified);
    drop(server);
    let _ = std::fs::remove_file(path);
    assert!(
        notified(&messages),
        "the unit's officer was e-mailed the assignment ({} messages)",
        messages.len()
    );
}

/// The internal audit in Chromium (e2e/audit.mjs, issue 14): the auditor
/// records an engagement, a finding and its follow-up and publishes the
/// public report; the public page, PDF and API show it without names, and
/// last year's information-centre item is published.
#[test]
fn internal_audit_flow_in_chromium() {
    let Some(binary) = chromium() else { return };
    let Some(e2e) = e2e_folder() else { return };
    let (url, path) = temp_sqlite();
    let server = Server::start(&url, &["--demo"]);
    let (auditor, auditor_password) = demo_account(&server, "ผู้ตรวจสอบภายใน");
    let out = e2e_script(&e2e, "audit.mjs", binary, &server.base)
        .env("AUDITOR", auditor)
        .env("AUDITOR_PASSWORD", auditor_password)
        .output()
        .expect("node runs");
    drop(server);
    let _ = std::fs::remove_file(path);
    e2e_passed(out, "audit");
}

/// Accessibility and phone layout of every page (issue 13, e2e/a11y.mjs): a
/// crawl of the public side and of each demo role's staff pages, axe-core at
/// 1280 and 390 px with 0 violations, and no page wider than a 390 px phone;
/// the complaint forms' error states and a receipt too.
#[test]
fn every_page_is_accessible_and_fits_a_phone_in_chromium() {
    let Some(binary) = chromium() else { return };
    let Some(e2e) = e2e_folder() else { return };
    let (url, path) = temp_sqlite();
    let server = Server::start(&url, &["--demo"]);
    // The roles with pages of their own first: pages the roles share are
    // checked for the first few that reach them (e2e/a11y.mjs).
    let roles = [
        "เจ้าหน้าที่นิติการ",
        "เจ้าหน้าที่ศูนย์รับเรื่องร้องเรียน",
        "เจ้าหน้าที่หน่วยงาน",
        "ผู้ประสานแผน",
        "ผู้ดูแลระบบ",
        "ผู้บริหาร",
        "ผู้ตรวจสอบภายใน",
    ];
    let accounts: Vec<serde_json::Value> = roles
        .iter()
        .map(|role| {
            let (email, password) = demo_account(&server, role);
            serde_json::json!({ "role": role, "email": email, "password": password })
        })
        .collect();
    let out = e2e_script(&e2e, "a11y.mjs", binary, &server.base)
        .env("ACCOUNTS", serde_json::Value::from(accounts).to_string())
        .output()
        .expect("node runs");
    drop(server);
    let _ = std::fs::remove_file(path);
    // The pages it checked, for the log.
    eprintln!("{}", e2e_passed(out, "a11y"));
}

/// Staff notifications of issue 13 (e2e/notify.mjs): the demo served with a
/// real SMTP server (aiosmtpd); the unit officer chooses their e-mails and
/// reports, the coordinator returns the report, and the officer is e-mailed
/// within a round or two of the notices worker (every 30 s).
#[test]
fn notifications_in_chromium() {
    let Some(binary) = chromium() else { return };
    let Some(e2e) = e2e_folder() else { return };
    let mail = sujarit_testkit::TempDir::new("sujarit-notify-mail");
    let Some(smtp) = sujarit_testkit::smtp::SmtpServer::start(&mail.0) else {
        return;
    };
    let (url, path) = temp_sqlite();
    let smtp_url = format!("smtp://127.0.0.1:{}", smtp.port);
    let server = Server::start(
        &url,
        &["--demo", "--smtp-url", &smtp_url, "--smtp-allow-plaintext"],
    );
    let account = |role: &str| demo_account(&server, role);
    let (officer, officer_password) = account("เจ้าหน้าที่หน่วยงาน");
    let (coordinator, coordinator_password) = account("ผู้ประสานแผน");
    let today = sujarit_core::thai::local_date(time::OffsetDateTime::now_utc());
    let (year, quarter) = sujarit_core::Quarter::of(today);
    let comment = "โปรดแนบรายชื่อผู้เข้าอบรม";
    let out = e2e_script(&e2e, "notify.mjs", binary, &server.base)
        .env("OFFICER", &officer)
        .env("OFFICER_PASSWORD", officer_password)
        .env("COORDINATOR", coordinator)
        .env("COORDINATOR_PASSWORD", coordinator_password)
        .env("FISCAL_YEAR", year.to_string())
        .env("QUARTER", quarter.number().to_string())
        .env("COMMENT", comment)
        .output()
        .expect("node runs");
    e2e_passed(out, "notify");
    let notified = |messages: &[String]| {
        messages.iter().any(|m| {
            let body = sujarit_testkit::smtp::decoded(m);
            m.lines()
                .any(|l| l.starts_with("To: ") && l.contains(officer.as_str()))
                && body.contains("ถูกส่งกลับให้แก้ไข")
                && body.contains(comment)
        })
    };
    let messages = mail_until(&smtp, &notified);
    drop(server);
    let _ = std::fs::remove_file(path);
    assert!(
        notified(&messages),
        "the unit's officer was e-mailed that the report was returned ({} messages)",
        messages.len()
    );
}

/// Navigation and search of issue 13 in Chromium (e2e/search.mjs): the
/// public menu on a 390 px phone with JavaScript off reaches every section;
/// the search finds a plan item by a Thai word inside a longer word run;
/// the staff menu shows counts and collapses on a phone.
#[test]
fn navigation_and_search_in_chromium() {
    let Some(binary) = chromium() else { return };
    let Some(e2e) = e2e_folder() else { return };
    let (url, path) = temp_sqlite();
    let server = Server::start(&url, &["--demo"]);
    let (coordinator, coordinator_password) = demo_account(&server, "ผู้ประสานแผน");
    let out = e2e_script(&e2e, "search.mjs", binary, &server.base)
        .env("COORDINATOR", coordinator)
        .env("COORDINATOR_PASSWORD", coordinator_password)
        .output()
        .expect("node runs");
    drop(server);
    let _ = std::fs::remove_file(path);
    e2e_passed(out, "search");
}

/// The risk register and internal measures of issue 14 in Chromium
/// (e2e/risks.mjs): the coordinator scores a risk of the register created
/// from the demo plan and adds a measure; the public pages and the
/// information centre show the risk assessment and measures as published.
#[test]
fn risks_flow_in_chromium() {
    let Some(binary) = chromium() else { return };
    let Some(e2e) = e2e_folder() else { return };
    let (url, path) = temp_sqlite();
    let server = Server::start(&url, &["--demo"]);
    let (coordinator, coordinator_password) = demo_account(&server, "ผู้ประสานแผน");
    let today = sujarit_core::thai::local_date(time::OffsetDateTime::now_utc());
    let year = sujarit_core::FiscalYear::of(today);
    let out = e2e_script(&e2e, "risks.mjs", binary, &server.base)
        .env("COORDINATOR", coordinator)
        .env("COORDINATOR_PASSWORD", coordinator_password)
        .env("FISCAL_YEAR", year.be().to_string())
        .output()
        .expect("node runs");
    drop(server);
    let _ = std::fs::remove_file(path);
    e2e_passed(out, "risks");
}
