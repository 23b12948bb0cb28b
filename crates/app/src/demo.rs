//! The demo organisation: a real plan (Nakhon Si Thammarat City Municipality,
//! 2566–2570) shipped inside the binary so a newcomer sees a complete plan,
//! and a fiscal year of activities, publicity and surveys (`activities`) so
//! its KPIs are measured from records on the first start.

mod activities;
mod audit;
mod complaints;
mod control;
mod gifts;
mod oversight;
mod risks;

use sujarit_core::FiscalYear;
use sujarit_core::account::{Email, Role};
use sujarit_core::disclosure::{Catalogue, shipped};
use sujarit_service::wording::Thai;
use sujarit_store::{ImportSource, NewUser, Organization, SaveOutcome, Store};

pub const SLUG: &str = "demo";
const FILE_NAME: &str = "plan-nakhonsithammarat-2566-2570.txt";
const DOCUMENT: &[u8] = include_bytes!("../demo/plan-nakhonsithammarat-2566-2570.txt");

/// Creates the demo organisation and imports its plan, unless it already has
/// one; then its demo accounts, unless they exist. Returns the accounts made
/// by this call, with their passwords, for [`print_accounts`].
pub async fn ensure(
    store_handle: std::sync::Arc<dyn Store>,
    keyring: &sujarit_core::sealed::Keyring,
) -> anyhow::Result<Vec<DemoAccount>> {
    ensure_with(store_handle, keyring, Neighbours::Placed).await
}

/// Whether the demo also places its neighbours: the sibling LAOs and the two
/// oversight offices (`serve --demo`), or only its own organisation (the
/// template of `demo national`, which makes a directory of its own).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Neighbours {
    Placed,
    Left,
}

pub async fn ensure_with(
    store_handle: std::sync::Arc<dyn Store>,
    keyring: &sujarit_core::sealed::Keyring,
    neighbours: Neighbours,
) -> anyhow::Result<Vec<DemoAccount>> {
    let store = store_handle.as_ref();
    let report = sujarit_import::import_plan(DOCUMENT, &Default::default())?;
    let organization = store
        .ensure_organization(SLUG, &report.plan.organization)
        .await
        .map_err(Thai)?;
    if store
        .current_plan(&organization.id)
        .await
        .map_err(Thai)?
        .is_none()
    {
        import(store, &organization, &report).await?;
    }
    let mut accounts = ensure_accounts(store, &organization).await?;
    let today = sujarit_service::Clock::System.today();
    ensure_disclosures(store, &organization, today).await?;
    if let Some((_, current)) = store.current_plan(&organization.id).await.map_err(Thai)? {
        activities::ensure(store, &organization, &current.plan, today).await?;
        risks::ensure(store, &organization, &current.plan, today).await?;
    }
    audit::ensure(store, &organization, today).await?;
    control::ensure(store, &organization, today).await?;
    gifts::ensure(store, &organization, today).await?;
    ensure_complaints(store_handle.clone(), keyring, &organization).await?;
    let source = ImportSource {
        file_name: FILE_NAME.into(),
        sha256: crate::import_cmd::sha256_hex(DOCUMENT),
    };
    if neighbours == Neighbours::Placed {
        accounts.extend(oversight::ensure(store, &organization, &report, &source, today).await?);
    }
    Ok(accounts)
}

/// The demo's complaints, assigned to the demo unit's officer and handled by
/// the demo complaint officer.
async fn ensure_complaints(
    store: std::sync::Arc<dyn Store>,
    keyring: &sujarit_core::sealed::Keyring,
    organization: &Organization,
) -> anyhow::Result<()> {
    let user = |email: &'static str| {
        let store = store.clone();
        async move {
            let email = Email::parse(email).map_err(anyhow::Error::msg)?;
            store
                .user_by_email(&organization.id, &email)
                .await
                .map_err(Thai)?
                .ok_or_else(|| anyhow::anyhow!("ไม่พบบัญชีตัวอย่าง {email}"))
        }
    };
    let officer = user("officer@demo.sujarit.local").await?;
    let handler = user("complaints@demo.sujarit.local").await?;
    let unit = officer
        .unit_id
        .clone()
        .ok_or_else(|| anyhow::anyhow!("บัญชีตัวอย่างของหน่วยงานไม่มีหน่วยงาน"))?;
    complaints::ensure(
        store.clone(),
        keyring,
        organization,
        (&unit, &officer.id),
        &handler.id,
    )
    .await
}

