//! The SQL of [`AccountStore`](crate::AccountStore) and its row mapping,
//! shared by both backends (`$n` placeholders work in SQLite and PostgreSQL).

use crate::accounts::{AuditEntry, SessionInfo, StaffUser, TotpFactor, Unit};
use crate::{Organization, Result, StoreError};
use sujarit_core::ItemRef;
use sujarit_core::account::Role;
use time::OffsetDateTime;

// ---------------------------------------------------------------------------
// Units and item assignments

pub(crate) const SELECT_UNITS: &str = "SELECT organization_id, unit_id, name, plan_name \
     FROM units WHERE organization_id = $1 ORDER BY name";
pub(crate) const SELECT_UNIT: &str = "SELECT organization_id, unit_id, name, plan_name \
     FROM units WHERE organization_id = $1 AND unit_id = $2";
pub(crate) const SELECT_UNIT_BY_NAME: &str = "SELECT organization_id, unit_id, name, plan_name \
     FROM units WHERE organization_id = $1 AND name = $2";
pub(crate) const INSERT_UNIT: &str = "INSERT INTO units \
     (organization_id, unit_id, name, plan_name, created_at) VALUES ($1, $2, $3, $4, $5)";
pub(crate) const RENAME_UNIT: &str =
    "UPDATE units SET name = $3 WHERE organization_id = $1 AND unit_id = $2";

pub(crate) const SELECT_CURRENT_PLAN_ID: &str =
    "SELECT plan_id FROM plans WHERE organization_id = $1 AND is_current";
/// The plan's responsible units per item, in the document's order.
pub(crate) const SELECT_PLAN_ITEM_UNITS: &str = "SELECT dimension_no, item_no, unit_name \
     FROM item_units WHERE organization_id = $1 AND plan_id = $2 \
     ORDER BY dimension_no, item_no, unit_position";

pub(crate) const SELECT_ASSIGNMENTS: &str = "SELECT a.dimension_no, a.item_no, a.unit_id \
     FROM item_unit_assignments a JOIN units u \
       ON u.organization_id = a.organization_id AND u.unit_id = a.unit_id \
     WHERE a.organization_id = $1 ORDER BY a.dimension_no, a.item_no, u.name";
pub(crate) const SELECT_UNITS_OF_ITEM: &str = "SELECT a.unit_id \
     FROM item_unit_assignments a JOIN units u \
       ON u.organization_id = a.organization_id AND u.unit_id = a.unit_id \
     WHERE a.organization_id = $1 AND a.dimension_no = $2 AND a.item_no = $3 ORDER BY u.name";
pub(crate) const SELECT_ITEMS_OF_UNIT: &str = "SELECT dimension_no, item_no \
     FROM item_unit_assignments WHERE organization_id = $1 AND unit_id = $2 \
     ORDER BY dimension_no, item_no";
pub(crate) const INSERT_ASSIGNMENT: &str = "INSERT INTO item_unit_assignments \
     (organization_id, dimension_no, item_no, unit_id) VALUES ($1, $2, $3, $4)";
pub(crate) const DELETE_ASSIGNMENTS_OF_ITEM: &str = "DELETE FROM item_unit_assignments \
     WHERE organization_id = $1 AND dimension_no = $2 AND item_no = $3";

#[derive(sqlx::FromRow)]
pub(crate) struct UnitRow {
    organization_id: String,
    unit_id: String,
    name: String,
    plan_name: Option<String>,
}

impl From<UnitRow> for Unit {
    fn from(row: UnitRow) -> Unit {
        Unit {
            id: row.unit_id,
            organization_id: row.organization_id,
            name: row.name,
            plan_name: row.plan_name,
        }
    }
}

/// An item number read back as the two integer columns both backends store.
pub(crate) fn item_ref(dimension_no: i64, item_no: i64) -> Result<ItemRef> {
    let bad = || StoreError::Corrupt(format!("item number {dimension_no}.{item_no}"));
    Ok(ItemRef {
        dimension: u8::try_from(dimension_no).map_err(|_| bad())?,
        no: u32::try_from(item_no).map_err(|_| bad())?,
    })
}

