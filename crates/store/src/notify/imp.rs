//! [`NotifyStore`] for both databases, written once over `db`.

use super::sql::*;
use super::{
    AssignmentSeen, ComplaintSeen, DecisionSeen, Happenings, NewStaffNotice, NoticeRecipient,
    NotifyStore, PendingStaffNotice,
};
use crate::db::{SqlStore, finish, now_for_storage, query, query_as};
use crate::{Result, StoreError};
use async_trait::async_trait;
use sujarit_core::ItemRef;
use sujarit_core::Quarter;
use sujarit_core::account::Role;
use sujarit_core::complaint::Channel;
use sujarit_core::notify::NoticeKind;
use sujarit_core::progress::{ReportKey, ReviewAction};
use time::OffsetDateTime;

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("staff notices: {what}"))
}

#[derive(sqlx::FromRow)]
struct RecipientRow {
    user_id: String,
    email: String,
    role: String,
    unit_id: Option<String>,
    unit_name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ChoiceRow {
    user_id: String,
    kind: String,
    enabled: bool,
}

#[derive(sqlx::FromRow)]
struct ComplaintRow {
    complaint_id: String,
    channel: String,
    category: String,
}

#[derive(sqlx::FromRow)]
struct AssignmentRow {
    complaint_id: String,
    event_position: i64,
    unit_id: String,
    unit_name: String,
    category: String,
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    plan_id: String,
    dimension_no: i64,
    item_no: i64,
    fiscal_year: i64,
    quarter: i64,
    review_position: i64,
    action: String,
    comment: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    organization_id: String,
    user_id: String,
    event_key: String,
    email: String,
    subject: String,
    body: String,
    attempts: i64,
}

/// In the kinds' own order; kinds no longer known (a newer version's) are
/// left out.
fn choices_of(rows: impl IntoIterator<Item = (String, bool)>) -> Vec<(NoticeKind, bool)> {
    let mut choices: Vec<(NoticeKind, bool)> = rows
        .into_iter()
        .filter_map(|(kind, on)| NoticeKind::parse(&kind).map(|k| (k, on)))
        .collect();
    choices.sort();
    choices
}

impl DecisionRow {
    fn into_seen(self, unit_ids: Vec<String>) -> Result<DecisionSeen> {
        let small = |v: i64, what: &str| u32::try_from(v).map_err(|_| corrupt(what));
        let key = ReportKey {
            item: ItemRef {
                dimension: u8::try_from(self.dimension_no).map_err(|_| corrupt("dimension"))?,
                no: small(self.item_no, "item")?,
            },
            fiscal_year: u16::try_from(self.fiscal_year).map_err(|_| corrupt("fiscal year"))?,
            quarter: u8::try_from(self.quarter)
                .ok()
                .and_then(Quarter::from_number)
                .ok_or_else(|| corrupt("quarter"))?,
        };
        Ok(DecisionSeen {
            plan_id: self.plan_id,
            key,
            review_position: self.review_position,
            action: ReviewAction::parse(&self.action).ok_or_else(|| corrupt("action"))?,
            comment: self.comment,
            unit_ids,
        })
    }
}

#[async_trait]
impl NotifyStore for SqlStore {
    async fn notice_choices(
        &self,
        organization_id: &str,
        user_id: &str,
    ) -> Result<Vec<(NoticeKind, bool)>> {
        let rows: Vec<(String, bool)> = query_as(SELECT_CHOICES)
            .bind(organization_id)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(choices_of(rows))
    }

    async fn set_notice_choices(
        &self,
        organization_id: &str,
        user_id: &str,
        choices: &[(NoticeKind, bool)],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            query(DELETE_CHOICES)
                .bind(organization_id)
                .bind(user_id)
                .execute(&mut tx)
                .await?;
            for (kind, on) in choices {
                query(INSERT_CHOICE)
                    .bind(organization_id)
                    .bind(user_id)
                    .bind(kind.as_str())
                    .bind(*on)
                    .execute(&mut tx)
                    .await?;
            }
            Ok(())
        }
        .await;
        finish(tx, outcome).await
    }

    async fn notice_recipients(&self, organization_id: &str) -> Result<Vec<NoticeRecipient>> {
        let users: Vec<RecipientRow> = query_as(SELECT_RECIPIENTS)
            .bind(organization_id)
            .bind(true)
            .fetch_all(&self.pool)
            .await?;
        let choices: Vec<ChoiceRow> = query_as(SELECT_ALL_CHOICES)
            .bind(organization_id)
            .fetch_all(&self.pool)
            .await?;
        users
            .into_iter()
            .map(|u| {
                let mine = choices
                    .iter()
                    .filter(|c| c.user_id == u.user_id)
                    .map(|c| (c.kind.clone(), c.enabled));
                Ok(NoticeRecipient {
                    role: Role::parse(&u.role).ok_or_else(|| corrupt("role"))?,
                    choices: choices_of(mine),
                    user_id: u.user_id,
                    email: u.email,
                    unit_id: u.unit_id,
                    unit_name: u.unit_name,
                })
            })
            .collect()
    }