/// The demo's catalogue for the current fiscal year: the newest shipped OIT
/// list and the plan's own list (measure 2.1/2) in one, since a year holds
/// one catalogue. Generated items (the plan, the monitoring reports, the
/// complaint pages) are then published without anyone uploading them.
pub fn demo_catalogue(fiscal_year: FiscalYear) -> Catalogue {
    let oit_key = ["oit-2568", "oit-2567", "oit-2566"]
        .into_iter()
        .find(|key| {
            let year: u16 = key[4..].parse().expect("shipped keys end in a year");
            year <= fiscal_year.be()
        })
        .unwrap_or("oit-2566");
    let oit = shipped::get(oit_key).expect("shipped catalogue");
    let plan = shipped::get("plan-2566").expect("shipped catalogue");
    let mut items = oit.items;
    items.extend(plan.items);
    let mut catalogue = Catalogue {
        fiscal_year,
        title: format!(
            "รายการข้อมูลสาธารณะ ปีงบประมาณ {fiscal_year}: ITA OIT และมาตรการ 2.1/2 ของแผน"
        ),
        description: Some(format!(
            "รายการ OIT จาก {oit_key} และรายการตามมาตรการ 2.1/2 ของแผนปฏิบัติการฯ รวมในชุดเดียวสำหรับองค์กรตัวอย่าง"
        )),
        items,
    };
    // The plan's structure chart is the OIT's: one publication serves both
    // (issue 13), where the two lists' rules allow it.
    if let Some(index) = catalogue.items.iter().position(|i| i.code == "2.1.1-1") {
        let mut shared = catalogue.items[index].clone();
        shared.same_as = Some("O1".into());
        if catalogue.check_same_as(&shared).is_none() {
            catalogue.items[index] = shared;
        }
    }
    catalogue
}

async fn ensure_disclosures(
    store: &dyn Store,
    organization: &Organization,
    today: time::Date,
) -> anyhow::Result<()> {
    let current = FiscalYear::of(today);
    // Last year too: its 6- and 12-month reports and statistics are due, so
    // the demo shows them published from Sujarit's own pages.
    for year in [FiscalYear(current.be() - 1), current] {
        if store
            .disclosure_catalogue(&organization.id, year)
            .await
            .map_err(Thai)?
            .is_none()
        {
            store
                .install_disclosure_catalogue(
                    &organization.id,
                    &demo_catalogue(year),
                    sujarit_core::account::SYSTEM_ACTOR,
                )
                .await
                .map_err(Thai)?;
        }
        let published =
            sujarit_service::disclosure::publish_generated(store, organization, year, today)
                .await
                .map_err(Thai)?;
        if published > 0 {
            tracing::info!(
                published,
                fiscal_year = year.be(),
                "เผยแพร่หน้าที่ระบบจัดทำในศูนย์ข้อมูลข่าวสารขององค์กรตัวอย่างแล้ว"
            );
        }
    }
    Ok(())
}

async fn import(
    store: &dyn Store,
    organization: &Organization,
    report: &sujarit_core::PlanReport,
) -> anyhow::Result<()> {
    let source = ImportSource {
        file_name: FILE_NAME.into(),
        sha256: crate::import_cmd::sha256_hex(DOCUMENT),
    };
    match store
        .save_plan_import(&organization.id, report, &source)
        .await
        .map_err(Thai)?
    {
        SaveOutcome::Saved(v) => tracing::info!(
            items = v.item_count,
            findings = v.finding_count,
            "สร้างองค์กรตัวอย่างพร้อมแผนแล้ว"
        ),
        SaveOutcome::AlreadyImported(_) => {}
    }
    Ok(())
}

/// The unit the demo unit officer belongs to: in the demo plan it owns items
/// 1.1, 1.3, 1.4, 1.6, 2.7, 2.8, 2.23 and 3.5.
pub const OFFICER_UNIT: &str = "กองการเจ้าหน้าที่";

