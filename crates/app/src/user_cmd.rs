//! `sujarit user add EMAIL --role ROLE [--unit NAME] [--name NAME]
//! [--organization SLUG]`: creates a staff account from the command line,
//! typically the first administrator.
//!
//! The password is read from standard input when something is piped in
//! (`printf '%s' "$PASSWORD" | sujarit user add …`); otherwise a strong one
//! is generated and printed once, and the user must change it at first login.
//!
//! `sujarit user reset-password EMAIL`, `user activate EMAIL` and
//! `user set-role EMAIL --role ROLE`: what the web may not do to an
//! integrity officer is done here, on the host (issue 11).
//!
//! `sujarit user reset-totp EMAIL [--organization SLUG]`: removes an account's
//! second factor (a lost phone), audited, and ends its sessions; its owner
//! enrols again at the next login. Only here, on the server: the web has no
//! such button, so no web account (an administrator's included) can take
//! over an integrity officer's factor.
//!
//! Exit codes: 0 done, 2 bad input (nothing written), 1 any other failure.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use sujarit_core::account::{
    self, Email, MAX_DISPLAY_NAME_CHARS, MAX_UNIT_NAME_CHARS, Role, clean_name,
};
use sujarit_service::passwords as password;
use sujarit_service::wording::{refusal, store_error};
use sujarit_store::{NewUser, Organization, Store, StoreError};

#[derive(Subcommand)]
pub enum UserCommand {
    /// เพิ่มบัญชีเจ้าหน้าที่ (รหัสผ่านอ่านจาก stdin ถ้ามีข้อมูลส่งเข้ามา ไม่เช่นนั้นสร้างให้และแสดงครั้งเดียว)
    Add(AddArgs),
    /// ตั้งรหัสผ่านใหม่ให้บัญชี (เจ้าหน้าที่นิติการ: กุญแจเดิมจะปลดล็อกด้วยรหัสผ่านไม่ได้ จนกว่าจะกู้คืนด้วยกุญแจกู้คืน)
    ResetPassword(AccountArgs),
    /// เปิดใช้บัญชีที่ถูกระงับอีกครั้ง
    Activate(AccountArgs),
    /// เปลี่ยนบทบาทของบัญชี (การให้บทบาท integrity_officer ทำได้ที่นี่เท่านั้น ไม่ใช่ผ่านเว็บ)
    SetRole(SetRoleArgs),
    /// ล้างการยืนยันตัวตนสองขั้นตอน (TOTP) ของบัญชี เช่น เมื่อโทรศัพท์หาย ผู้ใช้ตั้งค่าใหม่เมื่อเข้าสู่ระบบครั้งถัดไป
    ResetTotp(ResetTotpArgs),
}

/// The account `reset-totp` names.
pub type ResetTotpArgs = AccountArgs;

#[derive(Args)]
pub struct AccountArgs {
    /// อีเมลของบัญชี
    email: String,
    /// รหัสองค์กร (slug) ถ้าในฐานข้อมูลมีมากกว่าหนึ่งองค์กร
    #[arg(long)]
    organization: Option<String>,
}

#[derive(Args)]
pub struct SetRoleArgs {
    #[command(flatten)]
    account: AccountArgs,
    /// บทบาทใหม่ (ไม่ใช่ unit_officer: บทบาทนั้นตั้งผ่านเว็บพร้อมหน่วยงาน)
    #[arg(long)]
    role: String,
}

#[derive(Args)]
pub struct AddArgs {
    /// อีเมลที่ใช้เข้าสู่ระบบ
    email: String,
    /// บทบาท: administrator, plan_coordinator, unit_officer, executive, auditor, complaint_officer,
    /// integrity_officer หรือ provincial_overseer/national_overseer (เฉพาะในหน่วยกำกับดูแลระดับเดียวกัน)
    #[arg(long)]
    role: String,
    /// หน่วยงาน (จำเป็นสำหรับ unit_officer) ตามชื่อในแผน เช่น "กองการเจ้าหน้าที่"
    #[arg(long)]
    unit: Option<String>,
    /// ชื่อที่แสดง (ถ้าไม่ระบุ ใช้ส่วนหน้า @ ของอีเมล)
    #[arg(long)]
    name: Option<String>,
    /// รหัสองค์กร (slug) ถ้าในฐานข้อมูลมีมากกว่าหนึ่งองค์กร
    #[arg(long)]
    organization: Option<String>,
}

