//! `sujarit import plan FILE`: read, check and store a plan document.
//!
//! Exit codes: 0 imported (with or without findings), 2 unusable input (the
//! file cannot be read as a plan; nothing is written), 1 any other failure.

use crate::Format;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::ExitCode;
use sujarit_core::{PlanReport, Severity};
use sujarit_import::ImportOptions;
use sujarit_service::wording::Thai;
use sujarit_store::{ImportSource, SaveOutcome};

pub struct Args<'a> {
    pub database: &'a str,
    pub file: &'a Path,
    pub organization: Option<String>,
    pub slug: Option<String>,
    pub dry_run: bool,
    pub format: Format,
}

const UNUSABLE_INPUT: u8 = 2;

pub async fn run(args: Args<'_>) -> ExitCode {
    let bytes = match std::fs::read(args.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("อ่านไฟล์ {} ไม่ได้: {}", args.file.display(), thai_io_error(&e));
            return ExitCode::from(UNUSABLE_INPUT);
        }
    };
    let options = ImportOptions {
        organization: args.organization.clone(),
    };
    let report = match sujarit_import::import_plan(&bytes, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("นำเข้าไม่ได้: {e}");
            return ExitCode::from(UNUSABLE_INPUT);
        }
    };
    let saved = if args.dry_run {
        None
    } else {
        match save(&args, &report, &bytes).await {
            Ok(outcome) => Some(outcome),
            Err(e) => {
                eprintln!("บันทึกแผนไม่สำเร็จ (ไม่มีข้อมูลใดถูกบันทึก): {e:#}");
                return ExitCode::from(1);
            }
        }
    };
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => {
                println!("{json}");
                if let Some(outcome) = &saved {
                    eprintln!("{}", outcome_text(outcome));
                }
            }
            Err(e) => {
                eprintln!("สร้าง JSON ไม่สำเร็จ: {e}");
                return ExitCode::from(1);
            }
        },
        Format::Text => {
            print!("{}", text_report(&report));
            match &saved {
                Some(outcome) => println!("{}", outcome_text(outcome)),
                None => println!("ทดลองนำเข้า (--dry-run): ไม่ได้บันทึกลงฐานข้อมูล"),
            }
        }
    }
    ExitCode::SUCCESS
}

async fn save(args: &Args<'_>, report: &PlanReport, bytes: &[u8]) -> anyhow::Result<SaveOutcome> {
    let store = sujarit_store::connect(args.database).await.map_err(Thai)?;
    store.migrate().await.map_err(Thai)?;
    let name = &report.plan.organization;
    let slug = args.slug.clone().unwrap_or_else(|| slug_for(name));
    let organization = store.ensure_organization(&slug, name).await.map_err(Thai)?;
    let source = ImportSource {
        file_name: args
            .file
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
        sha256: sha256_hex(bytes),
    };
    let outcome = store
        .save_plan_import(&organization.id, report, &source)
        .await
        .map_err(Thai)?;
    if let SaveOutcome::Saved(_) = &outcome {
        // The new plan's responsible units become units staff can belong to;
        // units and assignments already set are kept.
        if let Err(error) = store.sync_units_from_plan(&organization.id, None).await {
            eprintln!(
                "คำเตือน: นำเข้าแผนแล้ว แต่สร้างหน่วยงานจากแผนไม่สำเร็จ ({}) \
                 ผู้ดูแลระบบทำได้ที่หน้า /staff/units",
                Thai(error)
            );
        }
    }
    Ok(outcome)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A URL-safe slug: ASCII names as words joined by '-', Thai names by a short
/// stable hash of the name (transliteration would be a guess).
pub fn slug_for(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let words: Vec<&str> = ascii.split('-').filter(|w| !w.is_empty()).collect();
    if name.is_ascii() && !words.is_empty() {
        return words.join("-");
    }
    format!("org-{}", &sha256_hex(name.as_bytes())[..10])
}

fn outcome_text(outcome: &SaveOutcome) -> String {
    match outcome {
        SaveOutcome::Saved(v) => format!(
            "บันทึกแล้ว: แผนฉบับที่ {} ขององค์กรนี้ ({} รายการ, {} ข้อค้นพบ) และตั้งเป็นฉบับปัจจุบัน",
            v.version, v.item_count, v.finding_count
        ),
        SaveOutcome::AlreadyImported(v) => format!(
            "เอกสารนี้เคยนำเข้าแล้วเป็นแผนฉบับที่ {} (ไฟล์เดียวกันทุกไบต์): ไม่ได้บันทึกซ้ำ",
            v.version
        ),
    }
}

fn thai_io_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "ไม่พบไฟล์".into(),
        std::io::ErrorKind::PermissionDenied => "ไม่มีสิทธิ์อ่านไฟล์".into(),
        std::io::ErrorKind::IsADirectory => "เป็นโฟลเดอร์ ไม่ใช่ไฟล์".into(),
        _ => e.to_string(),
    }
}

