//! `sujarit demo national --database postgres://… [--organizations N]
//! [--years 5] [--complaints 1000000]`: a national installation's data set
//! for load tests (issue 15). The demo organisation is made the normal way
//! (its plan imported, its registers seeded) and is the template: every
//! other LAO of a directory generated from the shipped areas gets a
//! server-side copy of its plan, units, categories, catalogues, activities,
//! surveys and risks, then years of generated progress and complaints; the
//! figures are refreshed at the end. PostgreSQL only.
//!
//! Exit codes: 0 done, 1 the database failed, 2 bad input (SQLite).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Subcommand;
use sujarit_core::directory::{DirectoryEntry, OrganizationKind, areas};
use sujarit_core::fiscal::FiscalYear;
use sujarit_service::Clock;
use sujarit_service::wording::Thai;
use sujarit_store::NewLao;

#[derive(Subcommand)]
pub enum DemoCommand {
    /// สร้างชุดข้อมูลทดสอบระดับประเทศ (เฉพาะ PostgreSQL): อปท. ทุกแห่งจากรายชื่อพื้นที่ แต่ละแห่งมีแผนตัวอย่าง ผลการดำเนินงานหลายปี และเรื่องร้องเรียน
    National {
        /// จำนวน อปท. สูงสุด (ไม่ระบุ = ทั้งประเทศ)
        #[arg(long)]
        organizations: Option<usize>,
        /// จำนวนปีงบประมาณย้อนหลังถึงปีปัจจุบัน
        #[arg(long, default_value_t = 5)]
        years: u16,
        /// จำนวนเรื่องร้องเรียนทั่วไปโดยประมาณรวมทุกปี
        #[arg(long, default_value_t = 1_000_000)]
        complaints: u64,
        /// ไฟล์กุญแจ (เดียวกับของ serve) สำหรับเรื่องร้องเรียนขององค์กรตัวอย่าง
        #[arg(long, env = "SUJARIT_KEY_FILE", default_value = sujarit_store::keyfile::DEFAULT_PATH)]
        key_file: PathBuf,
    },
}

/// The LAOs of the nation from the shipped areas, the demo's own place
/// (Nakhon Si Thammarat City, 800101) left out: one PAO per province but
/// Bangkok, Bangkok and Pattaya (special), then one LAO per sub-district
/// outside Bangkok: 30 city and 195 town municipalities (capital
/// sub-districts first), 2,250 sub-district municipalities, SAOs for the
/// rest. Listed in that order, so a cap keeps every kind of the first ones.
pub fn directory() -> Vec<NewLao> {
    let areas = areas::areas();
    let mut laos = Vec::new();
    let entry = |kind, p: &str, d: Option<&str>, s: Option<&str>| DirectoryEntry {
        kind,
        province_code: Some(p.to_string()),
        district_code: d.map(str::to_string),
        sub_district_code: s.map(str::to_string),
        official_code: None,
    };
    for (code, province) in &areas.provinces {
        if code != "10" {
            laos.push(NewLao {
                slug: format!("pao-{code}"),
                name: format!("องค์การบริหารส่วนจังหวัด{}", province.name_th),
                entry: entry(OrganizationKind::Pao, code, None, None),
            });
        }
    }
    laos.push(NewLao {
        slug: "bangkok".into(),
        name: "กรุงเทพมหานคร".into(),
        entry: entry(OrganizationKind::Special, "10", None, None),
    });
    let pattaya = areas.find_district("20", "บางละมุง").map(|d| d.code.clone());
    laos.push(NewLao {
        slug: "pattaya".into(),
        name: "เมืองพัทยา".into(),
        entry: entry(OrganizationKind::Special, "20", pattaya.as_deref(), None),
    });
    let mut subs: Vec<_> = areas
        .sub_districts
        .values()
        .filter(|s| !s.code.starts_with("10") && s.code != "800101")
        .collect();
    // Capital sub-districts (pp0101) first, then each district's first.
    subs.sort_by_key(|s| {
        (
            !s.code.ends_with("0101"),
            !s.code.ends_with("01"),
            s.code.clone(),
        )
    });
    for (n, sub) in subs.into_iter().enumerate() {
        let (kind, prefix, title) = match n {
            0..30 => (OrganizationKind::CityMunicipality, "city", "เทศบาลนคร"),
            30..225 => (OrganizationKind::TownMunicipality, "town", "เทศบาลเมือง"),
            225..2475 => (
                OrganizationKind::SubdistrictMunicipality,
                "sm",
                "เทศบาลตำบล",
            ),
            _ => (OrganizationKind::Sao, "sao", "องค์การบริหารส่วนตำบล"),
        };
        let Some(district) = areas.district(&sub.district_code) else {
            continue;
        };
        laos.push(NewLao {
            slug: format!("{prefix}-{}", sub.code),
            name: format!("{title}{}", sub.name_th),
            entry: entry(
                kind,
                &district.province_code,
                Some(&district.code),
                Some(&sub.code),
            ),
        });
    }
    laos
}

