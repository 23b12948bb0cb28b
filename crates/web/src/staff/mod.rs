//! The back office's own pages: the staff home, users (administrators), units
//! and which unit owns which item (administrators and coordinators), and the
//! audit log (administrators and auditors read it; nobody writes it).
//!
//! Also the pieces other back-office pages share: [`StaffBar`] (who is
//! signed in, with the logout button), [`staff_layout`] and [`FormErrors`].

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::{get, post};
use serde::Deserialize;
use sujarit_core::account::{Actor, Permission};

use crate::AppState;
use crate::auth::CurrentStaff;
use crate::ui::{Crumb, Layout, Page, StaffBar, StaffLink, render};

mod audit;
mod units;
mod users;

/// The staff pages' routes (login and password live in `auth`).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/staff",
            get(|| async { axum::response::Redirect::permanent("/staff/") }),
        )
        .route("/staff/", get(home))
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
        .route(
            "/staff/units/items/{item_ref}",
            get(units::item_form).post(units::set_item_units),
        )
        .route("/staff/audit", get(audit::page))
}

/// What the staff home offers a role: every page the role may open.
/// Modules add their pages here, each behind the permission its route checks.
pub fn links_for(actor: &Actor) -> Vec<StaffLink> {
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
    if actor.has(Permission::HandleCorruptionReports) {
        links.push(StaffLink {
            label: "เรื่องแจ้งเบาะแสการทุจริต",
            href: "/staff/complaints?channel=corruption",
            description: "เฉพาะเจ้าหน้าที่นิติการ: คัดกรอง สืบสวนข้อเท็จจริง ดำเนินการทางวินัย/กฎหมาย และแจ้งผล",
        });
    }
    if actor.has(Permission::ReadGeneralComplaints) {
        links.push(StaffLink {
            label: "เรื่องร้องทุกข์/ร้องเรียน",
            href: "/staff/complaints?channel=general",
            description: if actor.has(Permission::HandleGeneralComplaints) {
                "คัดกรอง มอบหมาย ดำเนินการ และตอบผู้ร้องภายในกำหนด"
            } else {
                "เรื่องร้องเรียนทั่วไปและกำหนดแล้วเสร็จ (ดูอย่างเดียว)"
            },
        });
    }
    if actor.has(Permission::ReadGeneralComplaints) {
        links.push(StaffLink {
            label: "ปัญหาที่ร้องเรียนซ้ำ",
            href: "/staff/complaints/recurring",
            description: "เรื่องร้องเรียนทั่วไปตามประเภท สถานที่ หน่วยงาน และเดือน สำหรับคณะทำงานแก้ปัญหาเชิงระบบ",
        });
    }
    if actor.has(Permission::ReadGeneralComplaints) {
        links.push(StaffLink {
            label: "รายงานเรื่องร้องเรียนต่อผู้บริหาร",
            href: "/staff/complaints/report",
            description: "ผลการจัดการเรื่องร้องเรียนรอบ 6 และ 12 เดือน ความพึงพอใจ ปัญหา อุปสรรค และแนวทางแก้ไข (PDF/Excel)",
        });
    }
    if actor.has(Permission::ManageComplaintSettings) {
        links.push(StaffLink {
            label: "ตั้งค่าเรื่องร้องเรียน",
            href: "/staff/complaints/settings",
            description: "ระยะเวลาดำเนินการของแต่ละช่องทาง และประเภทเรื่องในแบบฟอร์ม",
        });
    }
    links.push(StaffLink {
        label: "ศูนย์ข้อมูลข่าวสาร",
        href: "/staff/info",
        description: if actor.has(Permission::ManageDisclosures) {
            "รายการข้อมูลสาธารณะ (ITA OIT และมาตรการ 2.1/2) ความพร้อม การแจ้งเตือน การเผยแพร่ และการจัดการรายการ"
        } else if actor.role == sujarit_core::account::Role::UnitOfficer {
            "ข้อมูลสาธารณะที่หน่วยงานของคุณต้องเผยแพร่ สิ่งที่ถึงกำหนดและที่เลยกำหนด"
        } else {
            "ความพร้อมของข้อมูลสาธารณะตามเกณฑ์ OIT และสถานะทุกรายการ (ดูอย่างเดียว)"
        },
    });
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
    links.push(StaffLink {
        label: "เปลี่ยนรหัสผ่าน",
        href: "/staff/password",
        description: "เปลี่ยนรหัสผ่านของบัญชีคุณเอง",
    });
    links
}

#[derive(Template)]
#[template(path = "staff/home.html")]
pub struct HomePage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub role_description: &'static str,
    pub unit: Option<String>,
    pub links: Vec<StaffLink>,
    pub notice: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct HomeQuery {
    done: Option<String>,
}

async fn home(
    State(store): State<AppState>,
    staff: CurrentStaff,
    query: Result<Query<HomeQuery>, axum::extract::rejection::QueryRejection>,
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
        links: links_for(&staff.actor),
        notice,
    })
}
