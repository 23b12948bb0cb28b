//! Quarterly progress in the back office and on the public portal.
//!
//! * `/staff/progress` — "my items": the items a unit officer's unit owns (all
//!   items for the coordinator and the roles that read everything), what is
//!   due this quarter and what is late;
//! * `/staff/progress/{item}/{year}/{quarter}` — the report form (status,
//!   budgets, what was done, KPI actuals), its evidence and its review history;
//!   the coordinator's review buttons sit on the same page;
//! * `/staff/review` — the coordinator's queue (submitted, and approved but
//!   not yet published);
//! * `/staff/dashboard` — the executive dashboard (score by dimension and
//!   unit, budget, targets, late reports) for the roles that read everything;
//! * `/staff/targets` — the yearly actuals of the plan's Part 1 targets;
//! * `/o/{slug}/progress` — published progress per dimension with charts, and
//!   `/o/{slug}/evidence/{id}` for the evidence of published reports.
//!
//! Who may do what is checked on every route: reporting needs
//! [`Actor::can_report_on`] for the item's units, reviewing needs
//! [`Permission::Review`], reading unpublished reports needs one of the two
//! or [`Permission::ReadEverything`].
//!
//! [`Actor::can_report_on`]: sujarit_core::account::Actor::can_report_on

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use sujarit_core::ItemRef;
use sujarit_core::account::{Actor, Permission};
use sujarit_core::fiscal::Quarter;
use sujarit_core::progress::ReportKey;

use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::format;
use crate::ui::StaffLink;

pub(crate) mod api;
mod dashboard;
mod form;
mod kpis;
mod mine;
pub(crate) mod public;
mod review;
mod targets;
mod view;

pub use crate::state::{Clock, Resources};

pub(crate) fn routes() -> Router<AppState> {
    // Multipart framing around the largest file the store accepts.
    let upload_limit = usize::try_from(sujarit_store::files::DEFAULT_MAX_BYTES)
        .unwrap_or(usize::MAX)
        .saturating_add(1024 * 1024);
    Router::new()
        .route("/staff/progress", get(mine::page))
        .route(
            "/staff/progress/{item_ref}/{fiscal_year}/{quarter}",
            // The report's own form carries its evidence (multipart).
            get(form::show).post(axum::handler::Handler::layer(
                form::save,
                DefaultBodyLimit::max(upload_limit),
            )),
        )
        .route(
            "/staff/progress/{item_ref}/{fiscal_year}/{quarter}/evidence",
            // axum's 2 MB default would cut evidence off: raised for this route only.
            post(form::upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/staff/progress/{item_ref}/{fiscal_year}/{quarter}/review",
            post(review::act),
        )
        .route(
            "/staff/progress/{item_ref}/{fiscal_year}/kpis",
            get(kpis::show).post(kpis::save),
        )
        .route("/staff/evidence/{id}", get(form::download))
        .route("/staff/evidence/{id}/delete", post(form::detach))
        .route("/staff/review", get(review::queue))
        .route("/staff/review/bulk", post(review::bulk))
        .route("/staff/dashboard", get(dashboard::page))
        .route("/staff/targets", get(targets::page).post(targets::save))
        .route("/o/{slug}/progress", get(public::page))
        .route("/o/{slug}/evidence/{id}", get(public::evidence))
}

/// The report a URL names: `/…/2.19/2568/1`.
pub(crate) fn parse_key(
    item_ref: &str,
    fiscal_year: &str,
    quarter: &str,
) -> Result<ReportKey, WebError> {
    let item: ItemRef = format::parse_item_ref(item_ref).ok_or_else(|| {
        WebError::BadRequest("เลขที่รายการไม่ถูกต้อง ต้องเขียนเป็นเลขมิติจุดลำดับ เช่น 2.19".into())
    })?;
    let fiscal_year = format::parse_fiscal_year(fiscal_year).ok_or_else(|| {
        WebError::BadRequest("ปีงบประมาณไม่ถูกต้อง ต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2568".into())
    })?;
    let quarter = quarter
        .parse::<u8>()
        .ok()
        .and_then(Quarter::from_number)
        .ok_or_else(|| WebError::BadRequest("ไตรมาสต้องเป็น 1 ถึง 4".into()))?;
    Ok(ReportKey {
        item,
        fiscal_year,
        quarter,
    })
}

pub(crate) fn report_url(key: &ReportKey) -> String {
    format!(
        "/staff/progress/{}/{}/{}",
        key.item,
        key.fiscal_year,
        key.quarter.number()
    )
}

/// What a staff member may do with one item's reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Access {
    /// Write reports and evidence (its unit's officers, the coordinator).
    pub report: bool,
    /// Return, approve, publish.
    pub review: bool,
}

/// Refuses a staff member who may neither report on the item nor read
/// everything; otherwise says what they may do.
pub(crate) async fn access(
    store: &AppState,
    staff: &CurrentStaff,
    item: ItemRef,
) -> Result<Access, WebError> {
    let units = store.units_of_item(&staff.organization.id, item).await?;
    let access = Access {
        report: staff.actor.can_report_on(&units),
        review: staff.actor.has(Permission::Review),
    };
    if !access.report && !staff.actor.has(Permission::ReadEverything) {
        return Err(WebError::Forbidden(
            "คุณดูและรายงานผลได้เฉพาะรายการที่หน่วยงานของคุณรับผิดชอบ".into(),
        ));
    }
    Ok(access)
}

