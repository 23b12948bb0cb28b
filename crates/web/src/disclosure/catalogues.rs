//! Catalogue administration (administrators and coordinators): install a
//! shipped catalogue for a year, import a TOML or CSV file (refused whole,
//! every problem with its line), export TOML/CSV, copy a year to another.

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect};
use serde::Deserialize;
use sujarit_core::FiscalYear;
use sujarit_core::account::Permission;
use sujarit_core::disclosure::{Catalogue, shipped};
use sujarit_store::CatalogueChange;
use sujarit_store::StoreError;

use super::parse_year;
use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::state::Resources;
use crate::ui::{Crumb, FormErrors, Reply, StaffBar, staff_layout};
use sujarit_service::disclosure::{publish_generated, read_catalogue_file, shipped_catalogue};

/// The largest catalogue file accepted.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

pub struct YearRow {
    pub year: String,
    pub title: String,
    pub items: i64,
    pub toml_href: String,
    pub csv_href: String,
    pub board_href: String,
}

pub struct ShippedChoice {
    pub key: &'static str,
    pub label: String,
}

#[derive(Template)]
#[template(path = "disclosure/catalogues.html")]
pub struct CataloguesPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub years: Vec<YearRow>,
    pub shipped: Vec<ShippedChoice>,
    pub current_year: String,
    pub errors: FormErrors,
    /// Every problem of a refused file, one per line.
    pub file_problems: Vec<String>,
    pub notice: Option<String>,
}

/// The shipped catalogues a form offers: the plan's list and each OIT list.
fn shipped_choices() -> Vec<ShippedChoice> {
    shipped::ALL
        .iter()
        .map(|(key, _)| ShippedChoice {
            key,
            label: match *key {
                "plan-2566" => "รายการตามมาตรการ 2.1/2 2.4 และมิติที่ 4 ของแผน (34 รายการ)".into(),
                other => format!("ITA OIT ปี {}", other.trim_start_matches("oit-")),
            },
        })
        .collect()
}

async fn build(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
) -> Result<CataloguesPage, WebError> {
    let years = store
        .disclosure_catalogue_years(&staff.organization.id)
        .await?
        .into_iter()
        .map(|s| YearRow {
            year: s.fiscal_year.to_string(),
            title: s.title,
            items: s.item_count,
            toml_href: format!("/staff/info/catalogues/{}/catalogue.toml", s.fiscal_year),
            csv_href: format!("/staff/info/catalogues/{}/catalogue.csv", s.fiscal_year),
            board_href: format!("/staff/info?year={}", s.fiscal_year),
        })
        .collect();
    Ok(CataloguesPage {
        layout: staff_layout(
            "จัดการรายการข้อมูลสาธารณะ",
            vec![Crumb::link("ศูนย์ข้อมูลข่าวสาร", "/staff/info")],
        ),
        bar: StaffBar::new(staff),
        years,
        shipped: shipped_choices(),
        current_year: FiscalYear::of(config.clock.today()).to_string(),
        errors: FormErrors::default(),
        file_problems: Vec::new(),
        notice: None,
    })
}

