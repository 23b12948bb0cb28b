//! The item page's published progress: each published quarterly report,
//! newest first, with its evidence files.

use sujarit_core::fiscal::thai_date;
use sujarit_core::{ItemRef, Plan};
use sujarit_store::Organization;
use sujarit_store::files::size_text;

use crate::error::WebError;
use crate::format;
use crate::ui::Urls;

/// One published quarterly report on the public item page.
pub struct PublishedQuarter {
    pub heading: String,
    pub status: String,
    pub status_class: &'static str,
    pub adopted: String,
    pub disbursed: String,
    pub narrative: String,
    /// (KPI, value, note, met: "บรรลุ"/"ไม่บรรลุ"/empty when unknown).
    pub kpis: Vec<(String, String, String, &'static str)>,
    pub evidence: Vec<EvidenceLink>,
    pub updated: String,
}

pub struct EvidenceLink {
    pub name: String,
    pub href: String,
    pub size: String,
    pub kind: String,
}

/// The item's published reports, newest year and quarter first.
pub async fn item_progress(
    store: &dyn sujarit_store::Store,
    org: &Organization,
    plan: &Plan,
    item: ItemRef,
) -> Result<Vec<PublishedQuarter>, WebError> {
    let urls = Urls::new(&org.slug);
    let mut out = Vec::new();
    // One read, newest year and quarter first.
    let reports = store.published_reports_of_item(&org.id, item).await?;
    let years: Vec<u16> = plan.period.years().collect();
    let targets = plan
        .item(item)
        .map(sujarit_service::activities::item_targets)
        .unwrap_or_default();
    let met = |kpi: &str, value: &str| -> &'static str {
        let target = targets.iter().find(|t| t.text == kpi);
        match (target, sujarit_core::progress::parse_number(value)) {
            (Some(t), Some(v)) if t.met_by(v) => "บรรลุเป้าหมาย",
            (Some(_), Some(_)) => "ยังไม่บรรลุเป้าหมาย",
            _ => "",
        }
    };
    for r in reports
        .into_iter()
        .filter(|r| years.contains(&r.fiscal_year))
    {
        let year = r.fiscal_year;
        let (status, status_class) = format::status_view(Some(&r.status));
        out.push(PublishedQuarter {
            heading: format!("ปีงบประมาณ {year} {}", r.quarter.thai_label()),
            status,
            status_class,
            adopted: r
                .budget_adopted
                .map(format::budget)
                .unwrap_or_else(|| "-".into()),
            disbursed: r
                .budget_disbursed
                .map(format::budget)
                .unwrap_or_else(|| "-".into()),
            narrative: r.narrative.clone(),
            kpis: r
                .kpi_actuals
                .iter()
                .filter(|k| !k.value.trim().is_empty())
                .map(|k| {
                    (
                        k.kpi.clone(),
                        k.value.clone(),
                        k.note.clone().unwrap_or_default(),
                        met(&k.kpi, &k.value),
                    )
                })
                .collect(),
            evidence: r
                .evidence
                .iter()
                .map(|e| EvidenceLink {
                    name: e.file_name.clone(),
                    href: format!("{}/evidence/{}", urls.plan(), format::path_segment(&e.id)),
                    size: size_text(e.size_bytes),
                    kind: format::kind_label(&e.media_type),
                })
                .collect(),
            updated: r
                .updated_at
                .map(|t| thai_date(t.date()))
                .unwrap_or_default(),
        });
    }
    Ok(out)
}

/// A published activity of the item, on its public page.
pub struct ActivityLink {
    pub title: String,
    pub href: String,
    pub when: String,
    pub participants: u32,
}

/// The item's published activities over the plan's years, oldest first.
pub async fn item_activities(
    store: &dyn sujarit_store::Store,
    org: &Organization,
    plan: &Plan,
    item: ItemRef,
) -> Result<Vec<ActivityLink>, WebError> {
    let mut out = Vec::new();
    for year in plan.period.years() {
        for a in store.activities(&org.id, year, Some(item)).await? {
            if !a.published {
                continue;
            }
            out.push(ActivityLink {
                href: format!("/o/{}/activities/{}", org.slug, a.id),
                when: a.input.first_day().map(thai_date).unwrap_or_default(),
                participants: a.participants(&[]),
                title: a.input.title,
            });
        }
    }
    Ok(out)
}
