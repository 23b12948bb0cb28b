//! `sujarit info …`: the information centre from the command line.
//!
//! * `info catalogue install --fiscal-year N (--file F.toml|F.csv | --shipped
//!   plan|oit-2566|oit-2567|oit-2568) [--organization SLUG]`
//! * `info catalogue export --fiscal-year N --format toml|csv --output FILE
//!   [--organization SLUG]`
//! * `info check-links [--allow CIDR]…`: checks every published link once and
//!   records it (inside addresses are never visited unless allowed).
//!
//! Exit codes: 0 done, 2 unusable input (a bad catalogue file, named with
//! its lines; an unknown shipped catalogue, a bad year, no such organisation,
//! a catalogue the store refuses): nothing is written; 1 any other failure.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use sujarit_core::FiscalYear;
use sujarit_service::disclosure::links::{IpNet, LinkChecker};
use sujarit_service::disclosure::{publish_generated, read_catalogue_file, shipped_catalogue};
use sujarit_service::wording::{Thai, refusal};
use sujarit_store::{Store, StoreError};

use crate::export_cmd::{find_organization, write_whole};

const BAD_INPUT: u8 = 2;

#[derive(Subcommand)]
pub enum InfoCommand {
    /// รายการข้อมูลสาธารณะประจำปี: ติดตั้งหรือส่งออก
    Catalogue {
        #[command(subcommand)]
        what: CatalogueCommand,
    },
    /// ตรวจลิงก์ที่เผยแพร่ทั้งหมดหนึ่งรอบและบันทึกผล (ลิงก์ที่ใช้ไม่ได้ทำให้รายการเลยกำหนด)
    CheckLinks {
        /// รอคำตอบจากแต่ละเว็บไซต์นานสุดกี่วินาที
        #[arg(long, default_value_t = 20)]
        timeout_seconds: u64,
        /// เครือข่ายภายในที่ตรวจได้ เช่น 10.20.0.0/16 (ระบุซ้ำได้; ค่าเริ่มต้นไม่ตรวจที่อยู่ภายในใดเลย)
        #[arg(long, value_parser = parse_network)]
        allow: Vec<IpNet>,
    },
}

/// A network in CIDR form (`10.20.0.0/16`, `fd00::/8`) or one address.
pub fn parse_network(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(IpNet::from))
        .map_err(|_| format!("\"{text}\" ไม่ใช่เครือข่ายแบบ CIDR เช่น 10.20.0.0/16"))
}

#[derive(Subcommand)]
pub enum CatalogueCommand {
    /// ติดตั้งรายการจากไฟล์ TOML/CSV หรือรายการที่ระบบเตรียมไว้ (แทนที่รายการเดิมของปีนั้น)
    Install {
        /// ปีงบประมาณ (พ.ศ.) เช่น 2568
        #[arg(long)]
        fiscal_year: String,
        /// ไฟล์รายการ .toml หรือ .csv
        #[arg(long, conflicts_with = "shipped")]
        file: Option<PathBuf>,
        /// รายการที่ระบบเตรียมไว้: plan, oit-2566, oit-2567 หรือ oit-2568
        #[arg(long)]
        shipped: Option<String>,
        /// ชื่อรายการ (สำหรับไฟล์ CSV)
        #[arg(long)]
        title: Option<String>,
        /// รหัสองค์กร (ไม่ต้องระบุถ้าฐานข้อมูลมีองค์กรเดียว)
        #[arg(long)]
        organization: Option<String>,
    },
    /// ส่งออกรายการของปีเป็นไฟล์ TOML หรือ CSV
    Export {
        /// ปีงบประมาณ (พ.ศ.) เช่น 2568
        #[arg(long)]
        fiscal_year: String,
        /// toml หรือ csv
        #[arg(long)]
        format: String,
        /// ไฟล์ที่จะบันทึก
        #[arg(long)]
        output: PathBuf,
        /// รหัสองค์กร (ไม่ต้องระบุถ้าฐานข้อมูลมีองค์กรเดียว)
        #[arg(long)]
        organization: Option<String>,
    },
}

