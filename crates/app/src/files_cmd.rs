//! `sujarit files sweep [--files DIR] [--grace-hours N]`: removes stored
//! files that no record names and that are older than the grace period (the
//! server does the same every hour), and prints the counts.
//!
//! Exit codes: 0 done, 1 the database or the disk failed.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Subcommand;
use sujarit_service::wording::Thai;

#[derive(Subcommand)]
pub enum FilesCommand {
    /// ลบไฟล์ที่ไม่มีระเบียนใดอ้างถึงและเก่ากว่าระยะผ่อนผัน (เซิร์ฟเวอร์ทำเองทุกชั่วโมง)
    Sweep {
        /// โฟลเดอร์เก็บไฟล์หลักฐานและไฟล์แนบ
        #[arg(long, env = "SUJARIT_FILES", default_value = sujarit_store::files::DEFAULT_DIR)]
        files: PathBuf,
        /// ลบเฉพาะไฟล์ที่เก่ากว่ากี่ชั่วโมง (ไฟล์ที่ใหม่กว่าอาจเป็นของคำขอที่กำลังส่งอยู่)
        #[arg(long, default_value_t = 24)]
        grace_hours: u64,
    },
}

pub async fn run(database: &str, command: FilesCommand) -> ExitCode {
    let FilesCommand::Sweep { files, grace_hours } = command;
    let store = match sujarit_store::connect(database).await {
        Ok(store) => store,
        Err(e) => return failed(&Thai(e)),
    };
    if let Err(e) = store.migrate().await {
        return failed(&Thai(e));
    }
    let files = sujarit_store::files::FileStore::new(files);
    let grace = Duration::from_secs(grace_hours.saturating_mul(3600));
    match sujarit_service::files::sweep(store.as_ref(), &files, grace).await {
        Ok(swept) => {
            println!(
                "ลบไฟล์ที่ไม่มีระเบียนใดอ้างถึง {} ไฟล์ ({}) และไฟล์ที่อัปโหลดค้างไว้ {} ไฟล์; \
                 เก็บไฟล์ที่ยังใหม่กว่า {grace_hours} ชั่วโมงไว้ {} ไฟล์",
                swept.unreferenced,
                sujarit_store::files::size_text(swept.bytes),
                swept.leftover_uploads,
                swept.kept_young
            );
            ExitCode::SUCCESS
        }
        Err(e) => failed(&e),
    }
}

fn failed(message: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("ข้อผิดพลาด: {message}");
    ExitCode::from(1)
}
