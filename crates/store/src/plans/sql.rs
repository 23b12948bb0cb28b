//! The plans' SQL (`$n` placeholders work in SQLite and PostgreSQL alike, and
//! every integer column is 64-bit in both), the flattening of a
//! [`PlanReport`] into insert statements, and the rebuilding of a report from
//! the rows read back.

use crate::db::{Arg, Statement, Tx, query_as};
use crate::{ImportSource, PlanVersion, Result, StoreError};
use std::collections::{BTreeMap, HashMap};
use sujarit_core::{
    Baht, Dimension, Finding, FindingCode, Item, ItemForm, ItemKind, ItemRef, Mission, Period,
    Plan, PlanReport, Proclamation, RiskRow, Schedule, ScheduleRow, Severity, TargetRow,
    TargetValue,
};
use time::{Date, OffsetDateTime};

// ---------------------------------------------------------------------------
// Organisations

pub(crate) const INSERT_ORGANIZATION_IF_NEW: &str = "INSERT INTO organizations \
     (organization_id, slug, name, created_at) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (slug) DO NOTHING";

pub(crate) const SELECT_ORGANIZATION_BY_SLUG: &str =
    "SELECT organization_id, slug, name FROM organizations WHERE slug = $1";

pub(crate) const SELECT_ORGANIZATIONS: &str =
    "SELECT organization_id, slug, name FROM organizations ORDER BY slug";

/// Every column that names a stored file, one query per table: a table
/// added with a file column must be added here, or its files get swept.
pub(crate) const SELECT_REFERENCED_FILES: [&str; 4] = [
    "SELECT DISTINCT sha256 FROM evidence_files",
    "SELECT DISTINCT sha256 FROM complaint_attachments",
    "SELECT DISTINCT file_sha256 FROM disclosure_publications WHERE file_sha256 IS NOT NULL",
    "SELECT DISTINCT sha256 FROM activity_files",
];

#[derive(sqlx::FromRow)]
pub(crate) struct OrganizationRow {
    organization_id: String,
    slug: String,
    name: String,
}

impl From<OrganizationRow> for crate::Organization {
    fn from(row: OrganizationRow) -> Self {
        crate::Organization {
            id: row.organization_id,
            slug: row.slug,
            name: row.name,
        }
    }
}

// ---------------------------------------------------------------------------
// Plan versions

/// The summary columns of a plan version; the item and finding counts are
/// counted rather than stored so they can never disagree with the rows.
macro_rules! select_plan_version {
    () => {
        "SELECT p.organization_id, p.plan_id, p.version, p.is_current, \
         p.document_organization_name, p.title, p.first_fiscal_year, p.last_fiscal_year, \
         p.source_file_name, p.source_sha256, p.imported_at, \
         (SELECT COUNT(*) FROM items i \
           WHERE i.organization_id = p.organization_id AND i.plan_id = p.plan_id) AS item_count, \
         (SELECT COUNT(*) FROM findings f \
           WHERE f.organization_id = p.organization_id AND f.plan_id = p.plan_id) AS finding_count \
         FROM plans p WHERE p.organization_id = $1"
    };
}

pub(crate) const SELECT_PLAN_VERSIONS: &str =
    concat!(select_plan_version!(), " ORDER BY p.version DESC");
pub(crate) const SELECT_CURRENT_PLAN_VERSION: &str =
    concat!(select_plan_version!(), " AND p.is_current");
pub(crate) const SELECT_PLAN_VERSION_BY_ID: &str =
    concat!(select_plan_version!(), " AND p.plan_id = $2");
pub(crate) const SELECT_PLAN_VERSION_BY_SHA256: &str =
    concat!(select_plan_version!(), " AND p.source_sha256 = $2");

pub(crate) const SELECT_NEXT_VERSION: &str =
    "SELECT COALESCE(MAX(version), 0) + 1 FROM plans WHERE organization_id = $1";

pub(crate) const UNMARK_CURRENT_PLAN: &str =
    "UPDATE plans SET is_current = FALSE WHERE organization_id = $1 AND is_current";

#[derive(sqlx::FromRow)]
pub(crate) struct PlanVersionRow {
    organization_id: String,
    plan_id: String,
    version: i64,
    is_current: bool,
    document_organization_name: String,
    title: String,
    first_fiscal_year: i64,
    last_fiscal_year: i64,
    source_file_name: String,
    source_sha256: String,
    imported_at: OffsetDateTime,
    item_count: i64,
    finding_count: i64,
}

impl PlanVersionRow {
    pub(crate) fn plan_id(&self) -> &str {
        &self.plan_id
    }

