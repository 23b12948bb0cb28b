//! Activities, surveys and KPIs measured from records: the use cases the
//! server and the command line share.
//!
//! * [`Answerer`]: survey answers checked by core's rules and committed
//!   durably in groups, as complaints are filed.
//! * [`measure_item`]: each KPI of an item's form with its chosen source and
//!   the actual computed from the records as of a date.
//! * [`device_hash`]: how a device token is kept (never as sent).

use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use sujarit_core::FiscalYear;
use sujarit_core::Item;
use sujarit_core::kpi::{self, KpiSource, Measurement, Records};
use sujarit_core::progress::{KpiTarget, kpi_targets};
use sujarit_core::survey::{AnswerError, Phase, check_answers};
use sujarit_store::{NewResponse, Store, StoreError};
use time::Date;
use tokio::sync::{mpsc, oneshot};

/// What is kept of a device token: a SHA-256 with the organisation and
/// what it was for, so the same phone is not linkable across surveys.
pub fn device_hash(organization_id: &str, scope: &str, token: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [organization_id, scope, token] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hex::encode(hasher.finalize())
}

/// Why an answer was not stored.
#[derive(Debug)]
pub enum AnswerRefused {
    /// Answers core's rules refuse, each at its question.
    Invalid(Vec<AnswerError>),
    /// The store refused it: no such survey (NotFound), closed (NotAllowed),
    /// answered already from this device (Conflict).
    Store(StoreError),
    /// The store or the disk failed (logged); nothing was acknowledged.
    Failed,
}

struct Job {
    organization_id: String,
    response: NewResponse,
    reply: oneshot::Sender<Result<(), AnswerRefused>>,
}

/// Most answers committed in one transaction.
const MAX_BATCH: usize = 512;

/// Commits survey answers through one task that takes every answer waiting
/// and commits them per organisation in one durable transaction: under load
/// a thousand answers cost a few disk flushes; alone, an answer waits for
/// nothing.
#[derive(Clone)]
pub struct Answerer {
    jobs: mpsc::Sender<Job>,
}

impl Answerer {
    pub fn start(store: Arc<dyn Store>) -> Answerer {
        let (jobs, mut queue) = mpsc::channel::<Job>(4 * MAX_BATCH);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
                answer_batch(store.as_ref(), std::mem::take(&mut batch)).await;
            }
        });
        Answerer { jobs }
    }

    /// Checks and stores one response; returns once it is on disk.
    pub async fn answer(
        &self,
        store: &dyn Store,
        organization_id: &str,
        survey_id: &str,
        answers: &BTreeMap<String, serde_json::Value>,
        device: Option<&str>,
        today: Date,
    ) -> Result<(), AnswerRefused> {
        let survey = match store.survey(organization_id, survey_id).await {
            Ok(Some(survey)) => survey,
            Ok(None) => {
                return Err(AnswerRefused::Store(StoreError::NotFound(
                    sujarit_core::refusal::Missing::Survey(survey_id.to_string()),
                )));
            }
            Err(error) => {
                tracing::error!(%error, "reading a survey to answer failed");
                return Err(AnswerRefused::Failed);
            }
        };
        if !survey.is_open(today) {
            return Err(AnswerRefused::Store(StoreError::NotAllowed(
                sujarit_core::refusal::Refusal::SurveyClosed,
            )));
        }
        let response = check_answers(&survey.input, answers).map_err(AnswerRefused::Invalid)?;
        let (reply, outcome) = oneshot::channel();
        let job = Job {
            organization_id: organization_id.to_string(),
            response: NewResponse {
                survey_id: survey_id.to_string(),
                device: device.map(|d| device_hash(organization_id, survey_id, d)),
                response,
                today,
            },
            reply,
        };
        if self.jobs.send(job).await.is_err() {
            return Err(AnswerRefused::Failed);
        }
        outcome.await.unwrap_or(Err(AnswerRefused::Failed))
    }
}

