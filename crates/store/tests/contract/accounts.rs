//! Scenarios of the account storage contract (`AccountStore`): units and
//! item assignments, users, sessions, login throttling and the audit log.

use std::collections::BTreeMap;
use sujarit_core::account::{Email, Role};
use sujarit_core::{Dimension, Item, ItemKind, ItemRef, Mission, Plan, PlanReport};
use sujarit_store::{
    AttemptStart, AuditEntry, ImportSource, LoginAttempt, LoginGate, LoginThrottle, NewSession,
    NewUser, SaveOutcome, Store, StoreError, UserChange, audit_action,
};
use time::{Duration, OffsetDateTime};

use crate::harness::Raw;

contract! {
    units_come_from_the_plan_and_edits_stick,
    unit_names_are_unique_and_bad_edits_change_nothing,
    users_are_created_checked_and_audited,
    edits_are_audited_with_before_and_after,
    password_changes_end_the_other_sessions,
    sessions_round_trip_and_expire,
    login_attempts_are_counted_before_the_check,
    the_audit_log_pages_newest_first_per_organization,
    the_audit_log_is_append_only,
    concurrent_changes_get_distinct_audit_ids,
    totp_secrets_are_enrolled_once_used_once_and_reset,
    reauthentication_is_recorded_on_its_session,
}

// ---------------------------------------------------------------------------
// Scenarios

async fn units_come_from_the_plan_and_edits_stick(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let none = store.sync_units_from_plan(&org, None).await.expect("sync");
    assert_eq!(none, Default::default(), "no plan, nothing to take");
    import(store, &org).await;

    let sync = store.sync_units_from_plan(&org, None).await.expect("sync");
    let created: Vec<&str> = sync.units_created.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(created, ["กองยุทธศาสตร์ฯ", "สำนักคลัง", "กองการเจ้าหน้าที่"]);
    assert!(
        sync.units_created
            .iter()
            .all(|u| u.plan_name.as_deref() == Some(u.name.as_str()))
    );
    assert_eq!(sync.items_assigned, [r(1, 1), r(1, 2), r(2, 1)]);
    let units = store.units(&org).await.expect("units");
    let id = |name: &str| {
        units
            .iter()
            .find(|u| u.name == name)
            .unwrap_or_else(|| panic!("unit {name}"))
            .id
            .clone()
    };
    let (strategy, finance, personnel) = (id("กองยุทธศาสตร์ฯ"), id("สำนักคลัง"), id("กองการเจ้าหน้าที่"));
    assert_eq!(
        store
            .item_unit_assignments(&org)
            .await
            .expect("assignments"),
        BTreeMap::from([
            (
                r(1, 1),
                sorted_by_name(store, &org, &[&strategy, &finance]).await
            ),
            (r(1, 2), vec![finance.clone()]),
            (r(2, 1), vec![personnel.clone()]),
        ])
    );
    assert_eq!(
        store.items_of_unit(&org, &finance).await.expect("items"),
        [r(1, 1), r(1, 2)]
    );
    assert_eq!(
        store.units_of_item(&org, r(2, 2)).await.expect("units"),
        Vec::<String>::new(),
        "an item without a unit in the plan is nobody's"
    );

    let audit_before = audit_count(store, &org).await;
    let again = store.sync_units_from_plan(&org, None).await.expect("sync");
    assert_eq!(again, Default::default(), "a second sync finds nothing new");
    assert_eq!(
        audit_count(store, &org).await,
        audit_before,
        "and logs nothing"
    );

    // Renaming a unit and reassigning an item survive the next sync.
    let renamed = store
        .rename_unit(&org, &strategy, "กองยุทธศาสตร์และงบประมาณ", Some("admin-id"))
        .await
        .expect("rename");
    assert_eq!(renamed.name, "กองยุทธศาสตร์และงบประมาณ");
    assert_eq!(renamed.plan_name.as_deref(), Some("กองยุทธศาสตร์ฯ"));
    store
        .set_item_units(&org, r(1, 2), &[personnel.clone(), personnel.clone()], None)
        .await
        .expect("reassign");
    let rows_before = raw.row_counts().await;
    assert_eq!(
        store.sync_units_from_plan(&org, None).await.expect("sync"),
        Default::default()
    );
    assert_eq!(raw.row_counts().await, rows_before);
    assert_eq!(store.units(&org).await.expect("units").len(), 3);
    assert_eq!(
        store.units_of_item(&org, r(1, 2)).await.expect("units"),
        std::slice::from_ref(&personnel)
    );
    assert_eq!(
        store.items_of_unit(&org, &personnel).await.expect("items"),
        [r(1, 2), r(2, 1)]
    );

    let log = store.audit_log(&org, None, 10).await.expect("audit");
    assert_eq!(log[0].action, audit_action::ITEM_UNITS_CHANGED);
    assert_eq!(log[0].target, "1.2");
    assert_eq!(
        log[0].before,
        Some(serde_json::json!({ "units": ["สำนักคลัง"] }))
    );
    assert_eq!(
        log[0].after,
        Some(serde_json::json!({ "units": ["กองการเจ้าหน้าที่"] }))
    );
    assert_eq!(log[1].action, audit_action::UNIT_RENAMED);
    assert_eq!(log[1].actor_user_id.as_deref(), Some("admin-id"));
    assert_eq!(
        log[1].before,
        Some(serde_json::json!({ "name": "กองยุทธศาสตร์ฯ" }))
    );
    assert_eq!(log[2].action, audit_action::UNITS_SYNCED);
    assert_eq!(log[2].actor_user_id, None);

    // Setting the same units again is no change and logs nothing.
    let n = audit_count(store, &org).await;
    store
        .set_item_units(&org, r(1, 2), std::slice::from_ref(&personnel), None)
        .await
        .expect("same units");
    assert_eq!(audit_count(store, &org).await, n);
}

