//! `/staff/users`: accounts, for administrators only.

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use serde::Deserialize;
use sujarit_core::account::{
    self, AccountChange, Email, MAX_DISPLAY_NAME_CHARS, Permission, Role, check_password,
    clean_name, web_may_change, web_may_create,
};
use sujarit_store::{NewUser, StaffUser, StoreError, Unit, UserChange};

use crate::AppState;
use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::ui::{Crumb, FormErrors, Reply, StaffBar, render, staff_layout};
use sujarit_service::passwords as password;

fn reply(status: StatusCode, page: impl Template) -> Reply {
    Ok((status, Html(page.render()?)).into_response())
}

fn users_crumb() -> Vec<Crumb> {
    vec![Crumb::link("บัญชีผู้ใช้", "/staff/users")]
}

pub struct UserRow {
    pub email: String,
    pub name: String,
    pub role: &'static str,
    pub unit: String,
    pub active: bool,
    pub href: String,
}

#[derive(Template)]
#[template(path = "staff/users.html")]
pub struct UsersPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub users: Vec<UserRow>,
}

fn unit_name(units: &[Unit], id: Option<&str>) -> String {
    id.and_then(|id| units.iter().find(|u| u.id == id))
        .map_or_else(|| "—".to_owned(), |u| u.name.clone())
}

pub async fn list(State(store): State<AppState>, staff: CurrentStaff) -> super::Page {
    staff.require(Permission::ManageUsers)?;
    let org = &staff.organization.id;
    let units = store.units(org).await?;
    let users = store
        .users(org)
        .await?
        .into_iter()
        .map(|u| UserRow {
            unit: unit_name(&units, u.unit_id.as_deref()),
            href: format!("/staff/users/{}", u.id),
            email: u.email,
            name: u.display_name,
            role: u.role.thai(),
            active: u.active,
        })
        .collect();
    render(UsersPage {
        layout: staff_layout("บัญชีผู้ใช้", vec![]),
        bar: StaffBar::new(&staff),
        users,
    })
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The roles the web may give: an integrity officer only stays one (it is
/// given from the command line on the host).
fn role_choices(selected: Option<Role>) -> Vec<Choice> {
    Role::LAO_STAFF
        .into_iter()
        .filter(|r| *r != Role::IntegrityOfficer || Some(*r) == selected)
        .map(|r| Choice {
            value: r.as_str().to_owned(),
            label: format!("{} — {}", r.thai(), r.thai_description()),
            selected: Some(r) == selected,
        })
        .collect()
}

fn unit_choices(units: &[Unit], selected: Option<&str>) -> Vec<Choice> {
    units
        .iter()
        .map(|u| Choice {
            value: u.id.clone(),
            label: u.name.clone(),
            selected: Some(u.id.as_str()) == selected,
        })
        .collect()
}

/// The new-account form and the edit form share this page.
#[derive(Template)]
#[template(path = "staff/user_form.html")]
pub struct UserFormPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    /// `None` for a new account.
    pub user_id: Option<String>,
    pub action: String,
    pub email: String,
    pub display_name: String,
    pub active: bool,
    pub must_change_password: bool,
    pub roles: Vec<Choice>,
    pub units: Vec<Choice>,
    pub no_units: bool,
    pub errors: FormErrors,
    pub password_errors: FormErrors,
    pub min_chars: usize,
    pub notice: Option<&'static str>,
}

impl UserFormPage {
    fn new_account(staff: &CurrentStaff, units: &[Unit]) -> UserFormPage {
        UserFormPage {
            layout: staff_layout("เพิ่มบัญชีผู้ใช้", users_crumb()),
            bar: StaffBar::new(staff),
            user_id: None,
            action: "/staff/users/new".into(),
            email: String::new(),
            display_name: String::new(),
            active: true,
            must_change_password: true,
            roles: role_choices(None),
            units: unit_choices(units, None),
            no_units: units.is_empty(),
            errors: FormErrors::default(),
            password_errors: FormErrors::default(),
            min_chars: account::MIN_PASSWORD_CHARS,
            notice: None,
        }
    }

    fn edit(staff: &CurrentStaff, user: &StaffUser, units: &[Unit]) -> UserFormPage {
        UserFormPage {
            layout: staff_layout(&format!("แก้ไขบัญชี {}", user.email), users_crumb()),
            bar: StaffBar::new(staff),
            user_id: Some(user.id.clone()),
            action: format!("/staff/users/{}", user.id),
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            active: user.active,
            must_change_password: user.must_change_password,
            roles: role_choices(Some(user.role)),
            units: unit_choices(units, user.unit_id.as_deref()),
            no_units: units.is_empty(),
            errors: FormErrors::default(),
            password_errors: FormErrors::default(),
            min_chars: account::MIN_PASSWORD_CHARS,
            notice: None,
        }
    }
}

pub async fn new_form(State(store): State<AppState>, staff: CurrentStaff) -> Reply {
    staff.require(Permission::ManageUsers)?;
    let units = store.units(&staff.organization.id).await?;
    reply(StatusCode::OK, UserFormPage::new_account(&staff, &units))
}

#[derive(Deserialize)]
pub struct UserForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    password: String,
    /// A checkbox: present ("on") when ticked.
    active: Option<String>,
}