pub async fn page(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    query: axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Reply {
    staff.require(Permission::ManageDisclosures)?;
    let mut page = build(&store, &staff, &config).await?;
    let number = |name: &str| {
        query
            .get(name)
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    };
    let year = query
        .get("year")
        .and_then(|y| crate::format::parse_fiscal_year(y))
        .map(|y| format!(" ปีงบประมาณ {y}"))
        .unwrap_or_default();
    page.notice = query.get("done").map(|d| match d.as_str() {
        "copied" => format!("คัดลอกรายการไปยัง{year}แล้ว"),
        _ => format!(
            "ติดตั้งรายการข้อมูลสาธารณะ{year}แล้ว: เพิ่ม {} แก้ไข {} นำออก {} รายการ",
            number("added"),
            number("updated"),
            number("removed")
        ),
    });
    Ok(Html(page.render()?).into_response())
}

async fn refused(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
    status: StatusCode,
    field: &str,
    message: String,
    problems: Vec<String>,
) -> Reply {
    let mut page = build(store, staff, config).await?;
    page.errors.add(field, message);
    page.file_problems = problems;
    Ok((status, Html(page.render()?)).into_response())
}

/// Installs a catalogue, then publishes what Sujarit generates for it.
async fn install_and_publish(
    store: &AppState,
    staff: &CurrentStaff,
    config: &Resources,
    catalogue: &Catalogue,
) -> Result<Result<CatalogueChange, (StatusCode, String)>, WebError> {
    match store
        .install_disclosure_catalogue(&staff.organization.id, catalogue, &staff.actor.user_id)
        .await
    {
        Ok(change) => {
            publish_generated(
                store.as_ref(),
                &staff.organization,
                catalogue.fiscal_year,
                config.clock.today(),
            )
            .await?;
            Ok(Ok(change))
        }
        Err(StoreError::Invalid(fields)) => Ok(Err((
            StatusCode::BAD_REQUEST,
            fields
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        ))),
        Err(refusal @ (StoreError::NotAllowed(_) | StoreError::Conflict(_))) => Ok(Err((
            StatusCode::CONFLICT,
            sujarit_service::wording::refusal(&refusal),
        ))),
        Err(other) => Err(other.into()),
    }
}

fn installed(change: &CatalogueChange, year: FiscalYear) -> Reply {
    let _ = change;
    Ok(Redirect::to(&format!(
        "/staff/info/catalogues?done=installed&year={year}"
    ))
    .into_response())
}

#[derive(Deserialize)]
pub struct InstallForm {
    #[serde(default)]
    shipped: String,
    #[serde(default)]
    fiscal_year: String,
}

pub async fn install(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    form: Result<Form<InstallForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageDisclosures)?;
    let Form(form) = form.map_err(|_| WebError::BadRequest("อ่านแบบฟอร์มไม่ได้".into()))?;
    let year = match parse_year(&form.fiscal_year) {
        Ok(y) => y,
        Err(_) => {
            return refused(
                &store,
                &staff,
                &config,
                StatusCode::BAD_REQUEST,
                "fiscal_year",
                "ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2568".into(),
                Vec::new(),
            )
            .await;
        }
    };
    let Some(catalogue) = shipped_catalogue(&form.shipped) else {
        return refused(
            &store,
            &staff,
            &config,
            StatusCode::BAD_REQUEST,
            "shipped",
            "โปรดเลือกรายการที่ระบบเตรียมไว้".into(),
            Vec::new(),
        )
        .await;
    };
    let catalogue = if catalogue.fiscal_year == year {
        catalogue
    } else {
        catalogue.copied_to(year)
    };
    match install_and_publish(&store, &staff, &config, &catalogue).await? {
        Ok(change) => installed(&change, year),
        Err((status, message)) => {
            refused(
                &store,
                &staff,
                &config,
                status,
                "shipped",
                message,
                Vec::new(),
            )
            .await
        }
    }
}

