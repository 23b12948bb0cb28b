//! The oversight demo (issue 15): the demo LAO's directory entry
//! (เทศบาลนคร, อำเภอเมืองนครศรีธรรมราช, ตำบลในเมือง), six sibling LAOs
//! in Nakhon Si Thammarat and two in Songkhla, each with the demo plan
//! imported as the demo's is and some published progress reports (a
//! different number each, so their scores differ), a provincial office for
//! province 80 (`oversight-80`) and the national office
//! (`oversight-national`) with one overseer each, then every LAO's figures
//! refreshed for this and last fiscal year. Idempotent: an organisation
//! with a plan keeps its reports, an account that exists is kept.

use sujarit_core::FiscalYear;
use sujarit_core::PlanReport;
use sujarit_core::account::{Email, Role, SYSTEM_ACTOR};
use sujarit_core::directory::{DirectoryEntry, OrganizationKind as Kind};
use sujarit_core::fiscal::Quarter;
use sujarit_core::progress::{ProgressStatus, QuarterReport, ReportKey, ReviewAction};
use sujarit_service::wording::Thai;
use sujarit_store::{ImportSource, NewUser, Organization, Store};

use super::DemoAccount;

/// The demo LAO's place: อำเภอเมืองนครศรีธรรมราช, ตำบลในเมือง.
const DEMO_PLACE: (&str, &str, &str) = ("80", "8001", "800101");

/// (slug, name, kind, province, district, sub-district).
const SIBLINGS: [(&str, &str, Kind, &str, &str, &str); 8] = [
    (
        "demo-pakphun",
        "เทศบาลเมืองปากพูน",
        Kind::TownMunicipality,
        "80",
        "8001",
        "800120",
    ),
    (
        "demo-thungsong",
        "เทศบาลเมืองทุ่งสง",
        Kind::TownMunicipality,
        "80",
        "8009",
        "800901",
    ),
    (
        "demo-thasala",
        "เทศบาลตำบลท่าศาลา",
        Kind::SubdistrictMunicipality,
        "80",
        "8008",
        "800801",
    ),
    (
        "demo-khanom",
        "เทศบาลตำบลขนอม",
        Kind::SubdistrictMunicipality,
        "80",
        "8015",
        "801501",
    ),
    (
        "demo-kamlon",
        "องค์การบริหารส่วนตำบลกำโลน",
        Kind::Sao,
        "80",
        "8003",
        "800304",
    ),
    (
        "demo-thangiw",
        "องค์การบริหารส่วนตำบลท่างิ้ว",
        Kind::Sao,
        "80",
        "8001",
        "800116",
    ),
    (
        "demo-hatyai",
        "เทศบาลนครหาดใหญ่",
        Kind::CityMunicipality,
        "90",
        "9011",
        "901101",
    ),
    (
        "demo-khohong",
        "องค์การบริหารส่วนตำบลคอหงส์",
        Kind::Sao,
        "90",
        "9011",
        "901104",
    ),
];

pub const PROVINCE_OFFICE: &str = "oversight-80";
pub const NATIONAL_OFFICE: &str = "oversight-national";

/// An oversight office of the demo and its one overseer.
struct Office {
    slug: &'static str,
    name: &'static str,
    kind: Kind,
    province: Option<&'static str>,
    email: &'static str,
    role: Role,
    display: &'static str,
}

const OFFICES: [Office; 2] = [
    Office {
        slug: PROVINCE_OFFICE,
        name: "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดนครศรีธรรมราช (ตัวอย่าง)",
        kind: Kind::ProvincialOffice,
        province: Some("80"),
        email: "province@demo.sujarit.local",
        role: Role::ProvincialOverseer,
        display: "ผู้กำกับดูแลระดับจังหวัดตัวอย่าง",
    },
    Office {
        slug: NATIONAL_OFFICE,
        name: "หน่วยกำกับดูแลระดับประเทศ (ตัวอย่าง)",
        kind: Kind::NationalOffice,
        province: None,
        email: "nation@demo.sujarit.local",
        role: Role::NationalOverseer,
        display: "ผู้กำกับดูแลระดับประเทศตัวอย่าง",
    },
];

/// The office an overseer's demo account belongs to (chosen at login).
pub fn office_of(role: Role) -> Option<&'static str> {
    match role {
        Role::ProvincialOverseer => Some(PROVINCE_OFFICE),
        Role::NationalOverseer => Some(NATIONAL_OFFICE),
        _ => None,
    }
}