pub async fn run(database: &str, command: InfoCommand) -> ExitCode {
    match command {
        InfoCommand::Catalogue {
            what:
                CatalogueCommand::Install {
                    fiscal_year,
                    file,
                    shipped,
                    title,
                    organization,
                },
        } => install(database, &fiscal_year, file, shipped, title, organization).await,
        InfoCommand::Catalogue {
            what:
                CatalogueCommand::Export {
                    fiscal_year,
                    format,
                    output,
                    organization,
                },
        } => export(database, &fiscal_year, &format, &output, organization).await,
        InfoCommand::CheckLinks {
            timeout_seconds,
            allow,
        } => check_links(database, timeout_seconds, allow).await,
    }
}

fn parse_year(text: &str) -> Result<FiscalYear, String> {
    sujarit_core::thai::arabic_digits(text.trim())
        .parse::<u16>()
        .ok()
        .filter(|y| (2400..=3000).contains(y))
        .map(FiscalYear)
        .ok_or_else(|| format!("ปีงบประมาณ \"{text}\" ไม่ถูกต้อง: ใช้ปี พ.ศ. เช่น 2568"))
}

async fn install(
    database: &str,
    fiscal_year: &str,
    file: Option<PathBuf>,
    shipped: Option<String>,
    title: Option<String>,
    organization: Option<String>,
) -> ExitCode {
    let year = match parse_year(fiscal_year) {
        Ok(y) => y,
        Err(message) => return bad(&message),
    };
    // The catalogue is read and checked before the database is opened.
    let catalogue = match (file, shipped) {
        (Some(path), None) => {
            let bytes = match std::fs::read(&path) {
                Ok(b) => b,
                Err(e) => return bad(&format!("อ่านไฟล์ {} ไม่ได้: {e}", path.display())),
            };
            let name = path.to_string_lossy();
            match read_catalogue_file(&name, &bytes, Some(year), title.as_deref()) {
                Ok(c) if c.fiscal_year != year => {
                    return bad(&format!(
                        "ไฟล์ {} เป็นรายการของปีงบประมาณ {} แต่ระบุ --fiscal-year {year}: ยังไม่ได้ติดตั้งสิ่งใด",
                        path.display(),
                        c.fiscal_year
                    ));
                }
                Ok(c) => c,
                Err(problems) => {
                    return bad(&format!(
                        "ไฟล์ {} ใช้ไม่ได้ ยังไม่ได้ติดตั้งสิ่งใด:\n{}",
                        path.display(),
                        problems.join("\n")
                    ));
                }
            }
        }
        (None, Some(key)) => match shipped_catalogue(&key) {
            Some(c) if c.fiscal_year == year => c,
            Some(c) => c.copied_to(year),
            None => {
                return bad(&format!(
                    "ไม่รู้จักรายการ \"{key}\": เลือกได้ plan, oit-2566, oit-2567 หรือ oit-2568"
                ));
            }
        },
        _ => return bad("ระบุ --file ไฟล์รายการ หรือ --shipped รายการที่ระบบเตรียมไว้ อย่างใดอย่างหนึ่ง"),
    };
    let store = match sujarit_store::connect(database).await {
        Ok(s) => s,
        Err(e) => return failed(&Thai(e)),
    };
    if let Err(e) = store.migrate().await {
        return failed(&Thai(e));
    }
    let organization = match find_organization(&*store, organization.as_deref()).await {
        Ok(Ok(o)) => o,
        Ok(Err(message)) => return bad(&message),
        Err(e) => return failed(&Thai(e)),
    };
    let change = match store
        .install_disclosure_catalogue(
            &organization.id,
            &catalogue,
            sujarit_core::account::SYSTEM_ACTOR,
        )
        .await
    {
        Ok(change) => change,
        Err(StoreError::Invalid(fields)) => {
            let messages: Vec<&str> = fields.iter().map(|f| f.message.as_str()).collect();
            return bad(&format!(
                "รายการใช้ไม่ได้ ยังไม่ได้ติดตั้งสิ่งใด:\n{}",
                messages.join("\n")
            ));
        }
        Err(e @ (StoreError::NotAllowed(_) | StoreError::Conflict(_))) => {
            return bad(&format!("ติดตั้งไม่ได้ ยังไม่ได้เปลี่ยนสิ่งใด: {}", refusal(&e)));
        }
        Err(e) => return failed(&Thai(e)),
    };
    let today = sujarit_service::Clock::System.today();
    let generated = match publish_generated(&*store, &organization, year, today).await {
        Ok(n) => n,
        Err(e) => return failed(&Thai(e)),
    };
    println!(
        "ติดตั้งรายการข้อมูลสาธารณะปีงบประมาณ {year} ของ{} แล้ว: {} รายการ (เพิ่ม {} แก้ไข {} นำออก {}) เผยแพร่หน้าที่ระบบจัดทำ {generated} งวด",
        organization.name,
        catalogue.items.len(),
        change.added.len(),
        change.updated.len(),
        change.removed.len()
    );
    ExitCode::SUCCESS
}

