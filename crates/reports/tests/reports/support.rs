//! Inputs built from the real seed plan, hand-made progress, and the poppler
//! tools that read the PDFs back.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use sujarit_core::fiscal::Quarter;
use sujarit_core::progress::{
    KpiActual, NotDoneReason, ProgressStatus, QuarterReport, ReviewState, Round, kpi_targets,
};
use sujarit_core::{Baht, ItemRef, Plan};
use sujarit_reports::{Format, ProgressFilter, ReportInput, ReportKind};
use time::macros::datetime;

use sujarit_testkit::SEED as SEED_PATH;

pub const ORGANIZATION: &str = "เทศบาลนครนครศรีธรรมราช";
pub const YEAR: u16 = 2568;

/// Text with every character typst markup gives a meaning to, and HTML: it must
/// come out of the PDF exactly as typed.
pub const TRICKY_NARRATIVE: &str =
    "จัดอบรม 2 รุ่น #ค่าใช้จ่าย *ไม่ตัวหนา* _x_ $y$ [ลิงก์] @ref <script>alert(1)</script> \\ ผู้เข้าร่วม 120 คน";

pub fn seed_plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let bytes = std::fs::read(SEED_PATH).expect("the seed document is in ../shared/seed");
        sujarit_import::import_plan(&bytes, &Default::default())
            .expect("the seed imports")
            .plan
    })
}

pub fn r(dimension: u8, no: u32) -> ItemRef {
    ItemRef { dimension, no }
}

pub fn report(
    item: ItemRef,
    quarter: Quarter,
    status: ProgressStatus,
    review: ReviewState,
) -> QuarterReport {
    QuarterReport {
        item,
        fiscal_year: YEAR,
        quarter,
        status,
        budget_planned: None,
        budget_adopted: None,
        budget_disbursed: None,
        overspend_reason: None,
        narrative: String::new(),
        kpi_actuals: vec![],
        evidence: vec![],
        review,
        review_comment: None,
        revision: 1,
        updated_by: None,
        updated_at: None,
    }
}

/// The KPI targets of an item's form, as the form states them.
pub fn targets_of(item: ItemRef) -> Vec<String> {
    let form = seed_plan().item(item).unwrap().form.as_ref().unwrap();
    let lines: Vec<String> = form.outputs.iter().chain(&form.outcomes).cloned().collect();
    kpi_targets(&lines).into_iter().map(|t| t.text).collect()
}

/// Progress for fiscal year 2568, in every status and review state.
pub fn progress() -> Vec<QuarterReport> {
    use ProgressStatus::*;
    use ReviewState::*;
    let mut out = Vec::new();

    // 1.1: in progress in Q1 (published), completed in Q2 (approved), with KPIs.
    out.push(report(r(1, 1), Quarter::Q1, InProgress, Published));
    let mut done = report(r(1, 1), Quarter::Q2, Completed, Approved);
    done.budget_planned = Some(Baht::from_baht(100_000));
    done.budget_adopted = Some(Baht::from_baht(100_000));
    done.budget_disbursed = Some(Baht::from_satang(8_500_050));
    done.narrative = TRICKY_NARRATIVE.into();
    let targets = targets_of(r(1, 1));
    assert!(
        targets.len() >= 2,
        "item 1.1 of the seed has measurable KPIs"
    );
    done.kpi_actuals = vec![
        KpiActual {
            kpi: targets[0].clone(),
            value: "1".into(),
            note: None,
        },
        KpiActual {
            kpi: targets[1].clone(),
            value: "86.5".into(),
            note: Some("แบบประเมิน 95 ชุด".into()),
        },
    ];
    out.push(done);

    // 1.2: in progress, published.
    let mut doing = report(r(1, 2), Quarter::Q1, InProgress, Published);
    doing.budget_adopted = Some(Baht::from_baht(5_000));
    doing.budget_disbursed = Some(Baht::from_baht(1_250));
    out.push(doing);

    // 1.3: could not be done, published.
    out.push(report(
        r(1, 3),
        Quarter::Q2,
        NotDone {
            reason: NotDoneReason::NoBudget,
        },
        Published,
    ));

    // 2.1: completed but still a draft: counts only when drafts are included.
    let mut draft = report(r(2, 1), Quarter::Q2, Completed, Draft);
    draft.narrative = "ร่างที่ยังไม่ผ่านการตรวจ".into();
    out.push(draft);

    // 2.2: completed in Q3: only the annual round sees it.
    out.push(report(r(2, 2), Quarter::Q3, Completed, Published));

    // 3.1: not started, approved.
    out.push(report(r(3, 1), Quarter::Q1, NotStarted, Approved));

    // Dimension 4: every item completed in Q2, published.
    for item in seed_plan().items().filter(|i| i.dimension == 4) {
        let mut rep = report(item.item_ref(), Quarter::Q2, Completed, Published);
        rep.budget_disbursed = Some(Baht::from_baht(1_000));
        out.push(rep);
    }

    // Another year's report is ignored.
    let mut other_year = report(r(3, 2), Quarter::Q1, Completed, Published);
    other_year.fiscal_year = YEAR - 1;
    out.push(other_year);
    out
}

