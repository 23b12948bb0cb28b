//! Staff accounts, units, sessions, login throttling and the audit log: the
//! [`AccountStore`] contract.
//!
//! Both backends run the same SQL (`accounts_sql.rs`) through one body of
//! code, expanded once per backend by the `backend!` macro below; they differ
//! only in how a write transaction starts (SQLite: `BEGIN IMMEDIATE`) and in
//! PostgreSQL locking the organisation's row, so that audit ids (counted per
//! organisation) are handed out one writer at a time.
//!
//! Every change to staff data writes its audit entry in the same transaction
//! as the change: either both are stored or neither is.

use crate::{Organization, PostgresStore, Result, SqliteStore};
use async_trait::async_trait;
use std::collections::BTreeMap;
use sujarit_core::ItemRef;
use sujarit_core::account::{Email, Role};
use time::OffsetDateTime;

/// A unit of the organisation (กอง/สำนัก/ฝ่าย).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub id: String,
    pub organization_id: String,
    pub name: String,
    /// The name as the plan writes it, when the unit was taken from the plan.
    pub plan_name: Option<String>,
}

/// A staff account, without its password hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffUser {
    pub id: String,
    pub organization_id: String,
    /// Lower case: the login name.
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Set for unit officers, and only for them.
    pub unit_id: Option<String>,
    pub active: bool,
    /// Set when someone else chose the password: the user must pick their own.
    pub must_change_password: bool,
    pub created_at: OffsetDateTime,
}

/// An account about to be created.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    /// Required for a unit officer; ignored for every other role.
    pub unit_id: Option<String>,
    /// argon2id PHC string; the store never sees a password.
    pub password_hash: String,
    pub must_change_password: bool,
}

/// What an administrator may change on an account (the email is its identity
/// and stays; the password has its own method).
#[derive(Clone, Debug)]
pub struct UserChange {
    pub display_name: String,
    pub role: Role,
    /// Required for a unit officer; ignored for every other role.
    pub unit_id: Option<String>,
    pub active: bool,
}

/// What a login needs: the account and its password hash.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub user: StaffUser,
    pub password_hash: String,
}

/// A session about to be stored. Only the SHA-256 of its token is kept.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub organization_id: String,
    pub user_id: String,
    /// Hex SHA-256 of the cookie's token.
    pub session_hash: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// A stored session with its account and organisation, as one read.
#[derive(Clone, Debug)]
pub struct SessionInfo {
    pub session_hash: String,
    pub organization: Organization,
    pub user: StaffUser,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
}

/// A failed login, counted per organisation, email (as typed, trimmed and
/// lower-cased) and client address.
#[derive(Clone, Debug)]
pub struct LoginFailure {
    pub organization_id: String,
    pub email: String,
    pub client_ip: String,
    pub at: OffsetDateTime,
}

/// What recording a failed login found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginFailureOutcome {
    /// Failures in the window, this one included.
    pub failures_in_window: i64,
    /// This failure reached the limit: the lockout was written to the audit log.
    pub locked_now: bool,
}

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    pub organization_id: String,
    /// Counts up from 1 per organisation.
    pub id: i64,
    pub at: OffsetDateTime,
    /// `None`: the system or the command line.
    pub actor_user_id: Option<String>,
    pub actor_email: Option<String>,
    /// E.g. "user.created"; see [`audit_action`].
    pub action: String,
    /// What changed: an email, a unit's name, an item number.
    pub target: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// The actions the audit log records.
pub mod audit_action {
    pub const USER_CREATED: &str = "user.created";
    pub const USER_UPDATED: &str = "user.updated";
    pub const USER_ROLE_CHANGED: &str = "user.role_changed";
    pub const USER_UNIT_CHANGED: &str = "user.unit_changed";
    pub const USER_DEACTIVATED: &str = "user.deactivated";
    pub const USER_REACTIVATED: &str = "user.reactivated";
    pub const PASSWORD_CHANGED: &str = "user.password_changed";
    pub const PASSWORD_RESET: &str = "user.password_reset";
    pub const LOGIN_LOCKED: &str = "login.locked";
    pub const UNIT_CREATED: &str = "unit.created";
    pub const UNIT_RENAMED: &str = "unit.renamed";
    pub const UNITS_SYNCED: &str = "units.synced_from_plan";
    pub const ITEM_UNITS_CHANGED: &str = "item.units_changed";
    pub const DISCLOSURE_CATALOGUE_INSTALLED: &str = "disclosure.catalogue_installed";
    pub const DISCLOSURE_CATALOGUE_COPIED: &str = "disclosure.catalogue_copied";
    pub const DISCLOSURE_ITEM_UPDATED: &str = "disclosure.item_updated";
    pub const DISCLOSURE_OWNER_CHANGED: &str = "disclosure.owner_changed";
    pub const DISCLOSURE_PUBLISHED: &str = "disclosure.published";
    pub const DISCLOSURE_NOT_APPLICABLE_MARKED: &str = "disclosure.not_applicable_marked";
    pub const DISCLOSURE_NOT_APPLICABLE_CLEARED: &str = "disclosure.not_applicable_cleared";
    /// A published link failed its check (the system's entry: no actor).
    pub const DISCLOSURE_LINK_BROKEN: &str = "disclosure.link_broken";
    pub const DISCLOSURE_LINK_RESTORED: &str = "disclosure.link_restored";
}