/// One demo account per role.
const ACCOUNTS: [(&str, Role, &str); 8] = [
    (
        "admin@demo.sujarit.local",
        Role::Administrator,
        "ผู้ดูแลระบบตัวอย่าง",
    ),
    (
        "coordinator@demo.sujarit.local",
        Role::PlanCoordinator,
        "ผู้ประสานแผนตัวอย่าง",
    ),
    (
        "officer@demo.sujarit.local",
        Role::UnitOfficer,
        "เจ้าหน้าที่กองการเจ้าหน้าที่ตัวอย่าง",
    ),
    (
        "executive@demo.sujarit.local",
        Role::Executive,
        "ผู้บริหารตัวอย่าง",
    ),
    (
        "auditor@demo.sujarit.local",
        Role::Auditor,
        "ผู้ตรวจสอบภายในตัวอย่าง",
    ),
    (
        "complaints@demo.sujarit.local",
        Role::ComplaintOfficer,
        "เจ้าหน้าที่ศูนย์รับเรื่องร้องเรียนตัวอย่าง",
    ),
    (
        "integrity@demo.sujarit.local",
        Role::IntegrityOfficer,
        "เจ้าหน้าที่นิติการตัวอย่าง",
    ),
    // The head of the unit officer's unit: decides its gift declarations.
    (
        "head@demo.sujarit.local",
        Role::UnitOfficer,
        "หัวหน้ากองการเจ้าหน้าที่ตัวอย่าง",
    ),
];

/// The demo administrator's and integrity officer's TOTP secret (base32), so
/// the demo can be tried: add it to an authenticator app (time-based) and type
/// the app's 6-digit code at login. It is published here and in the README,
/// so it protects nothing: the demo is not for production. The passwords stay
/// random (see [`ensure_accounts`]).
pub const DEMO_TOTP_SECRET: &str = "SUJARITDEMOTOTPSECRETONLYFORDEMO";

/// A demo account created on this start, with the password it was given.
pub struct DemoAccount {
    pub email: &'static str,
    pub role: Role,
    pub password: String,
    /// The integrity officer's recovery key (shown once, like the password).
    pub recovery_key: Option<String>,
}

/// Creates the demo accounts that do not exist yet, each with a freshly
/// generated password: nothing fixed ships in the binary, so a demo left
/// running on a network is not open to anyone who read the source.
async fn ensure_accounts(
    store: &dyn Store,
    organization: &Organization,
) -> anyhow::Result<Vec<DemoAccount>> {
    store
        .sync_units_from_plan(&organization.id, None)
        .await
        .map_err(Thai)?;
    let unit = store
        .unit_by_name(&organization.id, OFFICER_UNIT)
        .await
        .map_err(Thai)?
        .ok_or_else(|| anyhow::anyhow!("แผนตัวอย่างไม่มีหน่วยงาน {OFFICER_UNIT}"))?;
    let mut created = Vec::new();
    for (email, role, name) in ACCOUNTS {
        let email_value = Email::parse(email).map_err(anyhow::Error::msg)?;
        if store
            .user_by_email(&organization.id, &email_value)
            .await
            .map_err(Thai)?
            .is_some()
        {
            continue;
        }
        let password = sujarit_service::passwords::generate();
        let hash = sujarit_service::passwords::hash(password.clone()).await?;
        let user = store
            .create_user(
                &organization.id,
                &NewUser {
                    email: email_value,
                    display_name: name.to_owned(),
                    role,
                    unit_id: role.needs_unit().then(|| unit.id.clone()),
                    password_hash: hash,
                    must_change_password: false,
                },
                None,
            )
            .await
            .map_err(Thai)?;
        // The integrity officer's keys, so the corruption channel takes
        // reports from the start (made as the officer would at /staff/keys).
        let recovery_key = if role == Role::IntegrityOfficer {
            let (recovery, _) = sujarit_service::complaints::keys::make_keys(
                store,
                &organization.id,
                &user.id,
                &password,
            )
            .await
            .map_err(|e| anyhow::anyhow!(e.to_string()))?;
            Some(recovery.display().to_string())
        } else {
            None
        };
        created.push(DemoAccount {
            email,
            role,
            password,
            recovery_key,
        });
    }
    ensure_second_factors(store, organization).await?;
    Ok(created)
}

