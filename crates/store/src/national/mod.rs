//! The national data set for load tests (issue 15), PostgreSQL only: many
//! LAOs, each a server-side copy of one template organisation's plan and
//! registers, with years of generated progress and complaints. All its
//! SQL is here; `sujarit demo national` drives it. Not part of the
//! [`crate::Store`] contract: it exists for benchmarks.

use crate::Result;
use crate::db::{Pool, SqlStore};
use sqlx::postgres::PgPool;
use sujarit_core::directory::DirectoryEntry;

/// One LAO to create.
#[derive(Clone, Debug)]
pub struct NewLao {
    pub slug: String,
    pub name: String,
    pub entry: DirectoryEntry,
}

/// The tables copied from the template, parents first: the plan, its
/// units, the complaint centre's settings and categories, the information
/// centre's catalogues, the activities with their surveys and answers, and
/// the risk register. Tables naming users by foreign key (gifts) are not
/// copied, nor anything sealed.
pub const CLONED_TABLES: &[&str] = &[
    "plans",
    "dimensions",
    "dimension_stated_budgets",
    "missions",
    "items",
    "item_budgets",
    "item_units",
    "item_forms",
    "risks",
    "targets",
    "target_values",
    "proclamations",
    "schedules",
    "schedule_rows",
    "findings",
    "units",
    "item_unit_assignments",
    "complaint_settings",
    "complaint_categories",
    "disclosure_catalogues",
    "disclosure_items",
    "disclosure_owner_overrides",
    "disclosure_not_applicable",
    "activities",
    "publicity_channels",
    "publicity_log",
    "rosters",
    "surveys",
    "survey_responses",
    "survey_tallies",
    "kpi_sources",
    "risk_matrices",
    "risk_entries",
    "integrity_measures",
];

/// The bulk writer of the national data set.
pub struct National {
    pool: PgPool,
}

impl SqlStore {
    /// The national data set's writer; None on SQLite (a national
    /// installation runs on PostgreSQL).
    pub fn national(&self) -> Option<National> {
        match &self.pool {
            Pool::Postgres(pool) => Some(National { pool: pool.clone() }),
            Pool::Sqlite(_) => None,
        }
    }
}

