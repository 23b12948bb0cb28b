//! [`DisclosureStore`] for both databases, written once over `db` (the SQL is
//! in `sql.rs`). A write first takes its organisation (`db::Lock`): SQLite
//! checks it (its writers already queue behind `BEGIN IMMEDIATE`), PostgreSQL
//! locks it `FOR UPDATE`, so that audit ids and publication versions are
//! handed out one writer at a time.

use super::sql::*;
use super::{CatalogueChange, CatalogueSummary, DisclosureKey, DisclosureStore, PublicDisclosure};
use crate::accounts::audit_action;
use crate::db::{
    Arg, Lock, SqlStore, Tx, audit, finish, now_for_storage, organization_exists, query, query_as,
};
use crate::{Result, StoreError};
use async_trait::async_trait;
use std::collections::{BTreeMap, BTreeSet};
use sujarit_core::FiscalYear;
use sujarit_core::disclosure::{
    Catalogue, CatalogueError, CatalogueItem, DisclosureEvidence, DisclosureRecord, LinkCheck,
    LinkOutcome, Period, Publication, check_copy_year, check_not_applicable_reason, not_a_link,
};
use sujarit_core::refusal::{Clash, Missing, Refusal};
use sujarit_core::validation::FieldError;

/// Catalogue problems as the store reports them: core's message per field.
fn invalid(errors: Vec<CatalogueError>) -> StoreError {
    StoreError::Invalid(
        errors
            .into_iter()
            .map(|e| FieldError {
                field: e.field.unwrap_or("catalogue"),
                message: e.message,
            })
            .collect(),
    )
}

fn invalid_field(error: FieldError) -> StoreError {
    StoreError::Invalid(vec![error])
}

/// A period's key as its tables store it: organisation, fiscal year (BE),
/// item code and period (`$1`…`$4`).
fn period_key(org: &str, key: &DisclosureKey) -> [Arg; 4] {
    [
        org.into(),
        i64::from(key.fiscal_year.be()).into(),
        (&key.code).into(),
        key.period.key().into(),
    ]
}

/// "O1 (m10)": how a period is named in messages and the audit log.
fn target_of(key: &DisclosureKey) -> String {
    format!("{} {} ({})", key.fiscal_year, key.code, key.period.key())
}

fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Periods with publications, by code.
type PublishedPeriods = BTreeMap<String, BTreeSet<Period>>;

/// Codes whose published periods the new item (or its absence) would drop.
fn orphaned(published: &PublishedPeriods, code: &str, item: Option<&CatalogueItem>) -> bool {
    published.get(code).is_some_and(|periods| {
        periods
            .iter()
            .any(|p| item.is_none_or(|item| !item.cadence.has(*p)))
    })
}

/// The record of one period, created empty on first use.
fn record_entry<'a>(
    records: &'a mut BTreeMap<(String, Period), DisclosureRecord>,
    fiscal_year: FiscalYear,
    code: &str,
    period: Period,
) -> &'a mut DisclosureRecord {
    records
        .entry((code.to_owned(), period))
        .or_insert_with(|| DisclosureRecord {
            fiscal_year,
            code: code.to_owned(),
            period,
            owner_unit_override: None,
            current: None,
            last_link_check: None,
            not_applicable: None,
        })
}

async fn lock_organization(conn: &mut Tx<'_>, org: &str) -> Result<()> {
    organization_exists(conn, org, Lock::Organization).await
}

async fn read_catalogue(
    conn: &mut Tx<'_>,
    org: &str,
    year: FiscalYear,
) -> Result<Option<Catalogue>> {
    let row: Option<CatalogueRow> = query_as(SELECT_CATALOGUE)
        .bind(org)
        .bind(i64::from(year.be()))
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let items: Vec<ItemRow> = query_as(SELECT_ITEMS)
        .bind(org)
        .bind(i64::from(year.be()))
        .fetch_all(&mut *conn)
        .await?;
    Ok(Some(Catalogue {
        fiscal_year: fiscal_year(row.fiscal_year)?,
        title: row.title,
        description: row.description,
        items: items
            .into_iter()
            .map(ItemRow::into_item)
            .collect::<Result<_>>()?,
    }))
}

