//! Oversight across LAOs (issue 15): the overseers' staff pages, the public
//! comparison and its API, from the figures stored per LAO and fiscal year
//! (`OversightStore`, computed by `sujarit_service::oversight`; this
//! feature only reads them).
//!
//! * `/staff/oversight` — a national overseer: every province, with totals
//!   by region and by LAO kind; a provincial overseer: redirected to their
//!   province;
//! * `/staff/oversight/provinces/{code}` (`.csv`, `.xlsx`) — the province's
//!   LAOs ranked, district and kind subtotals; outside the overseer's scope
//!   or unknown: 404;
//! * `/staff/oversight/organizations/{slug}` — one LAO's figures, internal
//!   and published side by side, for the year and the years before;
//! * `/oversight` (`.csv`, `.xlsx`, `.json`), `/oversight/provinces/{code}`
//!   (the same), `/oversight/dcat.jsonld` — the public comparison, published
//!   figures only;
//! * `GET /api/v1/oversight/provinces`, `…/provinces/{code}/organizations`.
//!
//! Every page takes `?fiscal_year=` (BE; the current one when absent) and
//! the tables `?sort=` (`core::oversight::rollup::SortKey`). Complaint counts
//! go through `oversight::shown_count`, shares through
//! `Published::complaints_on_time`; nothing of the corruption channel, no
//! person, no sealed content is ever read here.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use sujarit_core::account::{Actor, Permission};
use sujarit_core::directory::OrganizationKind;
use sujarit_core::directory::areas;
use sujarit_core::oversight::rollup::{RollUp, Side, SortKey, rank};
use sujarit_core::oversight::{Figures, Totals, shown_count};
use sujarit_store::Listed;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::error::WebError;
use crate::ui::StaffLink;

pub(crate) mod api;
mod public;
mod staff;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/oversight", get(public::national))
        .route("/oversight.csv", get(public::national_csv))
        .route("/oversight.xlsx", get(public::national_xlsx))
        .route("/oversight.json", get(public::national_json))
        .route("/oversight/dcat.jsonld", get(public::dcat))
        .route("/oversight/provinces/{code}", get(public::province))
        .route("/staff/oversight", get(staff::national))
        .route("/staff/oversight/provinces/{code}", get(staff::province))
        .route(
            "/staff/oversight/organizations/{slug}",
            get(staff::organization),
        )
}

pub(crate) fn api_routes() -> OpenApiRouter<AppState> {
    api::routes()
}

pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    if !actor.has(Permission::OverseeOrganizations) {
        return Vec::new();
    }
    vec![StaffLink {
        label: "กำกับดูแลองค์กรปกครองส่วนท้องถิ่น",
        href: "/staff/oversight",
        description: "คะแนนตามเกณฑ์ E-PlanNACC ความพร้อมข้อมูลสาธารณะ รายงานล่าช้า ตัวชี้วัด เรื่องร้องเรียนเกินกำหนด และระดับความเสี่ยง รายจังหวัด อำเภอ ประเภท และรายองค์กร (อ่านอย่างเดียว)",
    }]
}

/// The query every page of this feature reads.
#[derive(Deserialize, Default)]
pub struct TableQuery {
    pub fiscal_year: Option<String>,
    pub sort: Option<String>,
}

/// The fiscal year asked for (BE), the current one when absent, or the
/// Thai message for a bad one.
pub(crate) fn asked_year(asked: Option<&str>, today: time::Date) -> Result<u16, String> {
    match asked.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(sujarit_core::fiscal::FiscalYear::of(today).be()),
        Some(text) => crate::format::parse_fiscal_year(text).ok_or_else(|| {
            "ปีงบประมาณ (fiscal_year) ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569".to_string()
        }),
    }
}

/// The column asked for, the 12-month score when absent, among `offered`.
pub(crate) fn asked_sort(asked: Option<&str>, offered: &[SortKey]) -> Result<SortKey, String> {
    match asked.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(SortKey::Score12m),
        Some(text) => SortKey::parse(text)
            .filter(|k| offered.contains(k))
            .ok_or_else(|| {
                let names: Vec<&str> = offered.iter().map(|k| k.as_str()).collect();
                format!("การเรียงลำดับ (sort) ต้องเป็นหนึ่งใน {}", names.join(", "))
            }),
    }
}