/// The human-readable summary: the plan's shape, then every finding.
pub fn text_report(report: &PlanReport) -> String {
    use std::fmt::Write;
    let plan = &report.plan;
    let mut out = String::new();
    let _ = writeln!(out, "องค์กร: {}", plan.organization);
    let _ = writeln!(out, "แผน: {}", plan.title);
    for d in &plan.dimensions {
        let budget: sujarit_core::Baht = d.items().map(|i| i.total_budget()).sum();
        let _ = writeln!(
            out,
            "  มิติที่ {} {}: {} รายการ งบประมาณรวม {} บาท",
            d.no,
            d.name,
            d.items().count(),
            budget
        );
    }
    let total: sujarit_core::Baht = plan.items().map(|i| i.total_budget()).sum();
    let _ = writeln!(
        out,
        "รวม {} รายการ งบประมาณรวมทั้งแผน {} บาท",
        plan.item_count(),
        total
    );
    let with_form = plan.items().filter(|i| i.form.is_some()).count();
    let _ = writeln!(
        out,
        "รายละเอียดโครงการ (ส่วนที่ 3): พบ {with_form} จาก {} รายการ",
        plan.item_count()
    );
    for s in &plan.schedules {
        let matched = s.rows.iter().filter(|r| r.item.is_some()).count();
        let _ = writeln!(
            out,
            "ตารางแผนปี {}: {} แถว จับคู่กับส่วนที่ 2 ได้ {} แถว",
            s.fiscal_year,
            s.rows.len(),
            matched
        );
    }
    let count = |sev| report.findings.iter().filter(|f| f.severity == sev).count();
    let _ = writeln!(
        out,
        "\nข้อค้นพบ {} รายการ: ข้อผิดพลาด {}, คำเตือน {}, ข้อสังเกต {}",
        report.findings.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    for f in &report.findings {
        let mut place = Vec::new();
        if let Some(line) = f.line {
            place.push(format!("บรรทัด {line}"));
        }
        if let Some(year) = f.fiscal_year {
            place.push(format!("ปี {year}"));
        }
        if let Some(item) = f.item {
            place.push(format!("รายการ {item}"));
        }
        let _ = writeln!(
            out,
            "[{}] {} ({}) {}",
            f.severity.thai(),
            place.join(" "),
            f.code,
            f.message
        );
        if f.expected.is_some() || f.found.is_some() {
            let _ = writeln!(
                out,
                "    ควรเป็น: {} | ในเอกสาร: {}",
                f.expected.as_deref().unwrap_or("-"),
                f.found.as_deref().unwrap_or("-")
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slug_for;

    #[test]
    fn slugs_are_url_safe_and_stable() {
        assert_eq!(slug_for("Demo City"), "demo-city");
        let thai = slug_for("เทศบาลนครนครศรีธรรมราช");
        assert!(thai.starts_with("org-") && thai.len() == 14);
        assert_eq!(thai, slug_for("เทศบาลนครนครศรีธรรมราช"));
        assert_ne!(thai, slug_for("เทศบาลนครนครราชสีมา"));
    }
}