async fn read_item(
    conn: &mut Tx<'_>,
    org: &str,
    year: FiscalYear,
    code: &str,
) -> Result<Option<CatalogueItem>> {
    let row: Option<ItemRow> = query_as(SELECT_ITEM)
        .bind(org)
        .bind(i64::from(year.be()))
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(ItemRow::into_item).transpose()
}

/// The item of a key, which must have the key's period.
async fn require_period(
    conn: &mut Tx<'_>,
    org: &str,
    key: &DisclosureKey,
) -> Result<CatalogueItem> {
    let item = read_item(conn, org, key.fiscal_year, &key.code)
        .await?
        .ok_or_else(|| {
            StoreError::NotFound(Missing::CatalogueItem {
                code: key.code.clone(),
                fiscal_year: key.fiscal_year,
            })
        })?;
    if let Some(error) = item.check_period(key.period) {
        return Err(invalid_field(error));
    }
    Ok(item)
}

async fn published_periods(
    conn: &mut Tx<'_>,
    org: &str,
    year: FiscalYear,
) -> Result<PublishedPeriods> {
    let rows: Vec<(String, String)> = query_as(SELECT_PUBLISHED_PERIODS)
        .bind(org)
        .bind(i64::from(year.be()))
        .fetch_all(&mut *conn)
        .await?;
    let mut published = PublishedPeriods::new();
    for (code, key) in rows {
        published.entry(code).or_default().insert(period(&key)?);
    }
    Ok(published)
}