/// The year and the column of a page, or a 400 in Thai.
pub(crate) fn asked(
    query: Option<&TableQuery>,
    today: time::Date,
    offered: &[SortKey],
) -> Result<(u16, SortKey), WebError> {
    let year = asked_year(query.and_then(|q| q.fiscal_year.as_deref()), today)
        .map_err(WebError::BadRequest)?;
    let sort =
        asked_sort(query.and_then(|q| q.sort.as_deref()), offered).map_err(WebError::BadRequest)?;
    Ok((year, sort))
}

/// A province by its code, or a 404 in Thai.
pub(crate) fn province(code: &str) -> Result<&'static areas::Province, WebError> {
    areas::areas()
        .province(code)
        .ok_or_else(|| WebError::NotFound(format!("ไม่พบจังหวัดรหัส \"{code}\"")))
}

pub(crate) fn region_name(province_code: &str) -> String {
    let areas = areas::areas();
    areas
        .province(province_code)
        .and_then(|p| areas.region(p.region_id))
        .map(|r| r.name_th.clone())
        .unwrap_or_default()
}

/// A path's last segment split into its name and the file it asks for
/// (`80.csv` → ("80", Csv)); the page when there is no known extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Download {
    Page,
    Csv,
    Xlsx,
    Json,
}

pub(crate) fn split_download(segment: &str) -> (&str, Download) {
    for (ext, kind) in [
        (".csv", Download::Csv),
        (".xlsx", Download::Xlsx),
        (".json", Download::Json),
    ] {
        if let Some(name) = segment.strip_suffix(ext) {
            return (name, kind);
        }
    }
    (segment, Download::Page)
}

/// A score's text ("83.50") or "–" where there is none.
pub(crate) fn percent(value: Option<i64>, decimals: u8) -> String {
    match value {
        None => "–".into(),
        Some(v) if decimals == 2 => format!("{}.{:02}", v / 100, v % 100),
        Some(v) => format!("{}.{}", v / 10, v % 10),
    }
}

/// One line of a comparison table, as text ready to show.
pub struct Line {
    /// A province's code, or the LAO's kind abbreviation.
    pub code: String,
    pub name: String,
    pub href: Option<String>,
    /// The region (provinces) or district (LAOs).
    pub place: String,
    pub kind: String,
    pub organizations: u32,
    pub plans: u32,
    pub score_6m: String,
    pub score_12m: String,
    pub oit: String,
    pub activities: u32,
    pub complaints_received: String,
    pub complaints_on_time: String,
    pub late_reports: u32,
    pub kpis_met: String,
    pub complaints_overdue: String,
    pub high_risks: u32,
    /// The figures the line shows, for the downloads.
    pub totals: Totals,
}

impl Line {
    /// The line of `totals` on `side` (the public tables: published).
    pub fn of(totals: &Totals, side: Side) -> Line {
        let i = &totals.internal;
        Line {
            code: String::new(),
            name: String::new(),
            href: None,
            place: String::new(),
            kind: String::new(),
            organizations: totals.organizations,
            plans: totals.plans,
            score_6m: percent(SortKey::Score6m.value(totals, side), 2),
            score_12m: percent(SortKey::Score12m.value(totals, side), 2),
            oit: percent(SortKey::OitReadiness.value(totals, side), 1),
            activities: totals.published.activities,
            complaints_received: shown_count(totals.published.complaints_received),
            complaints_on_time: percent(SortKey::ComplaintsOnTime.value(totals, side), 1),
            late_reports: i.late_reports,
            kpis_met: if i.kpis_measured == 0 {
                "–".into()
            } else {
                format!("{}/{}", i.kpis_met, i.kpis_measured)
            },
            complaints_overdue: shown_count(i.complaints_overdue),
            high_risks: i.risks_high + i.risks_very_high,
            totals: *totals,
        }
    }
}

