//! Filing a complaint, the one way one enters: validate, check and strip
//! the attachments (a corruption report's sealed), store the record, and
//! keep the files only once the record holds them.
//!
//! Records go through the [`Filer`], which groups concurrent submissions
//! into one transaction: one disk flush for many receipts, every receipt
//! durable when it is given.

use std::collections::HashMap;
use std::sync::Arc;

use sujarit_core::case_keys::{DataKey, RecordSealer, wrap_for_officer, wrap_for_reporter};
use sujarit_core::complaint::{Channel, NewComplaint, SubmissionKey, TrackingCode, check_category};
use sujarit_core::sealed::Keyring;
use sujarit_core::validation::FieldError;
use sujarit_store::files::FileStore;
use sujarit_store::{
    FilingOutcome, KeyGrant, NewAttachment, NewComplaintRecord, NewSubmission, Receipt, Store,
    TakenIn, random_tracking_code,
};
use tokio::sync::{mpsc, oneshot};

use super::attachments::{self, Incoming};
use super::cleaning::Cleaner;

/// Why a complaint was not filed.
#[derive(Debug)]
pub enum FilingError {
    /// What the complainant must correct, per field (core's field names;
    /// `files` for the attachments); nothing was kept.
    Refused(Vec<FieldError>),
    /// The store or the disk failed (logged); no receipt was given, and
    /// the complaint may or may not have been committed.
    Failed,
}

/// Files complaints through one background task that takes every submission
/// waiting at the moment and files them in one transaction per organisation.
/// Under load that turns a thousand commits (each a disk flush) into a few;
/// alone, a submission is a batch of one and waits for nothing.
#[derive(Clone)]
pub struct Filer {
    jobs: mpsc::Sender<Job>,
    store: Arc<dyn Store>,
}

/// A filed complaint: the store's receipt and the tracking code, which only
/// the complainant gets (the store keeps its keyed hash).
#[derive(Clone, Debug)]
pub struct Filed {
    pub receipt: Receipt,
    pub tracking_code: TrackingCode,
}

/// Said when the corruption channel cannot take a report: nobody could open it.
pub const NO_RECIPIENT: &str = "ขณะนี้ยังรับเรื่องแจ้งเบาะแสการทุจริตทางระบบนี้ไม่ได้ \
    เพราะยังไม่มีเจ้าหน้าที่นิติการที่ตั้งกุญแจเข้ารหัส (ไม่มีผู้ใดเปิดอ่านเรื่องได้) \
    โปรดแจ้งผ่านช่องทางอื่น เช่น ศูนย์ปฏิบัติการต่อต้านการทุจริต หรือสำนักงาน ป.ป.ช.";

/// What filing writes through: the key file, the file store, the cleaner.
struct Channels<'a> {
    keyring: &'a Keyring,
    files: &'a FileStore,
    cleaner: &'a Cleaner,
}

struct Job {
    organization_id: String,
    record: NewComplaintRecord,
    reply: oneshot::Sender<Result<FilingOutcome, FilingError>>,
}

/// The most submissions filed in one transaction.
const MAX_BATCH: usize = 256;

