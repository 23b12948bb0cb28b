//! [`AccountStore`] for both databases, written once over `db` (the SQL is in
//! `sql.rs`). Every audited write first takes its organisation (`db::Lock`):
//! SQLite checks it (its writers already queue behind `BEGIN IMMEDIATE`),
//! PostgreSQL locks its row `FOR UPDATE`, so that audit ids are handed out one
//! writer at a time.

use super::sql::{
    self, AuditRow, SessionRow, TotpRow, UnitRow, UserRow, conflict_on_unique, item_ref,
    whole_seconds,
};
use super::*;
use crate::StoreError;
use crate::db::{
    Lock, SqlStore, Tx, audit, finish, now_for_storage, organization_exists, query, query_as,
};
use sujarit_core::refusal::{Clash, Missing};

async fn lock_organization(conn: &mut Tx<'_>, organization_id: &str) -> Result<()> {
    organization_exists(conn, organization_id, Lock::Organization).await
}

async fn fetch_unit(
    conn: &mut Tx<'_>,
    organization_id: &str,
    unit_id: &str,
) -> Result<Option<Unit>> {
    let row: Option<UnitRow> = query_as(sql::SELECT_UNIT)
        .bind(organization_id)
        .bind(unit_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(Unit::from))
}

/// The unit a user of `role` belongs to, checked: only unit
/// officers have one, and it must exist.
async fn unit_for_role(
    conn: &mut Tx<'_>,
    organization_id: &str,
    role: Role,
    unit_id: Option<&str>,
) -> Result<Option<Unit>> {
    if !role.needs_unit() {
        return Ok(None);
    }
    let Some(unit_id) = unit_id else {
        return Err(StoreError::Conflict(Clash::UnitRequired));
    };
    match fetch_unit(conn, organization_id, unit_id).await? {
        Some(unit) => Ok(Some(unit)),
        None => Err(StoreError::NotFound(Missing::Unit(unit_id.to_string()))),
    }
}

async fn fetch_user(
    conn: &mut Tx<'_>,
    organization_id: &str,
    user_id: &str,
) -> Result<Option<StaffUser>> {
    let row: Option<UserRow> = query_as(sql::SELECT_USER)
        .bind(organization_id)
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| r.to_user()).transpose()
}

async fn unit_name(
    conn: &mut Tx<'_>,
    organization_id: &str,
    unit_id: Option<&str>,
) -> Result<Option<String>> {
    Ok(match unit_id {
        Some(id) => fetch_unit(conn, organization_id, id).await?.map(|u| u.name),
        None => None,
    })
}

async fn sync_units(
    conn: &mut Tx<'_>,
    organization_id: &str,
    actor: Option<&str>,
) -> Result<UnitSync> {
    lock_organization(conn, organization_id).await?;
    let plan: Option<(String,)> = query_as(sql::SELECT_CURRENT_PLAN_ID)
        .bind(organization_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some((plan_id,)) = plan else {
        return Ok(UnitSync::default());
    };
    let item_units: Vec<(i64, i64, String)> = query_as(sql::SELECT_PLAN_ITEM_UNITS)
        .bind(organization_id)
        .bind(&plan_id)
        .fetch_all(&mut *conn)
        .await?;
    let existing: Vec<UnitRow> = query_as(sql::SELECT_UNITS)
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
                query(sql::INSERT_UNIT)
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
    let assigned: Vec<(i64, i64, String)> = query_as(sql::SELECT_ASSIGNMENTS)
        .bind(organization_id)
        .fetch_all(&mut *conn)
        .await?;
    let assigned: std::collections::BTreeSet<(i64, i64)> =
        assigned.into_iter().map(|(d, i, _)| (d, i)).collect();
    let mut written: std::collections::BTreeSet<(i64, i64, String)> = Default::default();
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
        query(sql::INSERT_ASSIGNMENT)
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
            sujarit_core::account::CURRENT_PLAN_AUDIT_TARGET,
            None,
            Some(after),
        )
        .await?;
    }
    Ok(sync)
}

