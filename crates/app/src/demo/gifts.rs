//! The demo's gift register (issue 14, No Gift Policy) for the current
//! fiscal year: the head of the demo officer's unit, three declarations
//! (one kept within the permitted value, one returned, one over the value
//! handed over to the municipality) with their supervisors' decisions, and
//! nil returns, so the yearly gift report is published on the first start.
//!
//! Idempotent: the head is set only where the unit has none; declarations
//! and nil returns only while the year has no declaration.

use sujarit_core::account::Email;
use sujarit_core::integrity::gift::{
    GiftDecision, GiftInput, GiftKind, GiftReview, Round, Verdict,
};
use sujarit_core::{Baht, FiscalYear};
use sujarit_service::wording::Thai;
use sujarit_store::{GiftScope, Organization, StaffUser, Store};
use time::{Date, Duration};

async fn account(store: &dyn Store, org: &str, email: &str) -> anyhow::Result<StaffUser> {
    let parsed = Email::parse(email).map_err(anyhow::Error::msg)?;
    store
        .user_by_email(org, &parsed)
        .await
        .map_err(Thai)?
        .ok_or_else(|| anyhow::anyhow!("ไม่พบบัญชีตัวอย่าง {email}"))
}

/// `days` before today, within the fiscal year.
fn days_ago(today: Date, days: i64) -> Date {
    (today - Duration::days(days)).max(FiscalYear::of(today).first_day())
}

pub async fn ensure(
    store: &dyn Store,
    organization: &Organization,
    today: Date,
) -> anyhow::Result<()> {
    let org = organization.id.as_str();
    let officer = account(store, org, "officer@demo.sujarit.local").await?;
    let head = account(store, org, "head@demo.sujarit.local").await?;
    let coordinator = account(store, org, "coordinator@demo.sujarit.local").await?;
    let executive = account(store, org, "executive@demo.sujarit.local").await?;
    let auditor = account(store, org, "auditor@demo.sujarit.local").await?;
    let unit = officer
        .unit_id
        .clone()
        .ok_or_else(|| anyhow::anyhow!("บัญชีตัวอย่างของหน่วยงานไม่มีหน่วยงาน"))?;
    let heads = store.unit_heads(org).await.map_err(Thai)?;
    if !heads.iter().any(|(u, _)| *u == unit) {
        store
            .set_unit_head(org, &unit, Some(&head.id), sujarit_core::account::SYSTEM_ACTOR)
            .await
            .map_err(Thai)?;
    }
    let year = FiscalYear::of(today);
    if !store
        .gift_declarations(org, Some(year), GiftScope::All)
        .await
        .map_err(Thai)?
        .is_empty()
    {
        return Ok(());
    }
    let gift = |giver: &str, description: &str, kind, baht, days, occasion: &str, decision| {
        GiftInput {
            giver: giver.into(),
            pending_work: false,
            pending_note: String::new(),
            description: description.into(),
            kind,
            value: Baht::from_baht(baht),
            received_on: days_ago(today, days),
            occasion: occasion.into(),
            decision,
        }
    };
    let kept = gift(
        "ชมรมผู้สูงอายุชุมชนท่าวัง",
        "กระเช้าผลไม้",
        GiftKind::Property,
        800,
        40,
        "ขอบคุณที่ช่วยจัดงานวันผู้สูงอายุ",
        GiftDecision::KeptWithinLimit,
    );
    let mut returned = gift(
        "บริษัท ตัวอย่างการพิมพ์ จำกัด",
        "บัตรกำนัลห้างสรรพสินค้า",
        GiftKind::Benefit,
        2_000,
        20,
        "เทศกาลปีใหม่",
        GiftDecision::Returned,
    );
    returned.pending_work = true;
    returned.pending_note = "เป็นผู้เสนอราคางานจ้างพิมพ์เอกสารของกอง".into();
    let handed = gift(
        "สมาคมผู้ประกอบการตัวอย่าง",
        "นาฬิกาตั้งโต๊ะ",
        GiftKind::Property,
        5_500,
        10,
        "ร่วมงานเปิดสำนักงานสมาคม",
        GiftDecision::Returned,
    );
    let agree = GiftReview {
        verdict: Verdict::Agree,
        note: String::new(),
    };
    for (declarant, input, decider, review) in [
        (&officer, kept, &head, agree.clone()),
        (&officer, returned, &head, agree.clone()),
        (
            &coordinator,
            handed,
            &executive,
            GiftReview {
                verdict: Verdict::OrderHandOver,
                note: "มูลค่าเกิน 3,000 บาท และผู้ให้ขอคืนไม่ได้ ให้ส่งมอบเป็นทรัพย์สินของเทศบาล".into(),
            },
        ),
    ] {
        let declared = store
            .declare_gift(org, &declarant.id, &input, today)
            .await
            .map_err(Thai)?;
        store
            .decide_gift(org, &declared.id, &review, &decider.id)
            .await
            .map_err(Thai)?;
    }
    let (_, round) = Round::of(today);
    for user in [&head, &executive, &auditor] {
        // Already made (a restart within the round): nothing to do.
        let _ = store.declare_nil_return(org, &user.id, year, round).await;
    }
    Ok(())
}