const BAD_INPUT: u8 = 2;

/// What went wrong: bad input (exit 2) or anything else (exit 1).
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

pub async fn run(database: &str, command: UserCommand) -> ExitCode {
    let outcome = match command {
        UserCommand::Add(args) => add(database, args).await,
        UserCommand::ResetPassword(args) => reset_password(database, args).await,
        UserCommand::Activate(args) => activate(database, args).await,
        UserCommand::SetRole(args) => set_role(database, args).await,
        UserCommand::ResetTotp(args) => reset_totp(database, args).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BadInput(message)) => {
            eprintln!("ข้อมูลไม่ถูกต้อง: {message}");
            ExitCode::from(BAD_INPUT)
        }
        Err(Failure::Other(message)) => {
            eprintln!("ข้อผิดพลาด: {message}");
            ExitCode::from(1)
        }
    }
}

async fn add(database: &str, args: AddArgs) -> Result<(), Failure> {
    // Everything that can be checked without the database first.
    let email = Email::parse(&args.email).map_err(Failure::BadInput)?;
    let role = Role::parse(args.role.trim()).ok_or_else(|| {
        let names: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        Failure::BadInput(format!(
            "ไม่รู้จักบทบาท \"{}\" ใช้ได้: {}",
            args.role.trim(),
            names.join(", ")
        ))
    })?;
    let unit_name = match (&args.unit, role.needs_unit()) {
        (Some(unit), true) => {
            Some(clean_name(unit, "ชื่อหน่วยงาน", MAX_UNIT_NAME_CHARS).map_err(Failure::BadInput)?)
        }
        (None, true) => {
            return Err(Failure::BadInput(
                "บทบาท unit_officer ต้องระบุหน่วยงานด้วย --unit".into(),
            ));
        }
        (Some(_), false) => {
            return Err(Failure::BadInput(format!(
                "--unit ใช้ได้เฉพาะบทบาท unit_officer ไม่ใช่ {}",
                role.as_str()
            )));
        }
        (None, false) => None,
    };
    let display_name = clean_name(
        args.name.as_deref().unwrap_or(email.local_part()),
        "ชื่อที่แสดง",
        MAX_DISPLAY_NAME_CHARS,
    )
    .map_err(Failure::BadInput)?;
    let typed = read_piped_password().await?;
    if let Some(p) = &typed {
        account::check_password(p).map_err(Failure::BadInput)?;
    }

    let store = sujarit_store::connect(database)
        .await
        .map_err(|e| Failure::Other(store_error(&e)))?;
    store
        .migrate()
        .await
        .map_err(|e| Failure::Other(store_error(&e)))?;
    let organization = organization(store.as_ref(), args.organization.as_deref()).await?;
    let unit_id = match &unit_name {
        Some(name) => Some(unit_id(store.as_ref(), &organization, name).await?),
        None => None,
    };

    let generated = typed.is_none();
    let password = typed.unwrap_or_else(password::generate);
    let hash = password::hash(password.clone())
        .await
        .map_err(|e| Failure::Other(e.to_string()))?;
    let user = store
        .create_user(
            &organization.id,
            &NewUser {
                email,
                display_name,
                role,
                unit_id,
                password_hash: hash,
                // A printed password has been seen on a screen: the owner
                // replaces it at first login.
                must_change_password: generated,
            },
            None,
        )
        .await?;
    println!(
        "สร้างบัญชีแล้ว: {} ({}{}) ในองค์กร {}",
        user.email,
        role.thai(),
        unit_name.map(|u| format!(" สังกัด{u}")).unwrap_or_default(),
        organization.name
    );
    if generated {
        println!("รหัสผ่าน: {password}");
        println!("(แสดงครั้งเดียว เก็บไว้ให้ดี ผู้ใช้ต้องตั้งรหัสผ่านใหม่เมื่อเข้าสู่ระบบครั้งแรก)");
    }
    Ok(())
}

