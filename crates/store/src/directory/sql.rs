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
