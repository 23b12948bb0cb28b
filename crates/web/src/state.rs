//! What handlers share besides the store: the evidence file store and the
//! clock, carried as one request extension (`Resources::layer`), read by the
//! features that keep files or tell what is due.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sujarit_store::files::FileStore;

pub use sujarit_service::Clock;

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
