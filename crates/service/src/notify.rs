//! Staff notifications by e-mail (issue 13). Each round of the notices
//! worker ([`crate::complaints::notices::start`]) reads what happened in each
//! organisation since its last scan — complaints received, general
//! complaints assigned to a unit, progress reports returned or approved —
//! plus the information-centre periods due soon or late and, once a day,
//! each user's digest; it enqueues one notice per user and event (the
//! store's key makes a restart or a second server enqueue nothing twice),
//! then sends what is pending with the same SMTP sender as complainants'
//! notices.
//!
//! Nothing of a complainant goes into a message: a general complaint is told
//! by its reference and category, a corruption report not at all. The
//! contents are never logged.

use std::collections::BTreeSet;

use lettre::message::Mailbox;
use sujarit_core::FiscalYear;
use sujarit_core::account::Role;
use sujarit_core::complaint::Channel;
use sujarit_core::disclosure::{DisclosureStatus, records_of, reminders};
use sujarit_core::notify::{self as words, DigestCounts, Letter, NoticeKind, enabled};
use sujarit_core::progress::{ReviewAction, ReviewState};
use sujarit_store::{
    ComplaintFilter, Happenings, NewStaffNotice, NoticeRecipient, Organization, Store, StoreError,
};
use time::{Date, Duration, OffsetDateTime};

use crate::complaints::notices::{MAX_ATTEMPTS, Mailer};

/// Disclosure periods due within this many days are announced.
pub const DISCLOSURE_DAYS_AHEAD: u16 = 7;
/// Complaints due within this many days count as "due soon" in the digest.
pub const COMPLAINT_DAYS_AHEAD: u16 = 3;
/// The digest goes out on the first round at or after this hour (Thai time).
pub const DIGEST_HOUR: u8 = 7;
/// Each scan reads this far back before the last one's end, so that a step
/// committed a little after its own time is still seen (the keys keep the
/// overlap from enqueuing twice).
const OVERLAP: Duration = Duration::minutes(2);
/// Notices sent per round.
const BATCH: u32 = 50;

/// One round: every organisation scanned, then what is pending sent.
/// Returns how many notices went out.
pub async fn round(store: &dyn Store, mailer: &Mailer, now: OffsetDateTime) -> usize {
    match store.organizations().await {
        Ok(organizations) => {
            for organization in organizations {
                if let Err(error) = enqueue(store, &organization, now, mailer.public_url()).await {
                    tracing::error!(%error, organization = %organization.slug, "staff notices not enqueued");
                }
            }
        }
        Err(error) => tracing::error!(%error, "reading organisations failed"),
    }
    send_pending(store, mailer).await
}

/// Enqueues the notices of one organisation as of `now`, the digests from
/// [`DIGEST_HOUR`] (Thai time) on; returns how many were new.
pub async fn enqueue(
    store: &dyn Store,
    organization: &Organization,
    now: OffsetDateTime,
    public_url: Option<&str>,
) -> Result<u64, StoreError> {
    let local_hour = now.to_offset(sujarit_core::thai::BANGKOK).hour();
    enqueue_with(
        store,
        organization,
        now,
        public_url,
        local_hour >= DIGEST_HOUR,
    )
    .await
}

/// As [`enqueue`], saying whether today's digests are due. The first scan
/// announces nothing that happened before it; a digest is one per user and
/// day whatever the number of rounds.
pub async fn enqueue_with(
    store: &dyn Store,
    organization: &Organization,
    now: OffsetDateTime,
    public_url: Option<&str>,
    digests: bool,
) -> Result<u64, StoreError> {
    let org = &organization.id;
    let recipients = store.notice_recipients(org).await?;
    let mut out = Outbox::default();
    let link = |path: &str| public_url.map(|base| format!("{base}{path}"));
    if let Some(since) = store.notice_scanned_until(org).await? {
        let happenings = store.happenings_between(org, since - OVERLAP, now).await?;
        events(
            &mut out,
            &organization.name,
            &recipients,
            &happenings,
            &link,
        );
    }
    let today = sujarit_core::thai::local_date(now);
    let disclosures = disclosures(store, org, today).await?;
    for row in &disclosures {
        let late = matches!(row.status, DisclosureStatus::Late { .. });
        let kind = if late {
            NoticeKind::DisclosureLate
        } else {
            NoticeKind::DisclosureDue
        };
        let Some(owner) = &row.owner_unit else {
            continue;
        };
        let letter = words::disclosure(
            &organization.name,
            &row.title,
            &row.period,
            &sujarit_core::fiscal::thai_date(row.due_on),
            late,
            link("/staff/info").as_deref(),
        );
        let key = format!("{}:{}", kind.as_str(), row.key);
        for user in recipients
            .iter()
            .filter(|r| r.unit_name.as_deref() == Some(owner.as_str()))
        {
            out.add(user, kind, &key, &letter);
        }
    }
    if digests {
        let waiting = Waiting::read(store, org, today, &disclosures).await?;
        let date = sujarit_core::fiscal::thai_date(today);
        let key = format!("digest:{today}");
        for user in &recipients {
            let counts = waiting.counts_for(user);
            if let Some(letter) = words::digest(
                &organization.name,
                &date,
                &counts,
                link("/staff").as_deref(),
            ) {
                out.add(user, NoticeKind::Digest, &key, &letter);
            }
        }
    }
    store
        .enqueue_staff_notices(org, &out.notices, Some(now))
        .await
}