/// Every province's line (all of the shipped provinces, LAOs or not),
/// ranked; each links to `{href_base}/{code}?fiscal_year=`.
pub(crate) fn province_lines(
    up: &RollUp,
    side: Side,
    sort: SortKey,
    year: u16,
    href_base: &str,
) -> Vec<Line> {
    let empty = Totals::default();
    let mut lines: Vec<Line> = areas::areas()
        .provinces
        .values()
        .map(|p| {
            let mut line = Line::of(up.provinces.get(&p.code).unwrap_or(&empty), side);
            line.code = p.code.clone();
            line.name = p.name_th.clone();
            line.href = Some(format!("{href_base}/{}?fiscal_year={year}", p.code));
            line.place = region_name(&p.code);
            line
        })
        .collect();
    rank(&mut lines, sort, side, |l| &l.totals, |l| &l.name);
    lines
}

/// Each LAO's line, ranked; each links to `href(slug)`.
pub(crate) fn organization_lines(
    rows: &[(Listed, Option<Figures>)],
    side: Side,
    sort: SortKey,
    href: impl Fn(&str) -> String,
) -> Vec<(Line, String)> {
    let areas = areas::areas();
    let mut lines: Vec<(Line, String)> = rows
        .iter()
        .map(|(listed, figures)| {
            let mut totals = Totals::default();
            totals.add(figures.as_ref());
            let mut line = Line::of(&totals, side);
            line.code = listed.entry.kind.abbreviation().into();
            line.kind = listed.entry.kind.thai().into();
            line.name = listed.organization.name.clone();
            line.href = Some(href(&listed.organization.slug));
            line.place = listed
                .entry
                .district_code
                .as_deref()
                .and_then(|d| areas.district(d))
                .map(|d| d.name_th.clone())
                .unwrap_or_default();
            (line, listed.organization.slug.clone())
        })
        .collect();
    rank(&mut lines, sort, side, |l| &l.0.totals, |l| &l.0.name);
    lines
}

/// Subtotal lines: by region (national), by district (a province), by kind.
pub(crate) fn region_lines(up: &RollUp, side: Side) -> Vec<Line> {
    let areas = areas::areas();
    areas
        .regions
        .iter()
        .map(|r| {
            let mut line = Line::of(up.regions.get(&r.id).unwrap_or(&Totals::default()), side);
            line.name = r.name_th.clone();
            line
        })
        .collect()
}

pub(crate) fn district_lines(up: &RollUp, side: Side) -> Vec<Line> {
    let areas = areas::areas();
    up.districts
        .iter()
        .map(|(code, totals)| {
            let mut line = Line::of(totals, side);
            line.code = code.clone();
            line.name = areas
                .district(code)
                .map(|d| d.name_th.clone())
                .unwrap_or_else(|| code.clone());
            line
        })
        .collect()
}

pub(crate) fn kind_lines(up: &RollUp, side: Side) -> Vec<Line> {
    OrganizationKind::LAO
        .into_iter()
        .filter_map(|k| {
            let mut line = Line::of(up.kinds.get(&k)?, side);
            line.name = k.thai().into();
            line.code = k.abbreviation().into();
            Some(line)
        })
        .collect()
}

/// The roll-up of the LAOs read.
pub(crate) fn roll_up(rows: &[(Listed, Option<Figures>)]) -> RollUp {
    RollUp::of(rows.iter().map(|(l, f)| (&l.entry, f.as_ref())))
}

/// The column headers of a ranked table, every column a link.
pub struct SortHeads {
    pub name: SortLink,
    pub score_12m: SortLink,
    pub score_6m: SortLink,
    pub oit: SortLink,
    pub activities: SortLink,
    pub complaints_on_time: SortLink,
    pub late_reports: SortLink,
    pub kpis_met: SortLink,
    pub complaints_overdue: SortLink,
    pub high_risks: SortLink,
}