async fn answer_batch(store: &dyn Store, jobs: Vec<Job>) {
    let mut by_org: HashMap<String, Vec<Job>> = HashMap::new();
    for job in jobs {
        by_org
            .entry(job.organization_id.clone())
            .or_default()
            .push(job);
    }
    for (organization_id, jobs) in by_org {
        let responses: Vec<NewResponse> = jobs.iter().map(|j| j.response.clone()).collect();
        match store.answer_surveys(&organization_id, &responses).await {
            Ok(outcomes) if outcomes.len() == jobs.len() => {
                for (job, outcome) in jobs.into_iter().zip(outcomes) {
                    let _ = job.reply.send(outcome.map_err(AnswerRefused::Store));
                }
            }
            Ok(_) => {
                tracing::error!("answer_surveys answered a different number of outcomes");
                for job in jobs {
                    let _ = job.reply.send(Err(AnswerRefused::Failed));
                }
            }
            Err(error) => {
                tracing::error!(%error, count = jobs.len(), "storing survey answers failed");
                for job in jobs {
                    let _ = job.reply.send(Err(AnswerRefused::Failed));
                }
            }
        }
    }
}

/// One KPI of an item: its target, the source chosen (or suggested) and
/// the actual measured from the records.
#[derive(Clone, Debug)]
pub struct KpiLine {
    pub target: KpiTarget,
    pub source: KpiSource,
    /// False when the source is only a suggestion nobody confirmed.
    pub chosen: bool,
    pub measurement: Option<Measurement>,
}

/// The measurable targets of an item's form, in the form's order.
pub fn item_targets(item: &Item) -> Vec<KpiTarget> {
    item.form
        .as_ref()
        .map(|f| {
            let lines: Vec<String> = f.outputs.iter().chain(&f.outcomes).cloned().collect();
            kpi_targets(&lines)
        })
        .unwrap_or_default()
}

/// Each KPI of `item` in `fiscal_year` measured as of `as_of` (clamped to
/// the fiscal year): the chosen source, else a suggestion (not measured:
/// a suggestion that needs a survey or a baseline cannot count yet).
pub async fn measure_item(
    store: &dyn Store,
    organization_id: &str,
    item: &Item,
    fiscal_year: u16,
    as_of: Date,
) -> Result<Vec<KpiLine>, StoreError> {
    measure(store, organization_id, item, fiscal_year, as_of, false).await
}

/// As [`measure_item`], counting only published activities: what the
/// public may see.
pub async fn measure_item_published(
    store: &dyn Store,
    organization_id: &str,
    item: &Item,
    fiscal_year: u16,
    as_of: Date,
) -> Result<Vec<KpiLine>, StoreError> {
    measure(store, organization_id, item, fiscal_year, as_of, true).await
}

