//! What handlers share besides the store: the evidence file store and the
//! clock, carried as one request extension (`Resources::layer`), read by the
//! features that keep files or tell what is due.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sujarit_store::files::FileStore;
use time::{Date, OffsetDateTime};

/// Where "today" comes from: the real date in Thailand, or a fixed one for
/// tests and demonstrations.
#[derive(Clone, Copy, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(Date),
}

impl Clock {
    /// Today's date in Thailand (UTC+7), which decides the fiscal quarter.
    pub fn today(self) -> Date {
        match self {
            Clock::System => sujarit_core::thai::local_date(OffsetDateTime::now_utc()),
            Clock::Fixed(date) => date,
        }
    }
}

/// Where evidence and disclosure files go and what today is. Put
/// it on the router with [`Resources::layer`]; without it, files go to
/// [`sujarit_store::files::DEFAULT_DIR`] and the clock is the system's.
#[derive(Clone, Debug, Default)]
pub struct Resources {
    pub files: FileStore,
    pub clock: Clock,
}

impl Resources {
    pub fn layer(self) -> axum::Extension<Resources> {
        axum::Extension(self)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Resources {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Resources>()
            .cloned()
            .unwrap_or_default())
    }
}
