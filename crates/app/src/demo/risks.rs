//! The demo's corruption risk register and internal measures (issue 14) for
//! the current fiscal year: the register created from the plan's Part 1
//! table, each risk scored on the default matrix (inherent and residual)
//! with an owner, five internal measures with their steps and results, and
//! the 6-month monitoring round, so the information centre's risk
//! assessment and internal-measures items are published on the first start.
//!
//! Idempotent: the register is created from the plan once; measures are
//! added only while the year has none; an entry is scored only while it has
//! no score, and noted only while it has no monitoring note.

use sujarit_core::integrity::risk::{
    Control, ControlTarget, MeasureInput, MeasureStatus, MeasureStep, MonitoringNote, RiskStatus,
    Round, Score,
};
use sujarit_core::{FiscalYear, Plan};
use sujarit_service::wording::Thai;
use sujarit_store::{Organization, Store};
use time::{Date, Duration};

const ACTOR: &str = sujarit_core::account::SYSTEM_ACTOR;

/// The five measures: title, purpose, owner, steps, result.
const MEASURES: [(&str, &str, &str, [&str; 2], &str); 5] = [
    (
        "มาตรการป้องกันการรับสินบน",
        "ป้องกันการเรียกรับหรือให้สินบนในการให้บริการและการอนุมัติ อนุญาต",
        "สำนักปลัดเทศบาล",
        ["ประกาศเจตนารมณ์ไม่รับสินบน", "ติดประกาศช่องทางแจ้งเบาะแสทุกจุดบริการ"],
        "ประกาศเจตนารมณ์และติดประกาศครบทุกจุดบริการ ไม่พบเรื่องร้องเรียนการเรียกรับสินบน",
    ),
    (
        "มาตรการ No Gift Policy",
        "บุคลากรไม่รับของขวัญและประโยชน์อื่นใดจากการปฏิบัติหน้าที่",
        "สำนักปลัดเทศบาล",
        ["ประกาศนโยบายไม่รับของขวัญ", "รายงานการรับของขวัญรอบปี"],
        "ประกาศนโยบายแล้ว รายงานการรับของขวัญประจำปีไม่พบการรับเกินมูลค่าที่กำหนด",
    ),
    (
        "มาตรการเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง",
        "เปิดเผยแผนและผลการจัดซื้อจัดจ้างรายเดือนให้ประชาชนตรวจสอบได้",
        "กองคลัง",
        ["เผยแพร่แผนการจัดซื้อจัดจ้างประจำปี", "สรุปผลการจัดซื้อจัดจ้างรายเดือน"],
        "เผยแพร่แผนและสรุปผลการจัดซื้อจัดจ้างครบทุกเดือน",
    ),
    (
        "มาตรการตรวจสอบการใช้ทรัพย์สินของราชการ",
        "ป้องกันการนำทรัพย์สินของราชการไปใช้ประโยชน์ส่วนตน",
        "กองคลัง",
        ["จัดทำระเบียบการยืมใช้ทรัพย์สิน", "ตรวจนับทรัพย์สินประจำปี"],
        "ตรวจนับทรัพย์สินครบถ้วน ไม่พบการนำไปใช้ผิดวัตถุประสงค์",
    ),
    (
        "มาตรการจัดการเรื่องร้องเรียนการทุจริต",
        "รับและจัดการเรื่องร้องเรียนการทุจริตอย่างเป็นระบบภายในเวลาที่กำหนด",
        "สำนักปลัดเทศบาล",
        [
            "กำหนดขั้นตอนและผู้รับผิดชอบ",
            "รายงานผลการจัดการเรื่องร้องเรียนต่อผู้บริหาร",
        ],
        "จัดการเรื่องร้องเรียนภายในกำหนดทุกเรื่อง รายงานผู้บริหารรอบ 6 เดือนแล้ว",
    ),
];

