//! The demo's internal control evaluation (ปค. set) of the fiscal year that
//! ended last (the criteria evaluate a year once it is over and report
//! within 90 days): the committee, ปค.4, five ปค.5 rows (three improvements
//! done of four), ปค.6 by the auditor and ปค.1 certified, so the information
//! centre's item 4.2-1 of that year (opened at the year's end) shows as
//! published on the first start. The current year is left empty to fill.
//!
//! Idempotent: a year already certified is left as it is; rows are added
//! only to a year without any.

use sujarit_core::FiscalYear;
use sujarit_core::integrity::control::*;
use sujarit_service::wording::Thai;
use sujarit_store::{Organization, Store};
use time::{Date, Duration};

const ACTOR: &str = sujarit_core::account::SYSTEM_ACTOR;

/// A ปค.5 row from its texts: mission, objective, risk, existing control,
/// remaining risk, improvement and owner unit.
fn row(texts: [&str; 7], due_on: Date) -> ControlRowInput {
    let [
        mission,
        objective,
        risk,
        existing,
        remaining,
        improvement,
        owner,
    ] = texts;
    ControlRowInput {
        mission: mission.into(),
        objective: objective.into(),
        risk: risk.into(),
        existing_control: existing.into(),
        evaluation: if remaining.is_empty() {
            "การควบคุมที่มีอยู่เพียงพอและปฏิบัติได้จริง".into()
        } else {
            "การควบคุมที่มีอยู่ยังไม่เพียงพอ".into()
        },
        remaining_risk: remaining.into(),
        improvement: improvement.into(),
        due_on: Some(due_on),
        owner_unit: owner.into(),
    }
}