    pub(crate) fn to_version(&self) -> Result<PlanVersion> {
        Ok(PlanVersion {
            id: self.plan_id.clone(),
            organization_id: self.organization_id.clone(),
            version: narrow(self.version, "plans.version")?,
            is_current: self.is_current,
            title: self.title.clone(),
            first_fiscal_year: narrow(self.first_fiscal_year, "plans.first_fiscal_year")?,
            last_fiscal_year: narrow(self.last_fiscal_year, "plans.last_fiscal_year")?,
            source_file_name: self.source_file_name.clone(),
            source_sha256: self.source_sha256.clone(),
            imported_at: self.imported_at,
            item_count: self.item_count,
            finding_count: self.finding_count,
        })
    }
}

// ---------------------------------------------------------------------------
// Writing a plan

macro_rules! statement {
    ($sql:expr; $($arg:expr),* $(,)?) => {
        Statement { sql: $sql, args: vec![$(Arg::from($arg)),*] }
    };
}

const INSERT_PLAN: &str = "INSERT INTO plans (organization_id, plan_id, version, is_current, \
     document_organization_name, title, first_fiscal_year, last_fiscal_year, \
     source_file_name, source_sha256, imported_at) \
     VALUES ($1, $2, $3, TRUE, $4, $5, $6, $7, $8, $9, $10)";
const INSERT_DIMENSION: &str = "INSERT INTO dimensions (organization_id, plan_id, \
     dimension_no, position, name, stated_item_count) VALUES ($1, $2, $3, $4, $5, $6)";
const INSERT_DIMENSION_BUDGET: &str = "INSERT INTO dimension_stated_budgets \
     (organization_id, plan_id, dimension_no, fiscal_year, amount_satang) \
     VALUES ($1, $2, $3, $4, $5)";
const INSERT_MISSION: &str = "INSERT INTO missions (organization_id, plan_id, dimension_no, \
     mission_position, code, name) VALUES ($1, $2, $3, $4, $5, $6)";
const INSERT_ITEM: &str = "INSERT INTO items (organization_id, plan_id, dimension_no, item_no, \
     mission_dimension_no, mission_position, position_in_mission, kind, name, source_line) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
const INSERT_ITEM_BUDGET: &str = "INSERT INTO item_budgets (organization_id, plan_id, \
     dimension_no, item_no, fiscal_year, amount_satang) VALUES ($1, $2, $3, $4, $5, $6)";
const INSERT_ITEM_UNIT: &str = "INSERT INTO item_units (organization_id, plan_id, \
     dimension_no, item_no, unit_position, unit_name) VALUES ($1, $2, $3, $4, $5, $6)";
const INSERT_ITEM_FORM: &str = "INSERT INTO item_forms (organization_id, plan_id, \
     dimension_no, item_no, form_name, rationale, objectives_json, target_group, steps_json, \
     duration, budget_text, responsible_text, outputs_json, outcomes_json, source_line, \
     match_confidence) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";
const INSERT_RISK: &str = "INSERT INTO risks (organization_id, plan_id, risk_position, \
     risk_order, process_step, risk_issues, risk_level, controls, source_line) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
const INSERT_TARGET: &str = "INSERT INTO targets (organization_id, plan_id, target_position, \
     indicator, source_line) VALUES ($1, $2, $3, $4, $5)";
const INSERT_TARGET_VALUE: &str = "INSERT INTO target_values (organization_id, plan_id, \
     target_position, fiscal_year, value_text, value_number) VALUES ($1, $2, $3, $4, $5, $6)";
const INSERT_PROCLAMATION: &str = "INSERT INTO proclamations (organization_id, plan_id, title, \
     date_text, proclaimed_on, signatory, signatory_position, source_line) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
const INSERT_SCHEDULE: &str = "INSERT INTO schedules (organization_id, plan_id, \
     schedule_position, fiscal_year, stated_total_budget_satang, stated_q1_count, \
     stated_q2_count, stated_q3_count, stated_q4_count, data_date_text, issuer, source_line) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
const INSERT_SCHEDULE_ROW: &str = "INSERT INTO schedule_rows (organization_id, plan_id, \
     schedule_position, row_position, row_order, matched_dimension_no, matched_item_no, name, \
     dimension_no, budget_satang, quarters_json, match_confidence, source_line) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
const INSERT_FINDING: &str = "INSERT INTO findings (organization_id, plan_id, \
     finding_position, code, severity, fiscal_year, item_dimension_no, item_no, source_line, \
     message, expected, found) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

