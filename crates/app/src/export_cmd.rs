//! `sujarit export KIND --fiscal-year N [--round 6m|12m] --format pdf|xlsx|csv
//! --output FILE [--organization SLUG]`: one official report of the current
//! plan, or (KIND `complaints`, PDF or XLSX, a round required) the report on
//! complaints to executives.
//!
//! Exit codes: 0 written, 2 bad arguments (unknown kind or format, a round
//! missing for the monitoring report, a year outside the plan, no such
//! organisation or no plan yet; nothing is written), 1 any other failure.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use sujarit_core::progress::{QuarterReport, Round};
use sujarit_reports::{Format, ProgressFilter, ReportError, ReportInput, ReportKind};
use sujarit_service::wording::Thai;
use sujarit_store::{Organization, Store};

pub struct Args<'a> {
    pub database: &'a str,
    pub kind: String,
    pub fiscal_year: String,
    pub round: Option<String>,
    pub format: String,
    pub output: PathBuf,
    pub organization: Option<String>,
    pub include: String,
    pub issuer: Option<String>,
}

const BAD_ARGUMENTS: u8 = 2;

/// The arguments, checked before the database is opened.
struct Request {
    kind: ReportKind,
    format: Format,
    fiscal_year: u16,
    round: Option<Round>,
    include: ProgressFilter,
}

fn parse(args: &Args<'_>) -> Result<Request, String> {
    let kind = ReportKind::parse(args.kind.trim()).ok_or_else(|| {
        format!(
            "ไม่รู้จักรายงาน \"{}\": เลือกได้ schedule (ตารางแผนประจำปี), summary (ตารางสรุปส่วนที่ 2), monitoring (รายงานผลการดำเนินงาน) หรือ complaints (รายงานเรื่องร้องเรียนต่อผู้บริหาร)",
            args.kind
        )
    })?;
    let format = Format::parse(args.format.trim().to_lowercase().as_str()).ok_or_else(|| {
        format!(
            "ไม่รู้จักรูปแบบไฟล์ \"{}\": เลือกได้ pdf, xlsx หรือ csv",
            args.format
        )
    })?;
    let fiscal_year = parse_fiscal_year(&args.fiscal_year)?;
    let round = parse_round(args.round.as_deref())?;
    if kind == ReportKind::Monitoring && round.is_none() {
        return Err(ReportError::RoundRequired.to_string());
    }
    let include = ProgressFilter::parse(args.include.trim()).ok_or_else(|| {
        format!(
            "ไม่รู้จักตัวเลือก --include \"{}\": เลือกได้ published (เฉพาะที่เผยแพร่แล้ว), approved (อนุมัติแล้วขึ้นไป) หรือ all (ทั้งหมด)",
            args.include
        )
    })?;
    Ok(Request {
        kind,
        format,
        fiscal_year,
        round,
        include,
    })
}

fn parse_fiscal_year(text: &str) -> Result<u16, String> {
    sujarit_core::thai::arabic_digits(text.trim())
        .parse::<u16>()
        .ok()
        .filter(|y| (2400..=2700).contains(y))
        .ok_or_else(|| format!("ปีงบประมาณ \"{text}\" ไม่ถูกต้อง: ใช้ปี พ.ศ. เช่น 2568"))
}

fn parse_round(text: Option<&str>) -> Result<Option<Round>, String> {
    text.map(|text| {
        Round::parse(text.trim()).ok_or_else(|| {
            format!("ไม่รู้จักรอบการรายงาน \"{text}\": เลือกได้ 6m (รอบ 6 เดือน) หรือ 12m (รอบ 12 เดือน)")
        })
    })
    .transpose()
}

/// The report on complaints to executives is not a plan report: it needs no
/// plan, only the complaints, and comes as PDF or XLSX.
const COMPLAINTS: &str = "complaints";

async fn run_complaints(args: Args<'_>) -> ExitCode {
    let checked = (|| {
        let format = match args.format.trim().to_lowercase().as_str() {
            "pdf" => Format::Pdf,
            "xlsx" => Format::Xlsx,
            other => {
                return Err(format!(
                    "รายงานเรื่องร้องเรียนมีรูปแบบ pdf หรือ xlsx เท่านั้น (ได้รับ \"{other}\")"
                ));
            }
        };
        let fiscal_year = parse_fiscal_year(&args.fiscal_year)?;
        let round = parse_round(args.round.as_deref())?
            .ok_or_else(|| ReportError::RoundRequired.to_string())?;
        Ok((format, fiscal_year, round))
    })();
    let (format, fiscal_year, round) = match checked {
        Ok(c) => c,
        Err(message) => return bad(&message),
    };
    let (store, organization) = match open(&args).await {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let today = sujarit_core::thai::local_date(time::OffsetDateTime::now_utc());
    let input = match sujarit_service::complaints::load_input(
        &*store,
        &organization,
        fiscal_year,
        round,
        today,
        args.issuer.clone(),
    )
    .await
    {
        Ok(input) => input,
        Err(e) => return failed(&format!("อ่านเรื่องร้องเรียนไม่สำเร็จ: {}", Thai(e))),
    };
    let rendered =
        tokio::task::spawn_blocking(move || sujarit_reports::render_complaints(format, &input))
            .await;
    let bytes = match rendered {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) => return failed(&e.to_string()),
        Err(e) => return failed(&format!("สร้างรายงานไม่สำเร็จ: {e}")),
    };
    if let Err(e) = write_whole(&args.output, &bytes) {
        return failed(&format!("บันทึกไฟล์ {} ไม่สำเร็จ: {e}", args.output.display()));
    }
    println!(
        "บันทึกรายงานเรื่องร้องเรียนต่อผู้บริหาร ปีงบประมาณ {fiscal_year} {} ของ{} เป็นไฟล์ {} แล้ว ({} ไบต์)",
        round.thai(),
        organization.name,
        args.output.display(),
        bytes.len()
    );
    ExitCode::SUCCESS
}

