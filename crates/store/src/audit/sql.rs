//! The SQL of [`crate::InternalAuditStore`], shared by both databases.

pub(crate) const SELECT_YEAR: &str = "SELECT document, revision FROM internal_audits \
     WHERE organization_id = $1 AND fiscal_year = $2";

pub(crate) const SELECT_PUBLISHED: &str = "SELECT published FROM internal_audits \
     WHERE organization_id = $1 AND fiscal_year = $2";

pub(crate) const INSERT_YEAR: &str = "INSERT INTO internal_audits (organization_id, fiscal_year, \
     document, published, revision, updated_by, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $6)";

pub(crate) const UPDATE_YEAR: &str = "UPDATE internal_audits SET document = $3, published = $4, \
     revision = revision + 1, updated_by = $5, updated_at = $6 \
     WHERE organization_id = $1 AND fiscal_year = $2 AND revision = $7";

pub(crate) const UNIT_EXISTS: &str =
    "SELECT unit_id FROM units WHERE organization_id = $1 AND unit_id = $2";

/// An engagement's auditor: an active internal auditor of the organisation.
pub(crate) const USER_EXISTS: &str = "SELECT user_id FROM users \
     WHERE organization_id = $1 AND user_id = $2 AND active AND role = 'auditor'";