/// Role and unit from the form, checked; errors go on `errors`.
fn role_and_unit(
    form: &UserForm,
    units: &[Unit],
    errors: &mut FormErrors,
) -> (Role, Option<String>) {
    let role = match Role::parse(form.role.trim()) {
        Some(role) => role,
        None => {
            errors.add("role", "กรุณาเลือกบทบาท");
            Role::Executive
        }
    };
    let unit = form.unit.trim();
    let unit = if role.needs_unit() {
        if unit.is_empty() {
            errors.add("unit", "เจ้าหน้าที่หน่วยงานต้องสังกัดหน่วยงาน กรุณาเลือกหน่วยงาน");
            None
        } else if units.iter().any(|u| u.id == unit) {
            Some(unit.to_owned())
        } else {
            errors.add("unit", "ไม่พบหน่วยงานที่เลือก กรุณาเลือกใหม่");
            None
        }
    } else {
        None
    };
    (role, unit)
}

pub async fn create(
    State(store): State<AppState>,
    staff: CurrentStaff,
    form: Result<Form<UserForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageUsers)?;
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let org = &staff.organization.id;
    let units = store.units(org).await?;
    let mut page = UserFormPage::new_account(&staff, &units);
    page.email = form.email.trim().to_owned();
    page.display_name = form.display_name.trim().to_owned();
    let email = Email::parse(&form.email)
        .map_err(|m| page.errors.add("email", m))
        .ok();
    let name = clean_name(&form.display_name, "ชื่อที่แสดง", MAX_DISPLAY_NAME_CHARS)
        .map_err(|m| page.errors.add("display_name", m))
        .ok();
    let (role, unit) = role_and_unit(&form, &units, &mut page.errors);
    page.roles = role_choices(Role::parse(form.role.trim()));
    page.units = unit_choices(&units, Some(form.unit.trim()));
    if let Err(m) = web_may_create(role) {
        page.errors.add("role", m);
        return reply(StatusCode::FORBIDDEN, page);
    }
    if let Err(m) = check_password(&form.password) {
        page.errors.add("password", m);
    }
    let (Some(email), Some(name)) = (email, name) else {
        return reply(StatusCode::BAD_REQUEST, page);
    };
    if !page.errors.is_empty() {
        return reply(StatusCode::BAD_REQUEST, page);
    }
    let hash = password::hash(form.password)
        .await
        .map_err(|_| WebError::BadRequest("บันทึกรหัสผ่านไม่สำเร็จ โปรดลองใหม่อีกครั้ง".into()))?;
    let new = NewUser {
        email,
        display_name: name,
        role,
        unit_id: unit,
        password_hash: hash,
        // Someone else chose it: the owner picks their own at first login.
        must_change_password: true,
    };
    match store
        .create_user(org, &new, Some(&staff.actor.user_id))
        .await
    {
        Ok(user) => {
            Ok(Redirect::to(&format!("/staff/users/{}?created=1", user.id)).into_response())
        }
        Err(StoreError::Conflict(clash)) => {
            page.errors.add("email", clash.to_string());
            reply(StatusCode::BAD_REQUEST, page)
        }
        Err(e) => Err(e.into()),
    }
}

async fn load_user(
    store: &AppState,
    staff: &CurrentStaff,
    id: &str,
) -> Result<StaffUser, WebError> {
    store
        .user(&staff.organization.id, id)
        .await?
        .ok_or_else(|| WebError::NotFound("ไม่พบบัญชีผู้ใช้นี้".into()))
}

#[derive(Deserialize)]
pub struct EditQuery {
    created: Option<String>,
    saved: Option<String>,
    reset: Option<String>,
}

