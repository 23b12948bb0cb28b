//! [`DirectoryStore`] for both databases, written once over `db`.

use super::sql::*;
use super::{DirectoryStore, Listed};
use crate::db::{SqlStore, now_for_storage, query, query_as};
use crate::{Organization, Result, StoreError};
use async_trait::async_trait;
use sujarit_core::directory::{DirectoryEntry, OrganizationKind, OversightScope};

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