// ---------------------------------------------------------------------------
// Users

macro_rules! select_user {
    () => {
        "SELECT organization_id, user_id, email, display_name, role, unit_id, active, \
         must_change_password, created_at, password_hash FROM users WHERE organization_id = $1"
    };
}

pub(crate) const SELECT_USERS: &str = concat!(select_user!(), " ORDER BY email");
pub(crate) const SELECT_USER: &str = concat!(select_user!(), " AND user_id = $2");
pub(crate) const SELECT_USER_BY_EMAIL: &str = concat!(select_user!(), " AND email = $2");
pub(crate) const INSERT_USER: &str = "INSERT INTO users (organization_id, user_id, email, \
     display_name, role, unit_id, password_hash, active, must_change_password, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, $8, $9)";
pub(crate) const UPDATE_USER: &str = "UPDATE users SET display_name = $3, role = $4, \
     unit_id = $5, active = $6 WHERE organization_id = $1 AND user_id = $2";
pub(crate) const UPDATE_PASSWORD: &str = "UPDATE users SET password_hash = $3, \
     must_change_password = $4 WHERE organization_id = $1 AND user_id = $2";

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    organization_id: String,
    user_id: String,
    email: String,
    display_name: String,
    role: String,
    unit_id: Option<String>,
    active: bool,
    must_change_password: bool,
    created_at: OffsetDateTime,
    pub(crate) password_hash: String,
}

impl UserRow {
    pub(crate) fn to_user(&self) -> Result<StaffUser> {
        let role = Role::parse(&self.role)
            .ok_or_else(|| StoreError::Corrupt(format!("role \"{}\"", self.role)))?;
        Ok(StaffUser {
            id: self.user_id.clone(),
            organization_id: self.organization_id.clone(),
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            role,
            unit_id: self.unit_id.clone(),
            active: self.active,
            must_change_password: self.must_change_password,
            created_at: self.created_at,
        })
    }
}

// ---------------------------------------------------------------------------
// Sessions

pub(crate) const INSERT_SESSION: &str = "INSERT INTO sessions (organization_id, session_hash, \
     user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $4)";
pub(crate) const SELECT_SESSION: &str = "SELECT s.session_hash, s.created_at, s.expires_at, \
     s.last_seen_at, s.reauthenticated_at, o.slug AS organization_slug, \
     o.name AS organization_name, \
     u.organization_id, u.user_id, u.email, u.display_name, u.role, u.unit_id, u.active, \
     u.must_change_password, u.created_at AS user_created_at, \
     CASE WHEN f.user_id IS NULL THEN FALSE ELSE TRUE END AS totp_enrolled \
     FROM sessions s \
     JOIN users u ON u.organization_id = s.organization_id AND u.user_id = s.user_id \
     JOIN organizations o ON o.organization_id = s.organization_id \
     LEFT JOIN totp_factors f ON f.organization_id = s.organization_id AND f.user_id = s.user_id \
     WHERE s.session_hash = $1";
pub(crate) const TOUCH_SESSION: &str =
    "UPDATE sessions SET last_seen_at = $2 WHERE session_hash = $1";
pub(crate) const MARK_REAUTHENTICATED: &str =
    "UPDATE sessions SET reauthenticated_at = $2 WHERE session_hash = $1";
pub(crate) const DELETE_SESSION: &str = "DELETE FROM sessions WHERE session_hash = $1";
pub(crate) const DELETE_EXPIRED_SESSIONS: &str = "DELETE FROM sessions WHERE expires_at <= $1";
pub(crate) const DELETE_SESSIONS_OF_USER: &str =
    "DELETE FROM sessions WHERE organization_id = $1 AND user_id = $2";
pub(crate) const DELETE_OTHER_SESSIONS_OF_USER: &str = "DELETE FROM sessions \
     WHERE organization_id = $1 AND user_id = $2 AND session_hash <> $3";

