//! `sujarit export`: the three reports of the demo plan in each format, read
//! from a real SQLite database, and the Thai messages (exit 2) for bad arguments.

use crate::support::sujarit;
use std::path::{Path, PathBuf};
use std::process::Output;
use sujarit_testkit::temp_sqlite;

const DEMO_PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/demo/plan-nakhonsithammarat-2566-2570.txt"
);
const ORGANIZATION: &str = "เทศบาลนครนครศรีธรรมราช";
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A SQLite database with the demo plan imported under the slug "demo".
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
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    url
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sujarit-export-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn export(url: &str, args: &[&str], output: &Path) -> Output {
    let mut all = vec!["--database", url, "export"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--output", output.to_str().unwrap()]);
    sujarit(&all)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn exports_each_report_in_each_format() {
    let url = demo_database();
    let dir = temp_dir();
    for kind in ["schedule", "summary", "monitoring"] {
        for format in ["pdf", "xlsx", "csv"] {
            let path = dir.join(format!("{kind}.{format}"));
            let out = export(
                &url,
                &[
                    kind,
                    "--fiscal-year",
                    "2568",
                    "--round",
                    "6m",
                    "--format",
                    format,
                ],
                &path,
            );
            assert!(out.status.success(), "{kind} {format}: {}", stderr(&out));
            let said = String::from_utf8_lossy(&out.stdout);
            assert!(
                said.contains("บันทึก") && said.contains(path.to_str().unwrap()),
                "{said}"
            );
            let bytes = std::fs::read(&path).unwrap();
            match format {
                "pdf" => assert!(bytes.starts_with(b"%PDF-")),
                // An XLSX file is a zip archive.
                "xlsx" => assert!(bytes.starts_with(b"PK\x03\x04")),
                _ => assert!(bytes.starts_with(BOM)),
            }
        }
    }
    // The files hold the demo plan: 47 items, named as in the document.
    let schedule = std::fs::read(dir.join("schedule.csv")).unwrap();
    let schedule = std::str::from_utf8(&schedule[BOM.len()..]).unwrap();
    assert!(schedule.starts_with("ลำดับ,รายการโครงการ (ตั้งต้น),มิติ,งบประมาณ (บาท)"));
    // One line per row: the schedule's names are single lines.
    assert_eq!(schedule.lines().count() - 1, 47);
    let monitoring = std::fs::read_to_string(dir.join("monitoring.csv")).unwrap();
    assert!(monitoring.contains("โครงการโรงเรียนคุณธรรม"));
    // No progress reported yet: every item waits for its report.
    assert_eq!(monitoring.matches("รอรายงานผล").count(), 47);
    // The PDF reads back with the organisation's name and numbered pages.
    let text = std::process::Command::new("pdftotext")
        .args([dir.join("schedule.pdf").to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains(ORGANIZATION), "{text}");
    assert!(text.contains("หน้า 1 จาก"), "{text}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_arguments_exit_2_with_a_thai_message_and_write_nothing() {
    let url = demo_database();
    let dir = temp_dir();
    let path = dir.join("report.pdf");
    let cases: &[(&[&str], &str)] = &[
        (
            &["ledger", "--fiscal-year", "2568", "--format", "pdf"],
            "ไม่รู้จักรายงาน \"ledger\"",
        ),
        (
            &["monitoring", "--fiscal-year", "2568", "--format", "pdf"],
            "ต้องระบุรอบการรายงาน",
        ),
        (
            &[
                "monitoring",
                "--fiscal-year",
                "2568",
                "--round",
                "9m",
                "--format",
                "pdf",
            ],
            "ไม่รู้จักรอบการรายงาน \"9m\"",
        ),
        (
            &["schedule", "--fiscal-year", "2575", "--format", "pdf"],
            "ปีงบประมาณ 2575 อยู่นอกช่วงของแผน (พ.ศ. 2566–2570)",
        ),
        (
            &["schedule", "--fiscal-year", "68", "--format", "pdf"],
            "ปีงบประมาณ \"68\" ไม่ถูกต้อง",
        ),
        (
            &["schedule", "--fiscal-year", "2568", "--format", "docx"],
            "ไม่รู้จักรูปแบบไฟล์ \"docx\"",
        ),
        (
            &[
                "schedule",
                "--fiscal-year",
                "2568",
                "--format",
                "pdf",
                "--organization",
                "nowhere",
            ],
            "ไม่พบองค์กรรหัส \"nowhere\"",
        ),
    ];
    for (args, message) in cases {
        let out = export(&url, args, &path);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert!(!path.exists(), "{args:?} wrote nothing");
    }
    // A database without any organisation.
    let (empty, _) = temp_sqlite();
    let out = export(
        &empty,
        &["summary", "--fiscal-year", "2568", "--format", "csv"],
        &path,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("ยังไม่มีองค์กรในฐานข้อมูล"),
        "{}",
        stderr(&out)
    );
    assert!(!path.exists());
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn monitoring_counts_the_reports_in_the_store_by_review_state() {
    use sujarit_core::fiscal::Quarter;
    use sujarit_core::progress::{ProgressStatus, QuarterReport, ReportKey, ReviewAction};
    let url = demo_database();
    let store = sujarit_store::connect(&url).await.unwrap();
    let org = store.organization_by_slug("demo").await.unwrap().unwrap();
    let key = |no, quarter| ReportKey {
        item: sujarit_core::ItemRef { dimension: 1, no },
        fiscal_year: 2568,
        quarter,
    };
    // 1.1 completed and approved; 1.2 in progress, still a draft.
    let mut done = QuarterReport::new(key(1, Quarter::Q2));
    done.status = ProgressStatus::Completed;
    done.narrative = "จัดอบรมแล้ว 2 รุ่น ผู้เข้าร่วม 120 คน".into();
    store
        .save_quarter_report(&org.id, &done, 0, "officer", true)
        .await
        .unwrap();
    store
        .review_quarter_report(
            &org.id,
            done.key(),
            ReviewAction::Approve,
            None,
            "coordinator",
        )
        .await
        .unwrap();
    let mut doing = QuarterReport::new(key(2, Quarter::Q1));
    doing.status = ProgressStatus::InProgress;
    store
        .save_quarter_report(&org.id, &doing, 0, "officer", false)
        .await
        .unwrap();

    let dir = temp_dir();
    let counts = |include: &str| {
        let path = dir.join(format!("monitoring-{include}.csv"));
        let out = export(
            &url,
            &[
                "monitoring",
                "--fiscal-year",
                "2568",
                "--round",
                "6m",
                "--format",
                "csv",
                "--include",
                include,
            ],
            &path,
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let text = std::fs::read_to_string(&path).unwrap();
        (
            text.matches("ดำเนินการแล้วเสร็จ").count(),
            text.matches("อยู่ระหว่างดำเนินการ").count(),
            text.contains("จัดอบรมแล้ว 2 รุ่น"),
        )
    };
    assert_eq!(counts("published"), (0, 0, false));
    assert_eq!(counts("approved"), (1, 0, true));
    assert_eq!(counts("all"), (1, 1, true));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn the_complaints_report_reads_the_store_and_refuses_bad_arguments() {
    use sujarit_core::case_keys::RecordSealer;
    use sujarit_core::complaint::{Channel, NewComplaint, ReportNotes, TrackingCode};
    use sujarit_core::sealed::{Keyring, SealingKey};
    let url = demo_database();
    let store = sujarit_store::connect(&url).await.unwrap();
    let org = store.organization_by_slug("demo").await.unwrap().unwrap();
    let keyring = Keyring::new("k1", SealingKey::from_bytes([7; 32])).unwrap();
    let records: Vec<sujarit_store::NewComplaintRecord> = (0..4u8)
        .map(|i| {
            let complaint_id = uuid::Uuid::new_v4().to_string();
            let code = TrackingCode::from_random_bytes([i; 10]);
            sujarit_store::NewComplaintRecord {
                tracking_hash: keyring.tracking_hash(&org.id, code.as_str()),
                complaint: NewComplaint {
                    channel: Channel::General,
                    category: "roads".into(),
                    subject: format!("ถนนชำรุด {i}"),
                    details: "หลุมลึก".into(),
                    place: Some("ถนนราชดำเนิน".into()),
                    persons_concerned: None,
                    contact: None,
                    location: None,
                }
                .seal(&RecordSealer::with_server_key(
                    &keyring,
                    &org.id,
                    &complaint_id,
                )),
                complaint_id,
                attachments: Vec::new(),
                reporter_key: None,
                key_grants: Vec::new(),
                submission: None,
                received_at: None,
                taken_in: None,
            }
        })
        .collect();
    for outcome in store.file_complaints(&org.id, &records).await.unwrap() {
        outcome.unwrap();
    }
    let today = sujarit_core::thai::local_date(time_now());
    let year = sujarit_core::FiscalYear::of(today);
    store
        .save_complaint_report_notes(
            &org.id,
            year,
            sujarit_core::progress::Round::TwelveMonths,
            Channel::General,
            &ReportNotes {
                problems: "ถนนราชดำเนินชำรุดซ้ำ".into(),
                obstacles: String::new(),
                solutions: "บรรจุโครงการซ่อมในเทศบัญญัติ".into(),
            },
            0,
            "cli-test",
        )
        .await
        .unwrap();

    let dir = temp_dir();
    let year_text = year.be().to_string();
    let pdf = dir.join("complaints.pdf");
    let out = export(
        &url,
        &[
            "complaints",
            "--fiscal-year",
            &year_text,
            "--round",
            "12m",
            "--format",
            "pdf",
            "--issuer",
            "นายทดสอบ ระบบ",
        ],
        &pdf,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = pdftotext(&pdf);
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        !squeezed.contains("ปัญหาที่ร้องเรียนซ้ำ"),
        "no places in the report"
    );
    for expected in [
        ORGANIZATION,
        "เรื่องที่ได้รับ4",
        "บรรจุโครงการซ่อมในเทศบัญญัติ",
        "ผู้รายงานนายทดสอบระบบ",
    ] {
        assert!(squeezed.contains(expected), "{expected} in {text}");
    }
    let xlsx = dir.join("complaints.xlsx");
    let out = export(
        &url,
        &[
            "complaints",
            "--fiscal-year",
            &year_text,
            "--round",
            "6m",
            "--format",
            "xlsx",
        ],
        &xlsx,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));

    let refused = dir.join("refused.pdf");
    for (args, message) in [
        (
            vec!["complaints", "--fiscal-year", &year_text, "--format", "pdf"],
            "ต้องระบุรอบการรายงาน",
        ),
        (
            vec![
                "complaints",
                "--fiscal-year",
                &year_text,
                "--round",
                "6m",
                "--format",
                "csv",
            ],
            "pdf หรือ xlsx เท่านั้น",
        ),
        (
            vec![
                "complaints",
                "--fiscal-year",
                "2026",
                "--round",
                "6m",
                "--format",
                "pdf",
            ],
            "ปีงบประมาณ \"2026\" ไม่ถูกต้อง",
        ),
    ] {
        let out = export(&url, &args, &refused);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert!(!refused.exists());
    }
    let _ = std::fs::remove_dir_all(dir);
}

fn time_now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

fn pdftotext(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}
