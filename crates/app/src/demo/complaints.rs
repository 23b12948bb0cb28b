//! The demo's complaints (issue 13, item 10): general complaints in every
//! state of the workflow, received over the last month, so the staff queues,
//! the counts and the statistics are not empty on the first start; and two
//! corruption reports filed through the real filing path (sealed with their
//! own data key for the integrity officer). Idempotent: nothing is added
//! once the demo organisation has a complaint. Names and phones are made up.

use std::sync::Arc;

use sujarit_core::case_keys::RecordSealer;
use sujarit_core::complaint::{
    Channel, Contact, EventKind, Intake, NewCaseEvent, NewComplaint, Origin, ReceivedVia,
    SurveyAnswer,
};
use sujarit_core::sealed::Keyring;
use sujarit_service::complaints::Filer;
use sujarit_service::complaints::cleaning::Cleaner;
use sujarit_service::wording::Thai;
use sujarit_store::files::FileStore;
use sujarit_store::{
    ComplaintFilter, NewComplaintRecord, Organization, Store, TakenIn, random_tracking_code,
};
use time::{Duration, OffsetDateTime};

/// One general complaint: what it says, how many days ago it came, and the
/// steps staff took since.
struct General {
    category: &'static str,
    subject: &'static str,
    details: &'static str,
    place: &'static str,
    contact: Option<(&'static str, &'static str)>,
    days_ago: i64,
    steps: &'static [(EventKind, &'static str)],
    rating: Option<u8>,
}

const ASSIGNED: &[(EventKind, &str)] = &[(EventKind::Accept, ""), (EventKind::Assign, "")];
const IN_PROGRESS: &[(EventKind, &str)] = &[
    (EventKind::Accept, ""),
    (EventKind::Assign, ""),
    (EventKind::StartWork, ""),
    (
        EventKind::ProgressUpdate,
        "เจ้าหน้าที่ออกสำรวจจุดเกิดเหตุแล้ว อยู่ระหว่างจัดหาวัสดุซ่อม",
    ),
];
const RESOLVED: &[(EventKind, &str)] = &[
    (EventKind::Accept, ""),
    (EventKind::Assign, ""),
    (EventKind::StartWork, ""),
    (EventKind::Resolve, "ซ่อมแซมเรียบร้อยแล้ว ขอบคุณที่แจ้งเรื่องมา"),
];
const CLOSED: &[(EventKind, &str)] = &[
    (EventKind::Accept, ""),
    (EventKind::Assign, ""),
    (EventKind::StartWork, ""),
    (
        EventKind::Resolve,
        "ดำเนินการแก้ไขเรียบร้อยแล้ว หากยังพบปัญหาโปรดแจ้งอีกครั้ง",
    ),
    (EventKind::Close, ""),
];