/// Enrols [`DEMO_TOTP_SECRET`] for the demo accounts whose role needs a
/// second factor and that have none (new ones, or ones reset since).
async fn ensure_second_factors(
    store: &dyn Store,
    organization: &Organization,
) -> anyhow::Result<()> {
    let secret = sujarit_web::auth::totp::parse_base32(DEMO_TOTP_SECRET)
        .ok_or_else(|| anyhow::anyhow!("รหัสลับ TOTP ของบัญชีตัวอย่างไม่ใช่ base32"))?;
    for (email, role, _) in ACCOUNTS {
        if !sujarit_web::auth::second_factor_required(role) {
            continue;
        }
        let email = Email::parse(email).map_err(anyhow::Error::msg)?;
        let Some(user) = store
            .user_by_email(&organization.id, &email)
            .await
            .map_err(Thai)?
        else {
            continue;
        };
        if store
            .totp_factor(&organization.id, &user.id)
            .await
            .map_err(Thai)?
            .is_none()
        {
            // Step 0: every code from now on is later.
            store
                .enrol_totp(&organization.id, &user.id, &secret, 0, None)
                .await
                .map_err(Thai)?;
        }
    }
    Ok(())
}

/// Prints the accounts created on this start, one per line:
/// `บัญชีตัวอย่าง <role>: <email> รหัสผ่าน <password>`.
pub fn print_accounts(accounts: &[DemoAccount], base: &str) {
    if accounts.is_empty() {
        return;
    }
    println!("บัญชีเจ้าหน้าที่ตัวอย่าง (รหัสผ่านแสดงเฉพาะครั้งนี้ครั้งเดียว เข้าสู่ระบบที่ {base}/staff/login):");
    for account in accounts {
        let unit = if account.role.needs_unit() {
            format!(" สังกัด{OFFICER_UNIT}")
        } else if let Some(office) = oversight::office_of(account.role) {
            format!(" (เลือกองค์กร {office} เมื่อเข้าสู่ระบบ)")
        } else {
            String::new()
        };
        println!(
            "บัญชีตัวอย่าง {}{unit}: {} รหัสผ่าน {}",
            account.role.thai(),
            account.email,
            account.password
        );
        if let Some(recovery) = &account.recovery_key {
            println!("กุญแจกู้คืนของ {}: {recovery}", account.email);
        }
    }
    if accounts
        .iter()
        .any(|a| sujarit_web::auth::second_factor_required(a.role))
    {
        // A line of its own, after the accounts: their lines keep one shape.
        println!(
            "รหัสยืนยันตัวตนของผู้ดูแลระบบและเจ้าหน้าที่นิติการตัวอย่าง: เพิ่มรหัสลับ {DEMO_TOTP_SECRET} \
             ในแอปยืนยันตัวตน (แบบอิงเวลา) แล้วกรอกรหัส 6 หลักจากแอปเมื่อเข้าสู่ระบบ \
             (รหัสลับนี้เปิดเผยไว้สำหรับการสาธิตเท่านั้น)"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_totp_secret_is_160_bits_of_base32() {
        let secret = sujarit_web::auth::totp::parse_base32(DEMO_TOTP_SECRET).unwrap();
        assert_eq!(secret.len(), 20);
    }

    #[test]
    fn the_demo_catalogue_is_valid_for_every_plan_year() {
        for year in 2566..=2572 {
            let catalogue = demo_catalogue(FiscalYear(year));
            assert!(
                catalogue.validate().is_empty(),
                "{year}: {:?}",
                catalogue.validate()
            );
            assert!(catalogue.item("O1").is_some() && catalogue.item("2.1.1-1").is_some());
            assert_eq!(
                catalogue.item("2.1.1-1").unwrap().same_as.as_deref(),
                Some("O1"),
                "{year}: the plan's structure chart is the OIT's"
            );
        }
    }
}
