//! The overseers' pages. Whose LAOs an overseer reads is their office's
//! directory entry (`DirectoryEntry::oversight_scope`); a province or an LAO
//! outside it is a 404, as an unknown one is.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use sujarit_core::account::Permission;
use sujarit_core::directory::{OversightScope, areas};
use sujarit_core::oversight::rollup::{Side, SortKey};
use sujarit_core::oversight::{Figures, shown_count};

use super::{
    Download, Line, SortHeads, TableQuery, asked, asked_year, district_lines, kind_lines,
    organization_lines, province_lines, region_lines, roll_up, split_download, staff_table,
    table_file,
};
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::{Crumb, Layout, Link, StaffBar, Urls, staff_layout};
use sujarit_core::account::Role;

const SIDE: Side = Side::Internal;

/// The overseer's scope, or a 403 (not an overseer) in Thai.
async fn scope_of(store: &AppState, staff: &CurrentStaff) -> Result<OversightScope, WebError> {
    staff.require(Permission::OverseeOrganizations)?;
    store
        .directory_entry(&staff.organization.id)
        .await?
        .and_then(|e| e.oversight_scope())
        // The role and the office must agree: a provincial overseer in an
        // office later re-filed as national reads no more than a province.
        .filter(|scope| {
            matches!(
                (staff.actor.role, scope),
                (Role::ProvincialOverseer, OversightScope::Province(_))
                    | (Role::NationalOverseer, OversightScope::National)
            )
        })
        .ok_or_else(|| {
            WebError::Forbidden(
                "บัญชีของคุณไม่ได้สังกัดหน่วยกำกับดูแลที่ลงทะเบียนในสารบบ โปรดติดต่อผู้ดูแลระบบ".into(),
            )
        })
}

fn query_of(query: &Result<Query<TableQuery>, QueryRejection>) -> Option<&TableQuery> {
    query.as_ref().ok().map(|Query(q)| q)
}

fn not_yours() -> WebError {
    WebError::NotFound("ไม่พบจังหวัดหรือองค์กรนี้ในขอบเขตการกำกับดูแลของคุณ".into())
}

#[derive(Template)]
#[template(path = "oversight/staff_national.html")]
pub struct NationalPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub year: u16,
    pub heads: SortHeads,
    pub sorted_by: &'static str,
    pub provinces: Vec<Line>,
    pub regions: Vec<Line>,
    pub kinds: Vec<Line>,
    pub total: Line,
}

pub async fn national(
    State(store): State<AppState>,
    staff: CurrentStaff,
    query: Result<Query<TableQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let scope = scope_of(&store, &staff).await?;
    let (year, sort) = asked(query_of(&query), store.today(), &SortKey::STAFF)?;
    if let OversightScope::Province(code) = &scope {
        return Ok(Redirect::to(&format!(
            "/staff/oversight/provinces/{code}?fiscal_year={year}"
        ))
        .into_response());
    }
    let rows = store.figures_in(&scope, year).await?;
    let up = roll_up(&rows);
    let mut total = Line::of(&up.total, SIDE);
    total.name = "ทั้งประเทศ".into();
    let title = format!("กำกับดูแลองค์กรปกครองส่วนท้องถิ่นทั่วประเทศ ปีงบประมาณ {year}");
    let page = NationalPage {
        layout: staff_layout(&title, Vec::new()),
        bar: StaffBar::new(&staff),
        year,
        heads: SortHeads::new("/staff/oversight", year, sort),
        sorted_by: sort.thai(),
        provinces: province_lines(&up, SIDE, sort, year, "/staff/oversight/provinces"),
        regions: region_lines(&up, SIDE),
        kinds: kind_lines(&up, SIDE),
        total,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "oversight/staff_province.html")]
pub struct ProvincePage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub year: u16,
    pub province: String,
    pub region: String,
    pub action: String,
    pub heads: SortHeads,
    pub sorted_by: &'static str,
    pub organizations: Vec<Line>,
    pub districts: Vec<Line>,
    pub kinds: Vec<Line>,
    pub total: Line,
    pub downloads: Vec<Link>,
}