fn generals() -> Vec<General> {
    vec![
        General {
            category: "lights",
            subject: "ไฟถนนดับทั้งซอย",
            details: "ไฟถนนในซอยดับติดต่อกันหลายคืนแล้ว มืดมากและไม่ปลอดภัยสำหรับผู้สัญจร",
            place: "ซอยราชดำเนิน 12",
            contact: Some(("นายสมมติ ตัวอย่าง", "0800000001")),
            days_ago: 1,
            steps: &[],
            rating: None,
        },
        General {
            category: "roads",
            subject: "หลุมบ่อบนถนนหน้าตลาด",
            details: "มีหลุมขนาดใหญ่กลางถนนหน้าตลาด รถจักรยานยนต์ล้มไปแล้วสองคัน",
            place: "ถนนหน้าตลาดท่าวัง",
            contact: None,
            days_ago: 2,
            steps: &[(EventKind::Accept, "")],
            rating: None,
        },
        General {
            category: "waste",
            subject: "ขยะไม่ได้จัดเก็บสามวัน",
            details: "รถเก็บขยะไม่มาเก็บขยะในชุมชนมาสามวันแล้ว เริ่มส่งกลิ่นเหม็น",
            place: "ชุมชนตัวอย่างหนึ่ง",
            contact: Some(("นางสาวทดลอง ใจดี", "0800000002")),
            days_ago: 4,
            steps: ASSIGNED,
            rating: None,
        },
        General {
            category: "water",
            subject: "ท่อระบายน้ำอุดตัน",
            details: "ฝนตกแล้วน้ำท่วมขังหน้าบ้าน เพราะท่อระบายน้ำอุดตันมานาน",
            place: "ถนนตัวอย่าง ซอย 3",
            contact: None,
            days_ago: 6,
            steps: IN_PROGRESS,
            rating: None,
        },
        General {
            category: "nuisance",
            subject: "เสียงดังรบกวนตอนกลางคืน",
            details: "มีเสียงดังรบกวนตอนกลางคืนเป็นประจำ ไม่แน่ใจว่ามาจากที่ใด",
            place: "ย่านตัวอย่าง",
            contact: None,
            days_ago: 8,
            steps: &[(
                EventKind::RequestInformation,
                "โปรดระบุช่วงเวลาและตำแหน่งที่ได้ยินเสียง เพื่อให้เจ้าหน้าที่ตรวจสอบได้",
            )],
            rating: None,
        },
        General {
            category: "other",
            subject: "ไฟฟ้าดับเป็นประจำ",
            details: "ไฟฟ้าในหมู่บ้านดับบ่อยมาก อยากให้ตรวจสอบหม้อแปลงไฟฟ้า",
            place: "หมู่บ้านตัวอย่าง",
            contact: None,
            days_ago: 10,
            steps: &[(
                EventKind::Forward,
                "เรื่องนี้อยู่ในความรับผิดชอบของการไฟฟ้าส่วนภูมิภาค ได้ส่งเรื่องต่อให้แล้ว",
            )],
            rating: None,
        },
        General {
            category: "roads",
            subject: "ทางเท้าชำรุดหน้าโรงเรียน",
            details: "แผ่นทางเท้าหน้าโรงเรียนแตกและยกตัว เด็กนักเรียนสะดุดล้มบ่อย",
            place: "หน้าโรงเรียนตัวอย่าง",
            contact: Some(("นายทดสอบ สมมุติ", "0800000003")),
            days_ago: 13,
            steps: RESOLVED,
            rating: None,
        },
        General {
            category: "roads",
            subject: "กิ่งไม้ใหญ่ขวางทางเดิน",
            details: "กิ่งไม้ใหญ่หักลงมาขวางทางเดินในสวนสาธารณะ เดินผ่านไม่ได้",
            place: "สวนสาธารณะตัวอย่าง",
            contact: None,
            days_ago: 18,
            steps: CLOSED,
            rating: Some(5),
        },
        General {
            category: "lights",
            subject: "ไฟกะพริบที่ทางแยก",
            details: "สัญญาณไฟกะพริบที่ทางแยกเสียมาหลายวัน รถวิ่งเร็วผ่านแยกอันตราย",
            place: "แยกตัวอย่าง",
            contact: None,
            days_ago: 22,
            steps: CLOSED,
            rating: Some(4),
        },
        General {
            category: "waste",
            subject: "ถังขยะสาธารณะแตก",
            details: "ถังขยะสาธารณะหน้าตลาดแตก ขยะกระจายเต็มทางเท้าทุกเช้า",
            place: "ตลาดตัวอย่าง",
            contact: None,
            days_ago: 27,
            steps: IN_PROGRESS,
            rating: None,
        },
        General {
            category: "water",
            subject: "น้ำประปาไหลอ่อน",
            details: "น้ำประปาไหลอ่อนมากช่วงเช้าและเย็นมาหลายสัปดาห์แล้ว",
            place: "ชุมชนตัวอย่างสอง",
            contact: None,
            days_ago: 30,
            steps: CLOSED,
            rating: Some(3),
        },
    ]
}

/// The demo's corruption reports: filed now, through the [`Filer`].
fn corruption_reports() -> [NewComplaint; 2] {
    [
        NewComplaint {
            channel: Channel::Corruption,
            category: "bribery".into(),
            subject: "เรียกรับเงินเพื่อเร่งออกใบอนุญาต".into(),
            details: "เจ้าหน้าที่รายหนึ่งเรียกเงินเพื่อให้ออกใบอนุญาตก่อสร้างเร็วขึ้น (เรื่องสมมุติสำหรับทดลองระบบ)"
                .into(),
            place: Some("สำนักงานตัวอย่าง".into()),
            persons_concerned: Some("เจ้าหน้าที่ฝ่ายตัวอย่าง".into()),
            contact: None,
            location: None,
        },
        NewComplaint {
            channel: Channel::Corruption,
            category: "procurement".into(),
            subject: "ผู้เสนอราคาเป็นเครือญาติกัน".into(),
            details: "ผู้เสนอราคาทั้งสามรายในโครงการตัวอย่างเป็นเครือญาติกัน (เรื่องสมมุติสำหรับทดลองระบบ)".into(),
            place: None,
            persons_concerned: None,
            contact: Some(Contact {
                email: Some("reporter@example.com".into()),
                ..Default::default()
            }),
            location: None,
        },
    ]
}

