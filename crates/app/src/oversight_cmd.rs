//! `sujarit oversight refresh [--fiscal-year N]`: computes the figures of
//! every LAO in the directory whose records moved since they were last
//! computed (the server does the same every `--oversight-refresh-minutes`),
//! and prints how many were computed and how many were unchanged.
//!
//! Exit codes: 0 done, 1 the database failed, 2 a bad fiscal year.

use std::process::ExitCode;

use clap::Subcommand;
use sujarit_service::Clock;
use sujarit_service::wording::Thai;

#[derive(Subcommand)]
pub enum OversightCommand {
    /// คำนวณตัวเลขสรุปของ อปท. ทุกแห่งในทะเบียนใหม่ (เฉพาะแห่งที่ข้อมูลเปลี่ยน) สำหรับผู้กำกับดูแล
    Refresh {
        /// ปีงบประมาณ (พ.ศ.) เช่น 2569 (ไม่ระบุ = ปีปัจจุบันและปีก่อน)
        #[arg(long)]
        fiscal_year: Option<String>,
    },
}

/// A fiscal year as typed: four BE digits, 2400–2700.
pub fn parse_fiscal_year(text: &str) -> Option<u16> {
    let text = text.trim();
    if text.len() != 4 {
        return None;
    }
    text.parse::<u16>()
        .ok()
        .filter(|y| (2400..=2700).contains(y))
}

pub async fn run(database: &str, command: OversightCommand) -> ExitCode {
    let OversightCommand::Refresh { fiscal_year } = command;
    let clock = Clock::System;
    let years: Vec<u16> = match fiscal_year.as_deref() {
        Some(text) => match parse_fiscal_year(text) {
            Some(year) => vec![year],
            None => {
                eprintln!(
                    "ข้อผิดพลาด: --fiscal-year ต้องเป็นปีงบประมาณ พ.ศ. 4 หลัก (2400–2700) เช่น 2569 แต่ได้ \"{text}\""
                );
                return ExitCode::from(2);
            }
        },
        None => sujarit_service::oversight::kept_years(clock.today()).to_vec(),
    };
    let store = match sujarit_store::connect(database).await {
        Ok(store) => store,
        Err(e) => return failed(&Thai(e)),
    };
    if let Err(e) = store.migrate().await {
        return failed(&Thai(e));
    }
    let started = std::time::Instant::now();
    match sujarit_service::oversight::refresh_all(store.as_ref(), &years, clock).await {
        Ok(done) => {
            let years: Vec<String> = years.iter().map(u16::to_string).collect();
            println!(
                "คำนวณตัวเลขสรุปของ อปท. ปีงบประมาณ {}: คำนวณใหม่ {} รายการ ไม่เปลี่ยนแปลง {} รายการ ({:.1} วินาที)",
                years.join(", "),
                done.computed,
                done.unchanged,
                started.elapsed().as_secs_f64()
            );
            if done.failed > 0 {
                eprintln!(
                    "คำนวณไม่สำเร็จ {} องค์กร (ดูรายละเอียดในบันทึกของระบบ)",
                    done.failed
                );
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(e) => failed(&Thai(e)),
    }
}

fn failed(message: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("ข้อผิดพลาด: {message}");
    ExitCode::from(1)
}