impl SortHeads {
    pub(crate) fn new(base: &str, year: u16, current: SortKey) -> SortHeads {
        let link = |k: SortKey| SortLink {
            label: k.thai(),
            href: format!("{base}?fiscal_year={year}&sort={}", k.as_str()),
            aria_sort: match (k == current, k == SortKey::Name) {
                (false, _) => "",
                (true, true) => "ascending",
                (true, false) => "descending",
            },
        };
        SortHeads {
            name: link(SortKey::Name),
            score_12m: link(SortKey::Score12m),
            score_6m: link(SortKey::Score6m),
            oit: link(SortKey::OitReadiness),
            activities: link(SortKey::Activities),
            complaints_on_time: link(SortKey::ComplaintsOnTime),
            late_reports: link(SortKey::LateReports),
            kpis_met: link(SortKey::KpisMet),
            complaints_overdue: link(SortKey::ComplaintsOverdue),
            high_risks: link(SortKey::HighRisks),
        }
    }
}

/// A column header that ranks the table when followed.
pub struct SortLink {
    pub label: &'static str,
    pub href: String,
    /// "descending" on the column the table is ranked by ("ascending" for
    /// the name), else empty.
    pub aria_sort: &'static str,
}

/// A file answer with its name.
pub(crate) fn file(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub(crate) const CSV: &str = "text/csv; charset=utf-8";
pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub(crate) const JSON: &str = "application/json";

/// A percent as a file cell (empty where there is none).
fn decimal(value: Option<i64>, per: f64) -> sujarit_reports::oversight::Cell {
    use sujarit_reports::oversight::Cell;
    value.map_or(Cell::Empty, |v| Cell::Decimal(v as f64 / per))
}

/// The public table as a file: published figures only. `laos`: one row per
/// LAO (slug, name, kind, district) rather than per province.
pub(crate) fn public_table(
    sheet: &str,
    title: String,
    lines: &[(&Line, &str)],
    laos: bool,
) -> sujarit_reports::oversight::Table {
    use sujarit_reports::oversight::Cell;
    let side = Side::Published;
    let mut head: Vec<String> = if laos {
        vec!["รหัส (slug)", "ชื่อ", "ประเภท", "อำเภอ", "มีแผนในปีนี้"]
    } else {
        vec!["รหัสจังหวัด", "จังหวัด", "ภาค", "จำนวน อปท.", "มีแผนในปีนี้"]
    }
    .into_iter()
    .map(String::from)
    .collect();
    head.extend(
        [
            "คะแนนรอบ 6 เดือน (%)",
            "คะแนนรอบ 12 เดือน (%)",
            "ความพร้อมข้อมูลสาธารณะ OIT (%)",
            "กิจกรรมที่เผยแพร่",
            "เรื่องร้องเรียนทั่วไปที่ได้รับ",
            "แล้วเสร็จตามกำหนด (%)",
        ]
        .map(String::from),
    );
    let rows = lines
        .iter()
        .map(|(line, slug)| {
            let t = &line.totals;
            let mut row = if laos {
                vec![
                    Cell::Text(slug.to_string()),
                    Cell::Text(line.name.clone()),
                    Cell::Text(line.kind.clone()),
                    Cell::Text(line.place.clone()),
                    Cell::Text(
                        if t.plans > 0 {
                            "มี"
                        } else {
                            "ไม่มี"
                        }
                        .into(),
                    ),
                ]
            } else {
                vec![
                    Cell::Text(line.code.clone()),
                    Cell::Text(line.name.clone()),
                    Cell::Text(line.place.clone()),
                    Cell::Count(t.organizations),
                    Cell::Count(t.plans),
                ]
            };
            row.extend([
                decimal(SortKey::Score6m.value(t, side), 100.0),
                decimal(SortKey::Score12m.value(t, side), 100.0),
                decimal(SortKey::OitReadiness.value(t, side), 10.0),
                Cell::Count(t.published.activities),
                Cell::Text(shown_count(t.published.complaints_received)),
                decimal(SortKey::ComplaintsOnTime.value(t, side), 10.0),
            ]);
            row
        })
        .collect();
    sujarit_reports::oversight::Table {
        sheet: sheet.into(),
        title,
        head,
        rows,
    }
}

/// The overseer's table of a province's LAOs as a file: internal and
/// published scores, OIT, late reports, KPIs, overdue complaints, risks.
pub(crate) fn staff_table(
    title: String,
    lines: &[(Line, String)],
) -> sujarit_reports::oversight::Table {
    use sujarit_reports::oversight::Cell;
    let head = [
        "รหัส (slug)",
        "ชื่อ",
        "ประเภท",
        "อำเภอ",
        "มีแผนในปีนี้",
        "คะแนนรอบ 6 เดือน (%)",
        "คะแนนรอบ 12 เดือน (%)",
        "คะแนนที่เผยแพร่ รอบ 6 เดือน (%)",
        "คะแนนที่เผยแพร่ รอบ 12 เดือน (%)",
        "ความพร้อมข้อมูลสาธารณะ OIT (%)",
        "รายงานล่าช้า",
        "ตัวชี้วัดที่วัดผล",
        "ตัวชี้วัดที่บรรลุ",
        "เรื่องร้องเรียนเกินกำหนด",
        "ความเสี่ยงระดับสูง",
        "ความเสี่ยงระดับสูงมาก",
    ]
    .map(String::from)
    .to_vec();
    let rows = lines
        .iter()
        .map(|(line, slug)| {
            let t = &line.totals;
            let i = &t.internal;
            vec![
                Cell::Text(slug.clone()),
                Cell::Text(line.name.clone()),
                Cell::Text(line.kind.clone()),
                Cell::Text(line.place.clone()),
                Cell::Text(
                    if t.plans > 0 {
                        "มี"
                    } else {
                        "ไม่มี"
                    }
                    .into(),
                ),
                decimal(SortKey::Score6m.value(t, Side::Internal), 100.0),
                decimal(SortKey::Score12m.value(t, Side::Internal), 100.0),
                decimal(SortKey::Score6m.value(t, Side::Published), 100.0),
                decimal(SortKey::Score12m.value(t, Side::Published), 100.0),
                decimal(SortKey::OitReadiness.value(t, Side::Internal), 10.0),
                Cell::Count(i.late_reports),
                Cell::Count(i.kpis_measured),
                Cell::Count(i.kpis_met),
                Cell::Text(shown_count(i.complaints_overdue)),
                Cell::Count(i.risks_high),
                Cell::Count(i.risks_very_high),
            ]
        })
        .collect();
    sujarit_reports::oversight::Table {
        sheet: "อปท.".into(),
        title,
        head,
        rows,
    }
}

/// A table as the file asked for.
pub(crate) fn table_file(
    table: &sujarit_reports::oversight::Table,
    kind: Download,
    stem: &str,
) -> Result<Response, WebError> {
    let failed = |e: sujarit_reports::ReportError| WebError::Internal(e.to_string());
    Ok(match kind {
        Download::Xlsx => file(
            sujarit_reports::oversight::xlsx(table).map_err(failed)?,
            XLSX,
            &format!("{stem}.xlsx"),
        ),
        _ => file(
            sujarit_reports::oversight::csv(table).map_err(failed)?,
            CSV,
            &format!("{stem}.csv"),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_are_read_off_the_last_segment() {
        assert_eq!(split_download("80"), ("80", Download::Page));
        assert_eq!(split_download("80.csv"), ("80", Download::Csv));
        assert_eq!(split_download("80.xlsx"), ("80", Download::Xlsx));
        assert_eq!(split_download("80.json"), ("80", Download::Json));
        assert_eq!(percent(Some(8350), 2), "83.50");
        assert_eq!(percent(Some(755), 1), "75.5");
        assert_eq!(percent(None, 1), "–");
        assert!(asked_year(Some("2569"), time::macros::date!(2026 - 01 - 01)).is_ok());
        assert!(asked_year(Some("69"), time::macros::date!(2026 - 01 - 01)).is_err());
        assert_eq!(
            asked_year(None, time::macros::date!(2025 - 10 - 01)),
            Ok(2569)
        );
        assert!(asked_sort(Some("late_reports"), &SortKey::PUBLIC).is_err());
        assert_eq!(
            asked_sort(Some("late_reports"), &SortKey::STAFF),
            Ok(SortKey::LateReports)
        );
    }
}