/// What taking units from the current plan did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitSync {
    /// Units the plan names that did not exist yet.
    pub units_created: Vec<Unit>,
    /// Items that had no unit and got the plan's ones.
    pub items_assigned: Vec<ItemRef>,
}

#[async_trait]
pub trait AccountStore: Send + Sync + 'static {
    // Units ------------------------------------------------------------------

    /// Creates a unit for every responsible unit the current plan names that
    /// does not exist yet (matched by the plan's name or the current name, so
    /// a renamed unit is not created again), and gives every item of the plan
    /// that has no unit assignment the plan's units. Items already assigned
    /// are left as the coordinator set them. Audited when anything changed.
    async fn sync_units_from_plan(
        &self,
        organization_id: &str,
        actor: Option<&str>,
    ) -> Result<UnitSync>;

    /// Units, by name.
    async fn units(&self, organization_id: &str) -> Result<Vec<Unit>>;
    async fn unit(&self, organization_id: &str, unit_id: &str) -> Result<Option<Unit>>;
    async fn unit_by_name(&self, organization_id: &str, name: &str) -> Result<Option<Unit>>;
    /// `Conflict` when the name is taken.
    async fn create_unit(
        &self,
        organization_id: &str,
        name: &str,
        actor: Option<&str>,
    ) -> Result<Unit>;
    /// `Conflict` when the name is taken; `NotFound` for an unknown unit.
    async fn rename_unit(
        &self,
        organization_id: &str,
        unit_id: &str,
        name: &str,
        actor: Option<&str>,
    ) -> Result<Unit>;

    /// Every item's units (ids), items in order, units by name.
    async fn item_unit_assignments(
        &self,
        organization_id: &str,
    ) -> Result<BTreeMap<ItemRef, Vec<String>>>;
    /// The ids of the units that own `item`: what [`Actor::can_report_on`]
    /// takes. Empty for an item nobody owns.
    ///
    /// [`Actor::can_report_on`]: sujarit_core::account::Actor::can_report_on
    async fn units_of_item(&self, organization_id: &str, item: ItemRef) -> Result<Vec<String>>;
    /// The items a unit owns, in order.
    async fn items_of_unit(&self, organization_id: &str, unit_id: &str) -> Result<Vec<ItemRef>>;
    /// Replaces `item`'s units. `NotFound` if one of them does not exist.
    async fn set_item_units(
        &self,
        organization_id: &str,
        item: ItemRef,
        unit_ids: &[String],
        actor: Option<&str>,
    ) -> Result<()>;

    // Users ------------------------------------------------------------------

    /// `Conflict` when the email is taken or a unit officer has no unit;
    /// `NotFound` for an unknown unit or organisation.
    async fn create_user(
        &self,
        organization_id: &str,
        new: &NewUser,
        actor: Option<&str>,
    ) -> Result<StaffUser>;
    async fn user(&self, organization_id: &str, user_id: &str) -> Result<Option<StaffUser>>;
    async fn user_by_email(
        &self,
        organization_id: &str,
        email: &Email,
    ) -> Result<Option<StaffUser>>;
    /// Accounts, by email.
    async fn users(&self, organization_id: &str) -> Result<Vec<StaffUser>>;
    /// The account and its password hash, for a login.
    async fn credentials(
        &self,
        organization_id: &str,
        email: &Email,
    ) -> Result<Option<Credentials>>;
    /// Changes name, role, unit and active flag. Deactivating an account ends
    /// its sessions. `NotFound` / `Conflict` as for [`create_user`](Self::create_user).
    async fn update_user(
        &self,
        organization_id: &str,
        user_id: &str,
        change: &UserChange,
        actor: Option<&str>,
    ) -> Result<StaffUser>;
    /// Sets a new password hash and ends every session of the account except
    /// `keep_session` (the one the change was made from, if any). Audited as
    /// a change when the actor is the user, as a reset otherwise.
    async fn set_password(
        &self,
        organization_id: &str,
        user_id: &str,
        password_hash: &str,
        must_change_password: bool,
        keep_session: Option<&str>,
        actor: Option<&str>,
    ) -> Result<()>;

    // Sessions ---------------------------------------------------------------

    async fn create_session(&self, session: &NewSession) -> Result<()>;
    /// The session with this hash, whatever its age: expiry is the caller's rule.
    async fn session(&self, session_hash: &str) -> Result<Option<SessionInfo>>;
    async fn touch_session(&self, session_hash: &str, at: OffsetDateTime) -> Result<()>;
    async fn delete_session(&self, session_hash: &str) -> Result<()>;
    /// Deletes sessions whose `expires_at` is at or before `now`; returns how many.
    async fn delete_expired_sessions(&self, now: OffsetDateTime) -> Result<u64>;

    // Login throttling -------------------------------------------------------

    /// Failed logins for this email and address at or after `since`.
    async fn login_failures_since(
        &self,
        organization_id: &str,
        email: &str,
        client_ip: &str,
        since: OffsetDateTime,
    ) -> Result<i64>;
    /// Records a failed login, forgets the organisation's failures older than
    /// `window_start`, and when this failure is the `lock_after`-th in the
    /// window writes a lockout to the audit log in the same transaction.
    async fn record_login_failure(
        &self,
        failure: &LoginFailure,
        window_start: OffsetDateTime,
        lock_after: i64,
    ) -> Result<LoginFailureOutcome>;
    /// Forgets this email and address's failures (after a successful login).
    async fn clear_login_failures(
        &self,
        organization_id: &str,
        email: &str,
        client_ip: &str,
    ) -> Result<()>;

    // Audit log --------------------------------------------------------------

    /// Up to `limit` entries, newest first, with ids below `before` (all when `None`).
    async fn audit_log(
        &self,
        organization_id: &str,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>>;
}