/// A new plan version about to be written.
pub(crate) struct NewPlan<'a> {
    pub(crate) organization_id: &'a str,
    pub(crate) plan_id: &'a str,
    pub(crate) version: i64,
    pub(crate) source: &'a ImportSource,
    pub(crate) imported_at: OffsetDateTime,
    pub(crate) report: &'a PlanReport,
}

/// Every insert needed to store `new`, parents before children so foreign
/// keys hold at each step. Positions are 1-based.
pub(crate) fn plan_statements(new: &NewPlan<'_>) -> Vec<Statement> {
    let (org, plan_id) = (new.organization_id, new.plan_id);
    let plan = &new.report.plan;
    let mut out = vec![statement!(INSERT_PLAN;
        org, plan_id, new.version, &plan.organization, &plan.title,
        plan.period.first_fiscal_year, plan.period.last_fiscal_year,
        &new.source.file_name, &new.source.sha256, new.imported_at)];

    for (d_pos, dimension) in plan.dimensions.iter().enumerate() {
        out.push(statement!(INSERT_DIMENSION;
            org, plan_id, dimension.no, d_pos + 1, &dimension.name, dimension.stated_item_count));
        for (&year, &amount) in &dimension.stated_budget {
            out.push(statement!(INSERT_DIMENSION_BUDGET;
                org, plan_id, dimension.no, year, amount));
        }
    }
    for dimension in &plan.dimensions {
        for (m_pos, mission) in dimension.missions.iter().enumerate() {
            out.push(statement!(INSERT_MISSION;
                org, plan_id, dimension.no, m_pos + 1, &mission.code, &mission.name));
        }
    }
    for dimension in &plan.dimensions {
        for (m_pos, mission) in dimension.missions.iter().enumerate() {
            for (i_pos, item) in mission.items.iter().enumerate() {
                item_statements(
                    &mut out,
                    org,
                    plan_id,
                    dimension.no,
                    m_pos + 1,
                    i_pos + 1,
                    item,
                );
            }
        }
    }
    for (pos, risk) in plan.risks.iter().enumerate() {
        out.push(statement!(INSERT_RISK;
            org, plan_id, pos + 1, risk.order, &risk.process_step, &risk.risk_issues,
            &risk.risk_level, &risk.controls, risk.line));
    }
    for (pos, target) in plan.targets.iter().enumerate() {
        out.push(statement!(INSERT_TARGET;
            org, plan_id, pos + 1, &target.indicator, target.line));
        for (&year, value) in &target.values {
            out.push(statement!(INSERT_TARGET_VALUE;
                org, plan_id, pos + 1, year, &value.text, value.number));
        }
    }
    if let Some(p) = &plan.proclamation {
        out.push(statement!(INSERT_PROCLAMATION;
            org, plan_id, &p.title, &p.date_text, p.date, &p.signatory, &p.position, p.line));
    }
    for (s_pos, schedule) in plan.schedules.iter().enumerate() {
        let q = |i: usize| schedule.stated_quarter_counts.map(|counts| counts[i]);
        out.push(statement!(INSERT_SCHEDULE;
            org, plan_id, s_pos + 1, schedule.fiscal_year, schedule.stated_total_budget,
            q(0), q(1), q(2), q(3), &schedule.data_date, &schedule.issuer, schedule.line));
        for (r_pos, row) in schedule.rows.iter().enumerate() {
            out.push(statement!(INSERT_SCHEDULE_ROW;
                org, plan_id, s_pos + 1, r_pos + 1, row.order,
                row.item.map(|r| r.dimension), row.item.map(|r| r.no),
                &row.name, row.dimension, row.budget, json_list(&row.quarters),
                row.match_confidence, row.line));
        }
    }
    for (pos, f) in new.report.findings.iter().enumerate() {
        out.push(statement!(INSERT_FINDING;
            org, plan_id, pos + 1, f.code.as_str(), f.severity.as_str(), f.fiscal_year,
            f.item.map(|r| r.dimension), f.item.map(|r| r.no), f.line,
            &f.message, &f.expected, &f.found));
    }
    out
}

fn item_statements(
    out: &mut Vec<Statement>,
    org: &str,
    plan_id: &str,
    mission_dimension_no: u8,
    mission_position: usize,
    position_in_mission: usize,
    item: &Item,
) {
    let (d, n) = (item.dimension, item.no);
    out.push(statement!(INSERT_ITEM;
        org, plan_id, d, n, mission_dimension_no, mission_position, position_in_mission,
        &item.kind.map(|k| k.as_str().to_owned()), &item.name, item.line));
    for (&year, &amount) in &item.budget {
        out.push(statement!(INSERT_ITEM_BUDGET; org, plan_id, d, n, year, amount));
    }
    for (pos, unit) in item.units.iter().enumerate() {
        out.push(statement!(INSERT_ITEM_UNIT; org, plan_id, d, n, pos + 1, unit));
    }
    if let Some(form) = &item.form {
        out.push(statement!(INSERT_ITEM_FORM;
            org, plan_id, d, n, &form.name, &form.rationale, json_list(&form.objectives),
            &form.target_group, json_list(&form.steps), &form.duration, &form.budget_text,
            &form.responsible_text, json_list(&form.outputs), json_list(&form.outcomes),
            form.line, form.match_confidence));
    }
}