async fn export(
    database: &str,
    fiscal_year: &str,
    format: &str,
    output: &std::path::Path,
    organization: Option<String>,
) -> ExitCode {
    let year = match parse_year(fiscal_year) {
        Ok(y) => y,
        Err(message) => return bad(&message),
    };
    let csv = match format.trim().to_lowercase().as_str() {
        "toml" => false,
        "csv" => true,
        other => return bad(&format!("ไม่รู้จักรูปแบบ \"{other}\": เลือกได้ toml หรือ csv")),
    };
    let store = match sujarit_store::connect(database).await {
        Ok(s) => s,
        Err(e) => return failed(&Thai(e)),
    };
    if let Err(e) = store.migrate().await {
        return failed(&Thai(e));
    }
    let organization = match find_organization(&*store, organization.as_deref()).await {
        Ok(Ok(o)) => o,
        Ok(Err(message)) => return bad(&message),
        Err(e) => return failed(&Thai(e)),
    };
    let catalogue = match store.disclosure_catalogue(&organization.id, year).await {
        Ok(Some(c)) => c,
        Ok(None) => {
            return bad(&format!(
                "{} ยังไม่มีรายการข้อมูลสาธารณะของปีงบประมาณ {year}",
                organization.name
            ));
        }
        Err(e) => return failed(&Thai(e)),
    };
    let text = if csv {
        catalogue.to_csv()
    } else {
        catalogue.to_toml()
    };
    if let Err(e) = write_whole(output, text.as_bytes()) {
        return failed(&format!("บันทึกไฟล์ {} ไม่ได้: {e}", output.display()));
    }
    println!(
        "บันทึกรายการข้อมูลสาธารณะปีงบประมาณ {year} ({} รายการ) ที่ {}",
        catalogue.items.len(),
        output.display()
    );
    ExitCode::SUCCESS
}

async fn check_links(database: &str, timeout_seconds: u64, allow: Vec<IpNet>) -> ExitCode {
    let store = match sujarit_store::connect(database).await {
        Ok(s) => s,
        Err(e) => return failed(&Thai(e)),
    };
    if let Err(e) = store.migrate().await {
        return failed(&Thai(e));
    }
    let checker = LinkChecker::allowing(
        std::time::Duration::from_secs(timeout_seconds.max(1)),
        allow,
    );
    match sujarit_service::disclosure::links::check_links(&*store, &checker).await {
        Ok(report) => {
            println!(
                "ตรวจลิงก์ที่เผยแพร่แล้ว {} ลิงก์ ใช้งานไม่ได้ {} ลิงก์",
                report.checked, report.broken
            );
            ExitCode::SUCCESS
        }
        Err(e) => failed(&Thai(e)),
    }
}

/// Runs forever: every `every`, publishes what Sujarit generates and checks
/// every published link (reaching inside only the `allow`ed networks).
/// Started by `serve`.
pub async fn maintain(
    store: std::sync::Arc<dyn Store>,
    every: std::time::Duration,
    allow: Vec<IpNet>,
) {
    let checker = LinkChecker::allowing(std::time::Duration::from_secs(20), allow);
    let mut ticks = tokio::time::interval(every);
    loop {
        ticks.tick().await;
        let today = sujarit_service::Clock::System.today();
        match sujarit_service::disclosure::publish_generated_everywhere(&*store, today).await {
            Ok(n) if n > 0 => tracing::info!(published = n, "เผยแพร่หน้าที่ระบบจัดทำแล้ว"),
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "เผยแพร่หน้าที่ระบบจัดทำไม่สำเร็จ"),
        }
        match sujarit_service::disclosure::links::check_links(&*store, &checker).await {
            Ok(report) => tracing::info!(
                checked = report.checked,
                broken = report.broken,
                "ตรวจลิงก์ในศูนย์ข้อมูลข่าวสารแล้ว"
            ),
            Err(error) => tracing::error!(%error, "ตรวจลิงก์ไม่สำเร็จ"),
        }
    }
}

fn bad(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::from(BAD_INPUT)
}

fn failed(message: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("ข้อผิดพลาด: {message}");
    ExitCode::from(1)
}
