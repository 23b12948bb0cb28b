//! A real SQLite store in its own temporary folder holding the fixture plan,
//! its units synced from the plan, and staff accounts: what the auth and
//! progress tests both start from. Administrators and integrity officers get
//! the test TOTP secret (`sujarit_testkit::totp::SECRET`), as their role
//! requires; `client::session_of` sends its codes.

use std::sync::Arc;

use sujarit_core::account::{Email, Role};
use sujarit_service::passwords as password;
use sujarit_store::{ImportSource, NewUser, Store};
use sujarit_testkit::{TempDir, plan as fixture};

pub struct Seeded {
    pub store: Arc<dyn Store>,
    pub org: String,
    pub dir: TempDir,
}

/// `accounts` are (e-mail, role, unit name for a unit officer); all get `password`.
pub async fn seeded(
    prefix: &str,
    accounts: &[(&str, Role, Option<&str>)],
    password_text: &str,
) -> Seeded {
    let guard = TempDir::new(&format!("sujarit-{prefix}"));
    let dir = guard.0.clone();
    let store = sujarit_store::connect(&format!("sqlite://{}", dir.join("s.db").display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let org = store
        .ensure_organization("nakhon", fixture::ORG_NAME)
        .await
        .unwrap()
        .id;
    let source = ImportSource {
        file_name: "แผน.txt".into(),
        sha256: "ab".repeat(32),
    };
    store
        .save_plan_import(&org, &fixture::report(), &source)
        .await
        .unwrap();
    store.sync_units_from_plan(&org, None).await.unwrap();
    let hash = password::hash_blocking(password_text).unwrap();
    for (email, role, unit) in accounts {
        let unit_id = match unit {
            Some(name) => Some(
                store
                    .unit_by_name(&org, name)
                    .await
                    .unwrap()
                    .expect("unit from the plan")
                    .id,
            ),
            None => None,
        };
        let user = store
            .create_user(
                &org,
                &NewUser {
                    email: Email::parse(email).unwrap(),
                    display_name: format!("คุณ{}", role.thai()),
                    role: *role,
                    unit_id,
                    password_hash: hash.clone(),
                    must_change_password: false,
                },
                None,
            )
            .await
            .unwrap();
        if sujarit_web::auth::second_factor_required(*role) {
            // Step 0: every code from now on is later.
            store
                .enrol_totp(&org, &user.id, &sujarit_testkit::totp::SECRET, 0, None)
                .await
                .unwrap();
        }
    }
    Seeded {
        store,
        org,
        dir: guard,
    }
}