/// A list as JSON text, the way list columns (`*_json`) store it.
fn json_list<T: serde::Serialize>(list: &[T]) -> String {
    // Serialising a slice of strings or small integers cannot fail.
    serde_json::to_string(list).expect("a list of strings or integers serialises to JSON")
}

// ---------------------------------------------------------------------------
// Reading a plan back

macro_rules! plan_select {
    ($columns:literal, $table:literal, $order:literal) => {
        concat!(
            "SELECT ",
            $columns,
            " FROM ",
            $table,
            " WHERE organization_id = $1 AND plan_id = $2",
            $order
        )
    };
}

pub(crate) const SELECT_DIMENSIONS: &str = plan_select!(
    "dimension_no, name, stated_item_count",
    "dimensions",
    " ORDER BY position"
);
pub(crate) const SELECT_DIMENSION_BUDGETS: &str = plan_select!(
    "dimension_no, fiscal_year, amount_satang",
    "dimension_stated_budgets",
    " ORDER BY dimension_no, fiscal_year"
);
pub(crate) const SELECT_MISSIONS: &str = plan_select!(
    "dimension_no, mission_position, code, name",
    "missions",
    " ORDER BY dimension_no, mission_position"
);
pub(crate) const SELECT_ITEMS: &str = plan_select!(
    "dimension_no, item_no, mission_dimension_no, mission_position, kind, name, source_line",
    "items",
    " ORDER BY mission_dimension_no, mission_position, position_in_mission"
);
pub(crate) const SELECT_ITEM_BUDGETS: &str = plan_select!(
    "dimension_no, item_no, fiscal_year, amount_satang",
    "item_budgets",
    " ORDER BY dimension_no, item_no, fiscal_year"
);
pub(crate) const SELECT_ITEM_UNITS: &str = plan_select!(
    "dimension_no, item_no, unit_name",
    "item_units",
    " ORDER BY dimension_no, item_no, unit_position"
);
pub(crate) const SELECT_ITEM_FORMS: &str = plan_select!(
    "dimension_no, item_no, form_name, rationale, objectives_json, target_group, steps_json, \
     duration, budget_text, responsible_text, outputs_json, outcomes_json, source_line, \
     match_confidence",
    "item_forms",
    ""
);
pub(crate) const SELECT_RISKS: &str = plan_select!(
    "risk_order, process_step, risk_issues, risk_level, controls, source_line",
    "risks",
    " ORDER BY risk_position"
);
pub(crate) const SELECT_TARGETS: &str = plan_select!(
    "target_position, indicator, source_line",
    "targets",
    " ORDER BY target_position"
);
pub(crate) const SELECT_TARGET_VALUES: &str = plan_select!(
    "target_position, fiscal_year, value_text, value_number",
    "target_values",
    " ORDER BY target_position, fiscal_year"
);
pub(crate) const SELECT_PROCLAMATION: &str = plan_select!(
    "title, date_text, proclaimed_on, signatory, signatory_position, source_line",
    "proclamations",
    ""
);
pub(crate) const SELECT_SCHEDULES: &str = plan_select!(
    "schedule_position, fiscal_year, stated_total_budget_satang, stated_q1_count, \
     stated_q2_count, stated_q3_count, stated_q4_count, data_date_text, issuer, source_line",
    "schedules",
    " ORDER BY schedule_position"
);
pub(crate) const SELECT_SCHEDULE_ROWS: &str = plan_select!(
    "schedule_position, row_order, matched_dimension_no, matched_item_no, name, dimension_no, \
     budget_satang, quarters_json, match_confidence, source_line",
    "schedule_rows",
    " ORDER BY schedule_position, row_position"
);
pub(crate) const SELECT_FINDINGS: &str = plan_select!(
    "code, severity, fiscal_year, item_dimension_no, item_no, source_line, message, expected, \
     found",
    "findings",
    " ORDER BY finding_position"
);

