//! The SQL of the stored figures, the same text on both databases.

pub(crate) const UPSERT_FIGURES: &str = "INSERT INTO organization_figures \
     (organization_id, fiscal_year, figures_json, source_mark, computed_at) \
     VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (organization_id, fiscal_year) DO UPDATE SET \
     figures_json = excluded.figures_json, source_mark = excluded.source_mark, \
     computed_at = excluded.computed_at";

pub(crate) const SELECT_FIGURES: &str = "SELECT figures_json, source_mark \
     FROM organization_figures WHERE organization_id = $1 AND fiscal_year = $2";

const LISTED: &str = "SELECT o.organization_id, o.slug, o.name, d.kind, d.province_code, \
     d.district_code, d.sub_district_code, d.official_code, f.figures_json \
     FROM organization_directory d \
     JOIN organizations o ON o.organization_id = d.organization_id \
     LEFT JOIN organization_figures f ON f.organization_id = d.organization_id \
         AND f.fiscal_year = $1 \
     WHERE d.kind NOT IN ('provincial_office', 'national_office')";

pub(crate) fn select_figures_in(province: bool) -> String {
    let filter = if province {
        " AND d.province_code = $2"
    } else {
        ""
    };
    format!("{LISTED}{filter} ORDER BY d.province_code, d.district_code, o.name")
}

/// The change markers of one organisation, each read through an index on
/// its organisation column: the audit log, and what is written without an
/// audit entry (general complaints (never the corruption channel: its
/// activity must not show as a recomputation), survey answers, progress
/// reports and their review moves, publications, plan imports, check-ins).
pub(crate) const SELECT_CHANGE_MARK: &str = "SELECT \
     (SELECT COALESCE(MAX(audit_id), 0) FROM audit_log WHERE organization_id = $1), \
     (SELECT COUNT(*) FROM complaints WHERE organization_id = $1 AND channel = 'general'), \
     (SELECT CAST(COALESCE(SUM(revision), 0) AS BIGINT) FROM complaints \
         WHERE organization_id = $1 AND channel = 'general'), \
     (SELECT COUNT(*) FROM survey_responses WHERE organization_id = $1), \
     (SELECT CAST(COALESCE(SUM(revision), 0) AS BIGINT) FROM quarter_reports \
         WHERE organization_id = $1), \
     (SELECT COUNT(*) FROM quarter_report_reviews WHERE organization_id = $1), \
     (SELECT COUNT(*) FROM disclosure_publications WHERE organization_id = $1), \
     (SELECT COUNT(*) FROM plans WHERE organization_id = $1), \
     (SELECT COUNT(*) FROM activity_checkins WHERE organization_id = $1)";

/// General complaints received between $2 and $3, as of $4: received,
/// closed, closed on time, open past the due date. Counting columns only.
pub(crate) const SELECT_GENERAL_COUNTS: &str = "SELECT COUNT(*), \
     COALESCE(SUM(CASE WHEN completed_on IS NOT NULL AND completed_on <= $4 \
         THEN 1 ELSE 0 END), 0), \
     COALESCE(SUM(CASE WHEN completed_on IS NOT NULL AND completed_on <= $4 \
         AND completed_on <= due_date THEN 1 ELSE 0 END), 0), \
     COALESCE(SUM(CASE WHEN (completed_on IS NULL OR completed_on > $4) \
         AND due_date < $4 THEN 1 ELSE 0 END), 0) \
     FROM complaints WHERE organization_id = $1 AND channel = 'general' \
     AND received_on BETWEEN $2 AND $3";
