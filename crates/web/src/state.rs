//! The one state every handler gets: the store and the server's settings.
//! Handlers take `State<AppState>` and call the store through it (it
//! dereferences to `dyn Store`); the settings reach them through extractors
//! that read the state: [`Resources`], [`ComplaintConfig`] and, in `auth`,
//! the session settings.

use std::ops::Deref;
use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use sujarit_core::sealed::Keyring;
use sujarit_service::activities::Answerer;
use sujarit_service::complaints::Filer;
use sujarit_service::complaints::cleaning::Cleaner;
use sujarit_store::Store;
use sujarit_store::files::FileStore;

pub use sujarit_service::Clock;

use crate::auth::AuthConfig;
use crate::error::WebError;
use crate::limits::Limits;

/// The store behind the portal and everything the server was started with.
/// Build it with [`AppState::new`] and the `with_…` settings; what is not
/// set has its default, except the complaint centre: its pages (which need
/// the key file) answer with the error page (500) until
/// [`AppState::with_complaints`] is given; its public statistics still work.
#[derive(Clone)]
pub struct AppState(Arc<Settings>);

/// What the state holds; behind one `Arc`, so that every extractor's copy
/// of the state is a reference count, not a copy of the settings.
#[derive(Clone)]
struct Settings {
    store: Arc<dyn Store>,
    /// A streaming replica for public reads (`--read-database`), reached
    /// through `replica::ReadStore`.
    read_store: Option<Arc<dyn Store>>,
    resources: Resources,
    auth: AuthConfig,
    complaints: Option<ComplaintConfig>,
    participation: Participation,
    officer_keys: crate::officer_keys::OfficerKeyring,
    site: Site,
    renders: crate::renders::Renders,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>) -> AppState {
        let store_for_answers = store.clone();
        AppState(Arc::new(Settings {
            store,
            read_store: None,
            resources: Resources::default(),
            auth: AuthConfig::default(),
            complaints: None,
            participation: Participation::new(store_for_answers, Limits::default()),
            officer_keys: Default::default(),
            site: Site::default(),
            renders: Default::default(),
        }))
    }

    /// Integrity officers' private keys unlocked for their sessions.
    pub fn officer_keys(&self) -> &crate::officer_keys::OfficerKeyring {
        &self.0.officer_keys
    }

    /// A streaming replica of the primary for public reads (see
    /// `replica.rs`). It must not be migrated: it follows the primary.
    pub fn with_read_store(mut self, read_store: Arc<dyn Store>) -> AppState {
        Arc::make_mut(&mut self.0).read_store = Some(read_store);
        self
    }

    /// The primary: every write, staff page and search.
    pub(crate) fn primary(&self) -> Arc<dyn Store> {
        self.0.store.clone()
    }

    /// The replica, when the server was given one.
    pub(crate) fn read_store(&self) -> Option<Arc<dyn Store>> {
        self.0.read_store.clone()
    }

    /// Sessions and logins.
    pub fn with_auth(mut self, auth: AuthConfig) -> AppState {
        Arc::make_mut(&mut self.0).auth = auth;
        self
    }

    /// Where evidence and disclosure files go and what today is.
    pub fn with_resources(mut self, resources: Resources) -> AppState {
        Arc::make_mut(&mut self.0).resources = resources;
        self
    }

    /// The sealing keys, the filer and the limits of the complaint centre.
    pub fn with_complaints(mut self, complaints: ComplaintConfig) -> AppState {
        Arc::make_mut(&mut self.0).complaints = Some(complaints);
        self
    }

    /// The per-address limits of check-ins and survey answers.
    pub fn with_participation_limits(mut self, limits: Limits) -> AppState {
        let store = self.0.store.clone();
        Arc::make_mut(&mut self.0).participation = Participation::new(store, limits);
        self
    }

    /// The public address, HTTPS and the trusted proxies.
    pub fn with_site(mut self, site: Site) -> AppState {
        Arc::make_mut(&mut self.0).site = site;
        self
    }

    /// Public report files, built once per data version.
    pub fn renders(&self) -> &crate::renders::Renders {
        &self.0.renders
    }

    pub(crate) fn site(&self) -> &Site {
        &self.0.site
    }

    pub(crate) fn auth(&self) -> &AuthConfig {
        &self.0.auth
    }

    /// The largest file a complainant may attach (the complaint centre's
    /// file store's limit).
    pub(crate) fn complaint_file_limit(&self) -> u64 {
        self.0
            .complaints
            .as_ref()
            .map_or(sujarit_store::files::DEFAULT_MAX_BYTES, |c| {
                c.files.max_bytes()
            })
    }

    /// Today, by the server's clock (`Resources`).
    pub(crate) fn today(&self) -> time::Date {
        self.0.resources.clock.today()
    }

    /// The complaint centre's today: its own clock when it is set up, else
    /// the system's.
    pub(crate) fn complaints_clock(&self) -> Clock {
        self.0
            .complaints
            .as_ref()
            .map(|c| c.clock)
            .unwrap_or_default()
    }
}

impl Deref for AppState {
    type Target = dyn Store;

    fn deref(&self) -> &(dyn Store + 'static) {
        self.0.store.as_ref()
    }
}

