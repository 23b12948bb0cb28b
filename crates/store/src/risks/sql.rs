//! The SQL of the risk register.

pub(crate) const SELECT_MATRIX: &str = "SELECT version, definition FROM risk_matrices \
     WHERE organization_id = $1 ORDER BY version DESC LIMIT 1";

pub(crate) const SELECT_MATRIX_VERSION: &str = "SELECT version, definition FROM risk_matrices \
     WHERE organization_id = $1 AND version = $2";

pub(crate) const INSERT_MATRIX: &str = "INSERT INTO risk_matrices (organization_id, version, \
     definition, created_at) VALUES ($1, $2, $3, $4)";

pub(crate) const SELECT_ENTRIES: &str = "SELECT entry_id, matrix_version, definition \
     FROM risk_entries WHERE organization_id = $1 AND fiscal_year = $2 \
     ORDER BY position, created_at, entry_id";

pub(crate) const SELECT_ENTRY: &str = "SELECT entry_id, matrix_version, definition \
     FROM risk_entries WHERE organization_id = $1 AND entry_id = $2";

pub(crate) const SELECT_ENTRY_IDS: &str =
    "SELECT entry_id FROM risk_entries WHERE organization_id = $1";

pub(crate) const NEXT_POSITION: &str = "SELECT COALESCE(MAX(position), 0) + 1 FROM risk_entries \
     WHERE organization_id = $1 AND fiscal_year = $2";

pub(crate) const COUNT_FROM_PLAN: &str = "SELECT COUNT(*) FROM risk_entries \
     WHERE organization_id = $1 AND fiscal_year = $2 AND from_plan = 1";

pub(crate) const COUNT_YEAR: &str =
    "SELECT COUNT(*) FROM risk_entries WHERE organization_id = $1 AND fiscal_year = $2";

pub(crate) const INSERT_ENTRY: &str = "INSERT INTO risk_entries (organization_id, entry_id, \
     fiscal_year, position, matrix_version, definition, from_plan, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)";

pub(crate) const UPDATE_ENTRY: &str = "UPDATE risk_entries SET fiscal_year = $3, \
     matrix_version = $4, definition = $5, updated_at = $6 \
     WHERE organization_id = $1 AND entry_id = $2";

pub(crate) const SELECT_MEASURES: &str = "SELECT measure_id, definition FROM integrity_measures \
     WHERE organization_id = $1 AND fiscal_year = $2 ORDER BY created_at, measure_id";

pub(crate) const SELECT_MEASURE: &str = "SELECT measure_id, definition FROM integrity_measures \
     WHERE organization_id = $1 AND measure_id = $2";

pub(crate) const SELECT_MEASURE_IDS: &str =
    "SELECT measure_id FROM integrity_measures WHERE organization_id = $1";

pub(crate) const INSERT_MEASURE: &str = "INSERT INTO integrity_measures (organization_id, \
     measure_id, fiscal_year, definition, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)";

pub(crate) const UPDATE_MEASURE: &str = "UPDATE integrity_measures SET fiscal_year = $3, \
     definition = $4, updated_at = $5 WHERE organization_id = $1 AND measure_id = $2";

#[derive(sqlx::FromRow)]
pub(crate) struct EntryRow {
    pub(crate) entry_id: String,
    pub(crate) matrix_version: i64,
    pub(crate) definition: String,
}