#[derive(sqlx::FromRow)]
pub(crate) struct DimensionRow {
    dimension_no: i64,
    name: String,
    stated_item_count: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct DimensionBudgetRow {
    dimension_no: i64,
    fiscal_year: i64,
    amount_satang: i64,
}

#[derive(sqlx::FromRow)]
pub(crate) struct MissionRow {
    dimension_no: i64,
    mission_position: i64,
    code: String,
    name: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ItemRow {
    dimension_no: i64,
    item_no: i64,
    mission_dimension_no: i64,
    mission_position: i64,
    kind: Option<String>,
    name: String,
    source_line: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ItemBudgetRow {
    dimension_no: i64,
    item_no: i64,
    fiscal_year: i64,
    amount_satang: i64,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ItemUnitRow {
    dimension_no: i64,
    item_no: i64,
    unit_name: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ItemFormRow {
    dimension_no: i64,
    item_no: i64,
    form_name: String,
    rationale: String,
    objectives_json: String,
    target_group: String,
    steps_json: String,
    duration: String,
    budget_text: String,
    responsible_text: String,
    outputs_json: String,
    outcomes_json: String,
    source_line: Option<i64>,
    match_confidence: f64,
}

#[derive(sqlx::FromRow)]
pub(crate) struct RiskDbRow {
    risk_order: i64,
    process_step: String,
    risk_issues: String,
    risk_level: String,
    controls: String,
    source_line: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct TargetDbRow {
    target_position: i64,
    indicator: String,
    source_line: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct TargetValueRow {
    target_position: i64,
    fiscal_year: i64,
    value_text: String,
    value_number: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ProclamationRow {
    title: String,
    date_text: String,
    proclaimed_on: Option<Date>,
    signatory: String,
    signatory_position: String,
    source_line: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ScheduleDbRow {
    schedule_position: i64,
    fiscal_year: i64,
    stated_total_budget_satang: Option<i64>,
    stated_q1_count: Option<i64>,
    stated_q2_count: Option<i64>,
    stated_q3_count: Option<i64>,
    stated_q4_count: Option<i64>,
    data_date_text: Option<String>,
    issuer: Option<String>,
    source_line: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ScheduleRowRow {
    schedule_position: i64,
    row_order: i64,
    matched_dimension_no: Option<i64>,
    matched_item_no: Option<i64>,
    name: String,
    dimension_no: Option<i64>,
    budget_satang: i64,
    quarters_json: String,
    match_confidence: f64,
    source_line: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct FindingRow {
    code: String,
    severity: String,
    fiscal_year: Option<i64>,
    item_dimension_no: Option<i64>,
    item_no: Option<i64>,
    source_line: Option<i64>,
    message: String,
    expected: Option<String>,
    found: Option<String>,
}

/// Every row of one plan version, each table in its stored order.
pub(crate) struct PlanRows {
    pub(crate) dimensions: Vec<DimensionRow>,
    pub(crate) dimension_budgets: Vec<DimensionBudgetRow>,
    pub(crate) missions: Vec<MissionRow>,
    pub(crate) items: Vec<ItemRow>,
    pub(crate) item_budgets: Vec<ItemBudgetRow>,
    pub(crate) item_units: Vec<ItemUnitRow>,
    pub(crate) item_forms: Vec<ItemFormRow>,
    pub(crate) risks: Vec<RiskDbRow>,
    pub(crate) targets: Vec<TargetDbRow>,
    pub(crate) target_values: Vec<TargetValueRow>,
    pub(crate) proclamation: Option<ProclamationRow>,
    pub(crate) schedules: Vec<ScheduleDbRow>,
    pub(crate) schedule_rows: Vec<ScheduleRowRow>,
    pub(crate) findings: Vec<FindingRow>,
}

/// Reads every row of one plan version.
pub(crate) async fn fetch_plan_rows(tx: &mut Tx<'_>, org: &str, plan: &str) -> Result<PlanRows> {
    Ok(PlanRows {
        dimensions: query_as(SELECT_DIMENSIONS)
            .bind(org)
            .bind(plan)
            .fetch_all(&mut *tx)
            .await?,
        dimension_budgets: query_as(SELECT_DIMENSION_BUDGETS)
            .bind(org)
            .bind(plan)
            .fetch_all(&mut *tx)
            .await?,
        missions: query_as(SELECT_MISSIONS)
            .bind(org)
            .bind(plan)
            .fetch_all(&mut *tx)
            .await?,
        items: query_as(SELECT_ITEMS)
            .bind(org)
            .bind(plan)
            .fetch_all(&mut *tx)
            .await?,
        item_budgets: query_as(SELECT_ITEM_BUDGETS)
            .bind(org)
            .bind(plan)
            .fetch_all(&mut *tx)
            .await?,
        item_units: query_as(SELECT_ITEM_UNITS)
            .bind(org)
            .bind(plan)
            .fetch_all(&mut *tx)
            .await?,
        item_forms: query_as(SELECT_ITEM_FORMS)
            .bind(org)
            .bind(plan)
            .fetch_all(&mut *tx)
            .await?,
        risks: query_as(SELECT_RISKS)
            .bind(org)
            .bind(plan)
            .fetch_all(&mut *tx)
            .await?,
        targets: query_as(SELECT_TARGETS)
            .bind(org)
            .bind(plan)
            .fetch_all(&mut *tx)
            .await?,
        target_values: query_as(SELECT_TARGET_VALUES)
            .bind(org)
            .bind(plan)
            .fetch_all(&mut *tx)
            .await?,
        proclamation: query_as(SELECT_PROCLAMATION)
            .bind(org)
            .bind(plan)
            .fetch_optional(&mut *tx)
            .await?,
        schedules: query_as(SELECT_SCHEDULES)
            .bind(org)
            .bind(plan)
            .fetch_all(&mut *tx)
            .await?,
        schedule_rows: query_as(SELECT_SCHEDULE_ROWS)
            .bind(org)
            .bind(plan)
            .fetch_all(&mut *tx)
            .await?,
        findings: query_as(SELECT_FINDINGS)
            .bind(org)
            .bind(plan)
            .fetch_all(&mut *tx)
            .await?,
    })
}

/// Rebuilds the report exactly as it was saved.
pub(crate) fn assemble_report(head: &PlanVersionRow, rows: PlanRows) -> Result<PlanReport> {
    type Key = (i64, i64);

    let mut item_budgets: HashMap<Key, BTreeMap<u16, Baht>> = HashMap::new();
    for r in rows.item_budgets {
        item_budgets
            .entry((r.dimension_no, r.item_no))
            .or_default()
            .insert(
                narrow(r.fiscal_year, "item_budgets.fiscal_year")?,
                Baht::from_satang(r.amount_satang),
            );
    }
    let mut item_units: HashMap<Key, Vec<String>> = HashMap::new();
    for r in rows.item_units {
        item_units
            .entry((r.dimension_no, r.item_no))
            .or_default()
            .push(r.unit_name);
    }
    let mut item_forms: HashMap<Key, ItemForm> = HashMap::new();
    for r in rows.item_forms {
        let form = ItemForm {
            name: r.form_name,
            rationale: r.rationale,
            objectives: parse_json(&r.objectives_json, "item_forms.objectives_json")?,
            target_group: r.target_group,
            steps: parse_json(&r.steps_json, "item_forms.steps_json")?,
            duration: r.duration,
            budget_text: r.budget_text,
            responsible_text: r.responsible_text,
            outputs: parse_json(&r.outputs_json, "item_forms.outputs_json")?,
            outcomes: parse_json(&r.outcomes_json, "item_forms.outcomes_json")?,
            line: narrow_opt(r.source_line, "item_forms.source_line")?,
            match_confidence: r.match_confidence,
        };
        item_forms.insert((r.dimension_no, r.item_no), form);
    }

    // Items grouped by the mission they are listed under, in stored order.
    let mut items_by_mission: HashMap<Key, Vec<Item>> = HashMap::new();
    for r in rows.items {
        let key = (r.dimension_no, r.item_no);
        let kind = match r.kind.as_deref() {
            None => None,
            Some(k) => {
                Some(ItemKind::parse(k).ok_or_else(|| corrupt(format!("items.kind \"{k}\"")))?)
            }
        };
        let item = Item {
            dimension: narrow(r.dimension_no, "items.dimension_no")?,
            no: narrow(r.item_no, "items.item_no")?,
            kind,
            name: r.name,
            budget: item_budgets.remove(&key).unwrap_or_default(),
            units: item_units.remove(&key).unwrap_or_default(),
            form: item_forms.remove(&key),
            line: narrow_opt(r.source_line, "items.source_line")?,
        };
        items_by_mission
            .entry((r.mission_dimension_no, r.mission_position))
            .or_default()
            .push(item);
    }

    let mut missions_by_dimension: HashMap<i64, Vec<Mission>> = HashMap::new();
    for r in rows.missions {
        let items = items_by_mission
            .remove(&(r.dimension_no, r.mission_position))
            .unwrap_or_default();
        missions_by_dimension
            .entry(r.dimension_no)
            .or_default()
            .push(Mission {
                code: r.code,
                name: r.name,
                items,
            });
    }
    let mut dimension_budgets: HashMap<i64, BTreeMap<u16, Baht>> = HashMap::new();
    for r in rows.dimension_budgets {
        dimension_budgets.entry(r.dimension_no).or_default().insert(
            narrow(r.fiscal_year, "dimension_stated_budgets.fiscal_year")?,
            Baht::from_satang(r.amount_satang),
        );
    }
    let dimensions = rows
        .dimensions
        .into_iter()
        .map(|r| {
            Ok(Dimension {
                no: narrow(r.dimension_no, "dimensions.dimension_no")?,
                name: r.name,
                stated_item_count: narrow_opt(r.stated_item_count, "dimensions.stated_item_count")?,
                stated_budget: dimension_budgets
                    .remove(&r.dimension_no)
                    .unwrap_or_default(),
                missions: missions_by_dimension
                    .remove(&r.dimension_no)
                    .unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    // Foreign keys make these impossible; checked anyway so a damaged
    // database is reported rather than shown with items silently missing.
    if !items_by_mission.is_empty() || !missions_by_dimension.is_empty() {
        return Err(corrupt(
            "items or missions without their mission or dimension",
        ));
    }

    let risks = rows
        .risks
        .into_iter()
        .map(|r| {
            Ok(RiskRow {
                order: narrow(r.risk_order, "risks.risk_order")?,
                process_step: r.process_step,
                risk_issues: r.risk_issues,
                risk_level: r.risk_level,
                controls: r.controls,
                line: narrow_opt(r.source_line, "risks.source_line")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;

    let mut target_values: HashMap<i64, BTreeMap<u16, TargetValue>> = HashMap::new();
    for r in rows.target_values {
        target_values.entry(r.target_position).or_default().insert(
            narrow(r.fiscal_year, "target_values.fiscal_year")?,
            TargetValue {
                text: r.value_text,
                number: narrow_opt(r.value_number, "target_values.value_number")?,
            },
        );
    }
    let targets = rows
        .targets
        .into_iter()
        .map(|r| {
            Ok(TargetRow {
                indicator: r.indicator,
                values: target_values.remove(&r.target_position).unwrap_or_default(),
                line: narrow_opt(r.source_line, "targets.source_line")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;

    let proclamation = rows
        .proclamation
        .map(|r| {
            Ok::<_, StoreError>(Proclamation {
                title: r.title,
                date_text: r.date_text,
                date: r.proclaimed_on,
                signatory: r.signatory,
                position: r.signatory_position,
                line: narrow_opt(r.source_line, "proclamations.source_line")?,
            })
        })
        .transpose()?;

    let mut schedule_rows: HashMap<i64, Vec<ScheduleRow>> = HashMap::new();
    for r in rows.schedule_rows {
        let item = match (r.matched_dimension_no, r.matched_item_no) {
            (Some(d), Some(n)) => Some(ItemRef {
                dimension: narrow(d, "schedule_rows.matched_dimension_no")?,
                no: narrow(n, "schedule_rows.matched_item_no")?,
            }),
            (None, None) => None,
            _ => return Err(corrupt("schedule_rows: half a matched item reference")),
        };
        schedule_rows
            .entry(r.schedule_position)
            .or_default()
            .push(ScheduleRow {
                order: narrow(r.row_order, "schedule_rows.row_order")?,
                item,
                name: r.name,
                dimension: narrow_opt(r.dimension_no, "schedule_rows.dimension_no")?,
                budget: Baht::from_satang(r.budget_satang),
                quarters: parse_json(&r.quarters_json, "schedule_rows.quarters_json")?,
                match_confidence: r.match_confidence,
                line: narrow_opt(r.source_line, "schedule_rows.source_line")?,
            });
    }
    let schedules = rows
        .schedules
        .into_iter()
        .map(|r| {
            let counts = [
                r.stated_q1_count,
                r.stated_q2_count,
                r.stated_q3_count,
                r.stated_q4_count,
            ];
            let stated_quarter_counts = match counts {
                [Some(a), Some(b), Some(c), Some(d)] => Some([
                    narrow(a, "schedules.stated_q1_count")?,
                    narrow(b, "schedules.stated_q2_count")?,
                    narrow(c, "schedules.stated_q3_count")?,
                    narrow(d, "schedules.stated_q4_count")?,
                ]),
                [None, None, None, None] => None,
                _ => return Err(corrupt("schedules: some quarter counts missing")),
            };
            Ok(Schedule {
                fiscal_year: narrow(r.fiscal_year, "schedules.fiscal_year")?,
                stated_total_budget: r.stated_total_budget_satang.map(Baht::from_satang),
                stated_quarter_counts,
                rows: schedule_rows
                    .remove(&r.schedule_position)
                    .unwrap_or_default(),
                data_date: r.data_date_text,
                issuer: r.issuer,
                line: narrow_opt(r.source_line, "schedules.source_line")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;

    let findings = rows
        .findings
        .into_iter()
        .map(|r| {
            let item = match (r.item_dimension_no, r.item_no) {
                (Some(d), Some(n)) => Some(ItemRef {
                    dimension: narrow(d, "findings.item_dimension_no")?,
                    no: narrow(n, "findings.item_no")?,
                }),
                (None, None) => None,
                _ => return Err(corrupt("findings: half an item reference")),
            };
            Ok(Finding {
                code: FindingCode::parse(&r.code)
                    .ok_or_else(|| corrupt(format!("findings.code \"{}\"", r.code)))?,
                severity: Severity::parse(&r.severity)
                    .ok_or_else(|| corrupt(format!("findings.severity \"{}\"", r.severity)))?,
                fiscal_year: narrow_opt(r.fiscal_year, "findings.fiscal_year")?,
                item,
                line: narrow_opt(r.source_line, "findings.source_line")?,
                message: r.message,
                expected: r.expected,
                found: r.found,
            })
        })
        .collect::<Result<Vec<_>>>()?;

    Ok(PlanReport {
        plan: Plan {
            organization: head.document_organization_name.clone(),
            title: head.title.clone(),
            period: Period {
                first_fiscal_year: narrow(head.first_fiscal_year, "plans.first_fiscal_year")?,
                last_fiscal_year: narrow(head.last_fiscal_year, "plans.last_fiscal_year")?,
            },
            dimensions,
            risks,
            targets,
            proclamation,
            schedules,
        },
        findings,
    })
}

/// Plans read back, kept by (organisation, plan id). A stored plan version is
/// never modified (a new import makes a new version), so an entry can never
/// be stale; reading the current version's head row is enough to know which
/// entry applies. This spares the public pages a dozen queries per request.
#[derive(Debug, Default)]
pub(crate) struct PlanCache {
    plans: std::sync::Mutex<HashMap<(String, String), std::sync::Arc<PlanReport>>>,
}

impl PlanCache {
    /// Enough for every organisation of a province; beyond it, start afresh.
    const CAPACITY: usize = 256;

    pub(crate) fn get(&self, organization_id: &str, plan_id: &str) -> Option<PlanReport> {
        let plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        plans
            .get(&(organization_id.to_string(), plan_id.to_string()))
            .map(|report| PlanReport::clone(report))
    }

    pub(crate) fn put(&self, organization_id: &str, plan_id: &str, report: &PlanReport) {
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        if plans.len() >= Self::CAPACITY {
            plans.clear();
        }
        plans.insert(
            (organization_id.to_string(), plan_id.to_string()),
            std::sync::Arc::new(report.clone()),
        );
    }
}

pub(crate) fn corrupt(what: impl Into<String>) -> StoreError {
    StoreError::Corrupt(what.into())
}

/// A stored integer in the domain's narrower type; out of range means the
/// row was not written by this crate.
fn narrow<T: TryFrom<i64>>(value: i64, column: &str) -> Result<T> {
    T::try_from(value).map_err(|_| corrupt(format!("{column} = {value} is out of range")))
}

fn narrow_opt<T: TryFrom<i64>>(value: Option<i64>, column: &str) -> Result<Option<T>> {
    value.map(|v| narrow(v, column)).transpose()
}

fn parse_json<T: serde::de::DeserializeOwned>(text: &str, column: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| corrupt(format!("{column} is not valid JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_rejects_out_of_range() {
        assert!(narrow::<u8>(256, "x").is_err());
        assert_eq!(narrow::<u8>(4, "x").ok(), Some(4));
        assert!(narrow::<u32>(-1, "x").is_err());
    }

    #[test]
    fn selects_are_scoped_to_one_plan() {
        const PLAN_FILTER: &str = " WHERE organization_id = $1 AND plan_id = $2";
        for sql in [
            SELECT_DIMENSIONS,
            SELECT_DIMENSION_BUDGETS,
            SELECT_MISSIONS,
            SELECT_ITEMS,
            SELECT_ITEM_BUDGETS,
            SELECT_ITEM_UNITS,
            SELECT_ITEM_FORMS,
            SELECT_RISKS,
            SELECT_TARGETS,
            SELECT_TARGET_VALUES,
            SELECT_PROCLAMATION,
            SELECT_SCHEDULES,
            SELECT_SCHEDULE_ROWS,
            SELECT_FINDINGS,
        ] {
            assert!(sql.contains(PLAN_FILTER), "{sql}");
        }
    }
}
