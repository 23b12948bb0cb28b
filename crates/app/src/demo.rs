//! The demo organisation: a real plan (Nakhon Si Thammarat City Municipality,
//! 2566–2570) shipped inside the binary so a newcomer sees a complete plan.

use sujarit_store::{ImportSource, SaveOutcome, Store};

pub const SLUG: &str = "demo";
const FILE_NAME: &str = "plan-nakhonsithammarat-2566-2570.txt";
const DOCUMENT: &[u8] = include_bytes!("../demo/plan-nakhonsithammarat-2566-2570.txt");

/// Creates the demo organisation and imports its plan, unless it already has one.
pub async fn ensure(store: &dyn Store) -> anyhow::Result<()> {
    let report = sujarit_import::import_plan(DOCUMENT, &Default::default())?;
    let organization = store
        .ensure_organization(SLUG, &report.plan.organization)
        .await?;
    if store.current_plan(&organization.id).await?.is_some() {
        return Ok(());
    }
    let source = ImportSource {
        file_name: FILE_NAME.into(),
        sha256: crate::import_cmd::sha256_hex(DOCUMENT),
    };
    match store
        .save_plan_import(&organization.id, &report, &source)
        .await?
    {
        SaveOutcome::Saved(v) => tracing::info!(
            items = v.item_count,
            findings = v.finding_count,
            "สร้างองค์กรตัวอย่างพร้อมแผนแล้ว"
        ),
        SaveOutcome::AlreadyImported(_) => {}
    }
    Ok(())
}
