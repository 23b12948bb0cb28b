//! `sujarit serve`: migrate, optionally seed the demo, and serve HTTP until
//! Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use sujarit_service::wording::Thai;

pub struct Options {
    pub bind: SocketAddr,
    pub demo: bool,
    pub https: bool,
    /// Where evidence files and attachments are kept.
    pub files: PathBuf,
    /// How long a rendered public page may be served again (0: never).
    pub page_cache_seconds: u64,
    /// The keys that seal complainants' contacts (created on first start).
    pub key_file: PathBuf,
    /// Complaints one address may file in ten minutes.
    pub complaints_per_address: u32,
    /// Survey answers and check-ins one address may send in ten minutes.
    pub answers_per_address: u32,
    /// Where e-mail notices go out; None: no e-mail.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// The address in links of e-mails (default: the bound address).
    pub public_url: Option<String>,
    /// How often the information centre's links are checked and generated
    /// pages published (0: never; the first round runs at start).
    pub link_check_hours: u64,
}

pub async fn run(database: &str, options: Options) -> ExitCode {
    match serve(database, options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ข้อผิดพลาด: {e:#}");
            ExitCode::from(1)
        }
    }
}

async fn serve(database: &str, options: Options) -> anyhow::Result<()> {
    let Options {
        bind,
        demo,
        https,
        files,
        page_cache_seconds,
        key_file,
        complaints_per_address,
        answers_per_address,
        smtp_url,
        mail_from,
        public_url,
        link_check_hours,
    } = options;
    let (keyring, created) = sujarit_store::keyfile::load_or_create(&key_file)
        .map_err(|e| anyhow::anyhow!(sujarit_service::wording::key_file(&e)))?;

    let store = sujarit_store::connect(database).await.map_err(Thai)?;
    store.migrate().await.map_err(Thai)?;
    // Tracking codes left in plain text by an older version become keyed
    // hashes, and general contacts are re-sealed bound to their record.
    let upgraded =
        sujarit_service::complaints::keys::upgrade_tracking_codes(store.as_ref(), &keyring)
            .await
            .map_err(|e| anyhow::anyhow!(e.to_string()))?;
    if upgraded > 0 {
        tracing::info!(
            cases = upgraded,
            "tracking codes kept as keyed hashes from now on"
        );
    }
    let demo_accounts = if demo {
        crate::demo::ensure(store.as_ref()).await?
    } else {
        Vec::new()
    };
    if link_check_hours > 0 {
        tokio::spawn(crate::info_cmd::maintain(
            store.clone(),
            Duration::from_secs(link_check_hours.saturating_mul(3600)),
        ));
    } else {
        // Without the periodic task, generated pages are published once now.
        let today = sujarit_service::Clock::System.today();
        sujarit_service::disclosure::publish_generated_everywhere(store.as_ref(), today)
            .await
            .map_err(Thai)?;
    }
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| anyhow::anyhow!("เปิดพอร์ต {bind} ไม่ได้: {e}"))?;
    let address = listener.local_addr()?;
    println!("Sujarit พร้อมให้บริการที่ http://{address}/");
    // After the address line: scripts and tests read that one first.
    if created {
        println!(
            "สร้างไฟล์กุญแจเข้ารหัสข้อมูลผู้ร้องเรียนที่ {} แล้ว: สำรองไฟล์นี้แยกจากฐานข้อมูล \
             หากไฟล์หาย ข้อมูลติดต่อผู้ร้องที่เข้ารหัสไว้จะเปิดไม่ได้อีก",
            key_file.display()
        );
    }
    if demo {
        println!(
            "แผนขององค์กรตัวอย่าง: http://{address}/o/{}",
            crate::demo::SLUG
        );
        crate::demo::print_accounts(&demo_accounts, &format!("http://{address}"));
    }
    let auth = sujarit_web::auth::AuthConfig {
        secure_cookies: https,
        ..Default::default()
    };
    let file_store = sujarit_store::files::FileStore::new(files);
    // Uploaded files are cleaned by this binary's `clean-file`, in a child process.
    let cleaner = sujarit_service::complaints::cleaning::Cleaner::ChildProcess {
        program: std::env::current_exe()?,
        args_prefix: vec!["clean-file".into()],
    };
    let resources = sujarit_web::Resources {
        files: file_store.clone(),
        cleaner: cleaner.clone(),
        ..Default::default()
    };
    let limits = sujarit_web::complaints::Limits {
        filing: sujarit_web::complaints::Limit::new(
            complaints_per_address,
            Duration::from_secs(600),
        ),
        ..Default::default()
    };
    let mut complaints =
        sujarit_web::complaints::ComplaintConfig::new(store.clone(), keyring, limits)
            .with_files(file_store);
    complaints.cleaner = cleaner;
    if let Some(smtp_url) = smtp_url {
        use sujarit_service::complaints::notices;
        let mailer = notices::Mailer::new(&notices::MailConfig {
            smtp_url,
            from: mail_from,
            public_url: public_url.unwrap_or_else(|| format!("http://{address}")),
        })
        .map_err(|e| anyhow::anyhow!(e))?;
        notices::start(
            store.clone(),
            complaints.keyring.clone(),
            mailer,
            Duration::from_secs(30),
        );
    }
    let participation = sujarit_web::Limits {
        answers: sujarit_web::Limit::new(answers_per_address, Duration::from_secs(600)),
        ..Default::default()
    };
    let state = sujarit_web::AppState::new(store)
        .with_participation_limits(participation)
        .with_auth(auth)
        .with_resources(resources)
        .with_complaints(complaints);
    state.officer_keys().start_sweeper();
    let mut app = sujarit_web::router(state);
    if page_cache_seconds > 0 {
        // Outermost: a cached page carries the headers the inner layers set.
        let page_cache = sujarit_web::PageCache::new(sujarit_web::PageCacheConfig {
            max_age: Duration::from_secs(page_cache_seconds),
            ..Default::default()
        });
        app = page_cache.around(app);
    }
    // Peer addresses are kept for the rate limits that later modules add.
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
