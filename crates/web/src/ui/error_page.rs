//! The page every error shows (its Thai heading and message).

use askama::Template;
use axum::http::StatusCode;

use super::{Crumb, Layout};

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub status: u16,
    pub heading: String,
    pub message: String,
}

impl ErrorPage {
    pub fn new(status: StatusCode, heading: &str, message: &str) -> ErrorPage {
        ErrorPage {
            layout: Layout::new(
                heading,
                vec![Crumb::link("หน้าแรก", "/"), Crumb::here(heading)],
            ),
            status: status.as_u16(),
            heading: heading.to_string(),
            message: message.to_string(),
        }
    }
}
