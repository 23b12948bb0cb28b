//! The demo's internal audit for the current fiscal year (issue 14, measure
//! 4.1), and the same for last year: an approved annual plan with three engagements (procurement,
//! finance, assets) by the demo auditor, each with its independence
//! declaration, findings (one published only as a summary) and follow-up
//! rounds, and the year's public report published, so the information
//! centre's internal audit item shows as published on the first start.
//!
//! Idempotent: nothing is written to a year that already has engagements.

use sujarit_core::FiscalYear;
use sujarit_core::account::Email;
use sujarit_core::integrity::audit::{
    AuditArea, AuditChange, AuditPlanInput, EngagementInput, EngagementStatus, FindingInput,
    FollowUpInput, FollowUpStatus, INDEPENDENCE_STATEMENT,
};
use sujarit_service::wording::Thai;
use sujarit_store::{Organization, Store};
use time::{Date, Duration};

const AUDITOR: &str = "auditor@demo.sujarit.local";

/// A unit whose name contains `hint`, else the first unit.
fn unit_for(units: &[sujarit_store::Unit], hint: &str) -> Option<String> {
    units
        .iter()
        .find(|u| u.name.contains(hint))
        .or_else(|| units.first())
        .map(|u| u.id.clone())
}

/// Criterion, condition, cause, effect, recommendation, and the public
/// summary when the finding is published only as one.
type DemoFinding = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

struct Demo {
    area: AuditArea,
    unit_hint: &'static str,
    scope: &'static str,
    findings: &'static [DemoFinding],
    follow_up: FollowUpStatus,
}

const ENGAGEMENTS: [Demo; 3] = [
    Demo {
        area: AuditArea::Procurement,
        unit_hint: "คลัง",
        scope: "การจัดซื้อจัดจ้างวิธีเฉพาะเจาะจงวงเงินไม่เกิน 500,000 บาท ไตรมาสที่ 1",
        findings: &[(
            "ระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560 ข้อ 175 การตรวจรับพัสดุต้องทำโดยคณะกรรมการตรวจรับ",
            "การจัดซื้อ 3 รายการจาก 20 รายการที่สุ่มตรวจ ตรวจรับโดยผู้ตรวจรับคนเดียวโดยไม่มีคำสั่งแต่งตั้ง",
            "เจ้าหน้าที่เข้าใจว่าวงเงินต่ำไม่ต้องแต่งตั้งคณะกรรมการ",
            "เสี่ยงต่อการรับพัสดุไม่ครบถ้วนหรือไม่ตรงตามสัญญา",
            "แต่งตั้งผู้ตรวจรับพัสดุเป็นลายลักษณ์อักษรทุกครั้ง และจัดอบรมทบทวนระเบียบให้เจ้าหน้าที่พัสดุ",
            None,
        )],
        follow_up: FollowUpStatus::Implemented,
    },
    Demo {
        area: AuditArea::Finance,
        unit_hint: "คลัง",
        scope: "การรับเงิน การเก็บรักษาเงิน และการนำเงินส่งคลัง",
        findings: &[(
            "ระเบียบกระทรวงมหาดไทยว่าด้วยการรับเงิน การเบิกจ่ายเงิน การฝากเงิน การเก็บรักษาเงิน และการตรวจเงินขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2566",
            "การนำเงินส่งคลังล่าช้ากว่ากำหนด 2 ครั้ง และใบเสร็จรับเงินเล่มหนึ่งไม่ได้ลงทะเบียนคุมใบเสร็จ",
            "ผู้รับผิดชอบลาป่วยและไม่มีผู้ปฏิบัติหน้าที่แทนตามคำสั่ง",
            "เงินสดค้างในมือเกินกำหนด เสี่ยงต่อการสูญหาย",
            "จัดทำคำสั่งมอบหมายผู้ปฏิบัติหน้าที่แทน และตรวจทะเบียนคุมใบเสร็จทุกสิ้นเดือน",
            Some(
                "พบการนำเงินส่งคลังล่าช้าและการควบคุมใบเสร็จรับเงินไม่ครบถ้วน ได้เสนอให้ปรับปรุงการมอบหมายงานและการตรวจทะเบียนคุม",
            ),
        )],
        follow_up: FollowUpStatus::InProgress,
    },
    Demo {
        area: AuditArea::Assets,
        unit_hint: "ช่าง",
        scope: "การควบคุมครุภัณฑ์ ทะเบียนทรัพย์สิน และการตรวจสอบพัสดุประจำปี",
        findings: &[(
            "ระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560 ข้อ 213 การตรวจสอบพัสดุประจำปี",
            "ครุภัณฑ์ 5 รายการในทะเบียนไม่พบตัวพัสดุ และไม่มีบันทึกการยืม",
            "ไม่มีการปรับปรุงทะเบียนเมื่อโอนย้ายครุภัณฑ์ระหว่างกอง",
            "ทะเบียนทรัพย์สินไม่ตรงกับความเป็นจริง",
            "ตรวจนับและปรับปรุงทะเบียนครุภัณฑ์ และกำหนดแบบบันทึกการโอนย้ายครุภัณฑ์",
            None,
        )],
        follow_up: FollowUpStatus::NotStarted,
    },
];