async fn measure(
    store: &dyn Store,
    organization_id: &str,
    item: &Item,
    fiscal_year: u16,
    as_of: Date,
    published_only: bool,
) -> Result<Vec<KpiLine>, StoreError> {
    let targets = item_targets(item);
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let year = FiscalYear(fiscal_year);
    let as_of = as_of.clamp(year.first_day(), year.last_day());
    let item_ref = item.item_ref();
    let chosen = store
        .kpi_sources(organization_id, item_ref, fiscal_year)
        .await?;
    let lines: Vec<(KpiTarget, KpiSource, bool)> = targets
        .into_iter()
        .map(|t| match chosen.iter().find(|c| c.kpi == t.text) {
            Some(c) => (t, c.source.clone(), true),
            None => {
                let s = KpiSource::suggest(&t);
                (t, s, false)
            }
        })
        .collect();
    let mut records = Records {
        activities: store
            .activities(organization_id, fiscal_year, Some(item_ref))
            .await?
            .into_iter()
            .filter(|a| a.published || !published_only)
            .collect(),
        publicity: store
            .publicity(organization_id, fiscal_year)
            .await?
            .into_iter()
            .filter(|p| p.item == Some(item_ref))
            .collect(),
        ..Records::default()
    };
    let needs_rosters = lines
        .iter()
        .any(|(_, s, c)| *c && matches!(s, KpiSource::RosterCoverage { .. }));
    if needs_rosters {
        records.rosters = store.rosters(organization_id).await?;
    }
    for (index, (_, source, is_chosen)) in lines.iter().enumerate() {
        if !is_chosen {
            continue;
        }
        match source {
            KpiSource::SurveySatisfied { survey }
            | KpiSource::TestPassing { survey }
            | KpiSource::ScoreGain { survey } => {
                if records.surveys.iter().any(|(s, _, _)| s == survey) {
                    continue;
                }
                let Some(found) = store.survey(organization_id, survey).await? else {
                    continue;
                };
                // Nothing to say before it opened; and in public, nothing
                // below the survey's minimum of answers (a test taken by two
                // trainees would say whether they passed).
                let hidden = |s: &sujarit_core::survey::Survey| {
                    published_only && !sujarit_core::disclosure::results_public(s)
                };
                if found.input.opens > as_of || hidden(&found) {
                    continue;
                }
                let results = store
                    .survey_tallies(organization_id, survey)
                    .await?
                    .results(&found.input);
                let pre = match (&found.input.activity, found.input.phase) {
                    (Some(activity), Phase::Post) => {
                        match pre_test(store, organization_id, activity, fiscal_year).await? {
                            Some(pre) if !hidden(&pre) => Some(
                                store
                                    .survey_tallies(organization_id, &pre.id)
                                    .await?
                                    .results(&pre.input),
                            ),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                records.surveys.push((survey.clone(), results, pre));
            }
            KpiSource::Complaints { categories } => {
                let count = store
                    .complaint_count(organization_id, categories, year.first_day(), as_of)
                    .await?;
                if published_only && small(count) {
                    continue;
                }
                records.complaint_counts.push((index, count, None));
            }
            KpiSource::ComplaintReduction {
                categories,
                baseline_year,
            } => {
                let count = store
                    .complaint_count(organization_id, categories, year.first_day(), as_of)
                    .await?;
                // Like for like: the baseline year up to the same point, so
                // that a year under way is not compared with a whole one.
                let base = FiscalYear(*baseline_year);
                let elapsed = as_of - year.first_day();
                let base_end = (base.first_day() + elapsed).min(base.last_day());
                let baseline = if *baseline_year > 2400 && *baseline_year < fiscal_year {
                    Some(
                        store
                            .complaint_count(
                                organization_id,
                                categories,
                                base.first_day(),
                                base_end,
                            )
                            .await?,
                    )
                } else {
                    None
                };
                if published_only && (small(count) || baseline.is_some_and(small)) {
                    continue;
                }
                records.complaint_counts.push((index, count, baseline));
            }
            _ => {}
        }
    }
    Ok(lines
        .into_iter()
        .enumerate()
        .map(|(index, (target, source, chosen))| {
            let measurement = if chosen {
                kpi::measure(index, &source, &target, &records, as_of)
            } else {
                None
            };
            KpiLine {
                target,
                source,
                chosen,
                measurement,
            }
        })
        .collect())
}

/// A complaint count the public statistics would hide (1–2 cases).
fn small(count: u64) -> bool {
    (1..=2).contains(&count)
}

/// The pre-test of an activity, if it has one (the partner of its post-test).
pub async fn pre_test(
    store: &dyn Store,
    organization_id: &str,
    activity: &str,
    fiscal_year: u16,
) -> Result<Option<sujarit_core::survey::Survey>, StoreError> {
    let surveys = store.surveys(organization_id, Some(fiscal_year)).await?;
    Ok(surveys
        .into_iter()
        .find(|s| s.input.activity.as_deref() == Some(activity) && s.input.phase == Phase::Pre))
}

/// Checks a photo or material by its content, removes its metadata (place,
/// camera, author: as for complaint attachments, leniently, by `cleaner`)
/// and stores it. The file was spooled to disk as it arrived; it is read
/// back here, once whole.
pub async fn store_activity_file(
    files: &sujarit_store::files::FileStore,
    cleaner: &crate::complaints::cleaning::Cleaner,
    spool: sujarit_store::files::Spool,
    actor: &str,
) -> Result<sujarit_core::activity::ActivityFile, sujarit_store::files::FileError> {
    let file_name = &spool.file_name().to_string();
    let bytes = spool.into_bytes().await?;
    let kind = sujarit_store::files::detect_in_memory(file_name, &bytes)?;
    let stripped = cleaner.strip(file_name, kind.media_type, bytes).await?;
    let stored = files.save(file_name, &stripped, actor).await?;
    Ok(sujarit_core::activity::ActivityFile {
        id: uuid_like(&stored.sha256),
        file_name: stored.file_name,
        media_type: stored.media_type,
        size_bytes: stored.size_bytes,
        sha256: stored.sha256,
    })
}

/// A file's id within its activity: the start of its digest (the same
/// file twice is one file).
fn uuid_like(sha256: &str) -> String {
    sha256.chars().take(16).collect()
}
