//! Staff accounts, units, sessions, login throttling, second factors (TOTP)
//! and the audit log: the [`AccountStore`] contract.
//!
//! Both databases run the same SQL (`sql.rs`) through one body of code
//! (`imp.rs`); they differ only in how a write transaction starts (SQLite:
//! `BEGIN IMMEDIATE`) and in PostgreSQL locking the organisation's row, so
//! that audit ids (counted per organisation) are handed out one writer at a
//! time (`db/dialect.rs`).
//!
//! Every change to staff data writes its audit entry in the same transaction
//! as the change: either both are stored or neither is.

mod imp;
pub(crate) mod sql;

pub(crate) use imp::create_user;

use crate::{Organization, Result};
use async_trait::async_trait;
use std::collections::BTreeMap;
use sujarit_core::ItemRef;
use sujarit_core::account::{Email, Role};
pub use sujarit_core::login_throttle::{FailuresSeen, LoginGate, LoginThrottle};
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
    /// When the owner last re-entered their password in this session
    /// ([`AccountStore::mark_reauthenticated`]); `None` since login.
    pub reauthenticated_at: Option<OffsetDateTime>,
    /// The account has a TOTP secret ([`AccountStore::enrol_totp`]).
    pub totp_enrolled: bool,
}

/// An account's TOTP secret (RFC 6238), as the server must read it to check a
/// code: plain bytes (see migration 0011 for why).
#[derive(Clone, PartialEq, Eq)]
pub struct TotpFactor {
    pub secret: Vec<u8>,
    pub enrolled_at: OffsetDateTime,
    /// The last time step whose code was accepted; only a later one passes.
    pub last_step: i64,
}

impl std::fmt::Debug for TotpFactor {
    // The secret never reaches a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TotpFactor")
            .field("secret", &"…")
            .field("enrolled_at", &self.enrolled_at)
            .field("last_step", &self.last_step)
            .finish()
    }
}

/// A login attempt, counted per organisation, email (as typed, trimmed and
/// lower-cased) and client address *before* its password is checked: the
/// store keeps it as a failure until [`AccountStore::login_succeeded`]
/// forgets it.
#[derive(Clone, Debug)]
pub struct LoginAttempt {
    pub organization_id: String,
    pub email: String,
    pub client_ip: String,
    pub at: OffsetDateTime,
}

/// What [`AccountStore::begin_login_attempt`] decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttemptStart {
    /// Counted: check the password, then report the outcome with this id.
    Counted { attempt_id: String },
    /// Not counted and not to be checked ([`LoginGate::Locked`] or
    /// [`LoginGate::BackOff`]).
    Refused(LoginGate),
}

/// What a failed login found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginFailureOutcome {
    /// Failures for this email and address in the window, this one included.
    pub failures_in_window: i64,
    /// This failure reached the limit: the lockout was written to the audit log.
    pub locked_now: bool,
}