pub fn input(round: Option<Round>, include: ProgressFilter) -> ReportInput {
    ReportInput {
        organization: ORGANIZATION.into(),
        plan: seed_plan().clone(),
        fiscal_year: YEAR,
        round,
        progress: progress(),
        include,
        issuer: Some("นางสาวสุจริต ใจซื่อ".into()),
        generated_at: datetime!(2025-04-03 03:15 UTC),
    }
}

/// A file that is removed when dropped.
pub struct TempFile(pub PathBuf);

impl TempFile {
    pub fn with(bytes: &[u8], extension: &str) -> TempFile {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "sujarit-reports-{}-{}.{extension}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, bytes).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Runs a poppler tool; they come with Debian's poppler-utils.
fn poppler(tool: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) must be installed: {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("poppler writes UTF-8")
}

/// The text of a PDF in content order (typst writes a table cell by cell).
pub fn pdf_text(pdf: &[u8]) -> String {
    let file = TempFile::with(pdf, "pdf");
    poppler(
        "pdftotext",
        &[
            "-raw".as_ref(),
            "-enc".as_ref(),
            "UTF-8".as_ref(),
            file.0.as_os_str(),
            "-".as_ref(),
        ],
    )
}

pub fn pdf_pages(pdf: &[u8]) -> u32 {
    let file = TempFile::with(pdf, "pdf");
    let info = poppler("pdfinfo", &[file.0.as_os_str()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo reports the page count")
}

/// Text without any whitespace, so a name wrapped over lines still matches, and
/// with immediately repeated Thai clusters collapsed. pdftotext repeats a
/// cluster with stacked marks ("ท้องถิ่ถิ่น"): the PDF maps more than one glyph of
/// the cluster to the cluster's text and relies on /ActualText, which poppler
/// ignores (typst issue 7610, krilla issue 411; Acrobat and Chrome copy it right).
/// Applied to both sides of a comparison, the collapse loses nothing that matters.
pub fn squeeze(text: &str) -> String {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let is_mark =
        |c: char| matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}');
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'next: while i < chars.len() {
        for len in [3, 2] {
            if i + 2 * len <= chars.len()
                && is_mark(chars[i + len - 1])
                && chars[i..i + len] == chars[i + len..i + 2 * len]
            {
                out.extend(&chars[i..i + len]);
                i += 2 * len;
                continue 'next;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Keeps a copy of an output when SUJARIT_REPORT_DIR is set, to look at by eye.
pub fn keep(kind: ReportKind, format: Format, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("SUJARIT_REPORT_DIR") {
        let name = sujarit_reports::file_name(kind, format, YEAR, None);
        std::fs::write(PathBuf::from(dir).join(name), bytes).unwrap();
    }
}