async fn reset_totp(database: &str, args: ResetTotpArgs) -> Result<(), Failure> {
    let email = Email::parse(&args.email).map_err(Failure::BadInput)?;
    let store = sujarit_store::connect(database)
        .await
        .map_err(|e| Failure::Other(store_error(&e)))?;
    store
        .migrate()
        .await
        .map_err(|e| Failure::Other(store_error(&e)))?;
    let organization = organization(store.as_ref(), args.organization.as_deref()).await?;
    let user = store
        .user_by_email(&organization.id, &email)
        .await?
        .ok_or_else(|| {
            Failure::BadInput(format!(
                "ไม่พบบัญชี {} ในองค์กร {}",
                email.as_str(),
                organization.name
            ))
        })?;
    // No actor: the audit log shows "the system or the command line".
    if store.reset_totp(&organization.id, &user.id, None).await? {
        println!(
            "ล้างการยืนยันตัวตนสองขั้นตอนของ {} ({}) ในองค์กร {} แล้ว และออกจากระบบทุกเครื่องของบัญชีนี้แล้ว",
            user.email,
            user.role.thai(),
            organization.name
        );
        println!("เมื่อเข้าสู่ระบบครั้งถัดไป เจ้าของบัญชีตั้งค่าแอปยืนยันตัวตนใหม่ได้ที่ /staff/totp");
    } else {
        println!(
            "บัญชี {} ยังไม่ได้ตั้งค่าการยืนยันตัวตนสองขั้นตอน ไม่มีอะไรต้องล้าง",
            user.email
        );
    }
    Ok(())
}

/// The password piped into standard input, without its final line break;
/// `None` when standard input is a terminal or empty.
async fn read_piped_password() -> Result<Option<String>, Failure> {
    let read = tokio::task::spawn_blocking(|| -> std::io::Result<Option<String>> {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            return Ok(None);
        }
        let mut text = String::new();
        stdin.lock().read_to_string(&mut text)?;
        let text = text
            .strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t))
            .unwrap_or(&text);
        Ok((!text.is_empty()).then(|| text.to_owned()))
    })
    .await
    .map_err(|e| Failure::Other(e.to_string()))?;
    read.map_err(|e| {
        Failure::BadInput(format!("อ่านรหัสผ่านจาก stdin ไม่ได้ (ต้องเป็นข้อความ UTF-8): {e}"))
    })
}

/// The organisation named by `--organization`, or the only one there is.
async fn organization(store: &dyn Store, slug: Option<&str>) -> Result<Organization, Failure> {
    if let Some(slug) = slug {
        return store
            .organization_by_slug(slug.trim())
            .await?
            .ok_or_else(|| Failure::BadInput(format!("ไม่พบองค์กรรหัส \"{}\"", slug.trim())));
    }
    let mut all = store.organizations().await?;
    match all.len() {
        0 => Err(Failure::BadInput(
            "ยังไม่มีองค์กรในฐานข้อมูล นำเข้าแผนก่อนด้วย sujarit import plan FILE".into(),
        )),
        1 => Ok(all.remove(0)),
        _ => {
            let slugs: Vec<String> = all
                .iter()
                .map(|o| format!("{} ({})", o.slug, o.name))
                .collect();
            Err(Failure::BadInput(format!(
                "ฐานข้อมูลมีหลายองค์กร ระบุด้วย --organization: {}",
                slugs.join(", ")
            )))
        }
    }
}

/// The unit of that name, after taking units from the current plan.
async fn unit_id(
    store: &dyn Store,
    organization: &Organization,
    name: &str,
) -> Result<String, Failure> {
    store.sync_units_from_plan(&organization.id, None).await?;
    if let Some(unit) = store.unit_by_name(&organization.id, name).await? {
        return Ok(unit.id);
    }
    // A unit renamed since the plan was imported is still found by the plan's name.
    let units = store.units(&organization.id).await?;
    if let Some(unit) = units.iter().find(|u| u.plan_name.as_deref() == Some(name)) {
        return Ok(unit.id.clone());
    }
    let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
    Err(Failure::BadInput(if names.is_empty() {
        format!("ไม่พบหน่วยงาน \"{name}\" และองค์กรนี้ยังไม่มีหน่วยงาน (นำเข้าแผนก่อน)")
    } else {
        format!("ไม่พบหน่วยงาน \"{name}\" หน่วยงานที่มี: {}", names.join(", "))
    }))
}

