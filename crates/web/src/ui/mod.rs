//! The web kit: what every feature's pages share (the layout and its
//! breadcrumbs, the staff bar and menu entries, form errors, rendering, the
//! organisation's URLs and the server-drawn SVG bar charts of `chart`).
//! Features import this, never each other.

use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::response::{Html, Response};
use sujarit_core::ItemRef;
use sujarit_core::Severity;
use sujarit_store::Organization;

use crate::auth::CurrentStaff;
use crate::error::WebError;
use crate::format;

pub(crate) mod chart;
mod error_page;
mod files;
mod menu;

pub(crate) use error_page::ErrorPage;
pub(crate) use files::{download, file_response};
pub(crate) use menu::{CountsFuture, with_site_menu};
pub use menu::{MenuCount, ShellLink, SiteMenu};

/// A rendered page, or the error page instead.
pub(crate) type Page = Result<Html<String>, WebError>;

pub(crate) fn render(page: impl Template) -> Page {
    Ok(Html(page.render()?))
}

/// A handler's answer when it may redirect as well as render.
pub(crate) type Reply = Result<Response, WebError>;

/// A form body that could not be read: a Thai 400 rather than axum's English.
pub(crate) fn bad_form(_: FormRejection) -> WebError {
    WebError::BadRequest("อ่านข้อมูลจากแบบฟอร์มไม่ได้ โปรดกลับไปที่หน้าแบบฟอร์มแล้วส่งใหม่อีกครั้ง".into())
}

/// What the base layout needs from every page.
pub struct Layout {
    /// The page's own title; the layout appends the site name.
    pub title: String,
    /// Breadcrumb trail from the home page; the last one is the current page.
    pub crumbs: Vec<Crumb>,
    pub stylesheet: &'static str,
    /// An organisation's public page: its site menu (set by the
    /// composition root for the request, see `menu.rs`).
    pub site_menu: Option<SiteMenu>,
}

impl Layout {
    pub fn new(title: impl Into<String>, crumbs: Vec<Crumb>) -> Layout {
        Layout {
            title: title.into(),
            crumbs,
            stylesheet: crate::assets::stylesheet_url(),
            site_menu: menu::site_menu(),
        }
    }
}

pub struct Crumb {
    pub label: String,
    /// `None` for the current page.
    pub href: Option<String>,
}

impl Crumb {
    pub fn link(label: impl Into<String>, href: impl Into<String>) -> Crumb {
        Crumb {
            label: label.into(),
            href: Some(href.into()),
        }
    }

    pub fn here(label: impl Into<String>) -> Crumb {
        Crumb {
            label: label.into(),
            href: None,
        }
    }
}

/// One `<option>` of a filter's `<select>`.
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A labelled link.
pub struct Link {
    pub label: String,
    pub href: String,
}

/// "https://host" of the server as the public reaches it (`--public-url`),
/// for absolute addresses (DCAT, API links, QR codes); never the request's
/// `Host` header, which a client could set to anything and the page cache
/// would hand to everyone.
pub(crate) fn public_base_url(state: &crate::AppState) -> String {
    state.site().base_url().to_owned()
}

/// URLs of one organisation's pages, in one place so links cannot drift.
#[derive(Clone)]
pub struct Urls {
    base: String,
}

impl Urls {
    pub fn new(slug: &str) -> Urls {
        Urls {
            base: format!("/o/{}", format::path_segment(slug)),
        }
    }

    pub fn plan(&self) -> String {
        self.base.clone()
    }

    pub fn schedule(&self, year: u16) -> String {
        format!("{}/schedule/{year}", self.base)
    }

    pub fn item(&self, r: ItemRef) -> String {
        format!("{}/items/{r}", self.base)
    }

    /// A page of the organisation's below its plan: `rest` is "/info", ….
    pub fn page(&self, rest: &str) -> String {
        format!("{}{rest}", self.base)
    }

    pub fn findings(&self, severity: Option<Severity>) -> String {
        match severity {
            Some(s) => format!("{}/findings?severity={}", self.base, s.as_str()),
            None => format!("{}/findings", self.base),
        }
    }
}

/// Breadcrumbs down to an organisation's plan page.
pub fn org_crumbs(org: &Organization, urls: &Urls) -> Vec<Crumb> {
    vec![
        Crumb::link("หน้าแรก", "/"),
        Crumb::link(org.name.clone(), urls.plan()),
    ]
}

/// Who is signed in, shown at the top of every back-office page with the
/// staff menu and the logout button (`{% include "staff/_bar.html" %}`).
pub struct StaffBar {
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub organization: String,
    /// The pages the role may open, with their counts (the staff shell;
    /// empty where the composition root did not build one).
    pub menu: Vec<ShellLink>,
    /// How many things wait in all, for the phone's closed menu.
    pub waiting: u64,
}

impl StaffBar {
    pub fn new(staff: &CurrentStaff) -> StaffBar {
        let menu = staff.shell.as_deref().cloned().unwrap_or_default();
        StaffBar {
            name: staff.display_name.clone(),
            email: staff.email.clone(),
            role: staff.role().thai(),
            organization: staff.organization.name.clone(),
            waiting: menu.iter().flat_map(|l| &l.counts).map(|c| c.count).sum(),
            menu,
        }
    }
}

/// A back-office page's layout: crumbs from the staff home down to `title`.
pub fn staff_layout(title: &str, middle: Vec<Crumb>) -> Layout {
    let mut crumbs = vec![Crumb::link("งานเจ้าหน้าที่", "/staff/")];
    crumbs.extend(middle);
    crumbs.push(Crumb::here(title));
    Layout::new(title, crumbs)
}

/// Thai messages per form field ("form" for the form as a whole), shown next
/// to the field they concern.
#[derive(Default, Debug)]
pub struct FormErrors(Vec<(String, String)>);

impl FormErrors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push((field.into(), message.into()));
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The fields that have a message, in the order they were added.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(f, _)| f.as_str())
    }

    /// All messages, for the summary at the top of a form.
    pub fn all(&self) -> Vec<&str> {
        self.0.iter().map(|(_, m)| m.as_str()).collect()
    }
}

/// A link on the staff home.
pub struct StaffLink {
    pub label: &'static str,
    pub href: &'static str,
    pub description: &'static str,
}