pub async fn province(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(segment): Path<String>,
    query: Result<Query<TableQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let scope = scope_of(&store, &staff).await?;
    let (code, kind) = split_download(&segment);
    let province = super::province(code).map_err(|_| not_yours())?;
    if !scope.covers(&province.code) || kind == Download::Json {
        return Err(not_yours());
    }
    let (year, sort) = asked(query_of(&query), store.today(), &SortKey::STAFF)?;
    let rows = store
        .figures_in(&OversightScope::Province(province.code.clone()), year)
        .await?;
    let lines = organization_lines(&rows, SIDE, sort, |slug| {
        format!(
            "/staff/oversight/organizations/{}?fiscal_year={year}",
            crate::format::path_segment(slug)
        )
    });
    if kind != Download::Page {
        let table = staff_table(
            format!(
                "องค์กรปกครองส่วนท้องถิ่น จังหวัด{} ปีงบประมาณ {year} (สำหรับผู้กำกับดูแล)",
                province.name_th
            ),
            &lines,
        );
        return table_file(&table, kind, &format!("oversight-{}-{year}", province.code));
    }
    let up = roll_up(&rows);
    let mut total = Line::of(&up.total, SIDE);
    total.name = format!("ทั้งจังหวัด{}", province.name_th);
    let title = format!("จังหวัด{} ปีงบประมาณ {year}", province.name_th);
    let middle = match scope {
        OversightScope::National => vec![Crumb::link(
            "กำกับดูแลทั่วประเทศ",
            format!("/staff/oversight?fiscal_year={year}"),
        )],
        OversightScope::Province(_) => Vec::new(),
    };
    let base = format!("/staff/oversight/provinces/{}", province.code);
    let page = ProvincePage {
        layout: staff_layout(&title, middle),
        bar: StaffBar::new(&staff),
        year,
        province: province.name_th.clone(),
        region: super::region_name(&province.code),
        heads: SortHeads::new(&base, year, sort),
        sorted_by: sort.thai(),
        organizations: lines.into_iter().map(|(l, _)| l).collect(),
        districts: district_lines(&up, SIDE),
        kinds: kind_lines(&up, SIDE),
        total,
        downloads: vec![
            Link {
                label: "ดาวน์โหลดตารางเป็น CSV".into(),
                href: format!("{base}.csv?fiscal_year={year}&sort={}", sort.as_str()),
            },
            Link {
                label: "ดาวน์โหลดตารางเป็น Excel (XLSX)".into(),
                href: format!("{base}.xlsx?fiscal_year={year}&sort={}", sort.as_str()),
            },
        ],
        action: base,
    };
    Ok(Html(page.render()?).into_response())
}

/// One year of one LAO, internal beside published.
pub struct YearFigures {
    pub year: u16,
    pub computed_at: String,
    pub has_plan: bool,
    pub rows: Vec<Compared>,
}

/// A figure: what the LAO's officers see, and what its public pages show.
pub struct Compared {
    pub label: &'static str,
    pub internal: String,
    pub published: String,
}

fn year_figures(f: &Figures) -> YearFigures {
    let (i, p) = (&f.internal, &f.published);
    let score = |s: &sujarit_core::progress::Score| {
        if f.has_plan && s.items > 0 {
            format!(
                "{} ({}/{} รายการแล้วเสร็จ)",
                s.percent_text(),
                s.completed,
                s.items
            )
        } else {
            "–".into()
        }
    };
    let same = |label, text: String| Compared {
        label,
        internal: text.clone(),
        published: text,
    };
    let percent = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.1}"));
    YearFigures {
        year: f.fiscal_year,
        computed_at: sujarit_core::thai::datetime_text(f.computed_at),
        has_plan: f.has_plan,
        rows: vec![
            Compared {
                label: "คะแนนรอบ 6 เดือน (%)",
                internal: score(&i.score.six_months),
                published: score(&p.score.six_months),
            },
            Compared {
                label: "คะแนนรอบ 12 เดือน (%)",
                internal: score(&i.score.twelve_months),
                published: score(&p.score.twelve_months),
            },
            same(
                "ความพร้อมข้อมูลสาธารณะ OIT (%)",
                format!(
                    "{} (ตรงเวลา {} ล่าช้า {} จากที่ถึงกำหนด {})",
                    percent(p.oit_readiness()),
                    p.oit_on_time,
                    p.oit_late,
                    p.oit_due
                ),
            ),
            Compared {
                label: "กิจกรรม",
                internal: "–".into(),
                published: p.activities.to_string(),
            },
            same("เรื่องร้องเรียนทั่วไปที่ได้รับ", shown_count(p.complaints_received)),
            same(
                "เรื่องร้องเรียนทั่วไปที่แล้วเสร็จตามกำหนด (%)",
                percent(p.complaints_on_time()),
            ),
            Compared {
                label: "เรื่องร้องเรียนทั่วไปเกินกำหนด",
                internal: shown_count(i.complaints_overdue),
                published: "–".into(),
            },
            Compared {
                label: "รายงานผลล่าช้า",
                internal: i.late_reports.to_string(),
                published: "–".into(),
            },
            Compared {
                label: "ตัวชี้วัดที่บรรลุ",
                internal: format!("{} จาก {}", i.kpis_met, i.kpis_measured),
                published: "–".into(),
            },
            Compared {
                label: "ความเสี่ยงการทุจริต (สูง/สูงมาก/ทั้งหมด)",
                internal: format!("{}/{}/{}", i.risks_high, i.risks_very_high, i.risks),
                published: "–".into(),
            },
        ],
    }
}