pub async fn import(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Reply {
    staff.require(Permission::ManageDisclosures)?;
    let mut multipart = multipart
        .map_err(|_| WebError::BadRequest("อ่านไฟล์ที่ส่งมาไม่ได้ โปรดเลือกไฟล์แล้วส่งใหม่อีกครั้ง".into()))?;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut year_text = String::new();
    let mut title = String::new();
    let too_large = format!(
        "ไฟล์รายการมีขนาดเกิน {} ที่รับได้",
        sujarit_store::files::size_text(MAX_FILE_BYTES as u64)
    );
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                return refused(
                    &store,
                    &staff,
                    &config,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "file",
                    too_large,
                    Vec::new(),
                )
                .await;
            }
        };
        match field.name() {
            Some("fiscal_year") => year_text = field.text().await.unwrap_or_default(),
            Some("title") => title = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_string();
                let Ok(bytes) = field.bytes().await else {
                    return refused(
                        &store,
                        &staff,
                        &config,
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "file",
                        too_large,
                        Vec::new(),
                    )
                    .await;
                };
                if !name.trim().is_empty() {
                    file = Some((name, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return refused(
            &store,
            &staff,
            &config,
            StatusCode::BAD_REQUEST,
            "file",
            "โปรดเลือกไฟล์รายการ (.toml หรือ .csv)".into(),
            Vec::new(),
        )
        .await;
    };
    if bytes.len() > MAX_FILE_BYTES {
        return refused(
            &store,
            &staff,
            &config,
            StatusCode::PAYLOAD_TOO_LARGE,
            "file",
            too_large,
            Vec::new(),
        )
        .await;
    }
    let year = match year_text.trim() {
        "" => None,
        text => match parse_year(text) {
            Ok(y) => Some(y),
            Err(_) => {
                return refused(
                    &store,
                    &staff,
                    &config,
                    StatusCode::BAD_REQUEST,
                    "fiscal_year",
                    "ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2568".into(),
                    Vec::new(),
                )
                .await;
            }
        },
    };
    let catalogue = match read_catalogue_file(&name, &bytes, year, Some(&title)) {
        Ok(c) => c,
        Err(problems) => {
            return refused(
                &store,
                &staff,
                &config,
                StatusCode::BAD_REQUEST,
                "file",
                format!("ไฟล์ \"{name}\" ใช้ไม่ได้ ยังไม่ได้ติดตั้งสิ่งใด:"),
                problems,
            )
            .await;
        }
    };
    match install_and_publish(&store, &staff, &config, &catalogue).await? {
        Ok(change) => installed(&change, catalogue.fiscal_year),
        Err((status, message)) => {
            refused(&store, &staff, &config, status, "file", message, Vec::new()).await
        }
    }
}

#[derive(Deserialize)]
pub struct CopyForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

pub async fn copy(
    State(store): State<AppState>,
    staff: CurrentStaff,
    config: Resources,
    form: Result<Form<CopyForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageDisclosures)?;
    let Form(form) = form.map_err(|_| WebError::BadRequest("อ่านแบบฟอร์มไม่ได้".into()))?;
    let (from, to) = match (parse_year(&form.from), parse_year(&form.to)) {
        (Ok(from), Ok(to)) => (from, to),
        _ => {
            return refused(
                &store,
                &staff,
                &config,
                StatusCode::BAD_REQUEST,
                "copy",
                "โปรดระบุปีต้นทางและปีปลายทางเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2568".into(),
                Vec::new(),
            )
            .await;
        }
    };
    match store
        .copy_disclosure_catalogue(&staff.organization.id, from, to, &staff.actor.user_id)
        .await
    {
        Ok(_) => {
            publish_generated(
                store.as_ref(),
                &staff.organization,
                to,
                config.clock.today(),
            )
            .await?;
            Ok(
                Redirect::to(&format!("/staff/info/catalogues?done=copied&year={to}"))
                    .into_response(),
            )
        }
        Err(
            refusal @ (StoreError::NotAllowed(_)
            | StoreError::Conflict(_)
            | StoreError::NotFound(_)),
        ) => {
            let m = sujarit_service::wording::refusal(&refusal);
            refused(
                &store,
                &staff,
                &config,
                StatusCode::CONFLICT,
                "copy",
                m,
                Vec::new(),
            )
            .await
        }
        Err(StoreError::Invalid(fields)) => {
            let message = fields
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            refused(
                &store,
                &staff,
                &config,
                StatusCode::BAD_REQUEST,
                "copy",
                message,
                Vec::new(),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

/// `catalogue.toml` or `catalogue.csv` of a year, as a download.
pub async fn export(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path((fiscal_year, file)): Path<(String, String)>,
) -> Reply {
    staff.require(Permission::ManageDisclosures)?;
    let year = parse_year(&fiscal_year)?;
    let catalogue = store
        .disclosure_catalogue(&staff.organization.id, year)
        .await?
        .ok_or_else(|| WebError::NotFound(format!("ไม่มีรายการข้อมูลสาธารณะของปีงบประมาณ {year}")))?;
    let (body, content_type, extension) = match file.as_str() {
        "catalogue.toml" => (
            catalogue.to_toml(),
            "application/toml; charset=utf-8",
            "toml",
        ),
        "catalogue.csv" => (catalogue.to_csv(), "text/csv; charset=utf-8", "csv"),
        _ => {
            return Err(WebError::NotFound(
                "ส่งออกได้เป็น catalogue.toml หรือ catalogue.csv".into(),
            ));
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"disclosure-{year}.{extension}\""),
            ),
        ],
        body,
    )
        .into_response())
}