/// Last fiscal year (whose yearly report is due: the information centre's
/// item shows as published) and the current one, dated up to today.
pub async fn ensure(
    store: &dyn Store,
    organization: &Organization,
    today: Date,
) -> anyhow::Result<()> {
    let current = FiscalYear::of(today);
    let last = FiscalYear(current.be() - 1);
    ensure_year(store, organization, last, last.last_day()).await?;
    ensure_year(store, organization, current, today).await
}

async fn ensure_year(
    store: &dyn Store,
    organization: &Organization,
    year: FiscalYear,
    today: Date,
) -> anyhow::Result<()> {
    let org = &organization.id;
    if store
        .internal_audit(org, year.be())
        .await
        .map_err(Thai)?
        .is_some_and(|y| !y.engagements.is_empty())
    {
        return Ok(());
    }
    let email = Email::parse(AUDITOR).map_err(anyhow::Error::msg)?;
    let Some(auditor) = store.user_by_email(org, &email).await.map_err(Thai)? else {
        return Ok(());
    };
    let units = store.units(org).await.map_err(Thai)?;
    let first = year.first_day();
    // Dates between the year's first day and today.
    let at = |days: i64| (first + Duration::days(days)).min(today).max(first);
    let apply = |change: AuditChange| {
        let auditor = auditor.id.clone();
        async move {
            store
                .change_internal_audit(org, year.be(), &change, &auditor)
                .await
                .map_err(Thai)
        }
    };
    apply(AuditChange::SavePlan(AuditPlanInput {
        approved_by: "นายกเทศมนตรี".into(),
        approved_on: Some(first),
        notes: "แผนการตรวจสอบตามความเสี่ยง ครอบคลุมการจัดซื้อจัดจ้าง การเงิน และพัสดุ".into(),
    }))
    .await?;
    for (i, demo) in ENGAGEMENTS.iter().enumerate() {
        let Some(unit_id) = unit_for(&units, demo.unit_hint) else {
            return Ok(());
        };
        let engagement = format!("demo-engagement-{}", i + 1);
        apply(AuditChange::AddEngagement {
            id: engagement.clone(),
            input: EngagementInput {
                unit_id,
                area: demo.area,
                scope: demo.scope.into(),
                period_from: first,
                period_to: at(60),
                auditor_id: auditor.id.clone(),
            },
        })
        .await?;
        apply(AuditChange::DeclareIndependence {
            engagement: engagement.clone(),
            statement: INDEPENDENCE_STATEMENT.into(),
            declared_on: at(1),
        })
        .await?;
        apply(AuditChange::SetStatus {
            engagement: engagement.clone(),
            status: EngagementStatus::InProgress,
        })
        .await?;
        for (j, (criterion, condition, cause, effect, recommendation, summary)) in
            demo.findings.iter().enumerate()
        {
            let finding = format!("{engagement}-finding-{}", j + 1);
            apply(AuditChange::AddFinding {
                engagement: engagement.clone(),
                id: finding.clone(),
                input: FindingInput {
                    criterion: (*criterion).into(),
                    condition: (*condition).into(),
                    cause: (*cause).into(),
                    effect: (*effect).into(),
                    recommendation: (*recommendation).into(),
                    public_in_full: summary.is_none(),
                    summary: summary.unwrap_or_default().into(),
                },
            })
            .await?;
            apply(AuditChange::SetStatus {
                engagement: engagement.clone(),
                status: EngagementStatus::Reported,
            })
            .await?;
            if demo.follow_up != FollowUpStatus::NotStarted {
                apply(AuditChange::AddFollowUp {
                    engagement: engagement.clone(),
                    finding,
                    input: FollowUpInput {
                        date: at(75),
                        status: demo.follow_up,
                        reason: String::new(),
                        response: "หน่วยรับตรวจรับทราบและดำเนินการตามข้อเสนอแนะ".into(),
                    },
                })
                .await?;
            }
        }
    }
    apply(AuditChange::SetPublished(true)).await?;
    Ok(())
}