/// Which entries of the audit log to read (`Default`: all).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this user's changes.
    pub actor_user_id: Option<String>,
    /// Only this action ([`audit_action`]).
    pub action: Option<String>,
    /// From this moment (inclusive).
    pub from: Option<OffsetDateTime>,
    /// Until this moment (exclusive).
    pub until: Option<OffsetDateTime>,
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
    /// The organisation's directory entry (and name) set from a directory
    /// file (`sujarit organizations import`).
    pub const DIRECTORY_ENTRY_SET: &str = "organization.directory_set";
    pub const USER_UPDATED: &str = "user.updated";
    pub const USER_ROLE_CHANGED: &str = "user.role_changed";
    pub const USER_UNIT_CHANGED: &str = "user.unit_changed";
    pub const USER_DEACTIVATED: &str = "user.deactivated";
    pub const USER_REACTIVATED: &str = "user.reactivated";
    pub const PASSWORD_CHANGED: &str = "user.password_changed";
    pub const PASSWORD_RESET: &str = "user.password_reset";
    pub const LOGIN_LOCKED: &str = "login.locked";
    /// The account confirmed a TOTP secret with a code.
    pub const TOTP_ENROLLED: &str = "account.totp_enrolled";
    /// The account's TOTP secret was removed (command line only).
    pub const TOTP_RESET: &str = "account.totp_reset";
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
    /// The organisations where an active account has this e-mail, by slug:
    /// a login that names no organisation goes to the only one (issue 15).
    async fn organizations_with_email(&self, email: &Email) -> Result<Vec<crate::Organization>>;
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
    /// Records that the session's owner re-entered their password (and code)
    /// at `at`.
    async fn mark_reauthenticated(&self, session_hash: &str, at: OffsetDateTime) -> Result<()>;

    // Second factor (TOTP) -------------------------------------------------

    /// The account's TOTP secret, if it has one.
    async fn totp_factor(&self, organization_id: &str, user_id: &str)
    -> Result<Option<TotpFactor>>;
    /// Keeps `secret` for the account, confirmed by a code of time step
    /// `step` (which counts as used). Audited. `false`, and nothing changed,
    /// when the account already has one: a secret is replaced only after a
    /// reset. `NotFound` for an unknown account.
    async fn enrol_totp(
        &self,
        organization_id: &str,
        user_id: &str,
        secret: &[u8],
        step: i64,
        actor: Option<&str>,
    ) -> Result<bool>;
    /// Takes a code of time step `step` as used: `true` when it is later than
    /// every step accepted before (one statement, so two requests cannot both
    /// use it), `false` for a replayed or older step or an account without a
    /// secret.
    async fn accept_totp_step(
        &self,
        organization_id: &str,
        user_id: &str,
        step: i64,
    ) -> Result<bool>;
    /// Removes the account's TOTP secret and ends its sessions, so its owner
    /// enrols again. Audited. `false`, and nothing changed, when it had none.
    /// `NotFound` for an unknown account.
    async fn reset_totp(
        &self,
        organization_id: &str,
        user_id: &str,
        actor: Option<&str>,
    ) -> Result<bool>;

    // Login throttling -------------------------------------------------------

    /// Decides, in one transaction per organisation, whether one more login
    /// may be checked (`throttle`, from the failures and running attempts in
    /// its window), and when it may, counts it as a failure at once; forgets
    /// the organisation's attempts older than the window.
    async fn begin_login_attempt(
        &self,
        attempt: &LoginAttempt,
        throttle: &LoginThrottle,
    ) -> Result<AttemptStart>;
    /// The counted attempt failed: how many failures this email and address
    /// now have; the one that reaches `throttle.per_address` writes a lockout
    /// to the audit log.
    async fn login_failed(
        &self,
        attempt: &LoginAttempt,
        throttle: &LoginThrottle,
    ) -> Result<LoginFailureOutcome>;
    /// The counted attempt succeeded: forgets it and this email and
    /// address's earlier failures.
    async fn login_succeeded(&self, attempt: &LoginAttempt, attempt_id: &str) -> Result<()>;
    /// Attempts counted (failed or still running) for this email and address
    /// at or after `since`: each one had its password checked.
    async fn login_failures_since(
        &self,
        organization_id: &str,
        email: &str,
        client_ip: &str,
        since: OffsetDateTime,
    ) -> Result<i64>;

    // Audit log --------------------------------------------------------------

    /// Up to `limit` entries, newest first, with ids below `before` (all when `None`).
    async fn audit_log(
        &self,
        organization_id: &str,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>>;

    /// As [`AccountStore::audit_log`], only the entries `filter` keeps.
    async fn audit_log_where(
        &self,
        organization_id: &str,
        filter: &AuditFilter,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>>;

    /// The actions the organisation's log holds, sorted.
    async fn audit_actions(&self, organization_id: &str) -> Result<Vec<String>>;
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