fn entry(kind: Kind, place: (&str, Option<&str>, Option<&str>)) -> anyhow::Result<DirectoryEntry> {
    let entry = DirectoryEntry {
        kind,
        province_code: (kind != Kind::NationalOffice).then(|| place.0.to_string()),
        district_code: place.1.map(str::to_string),
        sub_district_code: place.2.map(str::to_string),
        official_code: None,
    };
    entry
        .check()
        .map_err(|(field, message)| anyhow::anyhow!("สารบบตัวอย่าง ({field}): {message}"))?;
    Ok(entry)
}

pub async fn ensure(
    store: &dyn Store,
    demo: &Organization,
    report: &PlanReport,
    source: &ImportSource,
    today: time::Date,
) -> anyhow::Result<Vec<DemoAccount>> {
    let (p, d, s) = DEMO_PLACE;
    store
        .set_directory_entry(
            &demo.id,
            &entry(Kind::CityMunicipality, (p, Some(d), Some(s)))?,
        )
        .await
        .map_err(Thai)?;
    let current = FiscalYear::of(today).be();
    let years = [current - 1, current];
    for (index, (slug, name, kind, province, district, sub)) in SIBLINGS.into_iter().enumerate() {
        let org = store.ensure_organization(slug, name).await.map_err(Thai)?;
        store
            .set_directory_entry(
                &org.id,
                &entry(kind, (province, Some(district), Some(sub)))?,
            )
            .await
            .map_err(Thai)?;
        if store.current_plan(&org.id).await.map_err(Thai)?.is_some() {
            continue;
        }
        store
            .save_plan_import(&org.id, report, source)
            .await
            .map_err(Thai)?;
        // 2, 6, 10, … items reported per round: scores that differ. Last
        // year's two rounds, this year's first quarter.
        let reported = 2 + 4 * index;
        let rounds = [
            (years[0], Quarter::Q2),
            (years[0], Quarter::Q4),
            (years[1], Quarter::Q1),
        ];
        for (year, quarter) in rounds {
            publish_reports(store, &org, report, (year, quarter), reported, index).await?;
        }
    }
    let mut created = Vec::new();
    for Office {
        slug,
        name,
        kind,
        province,
        email,
        role,
        display,
    } in OFFICES
    {
        let org = store.ensure_organization(slug, name).await.map_err(Thai)?;
        store
            .set_directory_entry(&org.id, &entry(kind, (province.unwrap_or(""), None, None))?)
            .await
            .map_err(Thai)?;
        let email_value = Email::parse(email).map_err(anyhow::Error::msg)?;
        if store
            .user_by_email(&org.id, &email_value)
            .await
            .map_err(Thai)?
            .is_some()
        {
            continue;
        }
        let password = sujarit_service::passwords::generate();
        let hash = sujarit_service::passwords::hash(password.clone()).await?;
        store
            .create_user(
                &org.id,
                &NewUser {
                    email: email_value,
                    display_name: display.to_owned(),
                    role,
                    unit_id: None,
                    password_hash: hash,
                    must_change_password: false,
                },
                None,
            )
            .await
            .map_err(Thai)?;
        created.push(DemoAccount {
            email,
            role,
            password,
            recovery_key: None,
        });
    }
    sujarit_service::oversight::refresh_all(store, &years, sujarit_service::Clock::System)
        .await
        .map_err(Thai)?;
    Ok(created)
}

/// The first `count` items' reports of one quarter, published; every third
/// one still in progress. A report the store refuses (a quarter not open
/// yet, a year outside the plan) is left out.
async fn publish_reports(
    store: &dyn Store,
    org: &Organization,
    report: &PlanReport,
    (year, quarter): (u16, Quarter),
    count: usize,
    seed: usize,
) -> anyhow::Result<()> {
    let plan = &report.plan;
    for (n, item) in plan.items().take(count).enumerate() {
        let key = ReportKey {
            item: item.item_ref(),
            fiscal_year: year,
            quarter,
        };
        let mut draft = QuarterReport::new(key);
        draft.status = if (n + seed).is_multiple_of(3) {
            ProgressStatus::InProgress
        } else {
            ProgressStatus::Completed
        };
        draft.narrative = "ดำเนินการตามแผน (ข้อมูลตัวอย่าง)".into();
        let saved = store
            .save_quarter_report(&org.id, &draft, 0, SYSTEM_ACTOR, true)
            .await;
        if let Err(error) = saved {
            // A quarter that has not come yet, or a year the plan's
            // rules refuse: the demo goes on without it.
            tracing::debug!(%error, "ตัวอย่างรายงานผลถูกปฏิเสธ");
            continue;
        }
        for action in [ReviewAction::Approve, ReviewAction::Publish] {
            store
                .review_quarter_report(&org.id, key, action, None, SYSTEM_ACTOR)
                .await
                .map_err(Thai)?;
        }
    }
    Ok(())
}
