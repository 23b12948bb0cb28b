//! `sujarit info`: installing catalogues (shipped, TOML, CSV), exporting them,
//! the Thai messages with the line for a bad file (exit 2, nothing written),
//! and a round of link checks.

use crate::support::{sujarit, temp_file};
use std::process::Output;
use sujarit_testkit::temp_sqlite;

const DEMO_PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/demo/plan-nakhonsithammarat-2566-2570.txt"
);
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn demo_database() -> String {
    let (url, _) = temp_sqlite();
    let out = sujarit(&[
        "--database",
        &url,
        "import",
        "plan",
        DEMO_PLAN,
        "--slug",
        "demo",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    url
}

fn info(url: &str, args: &[&str]) -> Output {
    let mut all = vec!["--database", url, "info"];
    all.extend_from_slice(args);
    sujarit(&all)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_shipped_catalogue_installs_publishes_what_sujarit_generates_and_exports() {
    let url = demo_database();
    let out = info(
        &url,
        &[
            "catalogue",
            "install",
            "--fiscal-year",
            "2568",
            "--shipped",
            "oit-2568",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(said.contains("26 รายการ"), "{said}");
    // O17, O18, O19 (both halves), O25 (the plan), O26 (the annual report).
    assert!(said.contains("เผยแพร่หน้าที่ระบบจัดทำ 6 งวด"), "{said}");

    let dir = temp_file("x", b"");
    let toml = dir.with_file_name("oit.toml");
    let out = info(
        &url,
        &[
            "catalogue",
            "export",
            "--fiscal-year",
            "2568",
            "--format",
            "toml",
            "--output",
            toml.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&toml).unwrap();
    assert!(text.contains("fiscal_year = 2568") && text.contains("code = \"O26\""));

    let csv = dir.with_file_name("oit.csv");
    let out = info(
        &url,
        &[
            "catalogue",
            "export",
            "--fiscal-year",
            "2568",
            "--format",
            "csv",
            "--output",
            csv.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(BOM));

    // The exported files install again: TOML for its own year, CSV for another.
    let out = info(
        &url,
        &[
            "catalogue",
            "install",
            "--fiscal-year",
            "2568",
            "--file",
            toml.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("เพิ่ม 0 แก้ไข 0 นำออก 0"),
        "{}",
        stdout(&out)
    );
    let out = info(
        &url,
        &[
            "catalogue",
            "install",
            "--fiscal-year",
            "2569",
            "--file",
            csv.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));

    // The plan's list copied to the current plan's last year.
    let out = info(
        &url,
        &[
            "catalogue",
            "install",
            "--fiscal-year",
            "2570",
            "--shipped",
            "plan",
            "--organization",
            "demo",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("34 รายการ"), "{}", stdout(&out));

    // No links published yet: a round of checks visits none.
    let out = info(&url, &["check-links"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("0 ลิงก์"), "{}", stdout(&out));
}

#[test]
fn a_bad_catalogue_file_exits_2_naming_the_line_and_installs_nothing() {
    let url = demo_database();
    let toml = temp_file(
        "bad.toml",
        "fiscal_year = 2568\ntitle = \"ทดสอบ\"\n\n[[items]]\ncode = \"A1\"\ntitle = \"ก\"\ntopic = \"budget\"\ncontents = \"ข\"\ncadence = \"fortnightly\"\ndue = \"end+15\"\n"
            .as_bytes(),
    );
    let out = info(
        &url,
        &[
            "catalogue",
            "install",
            "--fiscal-year",
            "2568",
            "--file",
            toml.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(message.contains("บรรทัด 9"), "{message}");
    assert!(message.contains("fortnightly"), "{message}");
    assert!(message.contains("ยังไม่ได้ติดตั้ง"), "{message}");

    let csv = temp_file(
        "bad.csv",
        "code,title,topic,contents,cadence,due\nA1,ก,budget,ข,monthly,end+15\nA1,ค,budget,ง,monthly,end+15\n"
            .as_bytes(),
    );
    let out = info(
        &url,
        &[
            "catalogue",
            "install",
            "--fiscal-year",
            "2568",
            "--file",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("บรรทัด 3"), "{}", stderr(&out));
    assert!(stderr(&out).contains("ซ้ำ"), "{}", stderr(&out));

    // A TOML file of another year than the one named.
    let other_year = temp_file(
        "2567.toml",
        "fiscal_year = 2567\ntitle = \"ทดสอบ\"\n".as_bytes(),
    );
    let out = info(
        &url,
        &[
            "catalogue",
            "install",
            "--fiscal-year",
            "2568",
            "--file",
            other_year.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("2567"));

    for args in [
        vec![
            "catalogue",
            "install",
            "--fiscal-year",
            "2568",
            "--shipped",
            "oit-2599",
        ],
        vec!["catalogue", "install", "--fiscal-year", "2568"],
        vec![
            "catalogue",
            "install",
            "--fiscal-year",
            "68",
            "--shipped",
            "plan",
        ],
        vec![
            "catalogue",
            "install",
            "--fiscal-year",
            "2568",
            "--shipped",
            "plan",
            "--organization",
            "nowhere",
        ],
    ] {
        let out = info(&url, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).trim().is_empty());
    }

    // Nothing was installed: there is no catalogue to export.
    let target = toml.with_file_name("out.toml");
    let out = info(
        &url,
        &[
            "catalogue",
            "export",
            "--fiscal-year",
            "2568",
            "--format",
            "toml",
            "--output",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("ยังไม่มีรายการข้อมูลสาธารณะ"),
        "{}",
        stderr(&out)
    );
    assert!(!target.exists());
    let out = info(
        &url,
        &[
            "catalogue",
            "export",
            "--fiscal-year",
            "2568",
            "--format",
            "xml",
            "--output",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}