/// This feature's section of an organisation's public menu.
pub(crate) fn public_links(urls: &crate::ui::Urls) -> Vec<(&'static str, String)> {
    vec![("ผลการดำเนินงาน", urls.page("/progress"))]
}

/// The staff menu's counts: for a unit officer, their unit's planned
/// quarters of this fiscal year due now and late; for a reviewer, the
/// reports waiting to be reviewed and to be published.
pub(crate) fn staff_counts<'a>(
    state: &'a AppState,
    staff: &'a CurrentStaff,
) -> crate::ui::CountsFuture<'a> {
    Box::pin(async move {
        use crate::ui::MenuCount;
        use sujarit_core::progress::ReviewState;
        let org = &staff.organization.id;
        let mut counts = Vec::new();
        if staff.actor.has(Permission::Review) {
            for (state_, what) in [
                (ReviewState::Submitted, "รอตรวจ"),
                (ReviewState::Approved, "รอเผยแพร่"),
            ] {
                counts.push(MenuCount {
                    href: "/staff/review",
                    count: state.quarter_reports_in_state(org, state_).await?.len() as u64,
                    what,
                    urgent: false,
                });
            }
        }
        if let (sujarit_core::account::Role::UnitOfficer, Some(unit)) =
            (staff.role(), &staff.actor.unit_id)
            && let Some((_, report)) = state.current_plan(org).await?
        {
            let today = state.today();
            let year = sujarit_core::fiscal::FiscalYear::of(today).be();
            let mine = state.items_of_unit(org, unit).await?;
            let reports = state.quarter_reports(org, year).await?;
            let (due, late) =
                view::mine::due_and_late(&report.plan, year, today, Some(&mine), &reports);
            counts.push(MenuCount {
                href: "/staff/progress",
                count: late,
                what: "เกินกำหนด",
                urgent: true,
            });
            counts.push(MenuCount {
                href: "/staff/progress",
                count: due,
                what: "ถึงกำหนดไตรมาสนี้",
                urgent: false,
            });
        }
        Ok(counts)
    })
}

/// This feature's entries in the staff menu, for the pages the role may open.
pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    let mut links = Vec::new();
    links.push(StaffLink {
        label: "รายงานผลการดำเนินงาน",
        href: "/staff/progress",
        description: if actor.role == sujarit_core::account::Role::UnitOfficer {
            "รายการที่หน่วยงานของคุณรับผิดชอบ สิ่งที่ต้องรายงานไตรมาสนี้และที่เกินกำหนด"
        } else {
            "ผลการดำเนินงานรายไตรมาสของทุกรายการ สิ่งที่ถึงกำหนดและที่เกินกำหนด"
        },
    });
    if actor.has(Permission::Review) {
        links.push(StaffLink {
            label: "ตรวจและเผยแพร่ผลการดำเนินงาน",
            href: "/staff/review",
            description: "รายงานที่รอตรวจและรอเผยแพร่ อนุมัติ ส่งกลับพร้อมความเห็น หรือเผยแพร่",
        });
    }
    if actor.has(Permission::ReadEverything) {
        links.push(StaffLink {
            label: "แดชบอร์ดผู้บริหาร",
            href: "/staff/dashboard",
            description: "คะแนนความสำเร็จรายมิติและรายหน่วยงาน งบประมาณ ค่าเป้าหมาย และรายงานที่เกินกำหนด",
        });
        links.push(StaffLink {
            label: "ผลตามค่าเป้าหมายของแผน",
            href: "/staff/targets",
            description: if actor.has(Permission::EnterTargetActuals) {
                "บันทึกคะแนน ITA และจำนวนเรื่องทุจริตของแต่ละปีเทียบกับค่าเป้าหมาย"
            } else {
                "คะแนน ITA และจำนวนเรื่องทุจริตของแต่ละปีเทียบกับค่าเป้าหมาย (ดูอย่างเดียว)"
            },
        });
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_the_url() {
        let key = parse_key("2.19", "2568", "3").expect("valid");
        assert_eq!(key.item.to_string(), "2.19");
        assert_eq!((key.fiscal_year, key.quarter), (2568, Quarter::Q3));
        assert_eq!(report_url(&key), "/staff/progress/2.19/2568/3");
        for (r, y, q) in [
            ("2", "2568", "1"),
            ("2.1", "68", "1"),
            ("2.1", "2568", "5"),
            ("2.1", "2568", "x"),
        ] {
            assert!(matches!(parse_key(r, y, q), Err(WebError::BadRequest(_))));
        }
    }

    #[test]
    fn a_fixed_clock_is_fixed() {
        let day = time::macros::date!(2025 - 01 - 15);
        assert_eq!(Clock::Fixed(day).today(), day);
    }
}