async fn create_unit(
    conn: &mut Tx<'_>,
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
    query(sql::INSERT_UNIT)
        .bind(organization_id)
        .bind(&unit.id)
        .bind(&unit.name)
        .bind(&unit.plan_name)
        .bind(now_for_storage())
        .execute(&mut *conn)
        .await
        .map_err(|e| conflict_on_unique(e, || Clash::UnitName(name.to_string())))?;
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
    conn: &mut Tx<'_>,
    organization_id: &str,
    unit_id: &str,
    name: &str,
    actor: Option<&str>,
) -> Result<Unit> {
    lock_organization(conn, organization_id).await?;
    let Some(before) = fetch_unit(conn, organization_id, unit_id).await? else {
        return Err(StoreError::NotFound(Missing::Unit(unit_id.to_string())));
    };
    if before.name == name {
        return Ok(before);
    }
    query(sql::RENAME_UNIT)
        .bind(organization_id)
        .bind(unit_id)
        .bind(name)
        .execute(&mut *conn)
        .await
        .map_err(|e| conflict_on_unique(e, || Clash::UnitName(name.to_string())))?;
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
    conn: &mut Tx<'_>,
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
    conn: &mut Tx<'_>,
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
            return Err(StoreError::NotFound(Missing::Unit(id.to_string())));
        }
    }
    let current: Vec<(String,)> = query_as(sql::SELECT_UNITS_OF_ITEM)
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
    query(sql::DELETE_ASSIGNMENTS_OF_ITEM)
        .bind(organization_id)
        .bind(i64::from(item.dimension))
        .bind(i64::from(item.no))
        .execute(&mut *conn)
        .await?;
    for id in &wanted {
        query(sql::INSERT_ASSIGNMENT)
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

pub(crate) async fn create_user(
    conn: &mut Tx<'_>,
    organization_id: &str,
    new: &NewUser,
    actor: Option<&str>,
) -> Result<StaffUser> {
    lock_organization(conn, organization_id).await?;
    crate::directory::check_role_fits(conn, organization_id, new.role).await?;
    let unit = unit_for_role(conn, organization_id, new.role, new.unit_id.as_deref()).await?;
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
    query(sql::INSERT_USER)
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
        .map_err(|e| conflict_on_unique(e, || Clash::Email(user.email.to_string())))?;
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
    conn: &mut Tx<'_>,
    organization_id: &str,
    user_id: &str,
    change: &UserChange,
    actor: Option<&str>,
) -> Result<StaffUser> {
    lock_organization(conn, organization_id).await?;
    let Some(before) = fetch_user(conn, organization_id, user_id).await? else {
        return Err(StoreError::NotFound(Missing::User(user_id.to_string())));
    };
    if change.role != before.role {
        crate::directory::check_role_fits(conn, organization_id, change.role).await?;
    }
    let unit = unit_for_role(
        conn,
        organization_id,
        change.role,
        change.unit_id.as_deref(),
    )
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
    query(sql::UPDATE_USER)
        .bind(organization_id)
        .bind(user_id)
        .bind(&after.display_name)
        .bind(after.role.as_str())
        .bind(&after.unit_id)
        .bind(after.active)
        .execute(&mut *conn)
        .await?;
    if !after.active {
        query(sql::DELETE_SESSIONS_OF_USER)
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
    conn: &mut Tx<'_>,
    organization_id: &str,
    user_id: &str,
    password_hash: &str,
    must_change_password: bool,
    keep_session: Option<&str>,
    actor: Option<&str>,
) -> Result<()> {
    lock_organization(conn, organization_id).await?;
    let Some(user) = fetch_user(conn, organization_id, user_id).await? else {
        return Err(StoreError::NotFound(Missing::User(user_id.to_string())));
    };
    query(sql::UPDATE_PASSWORD)
        .bind(organization_id)
        .bind(user_id)
        .bind(password_hash)
        .bind(must_change_password)
        .execute(&mut *conn)
        .await?;
    match keep_session {
        Some(keep) => {
            query(sql::DELETE_OTHER_SESSIONS_OF_USER)
                .bind(organization_id)
                .bind(user_id)
                .bind(keep)
                .execute(&mut *conn)
                .await?
        }
        None => {
            query(sql::DELETE_SESSIONS_OF_USER)
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

async fn begin_login_attempt(
    conn: &mut Tx<'_>,
    attempt: &LoginAttempt,
    throttle: &LoginThrottle,
) -> Result<AttemptStart> {
    let organization_id = attempt.organization_id.as_str();
    lock_organization(conn, organization_id).await?;
    let window_start = whole_seconds(attempt.at - throttle.window);
    query(sql::PRUNE_LOGIN_FAILURES)
        .bind(organization_id)
        .bind(window_start)
        .execute(&mut *conn)
        .await?;
    let (from_address,): (i64,) = query_as(sql::COUNT_LOGIN_FAILURES)
        .bind(organization_id)
        .bind(&attempt.email)
        .bind(&attempt.client_ip)
        .bind(window_start)
        .fetch_one(&mut *conn)
        .await?;
    let (for_account,): (i64,) = query_as(sql::COUNT_ACCOUNT_FAILURES)
        .bind(organization_id)
        .bind(&attempt.email)
        .bind(window_start)
        .fetch_one(&mut *conn)
        .await?;
    let latest: Option<(OffsetDateTime,)> = query_as(sql::LATEST_ACCOUNT_FAILURE)
        .bind(organization_id)
        .bind(&attempt.email)
        .bind(window_start)
        .fetch_optional(&mut *conn)
        .await?;
    let seen = FailuresSeen {
        from_address,
        for_account,
        latest: latest.map(|(at,)| at),
    };
    match throttle.gate(seen, attempt.at) {
        LoginGate::Go => {}
        refused => return Ok(AttemptStart::Refused(refused)),
    }
    let attempt_id = uuid::Uuid::new_v4().to_string();
    query(sql::INSERT_LOGIN_FAILURE)
        .bind(organization_id)
        .bind(&attempt_id)
        .bind(&attempt.email)
        .bind(&attempt.client_ip)
        .bind(whole_seconds(attempt.at))
        .execute(&mut *conn)
        .await?;
    Ok(AttemptStart::Counted { attempt_id })
}

async fn login_failed(
    conn: &mut Tx<'_>,
    attempt: &LoginAttempt,
    throttle: &LoginThrottle,
) -> Result<LoginFailureOutcome> {
    let organization_id = attempt.organization_id.as_str();
    lock_organization(conn, organization_id).await?;
    let (failures_in_window,): (i64,) = query_as(sql::COUNT_LOGIN_FAILURES)
        .bind(organization_id)
        .bind(&attempt.email)
        .bind(&attempt.client_ip)
        .bind(whole_seconds(attempt.at - throttle.window))
        .fetch_one(&mut *conn)
        .await?;
    let locked_now = failures_in_window == throttle.per_address;
    if locked_now {
        audit(
            conn,
            organization_id,
            None,
            audit_action::LOGIN_LOCKED,
            &attempt.email,
            None,
            Some(serde_json::json!({
                "client_ip": attempt.client_ip,
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

async fn enrol_totp(
    conn: &mut Tx<'_>,
    organization_id: &str,
    user_id: &str,
    secret: &[u8],
    step: i64,
    actor: Option<&str>,
) -> Result<bool> {
    lock_organization(conn, organization_id).await?;
    let Some(user) = fetch_user(conn, organization_id, user_id).await? else {
        return Err(StoreError::NotFound(Missing::User(user_id.to_string())));
    };
    let existing: Option<TotpRow> = query_as(sql::SELECT_TOTP)
        .bind(organization_id)
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?;
    if existing.is_some() {
        return Ok(false);
    }
    query(sql::INSERT_TOTP)
        .bind(organization_id)
        .bind(user_id)
        .bind(secret)
        .bind(now_for_storage())
        .bind(step)
        .execute(&mut *conn)
        .await?;
    // The secret itself never goes into the log.
    audit(
        conn,
        organization_id,
        actor,
        audit_action::TOTP_ENROLLED,
        &user.email,
        None,
        Some(serde_json::json!({ "second_factor": "totp" })),
    )
    .await?;
    Ok(true)
}

async fn reset_totp(
    conn: &mut Tx<'_>,
    organization_id: &str,
    user_id: &str,
    actor: Option<&str>,
) -> Result<bool> {
    lock_organization(conn, organization_id).await?;
    let Some(user) = fetch_user(conn, organization_id, user_id).await? else {
        return Err(StoreError::NotFound(Missing::User(user_id.to_string())));
    };
    let removed = query(sql::DELETE_TOTP)
        .bind(organization_id)
        .bind(user_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if removed == 0 {
        return Ok(false);
    }
    // A reset is for a lost or stolen phone: whoever holds a session now
    // signs in again, with the factor enrolled afresh.
    query(sql::DELETE_SESSIONS_OF_USER)
        .bind(organization_id)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    audit(
        conn,
        organization_id,
        actor,
        audit_action::TOTP_RESET,
        &user.email,
        Some(serde_json::json!({ "second_factor": "totp" })),
        None,
    )
    .await?;
    Ok(true)
}

#[async_trait]
impl AccountStore for SqlStore {
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
        let rows: Vec<UnitRow> = query_as(sql::SELECT_UNITS)
            .bind(organization_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(Unit::from).collect())
    }

    async fn unit(&self, organization_id: &str, unit_id: &str) -> Result<Option<Unit>> {
        let row: Option<UnitRow> = query_as(sql::SELECT_UNIT)
            .bind(organization_id)
            .bind(unit_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(Unit::from))
    }

    async fn unit_by_name(&self, organization_id: &str, name: &str) -> Result<Option<Unit>> {
        let row: Option<UnitRow> = query_as(sql::SELECT_UNIT_BY_NAME)
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
        let rows: Vec<(i64, i64, String)> = query_as(sql::SELECT_ASSIGNMENTS)
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

    async fn units_of_item(&self, organization_id: &str, item: ItemRef) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = query_as(sql::SELECT_UNITS_OF_ITEM)
            .bind(organization_id)
            .bind(i64::from(item.dimension))
            .bind(i64::from(item.no))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    async fn items_of_unit(&self, organization_id: &str, unit_id: &str) -> Result<Vec<ItemRef>> {
        let rows: Vec<(i64, i64)> = query_as(sql::SELECT_ITEMS_OF_UNIT)
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
        let outcome = set_item_units(&mut tx, organization_id, item, unit_ids, actor).await;
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

    async fn user(&self, organization_id: &str, user_id: &str) -> Result<Option<StaffUser>> {
        let row: Option<UserRow> = query_as(sql::SELECT_USER)
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
        let rows: Vec<UserRow> = query_as(sql::SELECT_USERS)
            .bind(organization_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(UserRow::to_user).collect()
    }

    async fn organizations_with_email(&self, email: &Email) -> Result<Vec<crate::Organization>> {
        let rows: Vec<(String, String, String)> = query_as(sql::SELECT_ORGANIZATIONS_OF_EMAIL)
            .bind(email.as_str())
            .bind(true)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, slug, name)| crate::Organization { id, slug, name })
            .collect())
    }

    async fn credentials(
        &self,
        organization_id: &str,
        email: &Email,
    ) -> Result<Option<Credentials>> {
        let row: Option<UserRow> = query_as(sql::SELECT_USER_BY_EMAIL)
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
        query(sql::INSERT_SESSION)
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
        let row: Option<SessionRow> = query_as(sql::SELECT_SESSION)
            .bind(session_hash)
            .fetch_optional(&self.pool)
            .await?;
        row.map(SessionRow::into_info).transpose()
    }

    async fn touch_session(&self, session_hash: &str, at: OffsetDateTime) -> Result<()> {
        query(sql::TOUCH_SESSION)
            .bind(session_hash)
            .bind(whole_seconds(at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn delete_session(&self, session_hash: &str) -> Result<()> {
        query(sql::DELETE_SESSION)
            .bind(session_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn delete_expired_sessions(&self, now: OffsetDateTime) -> Result<u64> {
        let done = query(sql::DELETE_EXPIRED_SESSIONS)
            .bind(whole_seconds(now))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    async fn mark_reauthenticated(&self, session_hash: &str, at: OffsetDateTime) -> Result<()> {
        query(sql::MARK_REAUTHENTICATED)
            .bind(session_hash)
            .bind(whole_seconds(at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn totp_factor(
        &self,
        organization_id: &str,
        user_id: &str,
    ) -> Result<Option<TotpFactor>> {
        let row: Option<TotpRow> = query_as(sql::SELECT_TOTP)
            .bind(organization_id)
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(TotpFactor::from))
    }

    async fn enrol_totp(
        &self,
        organization_id: &str,
        user_id: &str,
        secret: &[u8],
        step: i64,
        actor: Option<&str>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let outcome = enrol_totp(&mut tx, organization_id, user_id, secret, step, actor).await;
        finish(tx, outcome).await
    }

    async fn accept_totp_step(
        &self,
        organization_id: &str,
        user_id: &str,
        step: i64,
    ) -> Result<bool> {
        let done = query(sql::ACCEPT_TOTP_STEP)
            .bind(organization_id)
            .bind(user_id)
            .bind(step)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn reset_totp(
        &self,
        organization_id: &str,
        user_id: &str,
        actor: Option<&str>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let outcome = reset_totp(&mut tx, organization_id, user_id, actor).await;
        finish(tx, outcome).await
    }

    async fn begin_login_attempt(
        &self,
        attempt: &LoginAttempt,
        throttle: &LoginThrottle,
    ) -> Result<AttemptStart> {
        let mut tx = self.begin_write().await?;
        let outcome = begin_login_attempt(&mut tx, attempt, throttle).await;
        finish(tx, outcome).await
    }

    async fn login_failed(
        &self,
        attempt: &LoginAttempt,
        throttle: &LoginThrottle,
    ) -> Result<LoginFailureOutcome> {
        let mut tx = self.begin_write().await?;
        let outcome = login_failed(&mut tx, attempt, throttle).await;
        finish(tx, outcome).await
    }

    async fn login_failures_since(
        &self,
        organization_id: &str,
        email: &str,
        client_ip: &str,
        since: OffsetDateTime,
    ) -> Result<i64> {
        let (n,): (i64,) = query_as(sql::COUNT_LOGIN_FAILURES)
            .bind(organization_id)
            .bind(email)
            .bind(client_ip)
            .bind(whole_seconds(since))
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }

    async fn login_succeeded(&self, attempt: &LoginAttempt, attempt_id: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        query(sql::DELETE_LOGIN_ATTEMPT)
            .bind(&attempt.organization_id)
            .bind(attempt_id)
            .execute(&mut tx)
            .await?;
        query(sql::CLEAR_LOGIN_FAILURES)
            .bind(&attempt.organization_id)
            .bind(&attempt.email)
            .bind(&attempt.client_ip)
            .execute(&mut tx)
            .await?;
        finish(tx, Ok(())).await
    }

    async fn audit_log(
        &self,
        organization_id: &str,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = query_as(sql::SELECT_AUDIT)
            .bind(organization_id)
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit.max(0))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(AuditRow::into_entry).collect()
    }

    async fn audit_log_where(
        &self,
        organization_id: &str,
        filter: &AuditFilter,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = query_as(sql::SELECT_AUDIT_WHERE)
            .bind(organization_id)
            .bind(before.unwrap_or(i64::MAX))
            .bind(filter.actor_user_id.as_deref())
            .bind(filter.action.as_deref())
            .bind(filter.from)
            .bind(filter.until)
            .bind(limit.max(0))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(AuditRow::into_entry).collect()
    }

    async fn audit_actions(&self, organization_id: &str) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = query_as(sql::AUDIT_ACTIONS)
            .bind(organization_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|(a,)| a).collect())
    }
}