pub async fn edit_form(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
    query: Result<axum::extract::Query<EditQuery>, axum::extract::rejection::QueryRejection>,
) -> Reply {
    staff.require(Permission::ManageUsers)?;
    let user = load_user(&store, &staff, &id).await?;
    let units = store.units(&staff.organization.id).await?;
    let mut page = UserFormPage::edit(&staff, &user, &units);
    if let Ok(axum::extract::Query(q)) = query {
        page.notice = if q.created.is_some() {
            Some("สร้างบัญชีแล้ว ผู้ใช้ต้องเปลี่ยนรหัสผ่านเมื่อเข้าสู่ระบบครั้งแรก")
        } else if q.saved.is_some() {
            Some("บันทึกการแก้ไขแล้ว")
        } else if q.reset.is_some() {
            Some("ตั้งรหัสผ่านใหม่แล้ว ผู้ใช้ต้องเปลี่ยนรหัสผ่านเมื่อเข้าสู่ระบบครั้งถัดไป")
        } else {
            None
        };
    }
    reply(StatusCode::OK, page)
}

pub async fn update(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
    form: Result<Form<UserForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageUsers)?;
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let org = &staff.organization.id;
    let user = load_user(&store, &staff, &id).await?;
    let units = store.units(org).await?;
    let mut page = UserFormPage::edit(&staff, &user, &units);
    page.display_name = form.display_name.trim().to_owned();
    page.active = form.active.is_some();
    let name = clean_name(&form.display_name, "ชื่อที่แสดง", MAX_DISPLAY_NAME_CHARS)
        .map_err(|m| page.errors.add("display_name", m))
        .ok();
    let (role, unit) = role_and_unit(&form, &units, &mut page.errors);
    page.roles = role_choices(Role::parse(form.role.trim()));
    page.units = unit_choices(&units, Some(form.unit.trim()));
    let active = form.active.is_some();
    if let Err(m) = web_may_change(
        Some((user.role, user.active)),
        AccountChange::Update { role, active },
    ) {
        page.errors.add("role", m);
        return reply(StatusCode::FORBIDDEN, page);
    }
    // An administrator cannot lock themself out; someone else must do it.
    if user.id == staff.actor.user_id {
        if !active {
            page.errors.add("active", "ระงับบัญชีของตนเองไม่ได้");
        }
        if role != Role::Administrator {
            page.errors
                .add("role", "เปลี่ยนบทบาทของตนเองไม่ได้ ให้ผู้ดูแลระบบคนอื่นเปลี่ยนให้");
        }
    }
    let Some(name) = name else {
        return reply(StatusCode::BAD_REQUEST, page);
    };
    if !page.errors.is_empty() {
        return reply(StatusCode::BAD_REQUEST, page);
    }
    let change = UserChange {
        display_name: name,
        role,
        unit_id: unit,
        active,
    };
    match store
        .update_user(org, &user.id, &change, Some(&staff.actor.user_id))
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/staff/users/{}?saved=1", user.id)).into_response()),
        Err(refusal @ (StoreError::Conflict(_) | StoreError::NotFound(_))) => {
            page.errors
                .add("unit", sujarit_service::wording::refusal(&refusal));
            reply(StatusCode::BAD_REQUEST, page)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
}

pub async fn reset_password(
    State(store): State<AppState>,
    staff: CurrentStaff,
    Path(id): Path<String>,
    form: Result<Form<ResetForm>, FormRejection>,
) -> Reply {
    staff.require(Permission::ManageUsers)?;
    let Form(form) = form.map_err(crate::ui::bad_form)?;
    let org = &staff.organization.id;
    let user = load_user(&store, &staff, &id).await?;
    // One's own password is changed at /staff/password, which asks for the
    // current one; a reset here would skip that check.
    if let Err(m) = web_may_change(Some((user.role, user.active)), AccountChange::ResetPassword) {
        let units = store.units(org).await?;
        let mut page = UserFormPage::edit(&staff, &user, &units);
        page.password_errors.add("password", m);
        return reply(StatusCode::FORBIDDEN, page);
    }
    let problem = if user.id == staff.actor.user_id {
        Some("เปลี่ยนรหัสผ่านของตนเองที่หน้า \"เปลี่ยนรหัสผ่าน\"".to_owned())
    } else {
        check_password(&form.password).err()
    };
    if let Some(message) = problem {
        let units = store.units(org).await?;
        let mut page = UserFormPage::edit(&staff, &user, &units);
        page.password_errors.add("password", message);
        return reply(StatusCode::BAD_REQUEST, page);
    }
    let hash = password::hash(form.password)
        .await
        .map_err(|_| WebError::BadRequest("บันทึกรหัสผ่านไม่สำเร็จ โปรดลองใหม่อีกครั้ง".into()))?;
    store
        .set_password(org, &user.id, &hash, true, None, Some(&staff.actor.user_id))
        .await?;
    Ok(Redirect::to(&format!("/staff/users/{}?reset=1", user.id)).into_response())
}