impl Filer {
    /// Starts the filer's task on the current Tokio runtime.
    pub fn start(store: Arc<dyn Store>) -> Filer {
        let (jobs, mut queue) = mpsc::channel::<Job>(4 * MAX_BATCH);
        let filer = Filer {
            jobs,
            store: store.clone(),
        };
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
                file_batch(store.as_ref(), std::mem::take(&mut batch)).await;
            }
        });
        filer
    }

    /// Files one complaint with its attachments; returns once it is
    /// committed, with the receipt and the code to give the complainant.
    ///
    /// A corruption report gets its own data key: its content, contact and
    /// files are sealed with it, and the key is wrapped for every integrity
    /// officer with keys and for the tracking code. With no such officer the
    /// report is refused ([`NO_RECIPIENT`]) before anything is written.
    ///
    /// The complaint is validated completely (fields, an enabled category,
    /// recipients for a corruption report) before any file is written; a
    /// file that is refused (type, size, unreadable) refuses the whole
    /// filing; and when the store refuses the record, the sealed files
    /// written for it are removed again. (A general complaint's file is
    /// content-addressed and may already belong to another record, so it
    /// stays; if no record names it, [`crate::files::sweep`] removes it a
    /// day later.)
    ///
    /// With the filing form's one-time key (`submission`), a key already
    /// used files nothing: the answer is the earlier receipt and its code,
    /// opened with the key. Two filings with one key at once file once.
    #[allow(clippy::too_many_arguments)]
    pub async fn file(
        &self,
        keyring: &Keyring,
        files: &FileStore,
        cleaner: &Cleaner,
        organization_id: &str,
        complaint: &NewComplaint,
        incoming: Vec<Incoming>,
        submission: Option<&SubmissionKey>,
    ) -> Result<Filed, FilingError> {
        let channel = Channels {
            keyring,
            files,
            cleaner,
        };
        self.file_with(
            channel,
            organization_id,
            complaint,
            incoming,
            None,
            submission,
        )
        .await
    }

    /// Files a case staff entered ([`TakenIn`]: a complaint received by
    /// phone, at the counter, by letter …, or a corruption case the
    /// municipality knows of or detected): the same checks, sealing and
    /// keys as [`Filer::file`], with how it came in checked by core
    /// ([`sujarit_core::complaint::Intake::check_by_staff`], again by the
    /// store) and the filing audited.
    #[allow(clippy::too_many_arguments)]
    pub async fn take_in(
        &self,
        keyring: &Keyring,
        files: &FileStore,
        cleaner: &Cleaner,
        organization_id: &str,
        complaint: &NewComplaint,
        incoming: Vec<Incoming>,
        taken_in: TakenIn,
        today: time::Date,
    ) -> Result<Filed, FilingError> {
        let errors = taken_in.intake.check_by_staff(complaint.channel, today);
        if !errors.is_empty() {
            // Every field the form got wrong at once.
            let mut all = complaint.validate();
            all.extend(errors);
            return Err(FilingError::Refused(all));
        }
        let channel = Channels {
            keyring,
            files,
            cleaner,
        };
        self.file_with(
            channel,
            organization_id,
            complaint,
            incoming,
            Some(taken_in),
            None,
        )
        .await
    }

    async fn file_with(
        &self,
        Channels {
            keyring,
            files,
            cleaner,
        }: Channels<'_>,
        organization_id: &str,
        complaint: &NewComplaint,
        incoming: Vec<Incoming>,
        taken_in: Option<TakenIn>,
        submission: Option<&SubmissionKey>,
    ) -> Result<Filed, FilingError> {
        if let Some(key) = submission {
            let earlier = self
                .store
                .complaint_submission(organization_id, &key.key_hash(organization_id))
                .await
                .map_err(|error| {
                    tracing::error!(%error, "reading a filing's one-time key failed");
                    FilingError::Failed
                })?;
            if let Some(earlier) = earlier {
                // The files that came again are dropped (their spools removed).
                return reopen(
                    key,
                    organization_id,
                    earlier.sealed_code,
                    Receipt {
                        complaint_id: earlier.complaint_id,
                        received_at: earlier.received_at,
                        due_date: earlier.due_date,
                        earlier_code: None,
                    },
                );
            }
        }
        let mut errors = complaint.validate();
        // The category too is checked before a file is written (the store
        // checks it again in the transaction).
        let categories = self
            .store
            .complaint_categories(organization_id, complaint.channel)
            .await
            .map_err(|error| {
                tracing::error!(%error, "reading the complaint categories failed");
                FilingError::Failed
            })?;
        if errors.iter().all(|e| e.field != "category") {
            errors.extend(check_category(
                complaint.channel,
                &complaint.category,
                &categories,
            ));
        }
        if !errors.is_empty() {
            return Err(FilingError::Refused(errors));
        }
        let complaint_id = uuid::Uuid::new_v4().to_string();
        let tracking_code = random_tracking_code();
        let tracking_hash = keyring.tracking_hash(organization_id, tracking_code.as_str());
        let (sealer, reporter_key, key_grants) = match complaint.channel {
            Channel::General => (
                RecordSealer::with_server_key(keyring, organization_id, &complaint_id),
                None,
                Vec::new(),
            ),
            Channel::Corruption => {
                let officers = self
                    .store
                    .officer_public_keys(organization_id)
                    .await
                    .map_err(|error| {
                        tracing::error!(%error, "reading the officers' public keys failed");
                        FilingError::Failed
                    })?;
                if officers.is_empty() {
                    return Err(FilingError::Refused(vec![FieldError {
                        field: "channel",
                        message: NO_RECIPIENT.to_string(),
                    }]));
                }
                let key = DataKey::generate();
                let grants = officers
                    .iter()
                    .map(|(user_id, public_key)| KeyGrant {
                        user_id: user_id.clone(),
                        wrapped_key: wrap_for_officer(
                            &key,
                            public_key,
                            organization_id,
                            &complaint_id,
                        ),
                    })
                    .collect();
                let reporter =
                    wrap_for_reporter(&key, &tracking_code, organization_id, &complaint_id);
                (
                    RecordSealer::with_data_key(&key, organization_id, &complaint_id),
                    Some(reporter),
                    grants,
                )
            }
        };
        let file_sealer = (complaint.channel == Channel::Corruption).then_some(&sealer);
        let mut kept = Vec::with_capacity(incoming.len());
        for file in incoming {
            match attachments::store(files, file_sealer, cleaner, file).await {
                Ok(attachment) => kept.push(attachment),
                Err(error) => {
                    remove_sealed(files, complaint.channel, &kept).await;
                    if error.is_uploader_error() {
                        return Err(FilingError::Refused(vec![FieldError {
                            field: "files",
                            message: error.to_string(),
                        }]));
                    }
                    tracing::error!(%error, "storing an attachment failed");
                    return Err(FilingError::Failed);
                }
            }
        }
        let record = NewComplaintRecord {
            complaint_id,
            tracking_hash,
            complaint: complaint.seal(&sealer),
            attachments: kept.clone(),
            reporter_key,
            key_grants,
            submission: submission.map(|key| NewSubmission {
                key_hash: key.key_hash(organization_id),
                sealed_code: key.seal_code(organization_id, &tracking_code),
            }),
            received_at: None,
            taken_in,
        };
        match self.file_record(organization_id, record).await? {
            Ok(mut receipt) => match (receipt.earlier_code.take(), submission) {
                // Filed at the same moment with the same key: the other
                // filing stands, and these files are not needed.
                (Some(sealed), Some(key)) => {
                    remove_sealed(files, complaint.channel, &kept).await;
                    reopen(key, organization_id, sealed, receipt)
                }
                _ => Ok(Filed {
                    receipt,
                    tracking_code,
                }),
            },
            Err(errors) => {
                // Refused: the store wrote nothing, so nothing holds the files.
                // (On a failure the commit's fate may be unknown, and a
                // committed record must keep its files: they stay.)
                remove_sealed(files, complaint.channel, &kept).await;
                Err(FilingError::Refused(errors))
            }
        }
    }

    async fn file_record(
        &self,
        organization_id: &str,
        record: NewComplaintRecord,
    ) -> Result<FilingOutcome, FilingError> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            organization_id: organization_id.to_string(),
            record,
            reply,
        };
        self.jobs.send(job).await.map_err(|_| FilingError::Failed)?;
        answer.await.map_err(|_| FilingError::Failed)?
    }
}

