//! `sujarit organizations import FILE.csv`: adds or updates organisations
//! in bulk from a directory file (`sujarit_core::directory::file`), in one
//! transaction; a new organisation whose row names `admin_email` gets its
//! first administrator, whose one-time password is printed once here.
//!
//! `sujarit organizations list [--province CODE]`: the directory, one
//! organisation a line, tab-separated: slug, kind, province, district,
//! official code.
//!
//! Exit codes: 0 done, 2 bad input (nothing written), 1 any other failure.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use sujarit_core::directory::areas::areas;
use sujarit_core::directory::file;
use sujarit_service::passwords;
use sujarit_service::wording::{refusal, store_error};
use sujarit_store::{DirectoryImportRow, Store, StoreError};

#[derive(Subcommand)]
pub enum OrganizationsCommand {
    /// นำเข้าทะเบียนองค์กรจากไฟล์ CSV (UTF-8) คอลัมน์ slug,name,kind,province,district,sub_district,official_code,admin_email,admin_name
    Import(ImportArgs),
    /// แสดงรายชื่อองค์กรในทะเบียน (slug ประเภท จังหวัด อำเภอ รหัส อปท. คั่นด้วย tab)
    List(ListArgs),
}

#[derive(Args)]
pub struct ImportArgs {
    /// ไฟล์ทะเบียนองค์กร (.csv)
    file: PathBuf,
}

#[derive(Args)]
pub struct ListArgs {
    /// รหัสจังหวัด 2 หลัก (หรือชื่อจังหวัด) เช่น 80
    #[arg(long)]
    province: Option<String>,
}

const BAD_INPUT: u8 = 2;

enum Failure {
    BadInput(String),
    Other(String),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(_)
            | StoreError::NotFound(_)
            | StoreError::Invalid(_)
            | StoreError::NotAllowed(_) => Failure::BadInput(refusal(&e)),
            other => Failure::Other(store_error(&other)),
        }
    }
}

pub async fn run(database: &str, command: OrganizationsCommand) -> ExitCode {
    let outcome = match command {
        OrganizationsCommand::Import(args) => import(database, args).await,
        OrganizationsCommand::List(args) => list(database, args).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BadInput(message)) => {
            eprintln!("ข้อมูลไม่ถูกต้อง ไม่ได้นำเข้าองค์กรใด:\n{message}");
            ExitCode::from(BAD_INPUT)
        }
        Err(Failure::Other(message)) => {
            eprintln!("ข้อผิดพลาด: {message}");
            ExitCode::from(1)
        }
    }
}

async fn open(database: &str) -> Result<std::sync::Arc<dyn Store>, Failure> {
    let store = sujarit_store::connect(database)
        .await
        .map_err(|e| Failure::Other(store_error(&e)))?;
    store
        .migrate()
        .await
        .map_err(|e| Failure::Other(store_error(&e)))?;
    Ok(store)
}

async fn import(database: &str, args: ImportArgs) -> Result<(), Failure> {
    let bytes = std::fs::read(&args.file)
        .map_err(|e| Failure::BadInput(format!("อ่านไฟล์ {} ไม่ได้: {e}", args.file.display())))?;
    let rows = file::parse(&bytes).map_err(|refused| Failure::BadInput(refused.to_string()))?;
    let store = open(database).await?;
    // Passwords only for organisations that do not exist yet: an existing
    // one keeps its accounts (and the store creates none for it).
    let existing: std::collections::HashSet<String> = store
        .organizations()
        .await?
        .into_iter()
        .map(|o| o.slug)
        .collect();
    let mut passwords_by_email = std::collections::HashMap::new();
    let mut import_rows = Vec::with_capacity(rows.len());
    for row in rows {
        let hash = match &row.admin {
            Some(admin) if !existing.contains(&row.slug) => {
                let password = passwords::generate();
                let hash = passwords::hash(password.clone())
                    .await
                    .map_err(|e| Failure::Other(e.to_string()))?;
                passwords_by_email.insert(
                    (row.slug.clone(), admin.email.as_str().to_string()),
                    password,
                );
                Some(hash)
            }
            _ => None,
        };
        import_rows.push(DirectoryImportRow {
            row,
            admin_password_hash: hash,
        });
    }
    let done = store.import_directory(&import_rows).await?;
    println!(
        "นำเข้าทะเบียนองค์กรแล้ว: เพิ่มใหม่ {} องค์กร ปรับปรุง {} องค์กร",
        done.added.len(),
        done.updated.len()
    );
    if !done.admins.is_empty() {
        println!(
            "ผู้ดูแลระบบคนแรกขององค์กรใหม่ (รหัสผ่านใช้ครั้งเดียว แสดงครั้งเดียว ผู้ใช้ต้องตั้งรหัสผ่านใหม่เมื่อเข้าสู่ระบบครั้งแรก):"
        );
        for (slug, email) in &done.admins {
            let password = passwords_by_email
                .get(&(slug.clone(), email.clone()))
                .map(String::as_str)
                .unwrap_or("");
            println!("{slug}\t{email}\t{password}");
        }
    }
    Ok(())
}

async fn list(database: &str, args: ListArgs) -> Result<(), Failure> {
    let province = match &args.province {
        None => None,
        Some(text) => Some(
            areas()
                .find_province(text)
                .ok_or_else(|| Failure::BadInput(format!("ไม่พบจังหวัด \"{}\"", text.trim())))?
                .code
                .clone(),
        ),
    };
    let store = open(database).await?;
    let mut lines = Vec::new();
    for organization in store.organizations().await? {
        let entry = store.directory_entry(&organization.id).await?;
        let Some(entry) = entry else {
            if province.is_none() {
                lines.push((String::new(), format!("{}\t\t\t\t", organization.slug)));
            }
            continue;
        };
        if province.is_some() && entry.province_code != province {
            continue;
        }
        let key = format!(
            "{}\t{}\t{}",
            entry.province_code.as_deref().unwrap_or(""),
            entry.district_code.as_deref().unwrap_or(""),
            organization.slug
        );
        lines.push((
            key,
            format!(
                "{}\t{}\t{}\t{}\t{}",
                organization.slug,
                entry.kind.as_str(),
                entry.province_code.as_deref().unwrap_or(""),
                entry.district_code.as_deref().unwrap_or(""),
                entry.official_code.as_deref().unwrap_or("")
            ),
        ));
    }
    lines.sort();
    for (_, line) in lines {
        println!("{line}");
    }
    Ok(())
}
