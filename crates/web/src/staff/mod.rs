//! The back office's own pages: the staff home, users (administrators), units
//! and which unit owns which item (administrators and coordinators), and the
//! audit log (administrators and auditors read it; nobody writes it).
//!
//! Also the pieces other back-office pages share: [`StaffBar`] (who is
//! signed in, with the logout button), [`staff_layout`] and [`FormErrors`].

use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::{get, post};
use serde::Deserialize;
use sujarit_core::account::{Actor, Permission};

use crate::AppState;
use crate::auth::CurrentStaff;
use crate::ui::{Crumb, Layout, Page, ShellLink, StaffBar, StaffLink, render};

mod audit;
mod units;
mod users;

/// The staff pages' routes (login and password live in `auth`).
pub(crate) fn routes(menu: fn(&Actor) -> Vec<StaffLink>) -> Router<AppState> {
    Router::new()
        .route(
            "/staff",
            get(|| async { axum::response::Redirect::permanent("/staff/") }),
        )
        .route(
            "/staff/",
            get(
                move |state: State<AppState>,
                      staff: CurrentStaff,
                      query: Result<Query<HomeQuery>, QueryRejection>| {
                    home(state, staff, query, menu)
                },
            ),
        )
        .route("/staff/users", get(users::list))
        .route("/staff/users/new", get(users::new_form).post(users::create))
        .route(
            "/staff/users/{id}",
            get(users::edit_form).post(users::update),
        )
        .route("/staff/users/{id}/password", post(users::reset_password))
        .route("/staff/units", get(units::page).post(units::create))
        .route("/staff/units/sync", post(units::sync))
        .route("/staff/units/{id}", post(units::rename))
        .route("/staff/units/{id}/head", post(units::set_head))
        .route(
            "/staff/units/items/{item_ref}",
            get(units::item_form).post(units::set_item_units),
        )
        .route("/staff/audit", get(audit::page))
}

#[derive(Template)]
#[template(path = "staff/home.html")]
pub struct HomePage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub role_description: &'static str,
    pub unit: Option<String>,
    /// The shell's entries with their counts.
    pub links: Vec<ShellLink>,
    pub notice: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct HomeQuery {
    done: Option<String>,
}

async fn home(
    State(store): State<AppState>,
    staff: CurrentStaff,
    query: Result<Query<HomeQuery>, QueryRejection>,
    menu: fn(&Actor) -> Vec<StaffLink>,
) -> Page {
    let unit = match &staff.actor.unit_id {
        Some(id) => store
            .unit(&staff.organization.id, id)
            .await?
            .map(|u| u.name),
        None => None,
    };
    let notice = match query.ok().and_then(|Query(q)| q.done).as_deref() {
        Some("password") => Some("เปลี่ยนรหัสผ่านเรียบร้อยแล้ว"),
        _ => None,
    };
    render(HomePage {
        layout: Layout::new("งานเจ้าหน้าที่", vec![Crumb::here("งานเจ้าหน้าที่")]),
        bar: StaffBar::new(&staff),
        role_description: staff.role().thai_description(),
        unit,
        links: match &staff.shell {
            Some(shell) => shell.as_ref().clone(),
            None => ShellLink::assemble(menu(&staff.actor), &[]),
        },
        notice,
    })
}

/// This feature's entries in the staff menu, for the pages the role may open.
pub(crate) fn staff_links(actor: &Actor) -> Vec<StaffLink> {
    let mut links = Vec::new();
    if actor.has(Permission::ManageUsers) {
        links.push(StaffLink {
            label: "บัญชีผู้ใช้",
            href: "/staff/users",
            description: "เพิ่ม แก้ไข ระงับบัญชี กำหนดบทบาทและหน่วยงาน ตั้งรหัสผ่านใหม่",
        });
    }
    if actor.has(Permission::ManageUnits) {
        links.push(StaffLink {
            label: "หน่วยงานและรายการที่รับผิดชอบ",
            href: "/staff/units",
            description: "ดึงหน่วยงานจากแผน เพิ่มหรือแก้ชื่อหน่วยงาน กำหนดว่าหน่วยงานใดรับผิดชอบรายการใด",
        });
    }
    if actor.has(Permission::ReadAuditLog) {
        links.push(StaffLink {
            label: "บันทึกการเปลี่ยนแปลง",
            href: "/staff/audit",
            description: "ใครเปลี่ยนอะไร เมื่อใด ทั้งก่อนและหลังการเปลี่ยน (อ่านอย่างเดียว)",
        });
    }
    links
}
