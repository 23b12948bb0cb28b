//! The SQL of the directory, the same text on both databases.

pub(crate) const SELECT_ENTRY: &str = "SELECT kind, province_code, district_code, \
     sub_district_code, official_code FROM organization_directory WHERE organization_id = $1";

pub(crate) const UPSERT_ENTRY: &str = "INSERT INTO organization_directory \
     (organization_id, kind, province_code, district_code, sub_district_code, official_code, \
      updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
     ON CONFLICT (organization_id) DO UPDATE SET kind = excluded.kind, \
     province_code = excluded.province_code, district_code = excluded.district_code, \
     sub_district_code = excluded.sub_district_code, official_code = excluded.official_code, \
     updated_at = excluded.updated_at";

const LISTED: &str = "SELECT o.organization_id, o.slug, o.name, d.kind, d.province_code, \
     d.district_code, d.sub_district_code, d.official_code \
     FROM organization_directory d \
     JOIN organizations o ON o.organization_id = d.organization_id \
     WHERE d.kind NOT IN ('provincial_office', 'national_office')";

pub(crate) fn select_laos(province: bool) -> String {
    let filter = if province {
        " AND d.province_code = $1"
    } else {
        ""
    };
    format!("{LISTED}{filter} ORDER BY d.province_code, d.district_code, o.name")
}

pub(crate) const SELECT_KIND: &str =
    "SELECT kind FROM organization_directory WHERE organization_id = $1";

pub(crate) const UPDATE_ORGANIZATION_NAME: &str =
    "UPDATE organizations SET name = $2 WHERE organization_id = $1";

/// Frees an organisation's official code before the file's are written,
/// so that codes moving between organisations of one file do not meet the
/// unique index half-way.
pub(crate) const CLEAR_OFFICIAL_CODE: &str =
    "UPDATE organization_directory SET official_code = NULL WHERE organization_id = $1";

pub(crate) const SELECT_CODE_HOLDER: &str = "SELECT o.slug FROM organization_directory d \
     JOIN organizations o ON o.organization_id = d.organization_id \
     WHERE d.official_code = $1 AND d.organization_id <> $2";

/// Organisations whose name or slug contains the text (`$1`, a LIKE
/// pattern with `\` as its escape), by name.
/// Oversight offices are not LAOs a visitor looks for: left out.
pub(crate) const FIND_ORGANIZATIONS: &str = "SELECT organization_id, slug, name \
     FROM organizations o \
     WHERE (LOWER(name) LIKE $1 ESCAPE '\\' OR slug LIKE $1 ESCAPE '\\') \
     AND NOT EXISTS (SELECT 1 FROM organization_directory d \
         WHERE d.organization_id = o.organization_id \
         AND d.kind IN ('provincial_office', 'national_office')) \
     ORDER BY name, slug LIMIT $2";

pub(crate) const COUNT_ORGANIZATIONS: &str = "SELECT COUNT(*) FROM organizations";

/// `text` as a LIKE pattern matching it anywhere, lower-cased, with `%`,
/// `_` and `\` taken literally.
pub(crate) fn contains_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

pub(crate) const SELECT_ACTIVE_ROLES: &str =
    "SELECT DISTINCT role FROM users WHERE organization_id = $1 AND active = $2";