/// The notices of one scan, each for a user who may and wants to get it.
#[derive(Default)]
struct Outbox {
    notices: Vec<NewStaffNotice>,
}

impl Outbox {
    fn add(&mut self, user: &NoticeRecipient, kind: NoticeKind, key: &str, letter: &Letter) {
        if !kind.applies_to(user.role) || !enabled(&user.choices, kind) {
            return;
        }
        self.notices.push(NewStaffNotice {
            user_id: user.user_id.clone(),
            event_key: key.to_owned(),
            kind,
            subject: letter.subject.clone(),
            body: letter.body.clone(),
        });
    }
}

/// What a complaint is called among staff: the first 8 characters of its id.
fn reference(complaint_id: &str) -> String {
    complaint_id
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_uppercase()
}

fn events(
    out: &mut Outbox,
    organization: &str,
    recipients: &[NoticeRecipient],
    happenings: &Happenings,
    link: &dyn Fn(&str) -> Option<String>,
) {
    for complaint in &happenings.complaints {
        let key = format!("new:{}", complaint.complaint_id);
        let (kind, letter) = match complaint.channel {
            Channel::General => (
                NoticeKind::NewComplaint,
                words::new_complaint(
                    organization,
                    &reference(&complaint.complaint_id),
                    &complaint.category,
                    link(&format!("/staff/complaints/{}", complaint.complaint_id)).as_deref(),
                ),
            ),
            // Nothing of the report: not its category, not its reference.
            Channel::Corruption => (
                NoticeKind::NewCorruptionReport,
                words::new_corruption_report(organization, link("/staff/complaints").as_deref()),
            ),
        };
        for user in recipients {
            out.add(user, kind, &key, &letter);
        }
    }
    for assignment in &happenings.assignments {
        let key = format!(
            "assign:{}:{}",
            assignment.complaint_id, assignment.event_position
        );
        let letter = words::assigned_to_unit(
            organization,
            &reference(&assignment.complaint_id),
            &assignment.category,
            &assignment.unit_name,
            link(&format!("/staff/complaints/{}", assignment.complaint_id)).as_deref(),
        );
        for user in recipients
            .iter()
            .filter(|r| r.unit_id.as_deref() == Some(assignment.unit_id.as_str()))
        {
            out.add(user, NoticeKind::AssignedToUnit, &key, &letter);
        }
    }
    for decision in &happenings.decisions {
        let (kind, returned) = match decision.action {
            ReviewAction::Return => (NoticeKind::ReportReturned, true),
            ReviewAction::Approve => (NoticeKind::ReportApproved, false),
            _ => continue,
        };
        let k = &decision.key;
        let event_key = format!(
            "review:{}:{}.{}:{}:{}:{}",
            decision.plan_id,
            k.item.dimension,
            k.item.no,
            k.fiscal_year,
            k.quarter.number(),
            decision.review_position
        );
        let letter = words::report_decided(
            organization,
            &k.to_string(),
            returned,
            decision.comment.as_deref(),
            link("/staff/progress").as_deref(),
        );
        for user in recipients.iter().filter(|r| {
            r.unit_id
                .as_ref()
                .is_some_and(|unit| decision.unit_ids.contains(unit))
        }) {
            out.add(user, kind, &event_key, &letter);
        }
    }
}

/// A disclosure period to remind its owner of.
struct DisclosureRow {
    /// Unique within the organisation: year, item code, period.
    key: String,
    title: String,
    period: String,
    due_on: Date,
    owner_unit: Option<String>,
    status: DisclosureStatus,
}

/// This fiscal year's periods due within [`DISCLOSURE_DAYS_AHEAD`] days or late.
async fn disclosures(
    store: &dyn Store,
    org: &str,
    today: Date,
) -> Result<Vec<DisclosureRow>, StoreError> {
    let year = FiscalYear::of(today);
    let Some(catalogue) = store.disclosure_catalogue(org, year).await? else {
        return Ok(Vec::new());
    };
    let records = records_of(&store.disclosure_records(org, year).await?);
    Ok(
        reminders(&catalogue, &records, today, DISCLOSURE_DAYS_AHEAD)
            .into_iter()
            .map(|row| DisclosureRow {
                key: format!("{}:{}:{}", year.be(), row.code, row.schedule.period.key()),
                title: catalogue
                    .item(&row.code)
                    .map_or_else(|| row.code.clone(), |item| item.title.clone()),
                period: row.schedule.period.thai_label(year),
                due_on: row.schedule.due_on,
                owner_unit: row.owner_unit,
                status: row.status,
            })
            .collect(),
    )
}

