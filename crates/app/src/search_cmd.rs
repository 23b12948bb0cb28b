//! `sujarit search reindex [--organization SLUG]`: rebuilds the search index
//! of one organisation or of all of them (the server keeps it current by
//! itself: at start and before each search it rebuilds what changed).
//!
//! Exit codes: 0 done, 1 the database failed, 2 no such organisation.

use std::process::ExitCode;

use clap::Subcommand;
use sujarit_service::wording::Thai;
use sujarit_store::Store;

#[derive(Subcommand)]
pub enum SearchCommand {
    /// สร้างดัชนีการค้นหาใหม่ทั้งหมด (ระบบปรับดัชนีเองเมื่อเริ่มและก่อนค้นหาทุกครั้ง)
    Reindex {
        /// รหัสองค์กร (slug) ที่จะสร้างดัชนีใหม่ (ไม่ระบุ = ทุกองค์กร)
        #[arg(long)]
        organization: Option<String>,
    },
}

pub async fn run(database: &str, command: SearchCommand) -> ExitCode {
    let SearchCommand::Reindex { organization } = command;
    let store = match sujarit_store::connect(database).await {
        Ok(store) => store,
        Err(e) => return failed(&Thai(e), 1),
    };
    if let Err(e) = store.migrate().await {
        return failed(&Thai(e), 1);
    }
    let organizations = match store.organizations().await {
        Ok(all) => all,
        Err(e) => return failed(&Thai(e), 1),
    };
    let chosen: Vec<_> = organizations
        .into_iter()
        .filter(|o| organization.as_deref().is_none_or(|slug| o.slug == slug))
        .collect();
    if chosen.is_empty()
        && let Some(slug) = organization
    {
        return failed(&format!("ไม่พบองค์กร \"{slug}\""), 2);
    }
    for org in chosen {
        match store.rebuild_search_index(&org.id).await {
            Ok(count) => println!("{} ({}): สร้างดัชนีการค้นหา {count} รายการ", org.name, org.slug),
            Err(e) => return failed(&Thai(e), 1),
        }
    }
    ExitCode::SUCCESS
}

/// At server start: brings every organisation's index up to date (all of it
/// after a migration on an existing database, else only what changed), in
/// the background; a search does the same for its organisation anyway.
pub async fn refresh_all(store: &dyn Store) {
    let organizations = match store.organizations().await {
        Ok(all) => all,
        Err(error) => {
            tracing::warn!(%error, "the search index was not refreshed at start");
            return;
        }
    };
    for org in organizations {
        match store.refresh_search_index(&org.id).await {
            Ok(0) => {}
            Ok(count) => tracing::info!(organization = %org.slug, count, "search index rebuilt"),
            Err(error) => {
                tracing::warn!(%error, organization = %org.slug, "search index not rebuilt")
            }
        }
    }
}

fn failed(message: &dyn std::fmt::Display, code: u8) -> ExitCode {
    eprintln!("ข้อผิดพลาด: {message}");
    ExitCode::from(code)
}
