//! `sujarit complaints reseal --officer EMAIL [--organization SLUG]`: the
//! one-time move of corruption reports stored before issue 11 (sealed with
//! the key file) to per-recipient keys. Run by an integrity officer, whose
//! password is read from standard input: every report gets its own data
//! key, wrapped for each integrity officer with keys and for the reporter's
//! tracking code; afterwards the key file opens none of them.
//!
//! Exit codes: 0 done, 2 bad input (nothing written), 1 any other failure.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use sujarit_core::account::{Email, Role};
use sujarit_service::complaints::keys;
use sujarit_service::passwords as password;
use sujarit_service::wording::store_error;

#[derive(Subcommand)]
pub enum ComplaintsCommand {
    /// ย้ายเรื่องแจ้งเบาะแสที่เข้ารหัสด้วยไฟล์กุญแจของเซิร์ฟเวอร์ไปใช้กุญแจรายผู้รับ (ทำครั้งเดียว โดยเจ้าหน้าที่นิติการ ส่งรหัสผ่านทาง stdin)
    Reseal {
        /// อีเมลของเจ้าหน้าที่นิติการผู้สั่ง (ต้องตั้งกุญแจแล้ว)
        #[arg(long)]
        officer: String,
        /// รหัสองค์กร (ไม่ต้องระบุถ้าฐานข้อมูลมีองค์กรเดียว)
        #[arg(long)]
        organization: Option<String>,
        /// ไฟล์กุญแจเข้ารหัสของเซิร์ฟเวอร์
        #[arg(long, env = "SUJARIT_KEY_FILE", default_value = sujarit_store::keyfile::DEFAULT_PATH)]
        key_file: PathBuf,
        /// โฟลเดอร์เก็บไฟล์แนบ
        #[arg(long, env = "SUJARIT_FILES", default_value = sujarit_store::files::DEFAULT_DIR)]
        files: PathBuf,
    },
}

fn bad(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("ข้อมูลไม่ถูกต้อง: {message}");
    ExitCode::from(2)
}

fn failed(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("ข้อผิดพลาด: {message}");
    ExitCode::from(1)
}

pub async fn run(database: &str, command: ComplaintsCommand) -> ExitCode {
    let ComplaintsCommand::Reseal {
        officer,
        organization,
        key_file,
        files,
    } = command;
    let email = match Email::parse(&officer) {
        Ok(email) => email,
        Err(message) => return bad(message),
    };
    let mut typed = String::new();
    if std::io::stdin().read_to_string(&mut typed).is_err() {
        return bad("อ่านรหัสผ่านจาก stdin ไม่ได้");
    }
    let typed = typed.trim_end_matches(['\n', '\r']).to_string();
    let keyring = match sujarit_store::keyfile::load(&key_file) {
        Ok(ring) => ring,
        Err(e) => return failed(sujarit_service::wording::key_file(&e)),
    };
    let store = match sujarit_store::connect(database).await {
        Ok(store) => store,
        Err(e) => return failed(store_error(&e)),
    };
    if let Err(e) = store.migrate().await {
        return failed(store_error(&e));
    }
    let org = match organization {
        Some(slug) => match store.organization_by_slug(slug.trim()).await {
            Ok(Some(org)) => org,
            Ok(None) => return bad(format!("ไม่พบองค์กรรหัส \"{}\"", slug.trim())),
            Err(e) => return failed(store_error(&e)),
        },
        None => match store.organizations().await {
            Ok(mut all) if all.len() == 1 => all.remove(0),
            Ok(_) => return bad("ระบุองค์กรด้วย --organization"),
            Err(e) => return failed(store_error(&e)),
        },
    };
    // The officer proves who they are with their password, as at login.
    let credentials = match store.credentials(&org.id, &email).await {
        Ok(c) => c,
        Err(e) => return failed(store_error(&e)),
    };
    let (user, phc) = match credentials {
        Some(c) if c.user.active => (Some(c.user), Some(c.password_hash)),
        _ => (None, None),
    };
    let verified = password::verify(typed.clone(), phc).await;
    let Some(user) = user.filter(|u| verified && u.role == Role::IntegrityOfficer) else {
        return bad("อีเมลหรือรหัสผ่านไม่ถูกต้อง หรือบัญชีนี้ไม่ใช่เจ้าหน้าที่นิติการที่ใช้งานอยู่");
    };
    match keys::unlock(store.as_ref(), &org.id, &user.id, &typed).await {
        Ok(Some(_)) => {}
        Ok(None) => return bad(keys::KeysError::NoKeys),
        Err(e) => return bad(e),
    }
    let files = sujarit_store::files::FileStore::new(files);
    match keys::reseal_reports(store.as_ref(), &keyring, &files, &org.id, &user.id).await {
        Ok(count) => {
            println!(
                "ย้ายเรื่องแจ้งเบาะแส {count} เรื่องไปใช้กุญแจรายผู้รับแล้ว: ไฟล์กุญแจของเซิร์ฟเวอร์เปิดเรื่องเหล่านี้ไม่ได้อีก"
            );
            ExitCode::SUCCESS
        }
        Err(keys::KeysError::NoKeys) => bad(keys::KeysError::NoKeys),
        Err(e) => failed(e),
    }
}