impl National {
    /// Creates the LAOs that do not exist yet (by slug) with their
    /// directory entries; returns the ids of those created.
    pub async fn create_laos(&self, laos: &[NewLao]) -> Result<Vec<String>> {
        let mut created = Vec::new();
        for chunk in laos.chunks(1000) {
            let ids: Vec<String> = chunk
                .iter()
                .map(|_| uuid::Uuid::new_v4().to_string())
                .collect();
            let slugs: Vec<&str> = chunk.iter().map(|l| l.slug.as_str()).collect();
            let names: Vec<&str> = chunk.iter().map(|l| l.name.as_str()).collect();
            let kinds: Vec<&str> = chunk.iter().map(|l| l.entry.kind.as_str()).collect();
            let provinces: Vec<Option<&str>> = chunk
                .iter()
                .map(|l| l.entry.province_code.as_deref())
                .collect();
            let districts: Vec<Option<&str>> = chunk
                .iter()
                .map(|l| l.entry.district_code.as_deref())
                .collect();
            let subs: Vec<Option<&str>> = chunk
                .iter()
                .map(|l| l.entry.sub_district_code.as_deref())
                .collect();
            let mut tx = self.pool.begin().await?;
            let new: Vec<String> = sqlx::query_scalar(
                "INSERT INTO organizations (organization_id, slug, name, created_at) \
                 SELECT * , now() FROM UNNEST($1::text[], $2::text[], $3::text[]) \
                 ON CONFLICT (slug) DO NOTHING RETURNING organization_id",
            )
            .bind(&ids)
            .bind(&slugs)
            .bind(&names)
            .fetch_all(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO organization_directory (organization_id, kind, province_code, \
                 district_code, sub_district_code, official_code, updated_at) \
                 SELECT o.organization_id, x.kind, x.province, x.district, x.sub, NULL, now() \
                 FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) \
                   AS x(slug, kind, province, district, sub) \
                 JOIN organizations o ON o.slug = x.slug \
                 WHERE o.organization_id = ANY($6) \
                 ON CONFLICT (organization_id) DO NOTHING",
            )
            .bind(&slugs)
            .bind(&kinds)
            .bind(&provinces)
            .bind(&districts)
            .bind(&subs)
            .bind(&new)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            created.extend(new);
        }
        Ok(created)
    }

    /// Copies the template's rows of [`CLONED_TABLES`] to `organizations`
    /// on the server (columns read from information_schema), giving each
    /// copy its own plan ids (plans are cached by id). Returns rows written.
    pub async fn clone_template(&self, template: &str, organizations: &[String]) -> Result<u64> {
        let mut written = 0;
        for table in CLONED_TABLES {
            let columns: Vec<String> = sqlx::query_scalar(
                "SELECT column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1 \
                 ORDER BY ordinal_position",
            )
            .bind(table)
            .fetch_all(&self.pool)
            .await?;
            if columns.is_empty() {
                continue;
            }
            let values: Vec<String> = columns
                .iter()
                .map(|c| match c.as_str() {
                    "organization_id" => "n.id".to_string(),
                    "plan_id" => "md5(n.id || t.plan_id)::uuid::text".to_string(),
                    other => format!("t.{other}"),
                })
                .collect();
            let sql = format!(
                "INSERT INTO {table} ({}) SELECT {} FROM {table} t \
                 CROSS JOIN UNNEST($2::text[]) AS n(id) WHERE t.organization_id = $1",
                columns.join(", "),
                values.join(", ")
            );
            for chunk in organizations.chunks(200) {
                written += sqlx::query(&sql)
                    .bind(template)
                    .bind(chunk)
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
            }
        }
        Ok(written)
    }

    /// Quarterly progress of `years` for every item with a budget line in
    /// the year, each quarter that ended before `today`: statuses random
    /// but plausible (most completed or in progress), most reports
    /// published. Returns rows written.
    pub async fn generate_progress(
        &self,
        organizations: &[String],
        years: &[u16],
        today: time::Date,
    ) -> Result<u64> {
        let years: Vec<i64> = years.iter().map(|&y| i64::from(y)).collect();
        let mut written = 0;
        for chunk in organizations.chunks(100) {
            written += sqlx::query(GENERATE_PROGRESS)
                .bind(chunk)
                .bind(&years)
                .bind(today)
                .execute(&self.pool)
                .await?
                .rows_affected();
        }
        Ok(written)
    }

    /// About `total` general complaints spread over the organisations and
    /// `years` (random categories among `categories`, dates, ways of
    /// receipt and closure; due 15 days after receipt). Returns rows written.
    pub async fn generate_complaints(
        &self,
        organizations: &[String],
        categories: &[String],
        years: &[u16],
        total: u64,
        today: time::Date,
    ) -> Result<u64> {
        if organizations.is_empty() || categories.is_empty() || years.is_empty() || total == 0 {
            return Ok(0);
        }
        let per_org_year =
            i64::try_from(total / (organizations.len() as u64 * years.len() as u64)).unwrap_or(0);
        let mut written = 0;
        for &year in years {
            let fy = sujarit_core::fiscal::FiscalYear(year);
            let last = fy.last_day().min(today);
            if last < fy.first_day() {
                continue;
            }
            for chunk in organizations.chunks(100) {
                written += sqlx::query(GENERATE_COMPLAINTS)
                    .bind(chunk)
                    .bind(per_org_year.max(1))
                    .bind(fy.first_day())
                    .bind(last)
                    .bind(today)
                    .bind(categories)
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
            }
        }
        Ok(written)
    }

    /// The database's size in bytes.
    pub async fn database_size(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT pg_database_size(current_database())")
                .fetch_one(&self.pool)
                .await?,
        )
    }
}

