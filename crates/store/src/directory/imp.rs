//! [`DirectoryStore`] for both databases, written once over `db`.

use super::sql::*;
use super::{DirectoryImport, DirectoryImportRow, DirectoryStore, Listed};
use crate::accounts::audit_action;
use crate::db::{
    Lock, SqlStore, Tx, audit, finish, now_for_storage, organization_exists, query, query_as,
};
use crate::plans::sql::{INSERT_ORGANIZATION_IF_NEW, OrganizationRow, SELECT_ORGANIZATION_BY_SLUG};
use crate::{NewUser, Organization, Result, StoreError};
use async_trait::async_trait;
use sujarit_core::account::{Role, role_fits_organization};
use sujarit_core::directory::{DirectoryEntry, OrganizationKind, OversightScope};
use sujarit_core::refusal::Clash;
use sujarit_core::validation::FieldError;

/// Refuses `role` in an organisation whose directory kind it does not fit
/// (`account::role_fits_organization`), read in the caller's transaction.
pub(crate) async fn check_role_fits(
    tx: &mut Tx<'_>,
    organization_id: &str,
    role: Role,
) -> Result<()> {
    let row: Option<(String,)> = query_as(SELECT_KIND)
        .bind(organization_id)
        .fetch_optional(&mut *tx)
        .await?;
    let kind = match row {
        None => None,
        Some((kind,)) => Some(
            OrganizationKind::parse(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("directory: unknown kind {kind:?}")))?,
        ),
    };
    role_fits_organization(role, kind).map_err(|message| {
        StoreError::Invalid(vec![FieldError {
            field: "role",
            message: message.to_string(),
        }])
    })
}

/// An existing organisation given another kind keeps only accounts that fit
/// it: an LAO's staff in an office, or a provincial overseer in an office
/// re-filed as national, would be refused at creation, so they are here.
async fn accounts_fit(
    tx: &mut Tx<'_>,
    organization_id: &str,
    kind: OrganizationKind,
    line: usize,
) -> Result<()> {
    let roles: Vec<(String,)> = query_as(SELECT_ACTIVE_ROLES)
        .bind(organization_id)
        .bind(true)
        .fetch_all(&mut *tx)
        .await?;
    for (role,) in roles {
        let Some(role) = Role::parse(&role) else {
            return Err(StoreError::Corrupt(format!("users: unknown role {role:?}")));
        };
        if role_fits_organization(role, Some(kind)).is_err() {
            return Err(StoreError::Invalid(vec![FieldError {
                field: "kind",
                message: format!(
                    "บรรทัด {line} คอลัมน์ kind: องค์กรนี้มีบัญชี{}อยู่ จึงเปลี่ยนเป็น{}ไม่ได้",
                    role.thai(),
                    kind.thai()
                ),
            }]));
        }
    }
    Ok(())
}

fn entry_json(name: &str, entry: &DirectoryEntry) -> serde_json::Value {
    serde_json::json!({
        "name": name,
        "kind": entry.kind.as_str(),
        "province": entry.province_code,
        "district": entry.district_code,
        "sub_district": entry.sub_district_code,
        "official_code": entry.official_code,
    })
}

async fn read_entry(tx: &mut Tx<'_>, organization_id: &str) -> Result<Option<DirectoryEntry>> {
    let row: Option<EntryRow> = query_as(SELECT_ENTRY)
        .bind(organization_id)
        .fetch_optional(&mut *tx)
        .await?;
    row.map(EntryRow::into_entry).transpose()
}

