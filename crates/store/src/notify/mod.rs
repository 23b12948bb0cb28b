//! Staff notifications (issue 13): each user's choices, what happened since
//! the last scan (read from the complaints, their steps and the progress
//! reviews; nothing else writes here), and the staff outbox. The service
//! (`sujarit_service::notify`) decides who gets which e-mail and words it.

mod imp;
mod sql;

use crate::Result;
use async_trait::async_trait;
use sujarit_core::account::Role;
use sujarit_core::complaint::Channel;
use sujarit_core::notify::NoticeKind;
use sujarit_core::progress::{ReportKey, ReviewAction};
use time::OffsetDateTime;

/// An active member of staff who may get e-mail, with their saved choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeRecipient {
    pub user_id: String,
    pub email: String,
    pub role: Role,
    pub unit_id: Option<String>,
    /// The unit's name (disclosure items name their owner by it).
    pub unit_name: Option<String>,
    /// Only the kinds the user chose; a kind not here is on.
    pub choices: Vec<(NoticeKind, bool)>,
}

/// A complaint received within the scanned span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComplaintSeen {
    pub complaint_id: String,
    pub channel: Channel,
    /// The category's Thai name (its code when the category is gone).
    pub category: String,
}

/// A general complaint's step that gave it to a unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignmentSeen {
    pub complaint_id: String,
    pub event_position: i64,
    pub unit_id: String,
    pub unit_name: String,
    pub category: String,
}

/// A progress report returned or approved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionSeen {
    pub plan_id: String,
    pub key: ReportKey,
    pub review_position: i64,
    pub action: ReviewAction,
    pub comment: Option<String>,
    /// The units the item is assigned to.
    pub unit_ids: Vec<String>,
}

/// What happened in an organisation within a span of time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Happenings {
    pub complaints: Vec<ComplaintSeen>,
    pub assignments: Vec<AssignmentSeen>,
    pub decisions: Vec<DecisionSeen>,
}

/// One e-mail for one user, keyed by the event it tells of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStaffNotice {
    pub user_id: String,
    /// Unique per user: the same event is never enqueued twice.
    pub event_key: String,
    pub kind: NoticeKind,
    pub subject: String,
    pub body: String,
}

/// A staff notice still to send, with the user's address as it is now.
#[derive(Clone, PartialEq, Eq)]
pub struct PendingStaffNotice {
    pub organization_id: String,
    pub user_id: String,
    pub event_key: String,
    pub email: String,
    pub subject: String,
    pub body: String,
    pub attempts: u32,
}

impl std::fmt::Debug for PendingStaffNotice {
    /// The key only: never an address nor the contents (they may be logged).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingStaffNotice")
            .field("event_key", &self.event_key)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

#[async_trait]
pub trait NotifyStore: Send + Sync + 'static {
    /// A user's saved choices (kinds never chosen are not listed: they are on).
    async fn notice_choices(
        &self,
        organization_id: &str,
        user_id: &str,
    ) -> Result<Vec<(NoticeKind, bool)>>;

    /// Replaces a user's choices with `choices`.
    async fn set_notice_choices(
        &self,
        organization_id: &str,
        user_id: &str,
        choices: &[(NoticeKind, bool)],
    ) -> Result<()>;

    /// Every active member of staff of the organisation, with their choices.
    async fn notice_recipients(&self, organization_id: &str) -> Result<Vec<NoticeRecipient>>;

    /// Up to when the organisation's happenings were scanned; None before
    /// the first scan.
    async fn notice_scanned_until(&self, organization_id: &str) -> Result<Option<OffsetDateTime>>;

    /// What happened after `since` up to and including `until`.
    async fn happenings_between(
        &self,
        organization_id: &str,
        since: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<Happenings>;

    /// Enqueues notices (one already there for the same user and event is
    /// left as it is) and, in the same transaction, records the scan's end
    /// when given. Returns how many were new.
    async fn enqueue_staff_notices(
        &self,
        organization_id: &str,
        notices: &[NewStaffNotice],
        scanned_until: Option<OffsetDateTime>,
    ) -> Result<u64>;

    /// Notices not sent yet and tried fewer than `max_attempts` times, oldest
    /// first, across organisations, for users still active.
    async fn pending_staff_notices(
        &self,
        max_attempts: u32,
        limit: u32,
    ) -> Result<Vec<PendingStaffNotice>>;

    /// Records a try: sent (`Ok`) or failed with why (no address, no content).
    async fn finish_staff_notice(
        &self,
        organization_id: &str,
        user_id: &str,
        event_key: &str,
        outcome: std::result::Result<(), String>,
    ) -> Result<()>;

    /// Whether a notice for this user and event is in the outbox, and whether sent.
    async fn staff_notice_state(
        &self,
        organization_id: &str,
        user_id: &str,
        event_key: &str,
    ) -> Result<Option<bool>>;
}