/// Owner unit, inherent and residual (likelihood, impact) of one entry.
type Scored = (&'static str, (u8, u8), (u8, u8));

/// Owner unit and scores (inherent, residual) per entry of the register.
const SCORES: [Scored; 6] = [
    ("สำนักปลัดเทศบาล", (3, 3), (2, 2)),
    ("สำนักปลัดเทศบาล", (3, 2), (2, 2)),
    ("สำนักปลัดเทศบาล", (2, 3), (2, 2)),
    ("กองคลัง", (4, 4), (3, 3)),
    ("กองคลัง", (3, 3), (2, 3)),
    ("กองสวัสดิการสังคม", (3, 3), (2, 2)),
];

/// The previous fiscal year (both monitoring rounds, so its items whose
/// period has ended publish) and the current one (the 6-month round).
pub async fn ensure(
    store: &dyn Store,
    organization: &Organization,
    plan: &Plan,
    today: Date,
) -> anyhow::Result<()> {
    let current = FiscalYear::of(today);
    let previous = FiscalYear(current.be() - 1);
    ensure_year(
        store,
        organization,
        plan,
        previous,
        previous.last_day(),
        true,
    )
    .await?;
    ensure_year(store, organization, plan, current, today, false).await
}

async fn ensure_year(
    store: &dyn Store,
    organization: &Organization,
    plan: &Plan,
    year: FiscalYear,
    today: Date,
    both_rounds: bool,
) -> anyhow::Result<()> {
    let org = organization.id.as_str();
    let fy = year.be();
    let entries = sujarit_import::risks::register_from_plan(plan, fy);
    store
        .create_risk_register(org, fy, &entries, ACTOR)
        .await
        .map_err(Thai)?;
    let entries = store.risk_entries(org, fy).await.map_err(Thai)?;
    let mut measures = store.measures(org, fy).await.map_err(Thai)?;
    if measures.is_empty() {
        let start = year.first_day();
        for (k, (title, purpose, owner, steps, result)) in MEASURES.iter().enumerate() {
            let input = MeasureInput {
                fiscal_year: fy,
                title: (*title).into(),
                purpose: (*purpose).into(),
                owner_unit: (*owner).into(),
                steps: steps
                    .iter()
                    .enumerate()
                    .map(|(n, text)| MeasureStep {
                        text: (*text).into(),
                        due: Some(start + Duration::days(60 + 120 * n as i64)),
                    })
                    .collect(),
                status: MeasureStatus::Done,
                evidence: format!("รายงานผลการดำเนินการ{title}"),
                risks: entries
                    .get(k.min(entries.len().saturating_sub(1)))
                    .map(|e| vec![e.id.clone()])
                    .unwrap_or_default(),
                result: (*result).into(),
            };
            measures.push(
                store
                    .save_measure(org, None, &input, ACTOR)
                    .await
                    .map_err(Thai)?,
            );
        }
    }
    let codes: Vec<String> = plan.items().map(|i| i.item_ref().to_string()).collect();
    for (k, entry) in entries.iter().enumerate() {
        let (owner, inherent, residual) = SCORES[k % SCORES.len()];
        if entry.input.inherent.is_none() {
            let mut input = entry.input.clone();
            input.unit = owner.into();
            input.owner_unit = owner.into();
            input.inherent = Some(Score {
                likelihood: inherent.0,
                impact: inherent.1,
            });
            input.residual = Some(Score {
                likelihood: residual.0,
                impact: residual.1,
            });
            input.status = RiskStatus::Monitoring;
            input.next_review = Some(year.last_day());
            if let Some(measure) = measures.get(k % measures.len().max(1)) {
                input.controls.push(Control {
                    target: ControlTarget::Measure(measure.id.clone()),
                    text: measure.input.title.clone(),
                    in_force: true,
                    confidence: None,
                });
            }
            store
                .save_risk_entry(org, Some(&entry.id), &input, &codes, ACTOR)
                .await
                .map_err(Thai)?;
        }
        if entry.input.monitoring.is_empty() {
            let rounds: &[Round] = if both_rounds {
                &[Round::SixMonths, Round::TwelveMonths]
            } else {
                &[Round::SixMonths]
            };
            for round in rounds {
                let note = MonitoringNote {
                    round: *round,
                    note: "ดำเนินการตามมาตรการควบคุมครบถ้วน ยังไม่พบเหตุการณ์ความเสี่ยงเกิดขึ้น".into(),
                    recorded_on: Some(today),
                };
                store
                    .add_risk_monitoring(org, &entry.id, &note, ACTOR)
                    .await
                    .map_err(Thai)?;
            }
        }
    }
    Ok(())
}