impl AsRef<dyn Store> for AppState {
    fn as_ref(&self) -> &(dyn Store + 'static) {
        self.0.store.as_ref()
    }
}

/// Where evidence and disclosure files go, how staff uploads are cleaned
/// and what today is; by default [`sujarit_store::files::DEFAULT_DIR`],
/// cleaning in this process and the system's clock.
#[derive(Clone, Debug, Default)]
pub struct Resources {
    pub files: FileStore,
    /// Where activity photos and materials are cleaned (the server: a child
    /// process, as complainants' files).
    pub cleaner: Cleaner,
    pub clock: Clock,
}

impl<S: Send + Sync> FromRequestParts<S> for Resources
where
    AppState: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(_: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(AppState::from_ref(state).0.resources.clone())
    }
}

/// Where the server is reached from outside: the one source of absolute
/// addresses (DCAT, API links, QR codes, e-mails), never the request's
/// `Host` header, which the client chooses.
#[derive(Clone, Debug)]
pub struct Site {
    /// `--public-url`, without a trailing slash, e.g.
    /// "https://sujarit.example.go.th".
    public_url: String,
    /// Reached over HTTPS (`--https`): the browser is told to stay on it (HSTS).
    pub https: bool,
    /// Whose `X-Forwarded-For`/`-Proto` to believe (`--trusted-proxy`).
    pub trusted_proxies: crate::client::TrustedProxies,
}

impl Default for Site {
    fn default() -> Self {
        Site {
            public_url: "http://localhost".to_owned(),
            https: false,
            trusted_proxies: Default::default(),
        }
    }
}

impl Site {
    /// A site at `public_url`: an http(s) address with a host and no query;
    /// a trailing slash is dropped. A Thai message for anything else.
    pub fn new(public_url: &str) -> Result<Site, String> {
        let trimmed = public_url.trim().trim_end_matches('/');
        let refused = || {
            format!(
                "--public-url: \"{public_url}\" ไม่ใช่ที่อยู่เว็บที่ใช้ได้ \
                 ต้องขึ้นต้นด้วย http:// หรือ https:// ตามด้วยชื่อโฮสต์ เช่น https://sujarit.example.go.th"
            )
        };
        let uri: axum::http::Uri = trimmed.parse().map_err(|_| refused())?;
        let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
        let host_ok = uri.host().is_some_and(|h| !h.is_empty());
        if !scheme_ok || !host_ok || uri.query().is_some() || trimmed.contains('#') {
            return Err(refused());
        }
        Ok(Site {
            public_url: trimmed.to_owned(),
            ..Site::default()
        })
    }

    /// "https://host[/prefix]", to which absolute paths are appended.
    pub fn base_url(&self) -> &str {
        &self.public_url
    }
}

/// What the complaint pages need beyond the store: the sealing keys, the
/// group-committing filer, the rate limits and today's date.
#[derive(Clone)]
pub struct ComplaintConfig {
    pub keyring: Arc<Keyring>,
    /// Where attachments go (a corruption report's sealed).
    pub files: FileStore,
    pub filer: Filer,
    /// Where complainants' files are cleaned (the server: a child process).
    pub cleaner: Cleaner,
    pub limits: Arc<Limits>,
    pub clock: Clock,
}

impl ComplaintConfig {
    /// Starts the filer on the current Tokio runtime.
    pub fn new(store: Arc<dyn Store>, keyring: Keyring, limits: Limits) -> ComplaintConfig {
        ComplaintConfig {
            keyring: Arc::new(keyring),
            files: FileStore::default(),
            filer: Filer::start(store),
            cleaner: Cleaner::InProcess,
            limits: Arc::new(limits),
            clock: Clock::System,
        }
    }

    /// Attachments in `files` rather than the default folder.
    pub fn with_files(mut self, files: FileStore) -> ComplaintConfig {
        self.files = files;
        self
    }
}

impl std::fmt::Debug for ComplaintConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ComplaintConfig")
            .field("keyring", &self.keyring)
            .finish_non_exhaustive()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ComplaintConfig
where
    AppState: FromRef<S>,
{
    type Rejection = WebError;

    async fn from_request_parts(_: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        AppState::from_ref(state)
            .0
            .complaints
            .clone()
            .ok_or_else(|| {
                tracing::error!("complaint routes used without a ComplaintConfig");
                WebError::Internal("ComplaintConfig missing".into())
            })
    }
}

/// What the public check-in and survey pages need beyond the store: the
/// group-committing answerer (started on first use, inside the server's
/// runtime) and the per-address limits.
#[derive(Clone)]
pub struct Participation {
    answerer: Arc<std::sync::OnceLock<Answerer>>,
    pub limits: Arc<Limits>,
    store: Arc<dyn Store>,
}

impl Participation {
    fn new(store: Arc<dyn Store>, limits: Limits) -> Participation {
        Participation {
            answerer: Arc::new(std::sync::OnceLock::new()),
            limits: Arc::new(limits),
            store,
        }
    }

    /// The answerer, started on the first answer (inside a handler, so on
    /// the server's runtime).
    pub fn answerer(&self) -> &Answerer {
        self.answerer
            .get_or_init(|| Answerer::start(self.store.clone()))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Participation
where
    AppState: FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(_: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(AppState::from_ref(state).0.participation.clone())
    }
}