/// The earlier filing of a one-time key: its receipt with the code opened.
fn reopen(
    key: &SubmissionKey,
    organization_id: &str,
    sealed_code: Vec<u8>,
    receipt: Receipt,
) -> Result<Filed, FilingError> {
    match key.open_code(organization_id, &sealed_code) {
        Some(tracking_code) => Ok(Filed {
            receipt,
            tracking_code,
        }),
        None => {
            tracing::error!("a filing's sealed code does not open with its key");
            Err(FilingError::Failed)
        }
    }
}

/// A corruption report's files are sealed with a fresh nonce, so no other
/// record can hold the same bytes: removing them after a refusal is safe.
async fn remove_sealed(files: &FileStore, channel: Channel, written: &[NewAttachment]) {
    if channel != Channel::Corruption {
        return;
    }
    for attachment in written {
        if let Some(path) = files.path_of(&attachment.sha256)
            && let Err(error) = tokio::fs::remove_file(&path).await
        {
            tracing::warn!(%error, "removing a refused report's file failed");
        }
    }
}

async fn file_batch(store: &dyn Store, jobs: Vec<Job>) {
    let mut by_org: HashMap<String, Vec<Job>> = HashMap::new();
    for job in jobs {
        by_org
            .entry(job.organization_id.clone())
            .or_default()
            .push(job);
    }
    for (organization_id, jobs) in by_org {
        let records: Vec<NewComplaintRecord> = jobs.iter().map(|j| j.record.clone()).collect();
        match store.file_complaints(&organization_id, &records).await {
            Ok(outcomes) if outcomes.len() == jobs.len() => {
                for (job, outcome) in jobs.into_iter().zip(outcomes) {
                    let _ = job.reply.send(Ok(outcome));
                }
            }
            Ok(_) => {
                tracing::error!("file_complaints answered a different number of outcomes");
                for job in jobs {
                    let _ = job.reply.send(Err(FilingError::Failed));
                }
            }
            Err(error) => {
                tracing::error!(%error, count = jobs.len(), "filing complaints failed");
                for job in jobs {
                    let _ = job.reply.send(Err(FilingError::Failed));
                }
            }
        }
    }
}