const GENERATE_PROGRESS: &str = "\
INSERT INTO quarter_reports (organization_id, plan_id, dimension_no, item_no, fiscal_year, \
    quarter, status, not_done_reason, not_done_text, budget_planned_satang, \
    budget_adopted_satang, budget_disbursed_satang, overspend_reason, narrative, \
    kpi_actuals_json, review_state, review_comment, revision, updated_by, updated_at) \
SELECT r.organization_id, r.plan_id, r.dimension_no, r.item_no, r.fiscal_year, r.quarter, \
    r.status, CASE WHEN r.status = 'not_done' THEN 'no_budget' END, NULL, \
    r.amount, r.amount, (r.amount * r.q / 4), NULL, \
    'รายงานผลที่สร้างขึ้นสำหรับทดสอบ', '[]', \
    CASE WHEN r.review < 0.75 THEN 'published' WHEN r.review < 0.85 THEN 'approved' \
         WHEN r.review < 0.93 THEN 'submitted' ELSE 'draft' END, \
    NULL, 1, 'national-demo', now() \
FROM ( \
    SELECT p.organization_id, p.plan_id, b.dimension_no, b.item_no, b.fiscal_year, \
        q.q AS quarter, q.q, b.amount_satang AS amount, random() AS review, \
        CASE WHEN random() < 0.05 THEN 'not_done' \
             WHEN q.q >= 3 AND random() < 0.7 THEN 'completed' \
             WHEN random() < 0.3 THEN 'completed' \
             WHEN random() < 0.9 THEN 'in_progress' ELSE 'not_started' END AS status \
    FROM plans p \
    JOIN item_budgets b ON b.organization_id = p.organization_id AND b.plan_id = p.plan_id \
    CROSS JOIN generate_series(1, 4) AS q(q) \
    WHERE p.organization_id = ANY($1) AND p.is_current AND b.fiscal_year = ANY($2) \
      AND (make_date(CAST(b.fiscal_year AS int) - 543 - 1, 10, 1) \
           + make_interval(months => q.q * 3))::date <= $3 \
) r \
ON CONFLICT DO NOTHING";

const GENERATE_COMPLAINTS: &str = "\
INSERT INTO complaints (organization_id, complaint_id, tracking_code, channel, category, \
    subject, details, place, state, received_at, received_on, due_date, completed_on, \
    delay_explained, revision, updated_at, seal_version, received_via, origin, tracking_hash) \
SELECT g.organization_id, gen_random_uuid()::text, NULL, \
    'general', g.category, 'เรื่องร้องเรียนทดสอบ', 'สร้างขึ้นสำหรับทดสอบ', NULL, \
    CASE WHEN g.done IS NULL THEN 'in_progress' ELSE 'closed' END, \
    g.received_on::timestamp AT TIME ZONE 'Asia/Bangkok', g.received_on, \
    g.received_on + 15, g.done, false, 1, now(), 2, \
    (ARRAY['web','phone','walk_in','letter','line'])[1 + floor(random() * 5)::int], 'reported', \
    md5(gen_random_uuid()::text) || md5(gen_random_uuid()::text) \
FROM ( \
    SELECT o.id AS organization_id, s.n, \
        $3::date + floor(random() * ($4::date - $3::date + 1))::int AS received_on, \
        ($6::text[])[1 + floor(random() * cardinality($6::text[]))::int] AS category, \
        random() AS close \
    FROM UNNEST($1::text[]) AS o(id) \
    CROSS JOIN LATERAL generate_series(1, GREATEST(1, \
        ($2 * (0.5 + random()))::bigint)) AS s(n) \
) x \
CROSS JOIN LATERAL (SELECT x.organization_id, x.n, x.received_on, x.category, \
    CASE WHEN x.close < 0.85 THEN LEAST($5::date, x.received_on \
        + floor(random() * 25)::int) END AS done) g \
ON CONFLICT DO NOTHING";