#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    session_hash: String,
    created_at: OffsetDateTime,
    expires_at: OffsetDateTime,
    last_seen_at: OffsetDateTime,
    reauthenticated_at: Option<OffsetDateTime>,
    organization_slug: String,
    organization_name: String,
    organization_id: String,
    user_id: String,
    email: String,
    display_name: String,
    role: String,
    unit_id: Option<String>,
    active: bool,
    must_change_password: bool,
    user_created_at: OffsetDateTime,
    totp_enrolled: bool,
}

impl SessionRow {
    pub(crate) fn into_info(self) -> Result<SessionInfo> {
        let role = Role::parse(&self.role)
            .ok_or_else(|| StoreError::Corrupt(format!("role \"{}\"", self.role)))?;
        Ok(SessionInfo {
            session_hash: self.session_hash,
            organization: Organization {
                id: self.organization_id.clone(),
                slug: self.organization_slug,
                name: self.organization_name,
            },
            user: StaffUser {
                id: self.user_id,
                organization_id: self.organization_id,
                email: self.email,
                display_name: self.display_name,
                role,
                unit_id: self.unit_id,
                active: self.active,
                must_change_password: self.must_change_password,
                created_at: self.user_created_at,
            },
            created_at: self.created_at,
            expires_at: self.expires_at,
            last_seen_at: self.last_seen_at,
            reauthenticated_at: self.reauthenticated_at,
            totp_enrolled: self.totp_enrolled,
        })
    }
}

// ---------------------------------------------------------------------------
// Second factor (TOTP)

pub(crate) const SELECT_TOTP: &str = "SELECT secret, enrolled_at, last_step FROM totp_factors \
     WHERE organization_id = $1 AND user_id = $2";
pub(crate) const INSERT_TOTP: &str = "INSERT INTO totp_factors \
     (organization_id, user_id, secret, enrolled_at, last_step) VALUES ($1, $2, $3, $4, $5)";
/// Only a later step passes: the check and the write are one statement.
pub(crate) const ACCEPT_TOTP_STEP: &str = "UPDATE totp_factors SET last_step = $3 \
     WHERE organization_id = $1 AND user_id = $2 AND last_step < $3";
pub(crate) const DELETE_TOTP: &str =
    "DELETE FROM totp_factors WHERE organization_id = $1 AND user_id = $2";

#[derive(sqlx::FromRow)]
pub(crate) struct TotpRow {
    secret: Vec<u8>,
    enrolled_at: OffsetDateTime,
    last_step: i64,
}

impl From<TotpRow> for TotpFactor {
    fn from(row: TotpRow) -> TotpFactor {
        TotpFactor {
            secret: row.secret,
            enrolled_at: row.enrolled_at,
            last_step: row.last_step,
        }
    }
}

// ---------------------------------------------------------------------------
// Login throttling

pub(crate) const INSERT_LOGIN_FAILURE: &str = "INSERT INTO login_attempts \
     (organization_id, attempt_id, email, client_ip, attempted_at) VALUES ($1, $2, $3, $4, $5)";
pub(crate) const COUNT_LOGIN_FAILURES: &str = "SELECT COUNT(*) FROM login_attempts \
     WHERE organization_id = $1 AND email = $2 AND client_ip = $3 AND attempted_at >= $4";
pub(crate) const PRUNE_LOGIN_FAILURES: &str =
    "DELETE FROM login_attempts WHERE organization_id = $1 AND attempted_at < $2";
pub(crate) const CLEAR_LOGIN_FAILURES: &str = "DELETE FROM login_attempts \
     WHERE organization_id = $1 AND email = $2 AND client_ip = $3";
pub(crate) const COUNT_ACCOUNT_FAILURES: &str = "SELECT COUNT(*) FROM login_attempts \
     WHERE organization_id = $1 AND email = $2 AND attempted_at >= $3";
pub(crate) const LATEST_ACCOUNT_FAILURE: &str = "SELECT attempted_at FROM login_attempts \
     WHERE organization_id = $1 AND email = $2 AND attempted_at >= $3 \
     ORDER BY attempted_at DESC LIMIT 1";
pub(crate) const DELETE_LOGIN_ATTEMPT: &str =
    "DELETE FROM login_attempts WHERE organization_id = $1 AND attempt_id = $2";

