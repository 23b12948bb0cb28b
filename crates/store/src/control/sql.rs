//! The SQL of [`crate::InternalControlStore`], shared by both databases.

pub(crate) const SELECT_FORMS: &str = "SELECT form, content FROM internal_control_forms \
     WHERE organization_id = $1 AND fiscal_year = $2 ORDER BY form";

pub(crate) const SELECT_CERTIFIED: &str = "SELECT COUNT(*) FROM internal_control_forms \
     WHERE organization_id = $1 AND fiscal_year = $2 AND form = 'pk1'";

pub(crate) const UPSERT_FORM: &str = "INSERT INTO internal_control_forms (organization_id, \
     fiscal_year, form, content, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
     ON CONFLICT (organization_id, fiscal_year, form) DO UPDATE SET content = $4, \
     updated_by = $5, updated_at = $6";

pub(crate) const SELECT_FORM_CONTENT: &str = "SELECT content FROM internal_control_forms \
     WHERE organization_id = $1 AND fiscal_year = $2 AND form = $3";

pub(crate) const SELECT_ROWS: &str = "SELECT row_id, content, status, done_on, evidence \
     FROM internal_control_rows WHERE organization_id = $1 AND fiscal_year = $2 \
     ORDER BY position, row_id";

pub(crate) const SELECT_ROW: &str = "SELECT row_id, content, status, done_on, evidence \
     FROM internal_control_rows WHERE organization_id = $1 AND row_id = $2";

pub(crate) const NEXT_POSITION: &str = "SELECT COALESCE(MAX(position), 0) + 1 \
     FROM internal_control_rows WHERE organization_id = $1 AND fiscal_year = $2";

pub(crate) const INSERT_ROW: &str = "INSERT INTO internal_control_rows (organization_id, row_id, \
     fiscal_year, position, content, status, done_on, evidence, updated_by, updated_at) \
     VALUES ($1, $2, $3, $4, $5, 'not_started', NULL, '', $6, $7)";

pub(crate) const UPDATE_ROW: &str = "UPDATE internal_control_rows SET content = $3, \
     updated_by = $4, updated_at = $5 WHERE organization_id = $1 AND row_id = $2";

pub(crate) const DELETE_ROW: &str =
    "DELETE FROM internal_control_rows WHERE organization_id = $1 AND row_id = $2";

pub(crate) const UPDATE_IMPROVEMENT: &str = "UPDATE internal_control_rows SET status = $3, \
     done_on = $4, evidence = $5, updated_by = $6, updated_at = $7 \
     WHERE organization_id = $1 AND row_id = $2";

pub(crate) const SELECT_DEADLINE: &str =
    "SELECT deadline_days FROM internal_control_settings WHERE organization_id = $1";

pub(crate) const UPSERT_DEADLINE: &str = "INSERT INTO internal_control_settings \
     (organization_id, deadline_days) VALUES ($1, $2) \
     ON CONFLICT (organization_id) DO UPDATE SET deadline_days = $2";

#[derive(sqlx::FromRow)]
pub(crate) struct RowRow {
    pub(crate) row_id: String,
    pub(crate) content: String,
    pub(crate) status: String,
    pub(crate) done_on: Option<time::Date>,
    pub(crate) evidence: String,
}