/// What waits in an organisation today, read once per round for the digests.
struct Waiting {
    reports_submitted: u32,
    reports_approved: u32,
    /// (channel, unit) of each open complaint due soon / overdue.
    due_soon: Vec<(Channel, Option<String>)>,
    overdue: Vec<(Channel, Option<String>)>,
    /// (owner unit name, late) of each disclosure period to remind of.
    disclosures: Vec<(Option<String>, bool)>,
}

impl Waiting {
    async fn read(
        store: &dyn Store,
        org: &str,
        today: Date,
        disclosures: &[DisclosureRow],
    ) -> Result<Waiting, StoreError> {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let cases = |filter: ComplaintFilter| async move {
            Ok::<_, StoreError>(
                store
                    .complaints(org, &filter)
                    .await?
                    .into_iter()
                    .map(|c| (c.channel, c.unit_id))
                    .collect::<Vec<_>>(),
            )
        };
        Ok(Waiting {
            reports_submitted: count(
                store
                    .quarter_reports_in_state(org, ReviewState::Submitted)
                    .await?
                    .len(),
            ),
            reports_approved: count(
                store
                    .quarter_reports_in_state(org, ReviewState::Approved)
                    .await?
                    .len(),
            ),
            due_soon: cases(ComplaintFilter {
                due_soon: Some((today, COMPLAINT_DAYS_AHEAD)),
                ..Default::default()
            })
            .await?,
            overdue: cases(ComplaintFilter {
                overdue_on: Some(today),
                ..Default::default()
            })
            .await?,
            disclosures: disclosures
                .iter()
                .map(|d| {
                    (
                        d.owner_unit.clone(),
                        matches!(d.status, DisclosureStatus::Late { .. }),
                    )
                })
                .collect(),
        })
    }

    /// What of it is this user's: by role, and for a unit officer their unit's.
    fn counts_for(&self, user: &NoticeRecipient) -> DigestCounts {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let cases = |list: &[(Channel, Option<String>)]| {
            count(
                list.iter()
                    .filter(|(channel, unit)| match user.role {
                        Role::ComplaintOfficer => *channel == Channel::General,
                        Role::IntegrityOfficer => *channel == Channel::Corruption,
                        Role::UnitOfficer => {
                            *channel == Channel::General && unit.is_some() && *unit == user.unit_id
                        }
                        _ => false,
                    })
                    .count(),
            )
        };
        let mine = |late: bool| {
            count(
                self.disclosures
                    .iter()
                    .filter(|(owner, l)| {
                        *l == late
                            && user.role == Role::UnitOfficer
                            && owner.is_some()
                            && *owner == user.unit_name
                    })
                    .count(),
            )
        };
        let coordinator = user.role == Role::PlanCoordinator;
        DigestCounts {
            reports_to_review: if coordinator {
                self.reports_submitted
            } else {
                0
            },
            reports_to_publish: if coordinator {
                self.reports_approved
            } else {
                0
            },
            complaints_due_soon: cases(&self.due_soon),
            complaints_overdue: cases(&self.overdue),
            disclosures_due: mine(false),
            disclosures_late: mine(true),
        }
    }
}

/// Sends the staff notices pending; returns how many went out.
pub async fn send_pending(store: &dyn Store, mailer: &Mailer) -> usize {
    let pending = match store.pending_staff_notices(MAX_ATTEMPTS, BATCH).await {
        Ok(pending) => pending,
        Err(error) => {
            tracing::error!(%error, "reading pending staff notices failed");
            return 0;
        }
    };
    let mut sent = 0;
    let mut failed_users = BTreeSet::new();
    for notice in pending {
        let outcome = match notice.email.parse::<Mailbox>() {
            Ok(to) => {
                mailer
                    .send_text(to, notice.subject.clone(), notice.body.clone())
                    .await
            }
            Err(_) => Err("อีเมลของผู้ใช้ไม่ถูกต้อง".to_owned()),
        };
        if outcome.is_ok() {
            sent += 1;
        } else {
            failed_users.insert(notice.user_id.clone());
        }
        if let Err(error) = store
            .finish_staff_notice(
                &notice.organization_id,
                &notice.user_id,
                &notice.event_key,
                outcome,
            )
            .await
        {
            tracing::error!(%error, "recording a staff notice failed");
        }
    }
    if !failed_users.is_empty() {
        // How many, never who nor what.
        tracing::warn!(users = failed_users.len(), "staff notices not sent");
    }
    sent
}