// ---------------------------------------------------------------------------
// Audit log

pub(crate) const NEXT_AUDIT_ID: &str =
    "SELECT COALESCE(MAX(audit_id), 0) + 1 FROM audit_log WHERE organization_id = $1";
pub(crate) const INSERT_AUDIT: &str = "INSERT INTO audit_log (organization_id, audit_id, at, \
     actor_user_id, action, target, before_json, after_json) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
pub(crate) const SELECT_AUDIT: &str = "SELECT a.organization_id, a.audit_id, a.at, \
     a.actor_user_id, u.email AS actor_email, a.action, a.target, a.before_json, a.after_json \
     FROM audit_log a LEFT JOIN users u \
       ON u.organization_id = a.organization_id AND u.user_id = a.actor_user_id \
     WHERE a.organization_id = $1 AND a.audit_id < $2 \
     ORDER BY a.audit_id DESC LIMIT $3";

/// As [`SELECT_AUDIT`], narrowed: `$3` actor (user id; NULL: anyone), `$4`
/// action, `$5` from (inclusive), `$6` until (exclusive); `$7` the limit.
pub(crate) const SELECT_AUDIT_WHERE: &str = "SELECT a.organization_id, a.audit_id, a.at, \
     a.actor_user_id, u.email AS actor_email, a.action, a.target, a.before_json, a.after_json \
     FROM audit_log a LEFT JOIN users u \
       ON u.organization_id = a.organization_id AND u.user_id = a.actor_user_id \
     WHERE a.organization_id = $1 AND a.audit_id < $2 \
       AND ($3 IS NULL OR a.actor_user_id = $3) AND ($4 IS NULL OR a.action = $4) \
       AND ($5 IS NULL OR a.at >= $5) AND ($6 IS NULL OR a.at < $6) \
     ORDER BY a.audit_id DESC LIMIT $7";

/// The actions the organisation's log holds, for the filter.
pub(crate) const AUDIT_ACTIONS: &str =
    "SELECT DISTINCT action FROM audit_log WHERE organization_id = $1 ORDER BY action";

#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    organization_id: String,
    audit_id: i64,
    at: OffsetDateTime,
    actor_user_id: Option<String>,
    actor_email: Option<String>,
    action: String,
    target: String,
    before_json: Option<String>,
    after_json: Option<String>,
}

impl AuditRow {
    pub(crate) fn into_entry(self) -> Result<AuditEntry> {
        let parse = |text: Option<String>| -> Result<Option<serde_json::Value>> {
            text.map(|t| {
                serde_json::from_str(&t)
                    .map_err(|e| StoreError::Corrupt(format!("audit entry {}: {e}", self.audit_id)))
            })
            .transpose()
        };
        Ok(AuditEntry {
            before: parse(self.before_json.clone())?,
            after: parse(self.after_json.clone())?,
            organization_id: self.organization_id,
            id: self.audit_id,
            at: self.at,
            actor_user_id: self.actor_user_id,
            actor_email: self.actor_email,
            action: self.action,
            target: self.target,
        })
    }
}

/// `t` in whole seconds: the width of every timestamp that SQL compares (see
/// the migration), so SQLite's RFC 3339 text sorts in time order.
pub(crate) fn whole_seconds(t: OffsetDateTime) -> OffsetDateTime {
    let utc = t.to_offset(time::UtcOffset::UTC);
    utc.replace_nanosecond(0).unwrap_or(utc)
}

/// A unique index refused the row: `what` says what already exists.
pub(crate) fn conflict_on_unique(
    error: sqlx::Error,
    what: impl FnOnce() -> sujarit_core::refusal::Clash,
) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what()),
        _ => StoreError::Database(error),
    }
}

/// The organisations of an e-mail's active accounts (the index
/// `users_by_email`, migration 0022).
pub(crate) const SELECT_ORGANIZATIONS_OF_EMAIL: &str = "SELECT o.organization_id, o.slug, o.name \
     FROM users u JOIN organizations o ON o.organization_id = u.organization_id \
     WHERE u.email = $1 AND u.active = $2 ORDER BY o.slug LIMIT 10";