async fn upsert_entry(
    tx: &mut Tx<'_>,
    organization_id: &str,
    entry: &DirectoryEntry,
) -> Result<()> {
    query(UPSERT_ENTRY)
        .bind(organization_id)
        .bind(entry.kind.as_str())
        .bind(entry.province_code.as_deref())
        .bind(entry.district_code.as_deref())
        .bind(entry.sub_district_code.as_deref())
        .bind(entry.official_code.as_deref())
        .bind(now_for_storage())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The body of [`DirectoryStore::import_directory`], in the caller's
/// transaction.
async fn import(tx: &mut Tx<'_>, rows: &[DirectoryImportRow]) -> Result<DirectoryImport> {
    let mut outcome = DirectoryImport::default();
    // First: which organisations exist, and free the codes of those that do.
    let mut existing: Vec<Option<Organization>> = Vec::with_capacity(rows.len());
    for item in rows {
        let row: Option<OrganizationRow> = query_as(SELECT_ORGANIZATION_BY_SLUG)
            .bind(item.row.slug.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        let organization = row.map(Organization::from);
        if let Some(organization) = &organization {
            query(CLEAR_OFFICIAL_CODE)
                .bind(organization.id.as_str())
                .execute(&mut *tx)
                .await?;
        }
        existing.push(organization);
    }
    // Then each row: a code still held belongs to an organisation outside the file.
    for (item, found) in rows.iter().zip(existing) {
        let row = &item.row;
        let (organization, before) = match found {
            Some(organization) => {
                organization_exists(tx, &organization.id, Lock::Organization).await?;
                let before = read_entry(tx, &organization.id).await?;
                (organization, Some(before))
            }
            None => {
                query(INSERT_ORGANIZATION_IF_NEW)
                    .bind(uuid::Uuid::new_v4().to_string())
                    .bind(row.slug.as_str())
                    .bind(row.name.as_str())
                    .bind(now_for_storage())
                    .execute(&mut *tx)
                    .await?;
                let added: OrganizationRow = query_as(SELECT_ORGANIZATION_BY_SLUG)
                    .bind(row.slug.as_str())
                    .fetch_one(&mut *tx)
                    .await?;
                (Organization::from(added), None)
            }
        };
        if let Some(code) = &row.entry.official_code {
            let holder: Option<(String,)> = query_as(SELECT_CODE_HOLDER)
                .bind(code.as_str())
                .bind(organization.id.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            if let Some((holder,)) = holder {
                return Err(StoreError::Conflict(Clash::OfficialCode {
                    line: row.line,
                    code: code.clone(),
                    holder,
                }));
            }
        }
        if before.is_some() && organization.name != row.name {
            query(UPDATE_ORGANIZATION_NAME)
                .bind(organization.id.as_str())
                .bind(row.name.as_str())
                .execute(&mut *tx)
                .await?;
        }
        upsert_entry(tx, &organization.id, &row.entry).await?;
        if before.is_some() {
            accounts_fit(tx, &organization.id, row.entry.kind, row.line).await?;
        }
        let before_json = before.as_ref().map(|entry| match entry {
            Some(entry) => entry_json(&organization.name, entry),
            None => serde_json::json!({ "name": organization.name }),
        });
        let after_json = entry_json(&row.name, &row.entry);
        if before_json.as_ref() != Some(&after_json) {
            audit(
                tx,
                &organization.id,
                None,
                audit_action::DIRECTORY_ENTRY_SET,
                &row.slug,
                before_json,
                Some(after_json),
            )
            .await?;
        }
        match before {
            Some(_) => outcome.updated.push(row.slug.clone()),
            None => {
                outcome.added.push(row.slug.clone());
                if let (Some(admin), Some(hash)) = (&row.admin, &item.admin_password_hash) {
                    let user = crate::accounts::create_user(
                        tx,
                        &organization.id,
                        &NewUser {
                            email: admin.email.clone(),
                            display_name: admin.display_name.clone(),
                            role: Role::Administrator,
                            unit_id: None,
                            password_hash: hash.clone(),
                            must_change_password: true,
                        },
                        None,
                    )
                    .await?;
                    outcome.admins.push((row.slug.clone(), user.email));
                }
            }
        }
    }
    Ok(outcome)
}

#[derive(sqlx::FromRow)]
pub(crate) struct EntryRow {
    kind: String,
    province_code: Option<String>,
    district_code: Option<String>,
    sub_district_code: Option<String>,
    official_code: Option<String>,
}

impl EntryRow {
    pub(crate) fn into_entry(self) -> Result<DirectoryEntry> {
        let kind = OrganizationKind::parse(&self.kind).ok_or_else(|| {
            StoreError::Corrupt(format!("directory: unknown kind {:?}", self.kind))
        })?;
        Ok(DirectoryEntry {
            kind,
            province_code: self.province_code,
            district_code: self.district_code,
            sub_district_code: self.sub_district_code,
            official_code: self.official_code,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ListedRow {
    organization_id: String,
    slug: String,
    name: String,
    #[sqlx(flatten)]
    entry: EntryRow,
}

#[async_trait]
impl DirectoryStore for SqlStore {
    async fn directory_entry(&self, organization_id: &str) -> Result<Option<DirectoryEntry>> {
        let row: Option<EntryRow> = query_as(SELECT_ENTRY)
            .bind(organization_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(EntryRow::into_entry).transpose()
    }

    async fn set_directory_entry(
        &self,
        organization_id: &str,
        entry: &DirectoryEntry,
    ) -> Result<()> {
        query(UPSERT_ENTRY)
            .bind(organization_id)
            .bind(entry.kind.as_str())
            .bind(entry.province_code.as_deref())
            .bind(entry.district_code.as_deref())
            .bind(entry.sub_district_code.as_deref())
            .bind(entry.official_code.as_deref())
            .bind(now_for_storage())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn import_directory(&self, rows: &[DirectoryImportRow]) -> Result<DirectoryImport> {
        let mut tx = self.begin_write().await?;
        let outcome = import(&mut tx, rows).await;
        finish(tx, outcome).await
    }

    async fn find_organizations(&self, text: &str, limit: u32) -> Result<Vec<Organization>> {
        let rows: Vec<OrganizationRow> = query_as(FIND_ORGANIZATIONS)
            .bind(contains_pattern(text))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(Organization::from).collect())
    }

    async fn organization_count(&self) -> Result<u64> {
        let (count,): (i64,) = query_as(COUNT_ORGANIZATIONS).fetch_one(&self.pool).await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    async fn directory_laos(&self, scope: &OversightScope) -> Result<Vec<Listed>> {
        let rows: Vec<ListedRow> = match scope {
            OversightScope::National => query_as(&select_laos(false)).fetch_all(&self.pool).await?,
            OversightScope::Province(code) => {
                query_as(&select_laos(true))
                    .bind(code.as_str())
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        rows.into_iter()
            .map(|row| {
                Ok(Listed {
                    organization: Organization {
                        id: row.organization_id,
                        slug: row.slug,
                        name: row.name,
                    },
                    entry: row.entry.into_entry()?,
                })
            })
            .collect()
    }
}