pub async fn run(database: &str, command: DemoCommand) -> ExitCode {
    let DemoCommand::National {
        organizations,
        years,
        complaints,
        key_file,
    } = command;
    match sujarit_store::database_kind_of(database) {
        Ok("postgres") => {}
        Ok(_) => {
            eprintln!(
                "ข้อผิดพลาด: ชุดข้อมูลระดับประเทศสร้างได้เฉพาะบน PostgreSQL (--database postgres://…) ไม่ใช่ SQLite"
            );
            return ExitCode::from(2);
        }
        Err(e) => return failed(&Thai(e), 2),
    }
    if years == 0 || years > 20 {
        eprintln!("ข้อผิดพลาด: --years ต้องอยู่ระหว่าง 1 ถึง 20");
        return ExitCode::from(2);
    }
    match generate(database, organizations, years, complaints, &key_file).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => failed(&format!("{e:#}"), 1),
    }
}

async fn generate(
    database: &str,
    cap: Option<usize>,
    years: u16,
    complaints: u64,
    key_file: &std::path::Path,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let lap = |what: &str, since: Instant| {
        println!("{what}: {:.1} วินาที", since.elapsed().as_secs_f64());
    };
    let sql = sujarit_store::connect_sql(database).await.map_err(Thai)?;
    let store: std::sync::Arc<dyn sujarit_store::Store> = std::sync::Arc::new(sql.clone());
    store.migrate().await.map_err(Thai)?;
    let national = sql
        .national()
        .ok_or_else(|| anyhow::anyhow!("ชุดข้อมูลระดับประเทศสร้างได้เฉพาะบน PostgreSQL"))?;
    let (keyring, _) = sujarit_store::keyfile::load_or_create(key_file)
        .map_err(|e| anyhow::anyhow!(sujarit_service::wording::key_file(&e)))?;

    // The template: the demo organisation, made through the normal paths.
    let t = Instant::now();
    crate::demo::ensure_with(store.clone(), &keyring, crate::demo::Neighbours::Left).await?;
    let template = store
        .organization_by_slug(crate::demo::SLUG)
        .await
        .map_err(Thai)?
        .ok_or_else(|| anyhow::anyhow!("ไม่พบองค์กรตัวอย่าง"))?;
    let own = DirectoryEntry {
        kind: OrganizationKind::CityMunicipality,
        province_code: Some("80".into()),
        district_code: Some("8001".into()),
        sub_district_code: Some("800101".into()),
        official_code: None,
    };
    if own.check().is_ok() {
        store
            .set_directory_entry(&template.id, &own)
            .await
            .map_err(Thai)?;
    }
    lap("องค์กรต้นแบบ (แผนตัวอย่างนำเข้าตามปกติ)", t);

    let mut laos = directory();
    if let Some(cap) = cap {
        laos.truncate(cap.saturating_sub(1));
    }
    let t = Instant::now();
    let created = national.create_laos(&laos).await.map_err(Thai)?;
    println!(
        "สร้าง อปท. ใหม่ {} แห่ง (ในทะเบียนรวม {} แห่ง)",
        created.len(),
        laos.len() + 1
    );
    lap("สร้างองค์กรและทะเบียน", t);

    let t = Instant::now();
    let rows = national
        .clone_template(&template.id, &created)
        .await
        .map_err(Thai)?;
    println!("คัดลอกแผนและทะเบียนจากองค์กรต้นแบบ {rows} แถว");
    lap("คัดลอกข้อมูล", t);

    let today = Clock::System.today();
    let current = FiscalYear::of(today).be();
    let year_list: Vec<u16> = (current + 1 - years..=current).collect();
    let t = Instant::now();
    let rows = national
        .generate_progress(&created, &year_list, today)
        .await
        .map_err(Thai)?;
    println!("สร้างรายงานผลรายไตรมาส {rows} รายการ");
    lap("สร้างผลการดำเนินงาน", t);

    let categories: Vec<String> = store
        .complaint_categories(&template.id, sujarit_core::complaint::Channel::General)
        .await
        .map_err(Thai)?
        .into_iter()
        .filter(|c| c.enabled)
        .map(|c| c.code)
        .collect();
    let t = Instant::now();
    let rows = national
        .generate_complaints(&created, &categories, &year_list, complaints, today)
        .await
        .map_err(Thai)?;
    println!("สร้างเรื่องร้องเรียนทั่วไป {rows} เรื่อง");
    lap("สร้างเรื่องร้องเรียน", t);

    let t = Instant::now();
    let mut indexed = 0;
    for id in &created {
        indexed += store.refresh_search_index(id).await.map_err(Thai)?;
    }
    println!("สร้างดัชนีค้นหา {indexed} รายการ");
    lap("สร้างดัชนีค้นหา", t);

    let t = Instant::now();
    let done = sujarit_service::oversight::refresh_all(store.as_ref(), &year_list, Clock::System)
        .await
        .map_err(Thai)?;
    println!(
        "คำนวณตัวเลขสรุป {} รายการ ไม่เปลี่ยนแปลง {} รายการ",
        done.computed, done.unchanged
    );
    lap("คำนวณตัวเลขสรุป", t);

    let size = national.database_size().await.map_err(Thai)?;
    println!(
        "ขนาดฐานข้อมูล {:.1} MB; เวลารวม {:.1} วินาที",
        size as f64 / 1_048_576.0,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn failed(message: &dyn std::fmt::Display, code: u8) -> ExitCode {
    eprintln!("ข้อผิดพลาด: {message}");
    ExitCode::from(code)
}