/// How an account looks in the audit log: everything but the password hash.
fn user_json(user: &StaffUser, unit_name: Option<&str>) -> serde_json::Value {
    serde_json::json!({
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role.as_str(),
        "unit": unit_name,
        "active": user.active,
        "must_change_password": user.must_change_password,
    })
}

/// The audit action of an account edit: the most telling of what changed.
fn update_action(before: &StaffUser, after: &StaffUser) -> &'static str {
    if before.active && !after.active {
        audit_action::USER_DEACTIVATED
    } else if !before.active && after.active {
        audit_action::USER_REACTIVATED
    } else if before.role != after.role {
        audit_action::USER_ROLE_CHANGED
    } else if before.unit_id != after.unit_id {
        audit_action::USER_UNIT_CHANGED
    } else {
        audit_action::USER_UPDATED
    }
}

/// One implementation, expanded per backend: `$lock` is the statement that
/// checks (SQLite) or locks (PostgreSQL) the organisation's row at the start
/// of every audited write.
macro_rules! backend {
    ($module:ident, $store:ty, $db:ty, $lock:expr) => {
        mod $module {
            use super::*;
            use crate::StoreError;
            use crate::accounts_sql::{
                self as sql, AuditRow, SessionRow, UnitRow, UserRow, conflict_on_unique,
                item_ref, whole_seconds,
            };
            use crate::shared::now_for_storage;

            type Conn = <$db as sqlx::Database>::Connection;

            backend_helpers!($db);

            async fn lock_organization(conn: &mut Conn, organization_id: &str) -> Result<()> {
                organization_exists(conn, $lock, organization_id).await
            }

            async fn fetch_unit(
                conn: &mut Conn,
                organization_id: &str,
                unit_id: &str,
            ) -> Result<Option<Unit>> {
                let row: Option<UnitRow> = sqlx::query_as(sql::SELECT_UNIT)
                    .bind(organization_id)
                    .bind(unit_id)
                    .fetch_optional(&mut *conn)
                    .await?;
                Ok(row.map(Unit::from))
            }

            /// The unit a user of `role` belongs to, checked: only unit
            /// officers have one, and it must exist.
            async fn unit_for_role(
                conn: &mut Conn,
                organization_id: &str,
                role: Role,
                unit_id: Option<&str>,
            ) -> Result<Option<Unit>> {
                if !role.needs_unit() {
                    return Ok(None);
                }
                let Some(unit_id) = unit_id else {
                    return Err(StoreError::Conflict(
                        "เจ้าหน้าที่หน่วยงานต้องสังกัดหน่วยงาน".into(),
                    ));
                };
                match fetch_unit(conn, organization_id, unit_id).await? {
                    Some(unit) => Ok(Some(unit)),
                    None => Err(StoreError::NotFound(format!("หน่วยงาน {unit_id}"))),
                }
            }

            async fn fetch_user(
                conn: &mut Conn,
                organization_id: &str,
                user_id: &str,
            ) -> Result<Option<StaffUser>> {
                let row: Option<UserRow> = sqlx::query_as(sql::SELECT_USER)
                    .bind(organization_id)
                    .bind(user_id)
                    .fetch_optional(&mut *conn)
                    .await?;
                row.map(|r| r.to_user()).transpose()
            }

            async fn unit_name(
                conn: &mut Conn,
                organization_id: &str,
                unit_id: Option<&str>,
            ) -> Result<Option<String>> {
                Ok(match unit_id {
                    Some(id) => fetch_unit(conn, organization_id, id).await?.map(|u| u.name),
                    None => None,
                })
            }

            async fn sync_units(
                conn: &mut Conn,
                organization_id: &str,
                actor: Option<&str>,
            ) -> Result<UnitSync> {
                lock_organization(conn, organization_id).await?;
                let plan: Option<(String,)> = sqlx::query_as(sql::SELECT_CURRENT_PLAN_ID)
                    .bind(organization_id)
                    .fetch_optional(&mut *conn)
                    .await?;
                let Some((plan_id,)) = plan else {
                    return Ok(UnitSync::default());
                };
                let item_units: Vec<(i64, i64, String)> =
                    sqlx::query_as(sql::SELECT_PLAN_ITEM_UNITS)
                        .bind(organization_id)
                        .bind(&plan_id)
                        .fetch_all(&mut *conn)
                        .await?;
                let existing: Vec<UnitRow> = sqlx::query_as(sql::SELECT_UNITS)
                    .bind(organization_id)
                    .fetch_all(&mut *conn)
                    .await?;
                let existing: Vec<Unit> = existing.into_iter().map(Unit::from).collect();
                // Plan name → unit id; a unit is found by the name the plan
                // gave it or by its current name.
                let mut by_plan_name: BTreeMap<String, String> = BTreeMap::new();
                let mut sync = UnitSync::default();
                for (_, _, name) in &item_units {
                    let name = name.trim();
                    if name.is_empty() || by_plan_name.contains_key(name) {
                        continue;
                    }
                    let found = existing
                        .iter()
                        .find(|u| u.plan_name.as_deref() == Some(name))
                        .or_else(|| existing.iter().find(|u| u.name == name));
                    let id = match found {
                        Some(unit) => unit.id.clone(),
                        None => {
                            let unit = Unit {
                                id: uuid::Uuid::new_v4().to_string(),
                                organization_id: organization_id.to_owned(),
                                name: name.to_owned(),
                                plan_name: Some(name.to_owned()),
                            };
                            sqlx::query(sql::INSERT_UNIT)
                                .bind(organization_id)
                                .bind(&unit.id)
                                .bind(&unit.name)
                                .bind(&unit.plan_name)
                                .bind(now_for_storage())
                                .execute(&mut *conn)
                                .await?;
                            let id = unit.id.clone();
                            sync.units_created.push(unit);
                            id
                        }
                    };
                    by_plan_name.insert(name.to_owned(), id);
                }
                let assigned: Vec<(i64, i64, String)> = sqlx::query_as(sql::SELECT_ASSIGNMENTS)
                    .bind(organization_id)
                    .fetch_all(&mut *conn)
                    .await?;
                let assigned: std::collections::BTreeSet<(i64, i64)> =
                    assigned.into_iter().map(|(d, i, _)| (d, i)).collect();
                let mut written: std::collections::BTreeSet<(i64, i64, String)> =
                    Default::default();
                for (dimension_no, item_no, name) in &item_units {
                    if assigned.contains(&(*dimension_no, *item_no)) {
                        continue;
                    }
                    let Some(unit_id) = by_plan_name.get(name.trim()) else {
                        continue;
                    };
                    if !written.insert((*dimension_no, *item_no, unit_id.clone())) {
                        continue;
                    }
                    sqlx::query(sql::INSERT_ASSIGNMENT)
                        .bind(organization_id)
                        .bind(dimension_no)
                        .bind(item_no)
                        .bind(unit_id)
                        .execute(&mut *conn)
                        .await?;
                    let r = item_ref(*dimension_no, *item_no)?;
                    if sync.items_assigned.last() != Some(&r) {
                        sync.items_assigned.push(r);
                    }
                }
                if !sync.units_created.is_empty() || !sync.items_assigned.is_empty() {
                    let after = serde_json::json!({
                        "units_created": sync.units_created.iter().map(|u| &u.name).collect::<Vec<_>>(),
                        "items_assigned": sync.items_assigned.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
                    });
                    audit(
                        conn,
                        organization_id,
                        actor,
                        audit_action::UNITS_SYNCED,
                        "แผนปัจจุบัน",
                        None,
                        Some(after),
                    )
                    .await?;
                }
                Ok(sync)
            }

            async fn create_unit(
                conn: &mut Conn,
                organization_id: &str,
                name: &str,
                actor: Option<&str>,
            ) -> Result<Unit> {
                lock_organization(conn, organization_id).await?;
                let unit = Unit {
                    id: uuid::Uuid::new_v4().to_string(),
                    organization_id: organization_id.to_owned(),
                    name: name.to_owned(),
                    plan_name: None,
                };
                sqlx::query(sql::INSERT_UNIT)
                    .bind(organization_id)
                    .bind(&unit.id)
                    .bind(&unit.name)
                    .bind(&unit.plan_name)
                    .bind(now_for_storage())
                    .execute(&mut *conn)
                    .await
                    .map_err(|e| conflict_on_unique(e, || format!("มีหน่วยงานชื่อ \"{name}\" อยู่แล้ว")))?;
                audit(
                    conn,
                    organization_id,
                    actor,
                    audit_action::UNIT_CREATED,
                    name,
                    None,
                    Some(serde_json::json!({ "name": name })),
                )
                .await?;
                Ok(unit)
            }

            async fn rename_unit(
                conn: &mut Conn,
                organization_id: &str,
                unit_id: &str,
                name: &str,
                actor: Option<&str>,
            ) -> Result<Unit> {
                lock_organization(conn, organization_id).await?;
                let Some(before) = fetch_unit(conn, organization_id, unit_id).await? else {
                    return Err(StoreError::NotFound(format!("หน่วยงาน {unit_id}")));
                };
                if before.name == name {
                    return Ok(before);
                }
                sqlx::query(sql::RENAME_UNIT)
                    .bind(organization_id)
                    .bind(unit_id)
                    .bind(name)
                    .execute(&mut *conn)
                    .await
                    .map_err(|e| conflict_on_unique(e, || format!("มีหน่วยงานชื่อ \"{name}\" อยู่แล้ว")))?;
                audit(
                    conn,
                    organization_id,
                    actor,
                    audit_action::UNIT_RENAMED,
                    name,
                    Some(serde_json::json!({ "name": before.name })),
                    Some(serde_json::json!({ "name": name })),
                )
                .await?;
                Ok(Unit {
                    name: name.to_owned(),
                    ..before
                })
            }

            async fn unit_names(
                conn: &mut Conn,
                organization_id: &str,
                ids: &[String],
            ) -> Result<Vec<String>> {
                let mut names = Vec::new();
                for id in ids {
                    if let Some(name) = unit_name(conn, organization_id, Some(id)).await? {
                        names.push(name);
                    }
                }
                names.sort();
                Ok(names)
            }

            async fn set_item_units(
                conn: &mut Conn,
                organization_id: &str,
                item: ItemRef,
                unit_ids: &[String],
                actor: Option<&str>,
            ) -> Result<()> {
                lock_organization(conn, organization_id).await?;
                let mut wanted: Vec<String> = unit_ids.to_vec();
                wanted.sort();
                wanted.dedup();
                for id in &wanted {
                    if fetch_unit(conn, organization_id, id).await?.is_none() {
                        return Err(StoreError::NotFound(format!("หน่วยงาน {id}")));
                    }
                }
                let current: Vec<(String,)> = sqlx::query_as(sql::SELECT_UNITS_OF_ITEM)
                    .bind(organization_id)
                    .bind(i64::from(item.dimension))
                    .bind(i64::from(item.no))
                    .fetch_all(&mut *conn)
                    .await?;
                let mut current: Vec<String> = current.into_iter().map(|(id,)| id).collect();
                current.sort();
                if current == wanted {
                    return Ok(());
                }
                let before = unit_names(conn, organization_id, &current).await?;
                sqlx::query(sql::DELETE_ASSIGNMENTS_OF_ITEM)
                    .bind(organization_id)
                    .bind(i64::from(item.dimension))
                    .bind(i64::from(item.no))
                    .execute(&mut *conn)
                    .await?;
                for id in &wanted {
                    sqlx::query(sql::INSERT_ASSIGNMENT)
                        .bind(organization_id)
                        .bind(i64::from(item.dimension))
                        .bind(i64::from(item.no))
                        .bind(id)
                        .execute(&mut *conn)
                        .await?;
                }
                let after = unit_names(conn, organization_id, &wanted).await?;
                audit(
                    conn,
                    organization_id,
                    actor,
                    audit_action::ITEM_UNITS_CHANGED,
                    &item.to_string(),
                    Some(serde_json::json!({ "units": before })),
                    Some(serde_json::json!({ "units": after })),
                )
                .await
            }

            async fn create_user(
                conn: &mut Conn,
                organization_id: &str,
                new: &NewUser,
                actor: Option<&str>,
            ) -> Result<StaffUser> {
                lock_organization(conn, organization_id).await?;
                let unit =
                    unit_for_role(conn, organization_id, new.role, new.unit_id.as_deref()).await?;
                let user = StaffUser {
                    id: uuid::Uuid::new_v4().to_string(),
                    organization_id: organization_id.to_owned(),
                    email: new.email.as_str().to_owned(),
                    display_name: new.display_name.clone(),
                    role: new.role,
                    unit_id: unit.as_ref().map(|u| u.id.clone()),
                    active: true,
                    must_change_password: new.must_change_password,
                    created_at: now_for_storage(),
                };
                sqlx::query(sql::INSERT_USER)
                    .bind(organization_id)
                    .bind(&user.id)
                    .bind(&user.email)
                    .bind(&user.display_name)
                    .bind(user.role.as_str())
                    .bind(&user.unit_id)
                    .bind(&new.password_hash)
                    .bind(user.must_change_password)
                    .bind(user.created_at)
                    .execute(&mut *conn)
                    .await
                    .map_err(|e| {
                        conflict_on_unique(e, || format!("มีบัญชีอีเมล {} อยู่แล้ว", user.email))
                    })?;
                let after = user_json(&user, unit.as_ref().map(|u| u.name.as_str()));
                audit(
                    conn,
                    organization_id,
                    actor,
                    audit_action::USER_CREATED,
                    &user.email,
                    None,
                    Some(after),
                )
                .await?;
                Ok(user)
            }

            async fn update_user(
                conn: &mut Conn,
                organization_id: &str,
                user_id: &str,
                change: &UserChange,
                actor: Option<&str>,
            ) -> Result<StaffUser> {
                lock_organization(conn, organization_id).await?;
                let Some(before) = fetch_user(conn, organization_id, user_id).await? else {
                    return Err(StoreError::NotFound(format!("บัญชีผู้ใช้ {user_id}")));
                };
                let unit =
                    unit_for_role(conn, organization_id, change.role, change.unit_id.as_deref())
                        .await?;
                let after = StaffUser {
                    display_name: change.display_name.clone(),
                    role: change.role,
                    unit_id: unit.as_ref().map(|u| u.id.clone()),
                    active: change.active,
                    ..before.clone()
                };
                if after == before {
                    return Ok(after);
                }
                sqlx::query(sql::UPDATE_USER)
                    .bind(organization_id)
                    .bind(user_id)
                    .bind(&after.display_name)
                    .bind(after.role.as_str())
                    .bind(&after.unit_id)
                    .bind(after.active)
                    .execute(&mut *conn)
                    .await?;
                if !after.active {
                    sqlx::query(sql::DELETE_SESSIONS_OF_USER)
                        .bind(organization_id)
                        .bind(user_id)
                        .execute(&mut *conn)
                        .await?;
                }
                let before_unit = unit_name(conn, organization_id, before.unit_id.as_deref()).await?;
                audit(
                    conn,
                    organization_id,
                    actor,
                    update_action(&before, &after),
                    &after.email,
                    Some(user_json(&before, before_unit.as_deref())),
                    Some(user_json(&after, unit.as_ref().map(|u| u.name.as_str()))),
                )
                .await?;
                Ok(after)
            }

            async fn set_password(
                conn: &mut Conn,
                organization_id: &str,
                user_id: &str,
                password_hash: &str,
                must_change_password: bool,
                keep_session: Option<&str>,
                actor: Option<&str>,
            ) -> Result<()> {
                lock_organization(conn, organization_id).await?;
                let Some(user) = fetch_user(conn, organization_id, user_id).await? else {
                    return Err(StoreError::NotFound(format!("บัญชีผู้ใช้ {user_id}")));
                };
                sqlx::query(sql::UPDATE_PASSWORD)
                    .bind(organization_id)
                    .bind(user_id)
                    .bind(password_hash)
                    .bind(must_change_password)
                    .execute(&mut *conn)
                    .await?;
                match keep_session {
                    Some(keep) => {
                        sqlx::query(sql::DELETE_OTHER_SESSIONS_OF_USER)
                            .bind(organization_id)
                            .bind(user_id)
                            .bind(keep)
                            .execute(&mut *conn)
                            .await?
                    }
                    None => {
                        sqlx::query(sql::DELETE_SESSIONS_OF_USER)
                            .bind(organization_id)
                            .bind(user_id)
                            .execute(&mut *conn)
                            .await?
                    }
                };
                let action = if actor == Some(user_id) {
                    audit_action::PASSWORD_CHANGED
                } else {
                    audit_action::PASSWORD_RESET
                };
                // The hash itself never goes into the log.
                audit(
                    conn,
                    organization_id,
                    actor,
                    action,
                    &user.email,
                    Some(serde_json::json!({ "must_change_password": user.must_change_password })),
                    Some(serde_json::json!({ "must_change_password": must_change_password })),
                )
                .await
            }

            async fn record_login_failure(
                conn: &mut Conn,
                failure: &LoginFailure,
                window_start: OffsetDateTime,
                lock_after: i64,
            ) -> Result<LoginFailureOutcome> {
                let organization_id = failure.organization_id.as_str();
                lock_organization(conn, organization_id).await?;
                let window_start = whole_seconds(window_start);
                sqlx::query(sql::PRUNE_LOGIN_FAILURES)
                    .bind(organization_id)
                    .bind(window_start)
                    .execute(&mut *conn)
                    .await?;
                sqlx::query(sql::INSERT_LOGIN_FAILURE)
                    .bind(organization_id)
                    .bind(uuid::Uuid::new_v4().to_string())
                    .bind(&failure.email)
                    .bind(&failure.client_ip)
                    .bind(whole_seconds(failure.at))
                    .execute(&mut *conn)
                    .await?;
                let (failures_in_window,): (i64,) = sqlx::query_as(sql::COUNT_LOGIN_FAILURES)
                    .bind(organization_id)
                    .bind(&failure.email)
                    .bind(&failure.client_ip)
                    .bind(window_start)
                    .fetch_one(&mut *conn)
                    .await?;
                let locked_now = failures_in_window == lock_after;
                if locked_now {
                    audit(
                        conn,
                        organization_id,
                        None,
                        audit_action::LOGIN_LOCKED,
                        &failure.email,
                        None,
                        Some(serde_json::json!({
                            "client_ip": failure.client_ip,
                            "failures": failures_in_window,
                        })),
                    )
                    .await?;
                }
                Ok(LoginFailureOutcome {
                    failures_in_window,
                    locked_now,
                })
            }

            #[async_trait]
            impl AccountStore for $store {
                async fn sync_units_from_plan(
                    &self,
                    organization_id: &str,
                    actor: Option<&str>,
                ) -> Result<UnitSync> {
                    let mut tx = self.begin_write().await?;
                    let outcome = sync_units(&mut tx, organization_id, actor).await;
                    finish(tx, outcome).await
                }

                async fn units(&self, organization_id: &str) -> Result<Vec<Unit>> {
                    let rows: Vec<UnitRow> = sqlx::query_as(sql::SELECT_UNITS)
                        .bind(organization_id)
                        .fetch_all(&self.pool)
                        .await?;
                    Ok(rows.into_iter().map(Unit::from).collect())
                }

                async fn unit(&self, organization_id: &str, unit_id: &str) -> Result<Option<Unit>> {
                    let row: Option<UnitRow> = sqlx::query_as(sql::SELECT_UNIT)
                        .bind(organization_id)
                        .bind(unit_id)
                        .fetch_optional(&self.pool)
                        .await?;
                    Ok(row.map(Unit::from))
                }

                async fn unit_by_name(
                    &self,
                    organization_id: &str,
                    name: &str,
                ) -> Result<Option<Unit>> {
                    let row: Option<UnitRow> = sqlx::query_as(sql::SELECT_UNIT_BY_NAME)
                        .bind(organization_id)
                        .bind(name)
                        .fetch_optional(&self.pool)
                        .await?;
                    Ok(row.map(Unit::from))
                }

                async fn create_unit(
                    &self,
                    organization_id: &str,
                    name: &str,
                    actor: Option<&str>,
                ) -> Result<Unit> {
                    let mut tx = self.begin_write().await?;
                    let outcome = create_unit(&mut tx, organization_id, name, actor).await;
                    finish(tx, outcome).await
                }

                async fn rename_unit(
                    &self,
                    organization_id: &str,
                    unit_id: &str,
                    name: &str,
                    actor: Option<&str>,
                ) -> Result<Unit> {
                    let mut tx = self.begin_write().await?;
                    let outcome = rename_unit(&mut tx, organization_id, unit_id, name, actor).await;
                    finish(tx, outcome).await
                }

                async fn item_unit_assignments(
                    &self,
                    organization_id: &str,
                ) -> Result<BTreeMap<ItemRef, Vec<String>>> {
                    let rows: Vec<(i64, i64, String)> = sqlx::query_as(sql::SELECT_ASSIGNMENTS)
                        .bind(organization_id)
                        .fetch_all(&self.pool)
                        .await?;
                    let mut map: BTreeMap<ItemRef, Vec<String>> = BTreeMap::new();
                    for (dimension_no, item_no, unit_id) in rows {
                        map.entry(item_ref(dimension_no, item_no)?)
                            .or_default()
                            .push(unit_id);
                    }
                    Ok(map)
                }

                async fn units_of_item(
                    &self,
                    organization_id: &str,
                    item: ItemRef,
                ) -> Result<Vec<String>> {
                    let rows: Vec<(String,)> = sqlx::query_as(sql::SELECT_UNITS_OF_ITEM)
                        .bind(organization_id)
                        .bind(i64::from(item.dimension))
                        .bind(i64::from(item.no))
                        .fetch_all(&self.pool)
                        .await?;
                    Ok(rows.into_iter().map(|(id,)| id).collect())
                }

                async fn items_of_unit(
                    &self,
                    organization_id: &str,
                    unit_id: &str,
                ) -> Result<Vec<ItemRef>> {
                    let rows: Vec<(i64, i64)> = sqlx::query_as(sql::SELECT_ITEMS_OF_UNIT)
                        .bind(organization_id)
                        .bind(unit_id)
                        .fetch_all(&self.pool)
                        .await?;
                    rows.into_iter().map(|(d, i)| item_ref(d, i)).collect()
                }

                async fn set_item_units(
                    &self,
                    organization_id: &str,
                    item: ItemRef,
                    unit_ids: &[String],
                    actor: Option<&str>,
                ) -> Result<()> {
                    let mut tx = self.begin_write().await?;
                    let outcome =
                        set_item_units(&mut tx, organization_id, item, unit_ids, actor).await;
                    finish(tx, outcome).await
                }

                async fn create_user(
                    &self,
                    organization_id: &str,
                    new: &NewUser,
                    actor: Option<&str>,
                ) -> Result<StaffUser> {
                    let mut tx = self.begin_write().await?;
                    let outcome = create_user(&mut tx, organization_id, new, actor).await;
                    finish(tx, outcome).await
                }

                async fn user(
                    &self,
                    organization_id: &str,
                    user_id: &str,
                ) -> Result<Option<StaffUser>> {
                    let row: Option<UserRow> = sqlx::query_as(sql::SELECT_USER)
                        .bind(organization_id)
                        .bind(user_id)
                        .fetch_optional(&self.pool)
                        .await?;
                    row.map(|r| r.to_user()).transpose()
                }

                async fn user_by_email(
                    &self,
                    organization_id: &str,
                    email: &Email,
                ) -> Result<Option<StaffUser>> {
                    Ok(self
                        .credentials(organization_id, email)
                        .await?
                        .map(|c| c.user))
                }

                async fn users(&self, organization_id: &str) -> Result<Vec<StaffUser>> {
                    let rows: Vec<UserRow> = sqlx::query_as(sql::SELECT_USERS)
                        .bind(organization_id)
                        .fetch_all(&self.pool)
                        .await?;
                    rows.iter().map(UserRow::to_user).collect()
                }

                async fn credentials(
                    &self,
                    organization_id: &str,
                    email: &Email,
                ) -> Result<Option<Credentials>> {
                    let row: Option<UserRow> = sqlx::query_as(sql::SELECT_USER_BY_EMAIL)
                        .bind(organization_id)
                        .bind(email.as_str())
                        .fetch_optional(&self.pool)
                        .await?;
                    row.map(|r| {
                        Ok(Credentials {
                            user: r.to_user()?,
                            password_hash: r.password_hash,
                        })
                    })
                    .transpose()
                }

                async fn update_user(
                    &self,
                    organization_id: &str,
                    user_id: &str,
                    change: &UserChange,
                    actor: Option<&str>,
                ) -> Result<StaffUser> {
                    let mut tx = self.begin_write().await?;
                    let outcome = update_user(&mut tx, organization_id, user_id, change, actor).await;
                    finish(tx, outcome).await
                }

                async fn set_password(
                    &self,
                    organization_id: &str,
                    user_id: &str,
                    password_hash: &str,
                    must_change_password: bool,
                    keep_session: Option<&str>,
                    actor: Option<&str>,
                ) -> Result<()> {
                    let mut tx = self.begin_write().await?;
                    let outcome = set_password(
                        &mut tx,
                        organization_id,
                        user_id,
                        password_hash,
                        must_change_password,
                        keep_session,
                        actor,
                    )
                    .await;
                    finish(tx, outcome).await
                }

                async fn create_session(&self, session: &NewSession) -> Result<()> {
                    sqlx::query(sql::INSERT_SESSION)
                        .bind(&session.organization_id)
                        .bind(&session.session_hash)
                        .bind(&session.user_id)
                        .bind(whole_seconds(session.created_at))
                        .bind(whole_seconds(session.expires_at))
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn session(&self, session_hash: &str) -> Result<Option<SessionInfo>> {
                    let row: Option<SessionRow> = sqlx::query_as(sql::SELECT_SESSION)
                        .bind(session_hash)
                        .fetch_optional(&self.pool)
                        .await?;
                    row.map(SessionRow::into_info).transpose()
                }

                async fn touch_session(&self, session_hash: &str, at: OffsetDateTime) -> Result<()> {
                    sqlx::query(sql::TOUCH_SESSION)
                        .bind(session_hash)
                        .bind(whole_seconds(at))
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn delete_session(&self, session_hash: &str) -> Result<()> {
                    sqlx::query(sql::DELETE_SESSION)
                        .bind(session_hash)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn delete_expired_sessions(&self, now: OffsetDateTime) -> Result<u64> {
                    let done = sqlx::query(sql::DELETE_EXPIRED_SESSIONS)
                        .bind(whole_seconds(now))
                        .execute(&self.pool)
                        .await?;
                    Ok(done.rows_affected())
                }

                async fn login_failures_since(
                    &self,
                    organization_id: &str,
                    email: &str,
                    client_ip: &str,
                    since: OffsetDateTime,
                ) -> Result<i64> {
                    let (n,): (i64,) = sqlx::query_as(sql::COUNT_LOGIN_FAILURES)
                        .bind(organization_id)
                        .bind(email)
                        .bind(client_ip)
                        .bind(whole_seconds(since))
                        .fetch_one(&self.pool)
                        .await?;
                    Ok(n)
                }

                async fn record_login_failure(
                    &self,
                    failure: &LoginFailure,
                    window_start: OffsetDateTime,
                    lock_after: i64,
                ) -> Result<LoginFailureOutcome> {
                    let mut tx = self.begin_write().await?;
                    let outcome =
                        record_login_failure(&mut tx, failure, window_start, lock_after).await;
                    finish(tx, outcome).await
                }

                async fn clear_login_failures(
                    &self,
                    organization_id: &str,
                    email: &str,
                    client_ip: &str,
                ) -> Result<()> {
                    sqlx::query(sql::CLEAR_LOGIN_FAILURES)
                        .bind(organization_id)
                        .bind(email)
                        .bind(client_ip)
                        .execute(&self.pool)
                        .await?;
                    Ok(())
                }

                async fn audit_log(
                    &self,
                    organization_id: &str,
                    before: Option<i64>,
                    limit: i64,
                ) -> Result<Vec<AuditEntry>> {
                    let rows: Vec<AuditRow> = sqlx::query_as(sql::SELECT_AUDIT)
                        .bind(organization_id)
                        .bind(before.unwrap_or(i64::MAX))
                        .bind(limit.max(0))
                        .fetch_all(&self.pool)
                        .await?;
                    rows.into_iter().map(AuditRow::into_entry).collect()
                }
            }
        }
    };
}

backend!(
    on_sqlite,
    SqliteStore,
    sqlx::Sqlite,
    crate::db::Dialect::Sqlite.organization(crate::db::Lock::No)
);
backend!(
    on_postgres,
    PostgresStore,
    sqlx::Postgres,
    crate::db::Dialect::Postgres.organization(crate::db::Lock::Organization)
);