pub async fn run(args: Args<'_>) -> ExitCode {
    if args.kind.trim() == COMPLAINTS {
        return run_complaints(args).await;
    }
    let request = match parse(&args) {
        Ok(r) => r,
        Err(message) => return bad(&message),
    };
    let (store, organization) = match open(&args).await {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let plan = match store.current_plan(&organization.id).await {
        Ok(Some((_, report))) => report.plan,
        Ok(None) => {
            return bad(&format!(
                "{} ยังไม่มีแผนในระบบ: นำเข้าก่อนด้วย sujarit import plan FILE --slug {}",
                organization.name, organization.slug
            ));
        }
        Err(e) => return failed(&format!("อ่านแผนไม่สำเร็จ: {}", Thai(e))),
    };
    let progress = match load_progress(&*store, &organization, request.fiscal_year).await {
        Ok(p) => p,
        Err(e) => return failed(&format!("อ่านผลการดำเนินงานไม่สำเร็จ: {}", Thai(e))),
    };
    let input = ReportInput {
        organization: organization.name.clone(),
        plan,
        fiscal_year: request.fiscal_year,
        round: request.round,
        progress,
        include: request.include,
        issuer: args.issuer.clone(),
        generated_at: time::OffsetDateTime::now_utc(),
    };
    // Typesetting is CPU work: keep it off the async runtime's threads.
    let (kind, format) = (request.kind, request.format);
    let rendered =
        tokio::task::spawn_blocking(move || sujarit_reports::render(kind, format, &input)).await;
    let bytes = match rendered {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e @ (ReportError::RoundRequired | ReportError::FiscalYearOutsidePlan { .. }))) => {
            return bad(&e.to_string());
        }
        Ok(Err(e)) => return failed(&e.to_string()),
        Err(e) => return failed(&format!("สร้างรายงานไม่สำเร็จ: {e}")),
    };
    if let Err(e) = write_whole(&args.output, &bytes) {
        return failed(&format!("บันทึกไฟล์ {} ไม่สำเร็จ: {e}", args.output.display()));
    }
    println!(
        "บันทึก{} ปีงบประมาณ {}{} ของ{} เป็นไฟล์ {} แล้ว ({} ไบต์)",
        kind.thai(),
        request.fiscal_year,
        request
            .round
            .filter(|_| kind == ReportKind::Monitoring)
            .map(|r| format!(" {}", r.thai()))
            .unwrap_or_default(),
        organization.name,
        args.output.display(),
        bytes.len()
    );
    ExitCode::SUCCESS
}

/// The database (migrated) and the organisation the report is for; the exit
/// code to end with when either cannot be had.
async fn open(args: &Args<'_>) -> Result<(Arc<dyn Store>, Organization), ExitCode> {
    let store = sujarit_store::connect(args.database)
        .await
        .map_err(|e| failed(&format!("เปิดฐานข้อมูลไม่ได้: {}", Thai(e))))?;
    store
        .migrate()
        .await
        .map_err(|e| failed(&format!("ปรับโครงสร้างฐานข้อมูลไม่สำเร็จ: {}", Thai(e))))?;
    match find_organization(&*store, args.organization.as_deref()).await {
        Ok(Ok(organization)) => Ok((store, organization)),
        Ok(Err(message)) => Err(bad(&message)),
        Err(e) => Err(failed(&format!("อ่านข้อมูลองค์กรไม่สำเร็จ: {}", Thai(e)))),
    }
}

/// The organisation named by slug, or the only one there is.
pub(crate) async fn find_organization(
    store: &dyn Store,
    slug: Option<&str>,
) -> sujarit_store::Result<Result<Organization, String>> {
    if let Some(slug) = slug {
        return Ok(store
            .organization_by_slug(slug)
            .await?
            .ok_or_else(|| format!("ไม่พบองค์กรรหัส \"{slug}\"")));
    }
    let mut all = store.organizations().await?;
    Ok(match all.len() {
        1 => Ok(all.remove(0)),
        0 => Err("ยังไม่มีองค์กรในฐานข้อมูล: นำเข้าแผนก่อนด้วย sujarit import plan FILE".into()),
        _ => Err(format!(
            "ฐานข้อมูลมีหลายองค์กร: ระบุ --organization เป็นรหัสใดรหัสหนึ่ง ({})",
            all.iter()
                .map(|o| o.slug.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    })
}

/// The quarterly reports of one organisation's fiscal year, in every review
/// state: the report itself picks the quarters of its round and the states it
/// counts (`--include`).
pub async fn load_progress(
    store: &dyn Store,
    organization: &Organization,
    fiscal_year: u16,
) -> sujarit_store::Result<Vec<QuarterReport>> {
    store.quarter_reports(&organization.id, fiscal_year).await
}

/// Writes to a temporary file beside the target, then renames it into place,
/// so a failure never leaves half a report under the requested name.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "ไม่มีชื่อไฟล์"))?;
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn bad(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::from(BAD_ARGUMENTS)
}

fn failed(message: &str) -> ExitCode {
    eprintln!("ข้อผิดพลาด: {message}");
    ExitCode::from(1)
}