async fn unit_names_are_unique_and_bad_edits_change_nothing(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let other = self::org(store, "beta").await;
    let a = store
        .create_unit(&org, "กองช่าง", None)
        .await
        .expect("create");
    assert_eq!(a.plan_name, None);
    let b = store
        .create_unit(&org, "กองคลัง", None)
        .await
        .expect("create");
    store
        .create_unit(&other, "กองช่าง", None)
        .await
        .expect("the same name in another organisation");
    assert_eq!(
        store.unit_by_name(&org, "กองช่าง").await.expect("by name"),
        Some(a.clone())
    );
    assert_eq!(
        store.unit(&org, &a.id).await.expect("by id"),
        Some(a.clone())
    );
    assert_eq!(store.unit(&other, &a.id).await.expect("by id"), None);

    let rows = raw.row_counts().await;
    assert!(matches!(
        store.create_unit(&org, "กองช่าง", None).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store.rename_unit(&org, &b.id, "กองช่าง", None).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store
            .rename_unit(&org, "no-such-unit", "กองใหม่", None)
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store
            .set_item_units(&org, r(1, 1), &[a.id.clone(), "no-such-unit".into()], None)
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.create_unit("no-such-org", "กองช่าง", None).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(raw.row_counts().await, rows, "refused edits write nothing");
    assert_eq!(
        store
            .unit(&org, &b.id)
            .await
            .expect("by id")
            .expect("b")
            .name,
        "กองคลัง"
    );
}

async fn users_are_created_checked_and_audited(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    let unit = store
        .create_unit(&org, "กองการเจ้าหน้าที่", None)
        .await
        .expect("unit");
    let admin = store
        .create_user(
            &org,
            &new_user("Admin@Example.org", Role::Administrator, None),
            None,
        )
        .await
        .expect("admin");
    assert_eq!(admin.email, "admin@example.org");
    assert!(admin.active);
    assert_eq!(admin.unit_id, None);
    let officer = store
        .create_user(
            &org,
            &new_user("officer@example.org", Role::UnitOfficer, Some(&unit.id)),
            Some(&admin.id),
        )
        .await
        .expect("officer");
    assert_eq!(officer.unit_id.as_deref(), Some(unit.id.as_str()));
    // A unit given to a role without one is dropped, not stored.
    let executive = store
        .create_user(
            &org,
            &new_user("exec@example.org", Role::Executive, Some(&unit.id)),
            Some(&admin.id),
        )
        .await
        .expect("executive");
    assert_eq!(executive.unit_id, None);

    let rows = raw.row_counts().await;
    assert!(matches!(
        store
            .create_user(
                &org,
                &new_user("x@example.org", Role::UnitOfficer, None),
                None
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store
            .create_user(
                &org,
                &new_user("x@example.org", Role::UnitOfficer, Some("no-such-unit")),
                None
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store
            .create_user(
                &org,
                &new_user("ADMIN@example.org", Role::Auditor, None),
                None
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        raw.row_counts().await,
        rows,
        "refused accounts write nothing"
    );

    // The same email in another organisation is another account.
    let other = self::org(store, "beta").await;
    store
        .create_user(
            &other,
            &new_user("admin@example.org", Role::Auditor, None),
            None,
        )
        .await
        .expect("same email elsewhere");

    let users = store.users(&org).await.expect("users");
    let emails: Vec<&str> = users.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(
        emails,
        [
            "admin@example.org",
            "exec@example.org",
            "officer@example.org"
        ]
    );
    assert_eq!(
        store.user(&org, &officer.id).await.expect("user"),
        Some(officer.clone())
    );
    assert_eq!(store.user(&other, &officer.id).await.expect("user"), None);
    let email = Email::parse("OFFICER@example.org").expect("email");
    let credentials = store
        .credentials(&org, &email)
        .await
        .expect("credentials")
        .expect("found");
    assert_eq!(credentials.user, officer);
    assert_eq!(credentials.password_hash, hash_of("officer@example.org"));
    assert_eq!(
        store.user_by_email(&org, &email).await.expect("by email"),
        Some(officer.clone())
    );

    let log = store.audit_log(&org, None, 10).await.expect("audit");
    let created: Vec<&AuditEntry> = log
        .iter()
        .filter(|e| e.action == audit_action::USER_CREATED)
        .collect();
    assert_eq!(created.len(), 3);
    let entry = created
        .iter()
        .find(|e| e.target == "officer@example.org")
        .expect("officer's entry");
    assert_eq!(entry.actor_user_id.as_deref(), Some(admin.id.as_str()));
    assert_eq!(entry.actor_email.as_deref(), Some("admin@example.org"));
    assert_eq!(entry.before, None);
    assert_eq!(
        entry.after,
        Some(serde_json::json!({
            "email": "officer@example.org",
            "display_name": "ผู้ใช้ officer@example.org",
            "role": "unit_officer",
            "unit": "กองการเจ้าหน้าที่",
            "active": true,
            "must_change_password": true,
        }))
    );
    assert_no_hash_in_log(store, &org).await;
}

async fn edits_are_audited_with_before_and_after(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let personnel = store
        .create_unit(&org, "กองการเจ้าหน้าที่", None)
        .await
        .expect("unit");
    let finance = store
        .create_unit(&org, "สำนักคลัง", None)
        .await
        .expect("unit");
    let admin = store
        .create_user(
            &org,
            &new_user("admin@example.org", Role::Administrator, None),
            None,
        )
        .await
        .expect("admin");
    let user = store
        .create_user(
            &org,
            &new_user(
                "somchai@example.org",
                Role::UnitOfficer,
                Some(&personnel.id),
            ),
            None,
        )
        .await
        .expect("officer");
    let session = session_for(store, &org, &user.id, 8).await;
    let actor = Some(admin.id.as_str());
    let change = |role: Role, unit: Option<&str>, active: bool| UserChange {
        display_name: "สมชาย ใจดี".into(),
        role,
        unit_id: unit.map(str::to_owned),
        active,
    };

    // Name only.
    let edited = store
        .update_user(
            &org,
            &user.id,
            &change(Role::UnitOfficer, Some(&personnel.id), true),
            actor,
        )
        .await
        .expect("rename");
    assert_eq!(edited.display_name, "สมชาย ใจดี");
    let last = last_entry(store, &org).await;
    assert_eq!(last.action, audit_action::USER_UPDATED);
    assert_eq!(
        last.before.as_ref().unwrap()["display_name"],
        "ผู้ใช้ somchai@example.org"
    );
    assert_eq!(last.after.as_ref().unwrap()["display_name"], "สมชาย ใจดี");

    // Unit.
    store
        .update_user(
            &org,
            &user.id,
            &change(Role::UnitOfficer, Some(&finance.id), true),
            actor,
        )
        .await
        .expect("move");
    let last = last_entry(store, &org).await;
    assert_eq!(last.action, audit_action::USER_UNIT_CHANGED);
    assert_eq!(last.before.as_ref().unwrap()["unit"], "กองการเจ้าหน้าที่");
    assert_eq!(last.after.as_ref().unwrap()["unit"], "สำนักคลัง");

    // Role: leaving the unit officers leaves the unit too.
    let promoted = store
        .update_user(
            &org,
            &user.id,
            &change(Role::PlanCoordinator, Some(&finance.id), true),
            actor,
        )
        .await
        .expect("promote");
    assert_eq!(promoted.unit_id, None);
    let last = last_entry(store, &org).await;
    assert_eq!(last.action, audit_action::USER_ROLE_CHANGED);
    assert_eq!(last.before.as_ref().unwrap()["role"], "unit_officer");
    assert_eq!(last.after.as_ref().unwrap()["role"], "plan_coordinator");
    assert_eq!(
        last.after.as_ref().unwrap()["unit"],
        serde_json::Value::Null
    );

    // Back to unit officer without a unit: refused, nothing logged.
    let n = audit_count(store, &org).await;
    assert!(matches!(
        store
            .update_user(
                &org,
                &user.id,
                &change(Role::UnitOfficer, None, true),
                actor
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(audit_count(store, &org).await, n);

    // No change: nothing logged.
    store
        .update_user(
            &org,
            &user.id,
            &change(Role::PlanCoordinator, None, true),
            actor,
        )
        .await
        .expect("same");
    assert_eq!(audit_count(store, &org).await, n);

    // Deactivating ends the sessions.
    assert!(store.session(&session).await.expect("session").is_some());
    let off = store
        .update_user(
            &org,
            &user.id,
            &change(Role::PlanCoordinator, None, false),
            actor,
        )
        .await
        .expect("deactivate");
    assert!(!off.active);
    assert_eq!(
        last_entry(store, &org).await.action,
        audit_action::USER_DEACTIVATED
    );
    assert!(store.session(&session).await.expect("session").is_none());
    store
        .update_user(
            &org,
            &user.id,
            &change(Role::PlanCoordinator, None, true),
            actor,
        )
        .await
        .expect("reactivate");
    assert_eq!(
        last_entry(store, &org).await.action,
        audit_action::USER_REACTIVATED
    );

    assert!(matches!(
        store
            .update_user(
                &org,
                "no-such-user",
                &change(Role::Auditor, None, true),
                actor
            )
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_no_hash_in_log(store, &org).await;
}

async fn password_changes_end_the_other_sessions(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let admin = store
        .create_user(
            &org,
            &new_user("admin@example.org", Role::Administrator, None),
            None,
        )
        .await
        .expect("admin");
    let user = store
        .create_user(
            &org,
            &new_user("auditor@example.org", Role::Auditor, None),
            None,
        )
        .await
        .expect("auditor");
    let here = session_for(store, &org, &user.id, 8).await;
    let there = session_for(store, &org, &user.id, 8).await;
    let admins = session_for(store, &org, &admin.id, 8).await;

    // The user changes their own password from `here`.
    store
        .set_password(
            &org,
            &user.id,
            "$argon2id$new",
            false,
            Some(&here),
            Some(&user.id),
        )
        .await
        .expect("change");
    let email = Email::parse("auditor@example.org").expect("email");
    let credentials = store
        .credentials(&org, &email)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(credentials.password_hash, "$argon2id$new");
    assert!(!credentials.user.must_change_password);
    assert!(store.session(&here).await.expect("read").is_some());
    assert!(store.session(&there).await.expect("read").is_none());
    assert!(
        store.session(&admins).await.expect("read").is_some(),
        "others' sessions stay"
    );
    let last = last_entry(store, &org).await;
    assert_eq!(last.action, audit_action::PASSWORD_CHANGED);
    assert_eq!(last.target, "auditor@example.org");
    assert_eq!(
        last.before,
        Some(serde_json::json!({ "must_change_password": true }))
    );
    assert_eq!(
        last.after,
        Some(serde_json::json!({ "must_change_password": false }))
    );

    // The administrator resets it: every session of the user ends.
    store
        .set_password(
            &org,
            &user.id,
            "$argon2id$reset",
            true,
            None,
            Some(&admin.id),
        )
        .await
        .expect("reset");
    assert!(store.session(&here).await.expect("read").is_none());
    let last = last_entry(store, &org).await;
    assert_eq!(last.action, audit_action::PASSWORD_RESET);
    assert_eq!(last.actor_user_id.as_deref(), Some(admin.id.as_str()));
    assert!(
        store
            .user(&org, &user.id)
            .await
            .expect("read")
            .expect("found")
            .must_change_password
    );
    assert!(matches!(
        store
            .set_password(&org, "nobody", "$x", false, None, None)
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert_no_hash_in_log(store, &org).await;
}

async fn sessions_round_trip_and_expire(store: &dyn Store, _raw: &Raw) {
    let org_id = org(store, "alpha").await;
    let unit = store
        .create_unit(&org_id, "สำนักคลัง", None)
        .await
        .expect("unit");
    let user = store
        .create_user(
            &org_id,
            &new_user("a@example.org", Role::UnitOfficer, Some(&unit.id)),
            None,
        )
        .await
        .expect("user");
    let now = OffsetDateTime::now_utc();
    let fresh = session_for(store, &org_id, &user.id, 8).await;
    let stale = "e".repeat(64);
    store
        .create_session(&NewSession {
            organization_id: org_id.clone(),
            user_id: user.id.clone(),
            session_hash: stale.clone(),
            created_at: now - Duration::hours(10),
            expires_at: now - Duration::hours(2),
        })
        .await
        .expect("stale session");

    let info = store.session(&fresh).await.expect("read").expect("found");
    assert_eq!(info.session_hash, fresh);
    assert_eq!(info.user, user);
    assert_eq!(info.organization.id, org_id);
    assert_eq!(info.organization.slug, "alpha");
    assert!(info.expires_at > now + Duration::hours(7));
    assert_eq!(info.last_seen_at, info.created_at);
    assert_eq!(info.created_at.nanosecond(), 0, "whole seconds");

    // Stored sessions are returned whatever their age; expiry is the caller's rule.
    let old = store.session(&stale).await.expect("read").expect("found");
    assert!(old.expires_at < now);

    let later = now + Duration::minutes(30);
    store.touch_session(&fresh, later).await.expect("touch");
    let touched = store.session(&fresh).await.expect("read").expect("found");
    assert_eq!(
        touched.last_seen_at.unix_timestamp(),
        later.unix_timestamp()
    );

    assert_eq!(store.delete_expired_sessions(now).await.expect("expire"), 1);
    assert!(store.session(&stale).await.expect("read").is_none());
    assert!(store.session(&fresh).await.expect("read").is_some());
    store.delete_session(&fresh).await.expect("logout");
    assert!(store.session(&fresh).await.expect("read").is_none());
    assert!(store.session("unknown").await.expect("read").is_none());
}

async fn login_attempts_are_counted_before_the_check(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let throttle = LoginThrottle::default();
    let attempt = |ip: &str, at: OffsetDateTime| LoginAttempt {
        organization_id: org.clone(),
        email: "somchai@example.org".into(),
        client_ip: ip.into(),
        at,
    };
    let begin = |ip: &str, at: OffsetDateTime| {
        let attempt = attempt(ip, at);
        async move {
            store
                .begin_login_attempt(&attempt, &throttle)
                .await
                .expect("begin")
        }
    };
    let counted = |start: AttemptStart| match start {
        AttemptStart::Counted { attempt_id } => attempt_id,
        AttemptStart::Refused(gate) => panic!("refused: {gate:?}"),
    };
    // An attempt from long ago is forgotten when the next one begins.
    counted(begin("10.0.0.1", now - Duration::hours(1)).await);
    // Five attempts still running from one address: the sixth is refused
    // before any of them was checked.
    let mut running = Vec::new();
    for _ in 0..5 {
        running.push(counted(begin("10.0.0.1", now).await));
    }
    assert_eq!(
        begin("10.0.0.1", now).await,
        AttemptStart::Refused(LoginGate::Locked)
    );
    let failed = store
        .login_failed(&attempt("10.0.0.1", now), &throttle)
        .await
        .expect("failed");
    assert_eq!(failed.failures_in_window, 5, "the old one was pruned");
    assert!(failed.locked_now);
    let log = store.audit_log(&org, None, 10).await.expect("audit");
    assert_eq!(log.len(), 1, "one lockout, logged once");
    assert_eq!(log[0].action, audit_action::LOGIN_LOCKED);
    assert_eq!(log[0].target, "somchai@example.org");
    assert_eq!(log[0].actor_user_id, None);
    assert_eq!(log[0].after.as_ref().unwrap()["client_ip"], "10.0.0.1");

    // Other addresses have their own tries, but the account's ten free ones
    // are shared: then each try waits, twice as long each time.
    let mut second = Vec::new();
    for _ in 0..5 {
        second.push(counted(begin("10.0.0.2", now).await));
    }
    assert_eq!(
        begin("10.0.0.3", now).await,
        AttemptStart::Refused(LoginGate::BackOff {
            retry_after: Duration::seconds(1)
        })
    );
    counted(begin("10.0.0.3", now + Duration::seconds(1)).await);
    assert_eq!(
        begin("10.0.0.4", now + Duration::seconds(1)).await,
        AttemptStart::Refused(LoginGate::BackOff {
            retry_after: Duration::seconds(2)
        })
    );

    // A success forgets its own attempt and its address's failures only.
    store
        .login_succeeded(&attempt("10.0.0.2", now), &second[0])
        .await
        .expect("success");
    // (10.0.0.1's five and 10.0.0.3's one remain: four free tries are left.)
    for _ in 0..4 {
        counted(begin("10.0.0.2", now + Duration::seconds(60)).await);
    }
    assert!(matches!(
        begin("10.0.0.2", now + Duration::seconds(60)).await,
        AttemptStart::Refused(LoginGate::BackOff { .. })
    ));
    assert_eq!(
        begin("10.0.0.1", now + Duration::seconds(60)).await,
        AttemptStart::Refused(LoginGate::Locked),
        "the first address is still locked"
    );
    // The window passes: everything is forgotten.
    counted(begin("10.0.0.1", now + Duration::minutes(16)).await);
}

async fn the_audit_log_pages_newest_first_per_organization(store: &dyn Store, _raw: &Raw) {
    let alpha = org(store, "alpha").await;
    let beta = org(store, "beta").await;
    for name in ["กองที่หนึ่ง", "กองที่สอง", "กองที่สาม"]
    {
        store.create_unit(&alpha, name, None).await.expect("unit");
    }
    store
        .create_unit(&beta, "กองของเบตา", None)
        .await
        .expect("unit");

    let all = store.audit_log(&alpha, None, 100).await.expect("audit");
    let ids: Vec<i64> = all.iter().map(|e| e.id).collect();
    assert_eq!(ids, [3, 2, 1], "ids count per organisation, newest first");
    let targets: Vec<&str> = all.iter().map(|e| e.target.as_str()).collect();
    assert_eq!(targets, ["กองที่สาม", "กองที่สอง", "กองที่หนึ่ง"]);
    assert!(all.iter().all(|e| e.organization_id == alpha));
    assert!(all[0].at >= all[2].at);

    let page = store.audit_log(&alpha, None, 2).await.expect("page 1");
    assert_eq!(page.iter().map(|e| e.id).collect::<Vec<_>>(), [3, 2]);
    let page = store.audit_log(&alpha, Some(2), 2).await.expect("page 2");
    assert_eq!(page.iter().map(|e| e.id).collect::<Vec<_>>(), [1]);
    assert_eq!(
        store.audit_log(&alpha, Some(1), 2).await.expect("end"),
        vec![]
    );

    let b = store.audit_log(&beta, None, 100).await.expect("audit");
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].id, 1);
    assert_eq!(b[0].action, audit_action::UNIT_CREATED);
}

async fn the_audit_log_is_append_only(store: &dyn Store, raw: &Raw) {
    let org = org(store, "alpha").await;
    store.create_unit(&org, "กองช่าง", None).await.expect("unit");
    for statement in [
        "UPDATE audit_log SET target = 'แก้ไข'",
        "DELETE FROM audit_log",
    ] {
        let refused = match raw {
            Raw::Sqlite(path) => {
                use sqlx::Connection;
                let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
                let mut conn = sqlx::SqliteConnection::connect_with(&options)
                    .await
                    .expect("open");
                sqlx::query(statement).execute(&mut conn).await.is_err()
            }
            Raw::Postgres(url) => {
                use sqlx::Connection;
                let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
                sqlx::query(statement).execute(&mut conn).await.is_err()
            }
        };
        assert!(refused, "{statement} must be refused");
    }
    let log = store.audit_log(&org, None, 10).await.expect("audit");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].target, "กองช่าง");
}

async fn concurrent_changes_get_distinct_audit_ids(store: &dyn Store, _raw: &Raw) {
    let org = org(store, "alpha").await;
    let create = |n: usize| {
        let org = org.clone();
        async move {
            store
                .create_user(
                    &org,
                    &new_user(&format!("user{n}@example.org"), Role::Executive, None),
                    None,
                )
                .await
                .expect("create concurrently")
        }
    };
    let _ = tokio::join!(
        create(1),
        create(2),
        create(3),
        create(4),
        create(5),
        create(6)
    );
    let mut ids: Vec<i64> = store
        .audit_log(&org, None, 100)
        .await
        .expect("audit")
        .iter()
        .map(|e| e.id)
        .collect();
    ids.sort();
    assert_eq!(ids, [1, 2, 3, 4, 5, 6]);
    assert_eq!(store.users(&org).await.expect("users").len(), 6);
}

async fn totp_secrets_are_enrolled_once_used_once_and_reset(store: &dyn Store, _raw: &Raw) {
    let org_id = org(store, "alpha").await;
    let user = store
        .create_user(
            &org_id,
            &new_user("admin@example.org", Role::Administrator, None),
            None,
        )
        .await
        .expect("user");
    let secret = [7u8; 20];
    assert!(
        store
            .totp_factor(&org_id, &user.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        !store
            .accept_totp_step(&org_id, &user.id, 100)
            .await
            .unwrap(),
        "no secret, no code"
    );
    let session = session_for(store, &org_id, &user.id, 8).await;
    assert!(
        !store
            .session(&session)
            .await
            .unwrap()
            .unwrap()
            .totp_enrolled
    );

    let entries = audit_count(store, &org_id).await;
    assert!(
        store
            .enrol_totp(&org_id, &user.id, &secret, 1_000, Some(&user.id))
            .await
            .unwrap()
    );
    let factor = store
        .totp_factor(&org_id, &user.id)
        .await
        .unwrap()
        .expect("enrolled");
    assert_eq!(factor.secret, secret);
    assert_eq!(factor.last_step, 1_000, "the confirming code is used");
    assert!(factor.enrolled_at <= OffsetDateTime::now_utc());
    assert!(
        !format!("{factor:?}").contains("7, 7"),
        "no secret in Debug"
    );
    assert!(
        store
            .session(&session)
            .await
            .unwrap()
            .unwrap()
            .totp_enrolled
    );
    let entry = last_entry(store, &org_id).await;
    assert_eq!(entry.action, audit_action::TOTP_ENROLLED);
    assert_eq!(entry.target, "admin@example.org");
    assert_eq!(entry.actor_user_id.as_deref(), Some(user.id.as_str()));
    assert_eq!(
        entry.after,
        Some(serde_json::json!({ "second_factor": "totp" }))
    );

    // A second secret does not replace the first.
    assert!(
        !store
            .enrol_totp(&org_id, &user.id, &[9u8; 20], 2_000, None)
            .await
            .unwrap()
    );
    let unchanged = store.totp_factor(&org_id, &user.id).await.unwrap().unwrap();
    assert_eq!(unchanged, factor);
    assert_eq!(audit_count(store, &org_id).await, entries + 1);

    // A code is accepted once: only a later step passes.
    for step in [999, 1_000] {
        assert!(
            !store
                .accept_totp_step(&org_id, &user.id, step)
                .await
                .unwrap()
        );
    }
    assert!(
        store
            .accept_totp_step(&org_id, &user.id, 1_001)
            .await
            .unwrap()
    );
    assert!(
        !store
            .accept_totp_step(&org_id, &user.id, 1_001)
            .await
            .unwrap()
    );
    let (a, b) = tokio::join!(
        store.accept_totp_step(&org_id, &user.id, 1_005),
        store.accept_totp_step(&org_id, &user.id, 1_005)
    );
    assert_eq!(
        u8::from(a.unwrap()) + u8::from(b.unwrap()),
        1,
        "two requests with one code: one wins"
    );
    // Steps are per account and per organisation.
    let other_org = org(store, "beta").await;
    assert!(
        store
            .totp_factor(&other_org, &user.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        !store
            .accept_totp_step(&other_org, &user.id, 5_000)
            .await
            .unwrap()
    );

    for result in [
        store
            .enrol_totp(&org_id, "no-such-user", &secret, 1, None)
            .await,
        store.reset_totp(&org_id, "no-such-user", None).await,
    ] {
        assert!(matches!(result, Err(StoreError::NotFound(_))), "{result:?}");
    }

    // A reset removes the secret and ends the account's sessions.
    assert!(store.reset_totp(&org_id, &user.id, None).await.unwrap());
    assert!(
        store
            .totp_factor(&org_id, &user.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.session(&session).await.unwrap().is_none());
    let entry = last_entry(store, &org_id).await;
    assert_eq!(entry.action, audit_action::TOTP_RESET);
    assert_eq!(entry.target, "admin@example.org");
    assert_eq!(entry.actor_user_id, None, "the command line");
    let entries = audit_count(store, &org_id).await;
    assert!(!store.reset_totp(&org_id, &user.id, None).await.unwrap());
    assert_eq!(
        audit_count(store, &org_id).await,
        entries,
        "nothing to reset"
    );

    // Enrolled afresh, the new secret's steps start over.
    assert!(
        store
            .enrol_totp(&org_id, &user.id, &[8u8; 20], 10, Some(&user.id))
            .await
            .unwrap()
    );
    assert!(store.accept_totp_step(&org_id, &user.id, 11).await.unwrap());
}

async fn reauthentication_is_recorded_on_its_session(store: &dyn Store, _raw: &Raw) {
    let org_id = org(store, "alpha").await;
    let user = store
        .create_user(
            &org_id,
            &new_user("io@example.org", Role::IntegrityOfficer, None),
            None,
        )
        .await
        .expect("user");
    let here = session_for(store, &org_id, &user.id, 8).await;
    let there = session_for(store, &org_id, &user.id, 8).await;
    assert_eq!(
        store
            .session(&here)
            .await
            .unwrap()
            .unwrap()
            .reauthenticated_at,
        None,
        "not since login"
    );
    let at = OffsetDateTime::now_utc() + Duration::minutes(3);
    store.mark_reauthenticated(&here, at).await.expect("mark");
    let info = store.session(&here).await.unwrap().unwrap();
    assert_eq!(
        info.reauthenticated_at.map(OffsetDateTime::unix_timestamp),
        Some(at.unix_timestamp())
    );
    assert_eq!(
        store
            .session(&there)
            .await
            .unwrap()
            .unwrap()
            .reauthenticated_at,
        None,
        "only the session it happened in"
    );
}

// ---------------------------------------------------------------------------
// Helpers

fn r(dimension: u8, no: u32) -> ItemRef {
    ItemRef { dimension, no }
}

async fn org(store: &dyn Store, slug: &str) -> String {
    store
        .ensure_organization(slug, &format!("เทศบาล {slug}"))
        .await
        .expect("organization")
        .id
}

/// A stand-in for an argon2 hash: the store only keeps and returns it.
fn hash_of(email: &str) -> String {
    format!("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$hash-of-{email}")
}

fn new_user(email: &str, role: Role, unit_id: Option<&str>) -> NewUser {
    let email = Email::parse(email).expect("valid email");
    NewUser {
        display_name: format!("ผู้ใช้ {email}"),
        password_hash: hash_of(email.as_str()),
        email,
        role,
        unit_id: unit_id.map(str::to_owned),
        must_change_password: true,
    }
}

/// A new session lasting `hours`; returns its hash.
async fn session_for(store: &dyn Store, org: &str, user_id: &str, hours: i64) -> String {
    let now = OffsetDateTime::now_utc();
    let hash = format!("{:0>64}", uuid::Uuid::new_v4().simple());
    store
        .create_session(&NewSession {
            organization_id: org.to_owned(),
            user_id: user_id.to_owned(),
            session_hash: hash.clone(),
            created_at: now,
            expires_at: now + Duration::hours(hours),
        })
        .await
        .expect("session");
    hash
}

async fn audit_count(store: &dyn Store, org: &str) -> usize {
    store.audit_log(org, None, 1000).await.expect("audit").len()
}

async fn last_entry(store: &dyn Store, org: &str) -> AuditEntry {
    store
        .audit_log(org, None, 1)
        .await
        .expect("audit")
        .pop()
        .expect("an entry")
}

async fn assert_no_hash_in_log(store: &dyn Store, org: &str) {
    for entry in store.audit_log(org, None, 1000).await.expect("audit") {
        let text = format!("{:?} {:?}", entry.before, entry.after);
        assert!(!text.contains("argon2"), "a hash in the log: {text}");
        assert!(!text.contains("password_hash"), "{text}");
    }
}

/// Unit ids ordered by their unit's name, the order the store lists them in.
async fn sorted_by_name(store: &dyn Store, org: &str, ids: &[&String]) -> Vec<String> {
    let units = store.units(org).await.expect("units");
    units
        .into_iter()
        .filter(|u| ids.contains(&&u.id))
        .map(|u| u.id)
        .collect()
}

/// A plan of four items whose responsible units are the ones a real plan
/// writes: 1.1 by two units, 1.2 and 2.1 by one, 2.2 by none.
async fn import(store: &dyn Store, org: &str) {
    let item = |dimension: u8, no: u32, units: &[&str]| Item {
        dimension,
        no,
        kind: Some(ItemKind::Project),
        name: format!("โครงการ {dimension}.{no}"),
        budget: BTreeMap::new(),
        units: units.iter().map(|u| u.to_string()).collect(),
        form: None,
        line: None,
    };
    let plan = Plan {
        organization: "เทศบาลทดสอบ".into(),
        title: "แผนปฏิบัติการป้องกันการทุจริต".into(),
        dimensions: vec![
            Dimension {
                no: 1,
                name: "มิติที่ 1".into(),
                stated_item_count: None,
                stated_budget: BTreeMap::new(),
                missions: vec![Mission {
                    code: "1.1".into(),
                    name: "ภารกิจ".into(),
                    items: vec![
                        item(1, 1, &["กองยุทธศาสตร์ฯ", "สำนักคลัง"]),
                        item(1, 2, &["สำนักคลัง"]),
                    ],
                }],
            },
            Dimension {
                no: 2,
                name: "มิติที่ 2".into(),
                stated_item_count: None,
                stated_budget: BTreeMap::new(),
                missions: vec![Mission {
                    code: "2.1".into(),
                    name: "ภารกิจ".into(),
                    items: vec![item(2, 1, &[" กองการเจ้าหน้าที่ "]), item(2, 2, &[])],
                }],
            },
        ],
        ..Plan::default()
    };
    let report = PlanReport {
        plan,
        findings: vec![],
    };
    let source = ImportSource {
        file_name: "แผน.txt".into(),
        sha256: "cd".repeat(32),
    };
    let outcome = store
        .save_plan_import(org, &report, &source)
        .await
        .expect("import");
    assert!(matches!(outcome, SaveOutcome::Saved(_)));
}
