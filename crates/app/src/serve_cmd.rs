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
    /// A streaming replica of the PostgreSQL primary for public reads.
    pub read_database: Option<String>,
    /// The keys that seal complainants' contacts (created on first start).
    pub key_file: PathBuf,
    /// Complaints one address may file in ten minutes.
    pub complaints_per_address: u32,
    /// Survey answers and check-ins one address may send in ten minutes.
    pub answers_per_address: u32,
    /// Where e-mail notices go out; None: no e-mail.
    pub smtp_url: Option<String>,
    /// Send e-mail without TLS (a relay on the same host).
    pub smtp_allow_plaintext: bool,
    pub mail_from: String,
    /// The address the public reaches the server by, for every absolute
    /// link (default: the bound address).
    pub public_url: Option<String>,
    /// Reverse proxies whose X-Forwarded-For/-Proto are believed.
    pub trusted_proxies: Vec<String>,
    /// Timeouts and the connection cap.
    pub server: sujarit_web::server::ServerLimits,
    /// How often the information centre's links are checked and generated
    /// pages published (0: never; the first round runs at start).
    pub link_check_hours: u64,
    /// Inside networks the link checker may reach (it reaches none by default).
    pub link_check_allow: Vec<sujarit_service::disclosure::links::IpNet>,
    /// How often the LAOs' figures are refreshed (0: never; the first
    /// round runs at start).
    pub oversight_refresh_minutes: u64,
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
        read_database,
        key_file,
        complaints_per_address,
        answers_per_address,
        smtp_url,
        smtp_allow_plaintext,
        mail_from,
        public_url,
        trusted_proxies,
        server,
        link_check_hours,
        link_check_allow,
        oversight_refresh_minutes,
    } = options;
    // Bad settings stop the server before it touches the database.
    let trusted_proxies = trusted_proxies
        .iter()
        .map(|text| sujarit_web::client::TrustedProxies::parse_network(text))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| anyhow::anyhow!(e))?;
    if let Some(url) = &public_url {
        sujarit_web::Site::new(url).map_err(|e| anyhow::anyhow!(e))?;
    }
    if let Some(url) = &smtp_url {
        sujarit_service::complaints::notices::check_encrypted(url, smtp_allow_plaintext)
            .map_err(|e| anyhow::anyhow!(e))?;
    }
    let (keyring, created) = sujarit_store::keyfile::load_or_create(&key_file)
        .map_err(|e| anyhow::anyhow!(sujarit_service::wording::key_file(&e)))?;

    let store = sujarit_store::connect(database).await.map_err(Thai)?;
    store.migrate().await.map_err(Thai)?;
    // The replica follows the primary: never migrated, only read.
    let read_store = match &read_database {
        Some(url) => Some(connect_replica(database, url).await?),
        None => None,
    };
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
        crate::demo::ensure(store.clone(), &keyring).await?
    } else {
        Vec::new()
    };
    if link_check_hours > 0 {
        tokio::spawn(crate::info_cmd::maintain(
            store.clone(),
            Duration::from_secs(link_check_hours.saturating_mul(3600)),
            link_check_allow,
        ));
    } else {
        // Without the periodic task, generated pages are published once now.
        let today = sujarit_service::Clock::System.today();
        sujarit_service::disclosure::publish_generated_everywhere(store.as_ref(), today)
            .await
            .map_err(Thai)?;
    }
    // The search index: rebuilt in the background where it is missing (a
    // migration on an existing database) or stale.
    {
        let store = store.clone();
        tokio::spawn(async move { crate::search_cmd::refresh_all(store.as_ref()).await });
    }
    // The LAOs' figures for the overseers, this fiscal year and the last:
    // only LAOs whose records moved are computed again.
    if oversight_refresh_minutes > 0 {
        tokio::spawn(sujarit_service::oversight::refresh_forever(
            store.clone(),
            Duration::from_secs(oversight_refresh_minutes.saturating_mul(60)),
            sujarit_service::Clock::System,
        ));
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
    // Files no record names (a request that failed after writing them, a
    // crash) are removed once a day old; checked every hour.
    tokio::spawn(sujarit_service::files::sweep_forever(
        store.clone(),
        file_store.clone(),
        Duration::from_secs(3600),
        sujarit_service::files::DEFAULT_GRACE,
    ));
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
    if public_url.is_none() && address.ip().is_unspecified() {
        eprintln!(
            "คำเตือน: ไม่ได้ระบุ --public-url ลิงก์เต็มในหน้าเว็บ คิวอาร์โค้ด และอีเมล จะใช้ http://{address} \
             ซึ่งผู้ใช้ภายนอกเปิดไม่ได้ กรุณาระบุ --public-url เช่น https://sujarit.example.go.th"
        );
    }
    let public_url = public_url.unwrap_or_else(|| format!("http://{address}"));
    let mut site = sujarit_web::Site::new(&public_url).map_err(|e| anyhow::anyhow!(e))?;
    site.https = https;
    site.trusted_proxies = sujarit_web::client::TrustedProxies::new(trusted_proxies);
    if let Some(smtp_url) = smtp_url {
        use sujarit_service::complaints::notices;
        let mailer = notices::Mailer::new(&notices::MailConfig {
            smtp_url,
            from: mail_from,
            public_url: site.base_url().to_owned(),
            allow_plaintext: smtp_allow_plaintext,
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
    let mut state = sujarit_web::AppState::new(store)
        .with_participation_limits(participation)
        .with_auth(auth)
        .with_site(site)
        .with_resources(resources)
        .with_complaints(complaints);
    if let Some(read_store) = read_store {
        state = state.with_read_store(read_store);
    }
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
    // Peer addresses reach the rate limits; timeouts and the connection cap
    // hold against slow or idle clients.
    sujarit_web::server::serve(listener, app, server, shutdown_signal()).await?;
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

/// Opens `--read-database`: PostgreSQL only (beside a PostgreSQL primary),
/// not migrated, and refused unless the server there is a replica in
/// recovery (a second primary would never see the writes).
async fn connect_replica(
    database: &str,
    url: &str,
) -> anyhow::Result<std::sync::Arc<dyn sujarit_store::Store>> {
    let both_postgres = sujarit_store::database_kind_of(database).ok() == Some("postgres")
        && sujarit_store::database_kind_of(url).map_err(Thai)? == "postgres";
    if !both_postgres {
        anyhow::bail!("--read-database ใช้ได้เฉพาะเมื่อฐานข้อมูลหลักและฐานข้อมูลสำเนาเป็น PostgreSQL ทั้งคู่");
    }
    let replica = sujarit_store::connect(url).await.map_err(Thai)?;
    if replica.replayed_position().await.map_err(Thai)?.is_none() {
        anyhow::bail!(
            "--read-database ต้องเป็นสำเนาแบบ streaming replica ที่กำลังรับข้อมูลจากฐานข้อมูลหลัก (pg_is_in_recovery() เป็นจริง)"
        );
    }
    Ok(replica)
}