#[derive(Template)]
#[template(path = "oversight/staff_organization.html")]
pub struct OrganizationPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub name: String,
    pub kind: &'static str,
    pub place: String,
    pub year: u16,
    pub years: Vec<YearFigures>,
    pub missing_year: bool,
    pub links: Vec<Link>,
    pub action: String,
}

/// How many fiscal years back the LAO page looks for stored figures.
const YEARS_BACK: u16 = 4;

pub async fn organization(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(slug): Path<String>,
    query: Result<Query<TableQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let scope = scope_of(&store, &staff).await?;
    let year = asked_year(
        query_of(&query).and_then(|q| q.fiscal_year.as_deref()),
        store.today(),
    )
    .map_err(WebError::BadRequest)?;
    let org = store
        .organization_by_slug(&slug)
        .await?
        .ok_or_else(not_yours)?;
    let entry = store
        .directory_entry(&org.id)
        .await?
        .filter(|e| e.kind.is_lao())
        .ok_or_else(not_yours)?;
    let province_code = entry.province_code.clone().unwrap_or_default();
    if !scope.covers(&province_code) {
        return Err(not_yours());
    }
    let mut years = Vec::new();
    for y in (year.saturating_sub(YEARS_BACK)..=year).rev() {
        if let Some((f, _)) = store.figures(&org.id, y).await? {
            years.push(year_figures(&f));
        }
    }
    let missing_year = years.first().is_none_or(|f| f.year != year);
    let areas = areas::areas();
    let province = areas.province(&province_code);
    let place = [
        entry
            .sub_district_code
            .as_deref()
            .and_then(|c| areas.sub_district(c))
            .map(|s| format!("ตำบล{}", s.name_th)),
        entry
            .district_code
            .as_deref()
            .and_then(|c| areas.district(c))
            .map(|d| format!("อำเภอ{}", d.name_th)),
        province.map(|p| format!("จังหวัด{}", p.name_th)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let urls = Urls::new(&org.slug);
    let links = [
        ("แผนปฏิบัติการ", urls.plan()),
        ("ผลการดำเนินงาน", urls.page("/progress")),
        ("ศูนย์ข้อมูลข่าวสาร (OIT)", urls.page("/info")),
        (
            "ความโปร่งใสภายใน",
            urls.page(&format!("/integrity?year={year}")),
        ),
        ("กิจกรรม", urls.page("/activities")),
        ("สถิติเรื่องร้องเรียน", urls.page("/complaints/stats")),
    ]
    .into_iter()
    .map(|(label, href)| Link {
        label: label.into(),
        href,
    })
    .collect();
    let mut middle = Vec::new();
    if scope == OversightScope::National {
        middle.push(Crumb::link(
            "กำกับดูแลทั่วประเทศ",
            format!("/staff/oversight?fiscal_year={year}"),
        ));
    }
    if let Some(p) = province {
        middle.push(Crumb::link(
            format!("จังหวัด{}", p.name_th),
            format!("/staff/oversight/provinces/{}?fiscal_year={year}", p.code),
        ));
    }
    let page = OrganizationPage {
        layout: staff_layout(&org.name, middle),
        bar: StaffBar::new(&staff),
        name: org.name.clone(),
        kind: entry.kind.thai(),
        place,
        year,
        years,
        missing_year,
        links,
        action: format!(
            "/staff/oversight/organizations/{}",
            crate::format::path_segment(&org.slug)
        ),
    };
    Ok(Html(page.render()?).into_response())
}