/// Adds the demo's complaints unless the organisation has any.
pub async fn ensure(
    store: Arc<dyn Store>,
    keyring: &Keyring,
    organization: &Organization,
    officer: (&str, &str),
    actor: &str,
) -> anyhow::Result<()> {
    let org = organization.id.as_str();
    if !store
        .complaints(org, &ComplaintFilter::default())
        .await
        .map_err(Thai)?
        .is_empty()
    {
        return Ok(());
    }
    let now = OffsetDateTime::now_utc();
    for (index, general) in generals().iter().enumerate() {
        let via = received_via(index);
        file_general(
            store.as_ref(),
            keyring,
            org,
            general,
            via,
            now,
            officer,
            actor,
        )
        .await?;
    }
    let filer = Filer::start(store.clone());
    for report in corruption_reports() {
        let filed = filer
            .file(
                keyring,
                &FileStore::default(),
                &Cleaner::InProcess,
                org,
                &report,
                Vec::new(),
                None,
            )
            .await
            .map_err(|e| anyhow::anyhow!("แจ้งเบาะแสตัวอย่างไม่สำเร็จ: {e:?}"))?;
        // The first is screened in (no message: nothing to seal); the other
        // waits in the integrity officer's queue.
        if report.category == "bribery" {
            step(
                store.as_ref(),
                org,
                &filed.receipt.complaint_id,
                EventKind::Accept,
                "",
                officer,
                actor,
            )
            .await?;
        }
    }
    Ok(())
}

/// How the demo's general complaints came in: most on the web, some taken
/// by the complaint officer (by phone, at the counter, by letter, on LINE),
/// so the statistics by way of receipt are not empty either.
fn received_via(index: usize) -> ReceivedVia {
    match index % 6 {
        1 => ReceivedVia::Phone,
        3 => ReceivedVia::WalkIn,
        4 => ReceivedVia::Letter,
        5 if index > 6 => ReceivedVia::Line,
        _ => ReceivedVia::Web,
    }
}

#[allow(clippy::too_many_arguments)]
async fn file_general(
    store: &dyn Store,
    keyring: &Keyring,
    org: &str,
    general: &General,
    via: ReceivedVia,
    now: OffsetDateTime,
    officer: (&str, &str),
    actor: &str,
) -> anyhow::Result<()> {
    let complaint = NewComplaint {
        channel: Channel::General,
        category: general.category.into(),
        subject: general.subject.into(),
        details: general.details.into(),
        place: Some(general.place.into()),
        persons_concerned: None,
        contact: general.contact.map(|(name, phone)| Contact {
            name: Some(name.into()),
            phone: Some(phone.into()),
            ..Default::default()
        }),
        location: None,
    };
    let complaint_id = uuid::Uuid::new_v4().to_string();
    let code = random_tracking_code();
    let record = NewComplaintRecord {
        tracking_hash: keyring.tracking_hash(org, code.as_str()),
        complaint: complaint.seal(&RecordSealer::with_server_key(keyring, org, &complaint_id)),
        complaint_id: complaint_id.clone(),
        attachments: Vec::new(),
        reporter_key: None,
        key_grants: Vec::new(),
        submission: None,
        received_at: Some(now - Duration::days(general.days_ago) - Duration::hours(3)),
        // Taken by the complaint officer, as `/staff/complaints/new` does
        // (the day received is the backdated `received_at`'s).
        taken_in: (via != ReceivedVia::Web).then(|| TakenIn {
            intake: Intake {
                received_via: via,
                origin: Origin::Reported,
                received_on: None,
            },
            recorded_by: actor.to_string(),
        }),
    };
    let outcome = store
        .file_complaints(org, &[record])
        .await
        .map_err(Thai)?
        .pop()
        .ok_or_else(|| anyhow::anyhow!("ไม่ได้ใบรับเรื่องตัวอย่าง"))?;
    if let Err(errors) = outcome {
        anyhow::bail!("เรื่องร้องเรียนตัวอย่างไม่ผ่านการตรวจ: {errors:?}");
    }
    for (kind, message) in general.steps {
        step(store, org, &complaint_id, *kind, message, officer, actor).await?;
    }
    if let Some(rating) = general.rating {
        store
            .answer_survey(
                org,
                &keyring.tracking_hashes(org, code.as_str()),
                &SurveyAnswer {
                    rating,
                    comment: None,
                },
            )
            .await
            .map_err(Thai)?;
    }
    Ok(())
}

/// One staff step on a case, at its current revision.
async fn step(
    store: &dyn Store,
    org: &str,
    complaint_id: &str,
    kind: EventKind,
    message: &str,
    (unit_id, officer_id): (&str, &str),
    actor: &str,
) -> anyhow::Result<()> {
    let case = store
        .complaint(org, complaint_id)
        .await
        .map_err(Thai)?
        .ok_or_else(|| anyhow::anyhow!("ไม่พบเรื่องตัวอย่าง {complaint_id}"))?;
    let assign = kind == EventKind::Assign;
    let event = NewCaseEvent {
        kind: Some(kind),
        public_message: (!message.is_empty()).then(|| message.to_string()),
        unit_id: assign.then(|| unit_id.to_string()),
        officer_id: assign.then(|| officer_id.to_string()),
        ..Default::default()
    };
    store
        .record_complaint_event(org, complaint_id, case.summary.revision, &event, actor)
        .await
        .map_err(Thai)?;
    Ok(())
}