    async fn notice_scanned_until(&self, organization_id: &str) -> Result<Option<OffsetDateTime>> {
        let row: Option<(OffsetDateTime,)> = query_as(SELECT_SCANNED_UNTIL)
            .bind(organization_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(at,)| at))
    }

    async fn happenings_between(
        &self,
        organization_id: &str,
        since: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<Happenings> {
        // One snapshot for the three reads.
        let mut tx = self.begin_read().await?;
        let complaints: Vec<ComplaintRow> = query_as(SELECT_NEW_COMPLAINTS)
            .bind(organization_id)
            .bind(since)
            .bind(until)
            .fetch_all(&mut tx)
            .await?;
        let assignments: Vec<AssignmentRow> = query_as(SELECT_ASSIGNMENTS)
            .bind(organization_id)
            .bind(since)
            .bind(until)
            .fetch_all(&mut tx)
            .await?;
        let decision_rows: Vec<DecisionRow> = query_as(SELECT_DECISIONS)
            .bind(organization_id)
            .bind(since)
            .bind(until)
            .fetch_all(&mut tx)
            .await?;
        let mut decisions = Vec::with_capacity(decision_rows.len());
        for row in decision_rows {
            let units: Vec<(String,)> = query_as(SELECT_ITEM_UNIT_IDS)
                .bind(organization_id)
                .bind(row.dimension_no)
                .bind(row.item_no)
                .fetch_all(&mut tx)
                .await?;
            decisions.push(row.into_seen(units.into_iter().map(|(u,)| u).collect())?);
        }
        tx.rollback().await?;
        Ok(Happenings {
            complaints: complaints
                .into_iter()
                .map(|c| {
                    Ok(ComplaintSeen {
                        channel: Channel::parse(&c.channel).ok_or_else(|| corrupt("channel"))?,
                        complaint_id: c.complaint_id,
                        category: c.category,
                    })
                })
                .collect::<Result<_>>()?,
            assignments: assignments
                .into_iter()
                .map(|a| AssignmentSeen {
                    complaint_id: a.complaint_id,
                    event_position: a.event_position,
                    unit_id: a.unit_id,
                    unit_name: a.unit_name,
                    category: a.category,
                })
                .collect(),
            decisions,
        })
    }

    async fn enqueue_staff_notices(
        &self,
        organization_id: &str,
        notices: &[NewStaffNotice],
        scanned_until: Option<OffsetDateTime>,
    ) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let outcome = async {
            let now = now_for_storage();
            let mut added = 0;
            for notice in notices {
                added += query(INSERT_STAFF_NOTICE)
                    .bind(organization_id)
                    .bind(&notice.user_id)
                    .bind(&notice.event_key)
                    .bind(notice.kind.as_str())
                    .bind(&notice.subject)
                    .bind(&notice.body)
                    .bind(now)
                    .execute(&mut tx)
                    .await?
                    .rows_affected();
            }
            if let Some(until) = scanned_until {
                query(UPSERT_SCANNED_UNTIL)
                    .bind(organization_id)
                    .bind(until)
                    .execute(&mut tx)
                    .await?;
            }
            Ok(added)
        }
        .await;
        finish(tx, outcome).await
    }

    async fn pending_staff_notices(
        &self,
        max_attempts: u32,
        limit: u32,
    ) -> Result<Vec<PendingStaffNotice>> {
        let rows: Vec<PendingRow> = query_as(SELECT_PENDING_STAFF_NOTICES)
            .bind(i64::from(max_attempts))
            .bind(true)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| PendingStaffNotice {
                organization_id: r.organization_id,
                user_id: r.user_id,
                event_key: r.event_key,
                email: r.email,
                subject: r.subject,
                body: r.body,
                attempts: u32::try_from(r.attempts).unwrap_or(u32::MAX),
            })
            .collect())
    }

    async fn finish_staff_notice(
        &self,
        organization_id: &str,
        user_id: &str,
        event_key: &str,
        outcome: std::result::Result<(), String>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let statement = match &outcome {
            Ok(()) => query(MARK_STAFF_NOTICE_SENT)
                .bind(organization_id)
                .bind(user_id)
                .bind(event_key)
                .bind(now_for_storage()),
            Err(error) => query(MARK_STAFF_NOTICE_FAILED)
                .bind(organization_id)
                .bind(user_id)
                .bind(event_key)
                .bind(error.chars().take(500).collect::<String>()),
        };
        let done = statement.execute(&mut tx).await.map(|_| ());
        finish(tx, done.map_err(StoreError::from)).await
    }

    async fn staff_notice_state(
        &self,
        organization_id: &str,
        user_id: &str,
        event_key: &str,
    ) -> Result<Option<bool>> {
        let row: Option<(Option<OffsetDateTime>,)> = query_as(SELECT_STAFF_NOTICE_SENT)
            .bind(organization_id)
            .bind(user_id)
            .bind(event_key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(sent,)| sent.is_some()))
    }
}