async fn write_item(
    conn: &mut Tx<'_>,
    org: &str,
    year: FiscalYear,
    position: usize,
    item: &CatalogueItem,
    insert: bool,
) -> Result<()> {
    let sql = if insert {
        insert_item_sql()
    } else {
        UPDATE_ITEM.to_owned()
    };
    query(&sql)
        .bind(org)
        .bind(i64::from(year.be()))
        .bind(item.code.trim())
        .bind(i64::try_from(position + 1).unwrap_or(i64::MAX))
        .bind(item.title.trim())
        .bind(item.topic.as_str())
        .bind(item.subheading.as_deref())
        .bind(item.contents.trim())
        .bind(item.cadence.as_str())
        .bind(item.due.to_string())
        .bind(item.owner_unit.as_deref())
        .bind(item.reconstructed)
        .bind(item.note.as_deref())
        .bind(item.generated_source.map(|s| s.as_str()))
        .bind(item.same_as.as_deref().map(str::trim))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Writes `catalogue` over whatever the year holds.
async fn install(
    conn: &mut Tx<'_>,
    org: &str,
    catalogue: &Catalogue,
    actor: &str,
    action: &str,
) -> Result<CatalogueChange> {
    let year = catalogue.fiscal_year;
    lock_organization(conn, org).await?;
    let existing = read_catalogue(conn, org, year).await?;
    let published = published_periods(conn, org, year).await?;
    let old_items: BTreeMap<String, CatalogueItem> = existing
        .iter()
        .flat_map(|c| c.items.iter())
        .map(|i| (i.code.clone(), i.clone()))
        .collect();
    let new_codes: BTreeSet<&str> = catalogue.items.iter().map(|i| i.code.trim()).collect();

    let blocked: Vec<&str> = published
        .keys()
        .map(String::as_str)
        .filter(|code| {
            let new_item = catalogue.items.iter().find(|i| i.code.trim() == *code);
            orphaned(&published, code, new_item)
        })
        .collect();
    if !blocked.is_empty() {
        return Err(StoreError::NotAllowed(Refusal::CatalogueDropsPublished {
            fiscal_year: year,
            codes: blocked.into_iter().map(str::to_string).collect(),
        }));
    }

    let now = now_for_storage();
    let title = catalogue.title.trim();
    let description = catalogue.description.as_deref().map(str::trim);
    let sql = if existing.is_some() {
        UPDATE_CATALOGUE
    } else {
        INSERT_CATALOGUE
    };
    query(sql)
        .bind(org)
        .bind(i64::from(year.be()))
        .bind(title)
        .bind(description)
        .bind(actor)
        .bind(now)
        .execute(&mut *conn)
        .await?;

    let mut change = CatalogueChange {
        created: existing.is_none(),
        ..CatalogueChange::default()
    };
    for code in old_items.keys() {
        if !new_codes.contains(code.as_str()) {
            query(DELETE_ITEM)
                .bind(org)
                .bind(i64::from(year.be()))
                .bind(code)
                .execute(&mut *conn)
                .await?;
            change.removed.push(code.clone());
        }
    }
    for (position, item) in catalogue.items.iter().enumerate() {
        let code = item.code.trim();
        match old_items.get(code) {
            None => {
                write_item(conn, org, year, position, item, true).await?;
                change.added.push(code.to_owned());
            }
            Some(old) => {
                write_item(conn, org, year, position, item, false).await?;
                if old != item {
                    change.updated.push(code.to_owned());
                }
            }
        }
    }
    audit(
        conn,
        org,
        Some(actor),
        action,
        &format!("{year}"),
        existing
            .as_ref()
            .map(|c| serde_json::json!({ "title": c.title, "item_count": c.items.len() })),
        Some(serde_json::json!({
            "title": title,
            "item_count": catalogue.items.len(),
            "added": change.added,
            "updated": change.updated,
            "removed": change.removed,
        })),
    )
    .await?;
    Ok(change)
}

async fn update_item(
    conn: &mut Tx<'_>,
    org: &str,
    year: FiscalYear,
    item: &CatalogueItem,
    actor: &str,
) -> Result<CatalogueItem> {
    lock_organization(conn, org).await?;
    let Some(mut catalogue) = read_catalogue(conn, org, year).await? else {
        return Err(StoreError::NotFound(Missing::Catalogue(year)));
    };
    let code = item.code.trim();
    let Some(position) = catalogue.items.iter().position(|i| i.code == code) else {
        return Err(StoreError::NotFound(Missing::CatalogueItem {
            code: code.to_string(),
            fiscal_year: year,
        }));
    };
    let published = published_periods(conn, org, year).await?;
    if orphaned(&published, code, Some(item)) {
        return Err(StoreError::NotAllowed(Refusal::CadenceDropsPublished {
            code: code.to_string(),
            cadence: item.cadence,
        }));
    }
    let before = catalogue.items[position].clone();
    let stored = CatalogueItem {
        code: code.to_owned(),
        ..item.clone()
    };
    catalogue.items[position] = stored.clone();
    // Sharing another item's document, or lending this one's, must still
    // hold with the item as changed (core's rules, the whole catalogue seen).
    let shared: Vec<CatalogueError> = catalogue
        .validate()
        .into_iter()
        .filter(|e| e.field == Some("same_as"))
        .collect();
    if !shared.is_empty() {
        return Err(invalid(shared));
    }
    write_item(conn, org, year, position, &stored, false).await?;
    query(TOUCH_CATALOGUE)
        .bind(org)
        .bind(i64::from(year.be()))
        .bind(actor)
        .bind(now_for_storage())
        .execute(&mut *conn)
        .await?;
    audit(
        conn,
        org,
        Some(actor),
        audit_action::DISCLOSURE_ITEM_UPDATED,
        &format!("{year} {code}"),
        Some(json(&before)),
        Some(json(&stored)),
    )
    .await?;
    // Read back: what the caller sees is what is stored.
    read_item(conn, org, year, code)
        .await?
        .ok_or_else(|| StoreError::NotFound(Missing::JustWritten(code.to_owned())))
}

async fn set_owner(
    conn: &mut Tx<'_>,
    org: &str,
    key: &DisclosureKey,
    unit: Option<&str>,
    actor: &str,
) -> Result<()> {
    lock_organization(conn, org).await?;
    require_period(conn, org, key).await?;
    let before: Option<(String,)> = query_as(SELECT_OWNER)
        .bind_all(period_key(org, key))
        .fetch_optional(&mut *conn)
        .await?;
    let unit = unit.map(str::trim).filter(|u| !u.is_empty());
    match unit {
        Some(unit) => {
            query(UPSERT_OWNER)
                .bind_all(period_key(org, key))
                .bind(unit)
                .bind(actor)
                .bind(now_for_storage())
                .execute(&mut *conn)
                .await?;
        }
        None => {
            query(DELETE_OWNER)
                .bind_all(period_key(org, key))
                .execute(&mut *conn)
                .await?;
        }
    }
    let before = before.map(|(u,)| u);
    if before.as_deref() != unit {
        audit(
            conn,
            org,
            Some(actor),
            audit_action::DISCLOSURE_OWNER_CHANGED,
            &target_of(key),
            before.map(|u| serde_json::json!({ "owner_unit": u })),
            unit.map(|u| serde_json::json!({ "owner_unit": u })),
        )
        .await?;
    }
    Ok(())
}

async fn publish(
    conn: &mut Tx<'_>,
    org: &str,
    key: &DisclosureKey,
    evidence: &DisclosureEvidence,
    note: Option<&str>,
    actor: &str,
) -> Result<Publication> {
    lock_organization(conn, org).await?;
    let item = require_period(conn, org, key).await?;
    // An item that uses another's document is published as that item: one
    // publication stands for both (core's `board` reads it for each).
    let asked = key;
    let shared_key;
    let key = match item.same_as.as_deref() {
        None => key,
        Some(_) => {
            let catalogue = read_catalogue(conn, org, key.fiscal_year)
                .await?
                .ok_or(StoreError::NotFound(Missing::Catalogue(key.fiscal_year)))?;
            shared_key = DisclosureKey {
                code: catalogue.publishing_code(&item).to_owned(),
                ..key.clone()
            };
            &shared_key
        }
    };
    let year = i64::from(key.fiscal_year.be());
    let period = key.period.key();
    let (version,): (i64,) = query_as(SELECT_NEXT_VERSION)
        .bind_all(period_key(org, key))
        .fetch_one(&mut *conn)
        .await?;
    let now = now_for_storage();
    query(SUPERSEDE)
        .bind_all(period_key(org, key))
        .bind(now)
        .execute(&mut *conn)
        .await?;
    let not_applicable = query(DELETE_NOT_APPLICABLE)
        .bind_all(period_key(org, key))
        .execute(&mut *conn)
        .await?
        .rows_affected();
    let id = uuid::Uuid::new_v4().to_string();
    let columns = EvidenceColumns::of(evidence);
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    query(INSERT_PUBLICATION)
        .bind(org)
        .bind(&id)
        .bind(year)
        .bind(&key.code)
        .bind(&period)
        .bind(version)
        .bind(columns.kind)
        .bind(columns.sha256)
        .bind(columns.file_name)
        .bind(columns.media_type)
        .bind(columns.size_bytes)
        .bind(columns.link_url)
        .bind(columns.generated_source)
        .bind(note)
        .bind(actor)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    let publication = publication_by_id(conn, org, &id)
        .await?
        .ok_or_else(|| StoreError::NotFound(Missing::JustWritten(id.clone())))?;
    audit(
        conn,
        org,
        Some(actor),
        audit_action::DISCLOSURE_PUBLISHED,
        &target_of(key),
        (not_applicable > 0).then(|| serde_json::json!({ "not_applicable": true })),
        Some({
            let mut entry = serde_json::json!({
                "publication_id": publication.id,
                "version": publication.version,
                "evidence": json(&publication.evidence),
                "note": publication.note,
            });
            if asked.code != key.code {
                // Published from the page of an item that uses this one's document.
                entry["published_from"] = asked.code.clone().into();
            }
            entry
        }),
    )
    .await?;
    Ok(publication)
}

async fn publication_by_id(conn: &mut Tx<'_>, org: &str, id: &str) -> Result<Option<Publication>> {
    let row: Option<PublicationRow> = query_as(SELECT_PUBLICATION)
        .bind(org)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(PublicationRow::into_publication).transpose()
}

async fn mark_not_applicable(
    conn: &mut Tx<'_>,
    org: &str,
    key: &DisclosureKey,
    reason: Option<&str>,
    actor: &str,
) -> Result<()> {
    lock_organization(conn, org).await?;
    require_period(conn, org, key).await?;
    let before: Option<(String,)> = query_as(SELECT_NOT_APPLICABLE)
        .bind_all(period_key(org, key))
        .fetch_optional(&mut *conn)
        .await?;
    let before = before.map(|(r,)| r);
    match reason {
        Some(reason) => {
            let (next_version,): (i64,) = query_as(SELECT_NEXT_VERSION)
                .bind_all(period_key(org, key))
                .fetch_one(&mut *conn)
                .await?;
            if next_version > 1 {
                return Err(StoreError::NotAllowed(Refusal::AlreadyPublished {
                    code: key.code.clone(),
                    period: key.period,
                    fiscal_year: key.fiscal_year,
                }));
            }
            query(UPSERT_NOT_APPLICABLE)
                .bind_all(period_key(org, key))
                .bind(reason)
                .bind(actor)
                .bind(now_for_storage())
                .execute(&mut *conn)
                .await?;
            audit(
                conn,
                org,
                Some(actor),
                audit_action::DISCLOSURE_NOT_APPLICABLE_MARKED,
                &target_of(key),
                before.map(|r| serde_json::json!({ "reason": r })),
                Some(serde_json::json!({ "reason": reason })),
            )
            .await?;
        }
        None => {
            let Some(before) = before else {
                return Ok(());
            };
            query(DELETE_NOT_APPLICABLE)
                .bind_all(period_key(org, key))
                .execute(&mut *conn)
                .await?;
            audit(
                conn,
                org,
                Some(actor),
                audit_action::DISCLOSURE_NOT_APPLICABLE_CLEARED,
                &target_of(key),
                Some(serde_json::json!({ "reason": before })),
                None,
            )
            .await?;
        }
    }
    Ok(())
}

async fn record_check(conn: &mut Tx<'_>, org: &str, check: &LinkCheck) -> Result<()> {
    lock_organization(conn, org).await?;
    let publication = publication_by_id(conn, org, &check.publication_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(Missing::Publication(check.publication_id.clone())))?;
    if !matches!(publication.evidence, DisclosureEvidence::Link { .. }) {
        return Err(invalid_field(not_a_link()));
    }
    let before: Option<LinkCheckRow> = query_as(SELECT_LINK_CHECK)
        .bind(org)
        .bind(&check.publication_id)
        .fetch_optional(&mut *conn)
        .await?;
    let was_broken = before.map(|row| row.into_check().is_broken());
    let (ok, status, error) = match &check.outcome {
        LinkOutcome::Ok { status } => (true, Some(i64::from(*status)), None),
        LinkOutcome::Failed { status, error } => {
            (false, status.map(i64::from), Some(error.as_str()))
        }
    };
    query(UPSERT_LINK_CHECK)
        .bind(org)
        .bind(&check.publication_id)
        .bind(check.checked_at)
        .bind(ok)
        .bind(status)
        .bind(error)
        .execute(&mut *conn)
        .await?;
    // Only a change of outcome is news; a first check that
    // passes is not.
    let action = match (was_broken, check.is_broken()) {
        (Some(false) | None, true) => Some(audit_action::DISCLOSURE_LINK_BROKEN),
        (Some(true), false) => Some(audit_action::DISCLOSURE_LINK_RESTORED),
        _ => None,
    };
    if let Some(action) = action {
        let key = DisclosureKey {
            fiscal_year: publication.fiscal_year,
            code: publication.code.clone(),
            period: publication.period,
        };
        audit(
            conn,
            org,
            None,
            action,
            &target_of(&key),
            None,
            Some(json(check)),
        )
        .await?;
    }
    Ok(())
}

#[async_trait]
impl DisclosureStore for SqlStore {
    async fn install_disclosure_catalogue(
        &self,
        organization_id: &str,
        catalogue: &Catalogue,
        actor: &str,
    ) -> Result<CatalogueChange> {
        let errors = catalogue.validate();
        if !errors.is_empty() {
            return Err(invalid(errors));
        }
        let mut tx = self.begin_write().await?;
        {
            let outcome = install(
                &mut tx,
                organization_id,
                catalogue,
                actor,
                audit_action::DISCLOSURE_CATALOGUE_INSTALLED,
            )
            .await;
            finish(tx, outcome).await
        }
    }

    async fn disclosure_catalogue_years(
        &self,
        organization_id: &str,
    ) -> Result<Vec<CatalogueSummary>> {
        let rows: Vec<CatalogueYearRow> = query_as(SELECT_CATALOGUE_YEARS)
            .bind(organization_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|row| {
                Ok(CatalogueSummary {
                    fiscal_year: fiscal_year(row.fiscal_year)?,
                    title: row.title,
                    item_count: row.item_count,
                    updated_by: row.updated_by,
                    updated_at: row.updated_at,
                })
            })
            .collect()
    }

    async fn disclosure_catalogue(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
    ) -> Result<Option<Catalogue>> {
        let mut tx = self.begin_read().await?;
        let catalogue = read_catalogue(&mut tx, organization_id, fiscal_year).await?;
        tx.commit().await?;
        Ok(catalogue)
    }

    async fn update_disclosure_item(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
        item: &CatalogueItem,
        actor: &str,
    ) -> Result<CatalogueItem> {
        let errors = item.validate();
        if !errors.is_empty() {
            return Err(invalid(errors));
        }
        let mut tx = self.begin_write().await?;
        {
            let outcome = update_item(&mut tx, organization_id, fiscal_year, item, actor).await;
            finish(tx, outcome).await
        }
    }

    async fn copy_disclosure_catalogue(
        &self,
        organization_id: &str,
        from: FiscalYear,
        to: FiscalYear,
        actor: &str,
    ) -> Result<Catalogue> {
        if let Some(error) = check_copy_year(to) {
            return Err(invalid_field(error));
        }
        let mut tx = self.begin_write().await?;
        {
            let outcome = async {
                lock_organization(&mut tx, organization_id).await?;
                let source = read_catalogue(&mut tx, organization_id, from)
                    .await?
                    .ok_or_else(|| StoreError::NotFound(Missing::Catalogue(from)))?;
                if read_catalogue(&mut tx, organization_id, to)
                    .await?
                    .is_some()
                {
                    return Err(StoreError::Conflict(Clash::Catalogue(to)));
                }
                let copy = source.copied_to(to);
                install(
                    &mut tx,
                    organization_id,
                    &copy,
                    actor,
                    audit_action::DISCLOSURE_CATALOGUE_COPIED,
                )
                .await?;
                Ok(copy)
            }
            .await;
            finish(tx, outcome).await
        }
    }

    async fn set_disclosure_owner(
        &self,
        organization_id: &str,
        key: &DisclosureKey,
        unit: Option<&str>,
        actor: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        {
            let outcome = set_owner(&mut tx, organization_id, key, unit, actor).await;
            finish(tx, outcome).await
        }
    }

    async fn publish_disclosure(
        &self,
        organization_id: &str,
        key: &DisclosureKey,
        evidence: &DisclosureEvidence,
        note: Option<&str>,
        actor: &str,
    ) -> Result<Publication> {
        let errors = evidence.validate();
        if !errors.is_empty() {
            return Err(invalid(errors));
        }
        let mut tx = self.begin_write().await?;
        {
            let outcome = publish(&mut tx, organization_id, key, evidence, note, actor).await;
            finish(tx, outcome).await
        }
    }

    async fn disclosure_history(
        &self,
        organization_id: &str,
        key: &DisclosureKey,
    ) -> Result<Vec<Publication>> {
        let rows: Vec<PublicationRow> = query_as(SELECT_HISTORY)
            .bind(organization_id)
            .bind(i64::from(key.fiscal_year.be()))
            .bind(&key.code)
            .bind(key.period.key())
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(PublicationRow::into_publication)
            .collect()
    }

    async fn mark_disclosure_not_applicable(
        &self,
        organization_id: &str,
        key: &DisclosureKey,
        reason: Option<&str>,
        actor: &str,
    ) -> Result<()> {
        let reason = check_not_applicable_reason(reason).map_err(invalid_field)?;
        let mut tx = self.begin_write().await?;
        {
            let outcome = mark_not_applicable(&mut tx, organization_id, key, reason, actor).await;
            finish(tx, outcome).await
        }
    }

    async fn disclosure_links_to_check(&self, organization_id: &str) -> Result<Vec<Publication>> {
        let rows: Vec<PublicationRow> = query_as(SELECT_CURRENT_LINKS)
            .bind(organization_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(PublicationRow::into_publication)
            .collect()
    }

    async fn record_link_check(&self, organization_id: &str, check: &LinkCheck) -> Result<()> {
        let mut tx = self.begin_write().await?;
        {
            let outcome = record_check(&mut tx, organization_id, check).await;
            finish(tx, outcome).await
        }
    }

    async fn disclosure_records(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
    ) -> Result<Vec<DisclosureRecord>> {
        let year = i64::from(fiscal_year.be());
        // One snapshot for all four tables.
        let mut tx = self.begin_read().await?;
        let Some(catalogue) = read_catalogue(&mut tx, organization_id, fiscal_year).await? else {
            return Ok(Vec::new());
        };
        let owners: Vec<OwnerRow> = query_as(SELECT_OWNERS_OF_YEAR)
            .bind(organization_id)
            .bind(year)
            .fetch_all(&mut tx)
            .await?;
        let marks: Vec<NotApplicableRow> = query_as(SELECT_NOT_APPLICABLE_OF_YEAR)
            .bind(organization_id)
            .bind(year)
            .fetch_all(&mut tx)
            .await?;
        let current: Vec<PublicationRow> = query_as(SELECT_CURRENT_OF_YEAR)
            .bind(organization_id)
            .bind(year)
            .fetch_all(&mut tx)
            .await?;
        let checks: Vec<LinkCheckRow> = query_as(SELECT_LINK_CHECKS_OF_YEAR)
            .bind(organization_id)
            .bind(year)
            .fetch_all(&mut tx)
            .await?;
        tx.commit().await?;

        let mut records: BTreeMap<(String, Period), DisclosureRecord> = BTreeMap::new();
        for row in owners {
            record_entry(&mut records, fiscal_year, &row.code, period(&row.period)?)
                .owner_unit_override = Some(row.owner_unit);
        }
        for row in marks {
            record_entry(&mut records, fiscal_year, &row.code, period(&row.period)?)
                .not_applicable = Some(row.mark());
        }
        let mut checks: BTreeMap<String, LinkCheck> = checks
            .into_iter()
            .map(|row| {
                let check = row.into_check();
                (check.publication_id.clone(), check)
            })
            .collect();
        for row in current {
            let publication = row.into_publication()?;
            let record = record_entry(
                &mut records,
                fiscal_year,
                &publication.code,
                publication.period,
            );
            record.last_link_check = checks.remove(&publication.id);
            record.current = Some(publication);
        }
        // Catalogue order, then the calendar order of periods.
        let position: BTreeMap<&str, usize> = catalogue
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.code.as_str(), i))
            .collect();
        let mut records: Vec<DisclosureRecord> = records.into_values().collect();
        records.sort_by_key(|r| {
            (
                position.get(r.code.as_str()).copied().unwrap_or(usize::MAX),
                r.period.fiscal_order(),
            )
        });
        Ok(records)
    }

    async fn public_disclosures(
        &self,
        organization_id: &str,
        fiscal_year: FiscalYear,
    ) -> Result<Vec<PublicDisclosure>> {
        let Some(catalogue) = self
            .disclosure_catalogue(organization_id, fiscal_year)
            .await?
        else {
            return Ok(Vec::new());
        };
        let records = self
            .disclosure_records(organization_id, fiscal_year)
            .await?;
        Ok(records
            .into_iter()
            .filter_map(|record| {
                let link_broken = record.period_record().link_broken;
                let publication = record.current?;
                let item = catalogue.items.iter().find(|i| i.code == record.code)?;
                Some(PublicDisclosure {
                    fiscal_year,
                    code: item.code.clone(),
                    title: item.title.clone(),
                    topic: item.topic,
                    subheading: item.subheading.clone(),
                    period: record.period,
                    evidence: publication.evidence,
                    last_updated_at: publication.published_at,
                    version: publication.version,
                    link_broken,
                })
            })
            .collect())
    }
}
