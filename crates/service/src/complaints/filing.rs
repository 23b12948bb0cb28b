//! Filing a complaint, the one way one enters: validate, check and strip
//! the attachments (a corruption report's sealed), store the record, and
//! keep the files only once the record holds them.
//!
//! Records go through the [`Filer`], which groups concurrent submissions
//! into one transaction: one disk flush for many receipts, every receipt
//! durable when it is given.

use std::collections::HashMap;
use std::sync::Arc;

use sujarit_core::complaint::{Channel, NewComplaint};
use sujarit_core::sealed::Keyring;
use sujarit_core::validation::FieldError;
use sujarit_store::files::FileStore;
use sujarit_store::{FilingOutcome, NewAttachment, NewComplaintRecord, Receipt, Store};
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
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
                file_batch(store.as_ref(), std::mem::take(&mut batch)).await;
            }
        });
        Filer { jobs }
    }

    /// Files one complaint with its attachments; returns once it is
    /// committed, with the receipt to give the complainant.
    ///
    /// The complaint is validated before any file is written; a file that
    /// is refused (type, size, unreadable) refuses the whole filing; and
    /// when the store refuses the record, the sealed files written for it
    /// are removed again. (A general complaint's file is content-addressed
    /// and may already belong to another record, so it stays: an
    /// unreferenced file is left on disk, as before, for a sweep that does
    /// not exist yet: issue 12.)
    pub async fn file(
        &self,
        keyring: &Keyring,
        files: &FileStore,
        cleaner: &Cleaner,
        organization_id: &str,
        complaint: &NewComplaint,
        incoming: Vec<Incoming>,
    ) -> Result<Receipt, FilingError> {
        let errors = complaint.validate();
        if !errors.is_empty() {
            return Err(FilingError::Refused(errors));
        }
        let mut kept = Vec::with_capacity(incoming.len());
        for file in incoming {
            match attachments::store(files, keyring, cleaner, complaint.channel, file).await {
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
            proposed_tracking_code: sujarit_store::random_tracking_code(),
            complaint: complaint.seal(keyring),
            attachments: kept.clone(),
        };
        match self.file_record(organization_id, record).await? {
            Ok(receipt) => Ok(receipt),
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