/// The store and the account named on the command line.
async fn account(
    database: &str,
    args: &AccountArgs,
) -> Result<
    (
        std::sync::Arc<dyn Store>,
        Organization,
        sujarit_store::StaffUser,
    ),
    Failure,
> {
    let email = Email::parse(&args.email).map_err(Failure::BadInput)?;
    let store = sujarit_store::connect(database)
        .await
        .map_err(|e| Failure::Other(store_error(&e)))?;
    store
        .migrate()
        .await
        .map_err(|e| Failure::Other(store_error(&e)))?;
    let organization = organization(store.as_ref(), args.organization.as_deref()).await?;
    let user = store
        .user_by_email(&organization.id, &email)
        .await?
        .ok_or_else(|| Failure::BadInput(format!("ไม่พบบัญชี {} ในองค์กรนี้", email.as_str())))?;
    Ok((store, organization, user))
}

/// `user reset-password EMAIL`: a new password (piped, or generated and
/// printed once), to be changed at first login. An integrity officer's
/// private key is no longer wrapped under any password: they restore it
/// with their recovery key (`/staff/keys`), so whoever reset the password
/// still cannot open a report. Audited.
async fn reset_password(database: &str, args: AccountArgs) -> Result<(), Failure> {
    let typed = read_piped_password().await?;
    if let Some(p) = &typed {
        account::check_password(p).map_err(Failure::BadInput)?;
    }
    let (store, organization, user) = account(database, &args).await?;
    let generated = typed.is_none();
    let password = typed.unwrap_or_else(password::generate);
    let hash = password::hash(password.clone())
        .await
        .map_err(|e| Failure::Other(e.to_string()))?;
    store
        .set_password(&organization.id, &user.id, &hash, true, None, None)
        .await?;
    if user.role == Role::IntegrityOfficer
        && store
            .officer_keys(&organization.id, &user.id)
            .await?
            .is_some()
    {
        store
            .set_officer_password_key(&organization.id, &user.id, None, None)
            .await?;
        println!("บัญชีนี้เป็นเจ้าหน้าที่นิติการ: กุญแจเข้ารหัสต้องกู้คืนด้วยกุญแจกู้คืนที่หน้า \"กุญแจเข้ารหัส\" หลังเข้าสู่ระบบ");
    }
    println!("ตั้งรหัสผ่านใหม่ให้ {} แล้ว", user.email);
    if generated {
        println!("รหัสผ่าน: {password}");
        println!("(แสดงครั้งเดียว ผู้ใช้ต้องตั้งรหัสผ่านใหม่เมื่อเข้าสู่ระบบครั้งแรก)");
    }
    Ok(())
}

/// `user activate EMAIL`: reactivates an account (for an integrity officer,
/// only possible here). Audited.
async fn activate(database: &str, args: AccountArgs) -> Result<(), Failure> {
    let (store, organization, user) = account(database, &args).await?;
    let change = sujarit_store::UserChange {
        display_name: user.display_name.clone(),
        role: user.role,
        unit_id: user.unit_id.clone(),
        active: true,
    };
    store
        .update_user(&organization.id, &user.id, &change, None)
        .await?;
    println!("เปิดใช้บัญชี {} แล้ว", user.email);
    Ok(())
}

/// `user set-role EMAIL --role ROLE`: the only way to make an existing
/// account an integrity officer. Audited.
async fn set_role(database: &str, args: SetRoleArgs) -> Result<(), Failure> {
    let role = Role::parse(args.role.trim())
        .filter(|r| !r.needs_unit())
        .ok_or_else(|| {
            Failure::BadInput(format!(
                "บทบาท \"{}\" ใช้ไม่ได้ที่นี่ (unit_officer ตั้งผ่านเว็บพร้อมหน่วยงาน)",
                args.role.trim()
            ))
        })?;
    let (store, organization, user) = account(database, &args.account).await?;
    let change = sujarit_store::UserChange {
        display_name: user.display_name.clone(),
        role,
        unit_id: None,
        active: user.active,
    };
    store
        .update_user(&organization.id, &user.id, &change, None)
        .await?;
    println!("เปลี่ยนบทบาทของ {} เป็น{} แล้ว", user.email, role.thai());
    Ok(())
}