pub async fn ensure(
    store: &dyn Store,
    organization: &Organization,
    today: Date,
) -> anyhow::Result<()> {
    let year = FiscalYear(FiscalYear::of(today).be() - 1);
    let org = &organization.id;
    let current = store.internal_control(org, year).await.map_err(Thai)?;
    if current.certification.is_some() {
        return Ok(());
    }
    let start = year.first_day();
    let day = |n: i64| (start + Duration::days(n)).min(today);
    let form = |f: ControlForm| async move {
        store
            .save_control_form(org, year, &f, ACTOR)
            .await
            .map_err(Thai)
    };
    form(ControlForm::Committee(Committee {
        order: format!("คำสั่งเทศบาลนครนครศรีธรรมราชที่ 125/{}", year.be() - 1),
        members: vec![
            CommitteeMember {
                position: "ปลัดเทศบาล".into(),
                role: "ประธานกรรมการ".into(),
                name: None,
            },
            CommitteeMember {
                position: "ผู้อำนวยการกองคลัง".into(),
                role: "กรรมการ".into(),
                name: None,
            },
            CommitteeMember {
                position: "ผู้อำนวยการกองช่าง".into(),
                role: "กรรมการ".into(),
                name: None,
            },
            CommitteeMember {
                position: "หัวหน้าฝ่ายบริหารงานบุคคล".into(),
                role: "กรรมการและเลขานุการ".into(),
                name: None,
            },
        ],
    }))
    .await?;
    form(ControlForm::Components(Components {
        components: Component::ALL
            .into_iter()
            .map(|component| ComponentEvaluation {
                component,
                evaluation: match component {
                    Component::ControlEnvironment => "ผู้บริหารให้ความสำคัญกับความซื่อสัตย์และจริยธรรม มีประมวลจริยธรรมและโครงสร้างการมอบหมายงานที่ชัดเจน",
                    Component::RiskAssessment => "มีการระบุความเสี่ยงการทุจริตรายกระบวนงาน แต่ยังประเมินโอกาสและผลกระทบไม่ครบทุกกอง",
                    Component::ControlActivities => "มีการแบ่งแยกหน้าที่ การอนุมัติ และการตรวจรับพัสดุตามระเบียบ",
                    Component::InformationCommunication => "เผยแพร่ข้อมูลผ่านเว็บไซต์และศูนย์ข้อมูลข่าวสาร มีช่องทางรับเรื่องร้องเรียน",
                    Component::Monitoring => "ติดตามผลการควบคุมภายในรอบ 6 และ 12 เดือน และรายงานผู้บริหาร",
                }
                .into(),
                result: if component == Component::RiskAssessment {
                    Adequacy::NeedsImprovement
                } else {
                    Adequacy::Adequate
                },
            })
            .collect(),
        conclusion: "โครงสร้างการควบคุมภายในครบ 5 องค์ประกอบ มีความเพียงพอ ควรปรับปรุงการประเมินความเสี่ยงให้ครอบคลุมทุกกอง".into(),
    }))
    .await?;
    if current.rows.is_empty() {
        let due = year.last_day();
        let rows = [
            row(
                [
                    "งานพัสดุ: การจัดซื้อจัดจ้าง",
                    "เพื่อให้การจัดซื้อจัดจ้างโปร่งใสและคุ้มค่า",
                    "การกำหนดคุณลักษณะเฉพาะเอื้อผู้ขายบางราย",
                    "คณะกรรมการกำหนดร่างขอบเขตของงาน",
                    "การกำหนดคุณลักษณะเฉพาะบางรายการยังอ้างยี่ห้อ",
                    "ทบทวนแนวทางการกำหนดคุณลักษณะเฉพาะและอบรมคณะกรรมการ",
                    "กองคลัง",
                ],
                due,
            ),
            row(
                [
                    "งานจัดเก็บรายได้",
                    "เพื่อให้จัดเก็บภาษีได้ครบถ้วน",
                    "ลูกหนี้ภาษีที่ดินและสิ่งปลูกสร้างค้างชำระ",
                    "ทะเบียนลูกหนี้และหนังสือแจ้งเตือน",
                    "ลูกหนี้ค้างชำระเกิน 1 ปียังไม่ได้ติดตาม",
                    "ติดตามลูกหนี้ค้างชำระรายไตรมาส",
                    "กองคลัง",
                ],
                due,
            ),
            row(
                [
                    "งานขออนุญาตก่อสร้างอาคาร",
                    "เพื่อให้การอนุญาตเป็นไปตามกฎหมายและทันเวลา",
                    "การเรียกรับผลประโยชน์ในการพิจารณาอนุญาต",
                    "คู่มือประชาชนและกำหนดเวลาการพิจารณา",
                    "ผู้ยื่นคำขอไม่ทราบสถานะคำขอ",
                    "เผยแพร่สถานะคำขออนุญาตทางเว็บไซต์",
                    "กองช่าง",
                ],
                due,
            ),
            row(
                [
                    "งานบริหารงานบุคคล",
                    "เพื่อให้การสรรหาและเลื่อนขั้นเป็นธรรม",
                    "การใช้ดุลยพินิจในการประเมินผลการปฏิบัติงาน",
                    "คณะกรรมการกลั่นกรองการประเมิน",
                    "หลักเกณฑ์การประเมินยังไม่เผยแพร่ให้บุคลากรทราบ",
                    "ประกาศหลักเกณฑ์การประเมินให้บุคลากรทราบทุกรอบ",
                    "สำนักปลัดเทศบาล",
                ],
                due,
            ),
            row(
                [
                    "งานการเงินและบัญชี",
                    "เพื่อให้การเบิกจ่ายถูกต้องตามระเบียบ",
                    "การเบิกจ่ายโดยไม่มีหลักฐานครบถ้วน",
                    "การตรวจฎีกาก่อนเบิกจ่ายสองชั้น",
                    "",
                    "",
                    "กองคลัง",
                ],
                due,
            ),
        ];
        let mut ids = Vec::new();
        for r in &rows {
            ids.push(
                store
                    .save_control_row(org, year, None, r, ACTOR)
                    .await
                    .map_err(Thai)?,
            );
        }
        for (i, id) in ids.iter().take(4).enumerate() {
            let improvement = if i < 3 {
                Improvement {
                    status: ImprovementStatus::Done,
                    done_on: Some(day(20 + 10 * i as i64)),
                    evidence: "รายงานผลการดำเนินการเสนอผู้บริหาร".into(),
                }
            } else {
                Improvement {
                    status: ImprovementStatus::InProgress,
                    done_on: None,
                    evidence: String::new(),
                }
            };
            store
                .save_control_improvement(org, id, &improvement, today, ACTOR)
                .await
                .map_err(Thai)?;
        }
    }
    form(ControlForm::Review(Review {
        opinion: "การประเมินผลการควบคุมภายในเป็นไปตามหลักเกณฑ์ฯ การควบคุมภายในมีความเพียงพอ และควรติดตามการปรับปรุงที่ยังไม่แล้วเสร็จ".into(),
        points: vec!["ควรติดตามลูกหนี้ภาษีค้างชำระทุกไตรมาส".into()],
        reviewed_on: (year.last_day() + Duration::days(40)).min(today),
        reviewer_position: "หัวหน้าหน่วยตรวจสอบภายใน".into(),
    }))
    .await?;
    form(ControlForm::Certification(Certification {
        head_position: "นายกเทศมนตรีนครนครศรีธรรมราช".into(),
        certified_on: (year.last_day() + Duration::days(45)).min(today),
        conclusion: Conclusion::WithRemainingRisks,
    }))
    .await?;
    Ok(())
}
