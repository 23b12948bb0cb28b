//! The demo's fiscal year of records: rosters, a publicity log, activities
//! (held ones and one upcoming), surveys with their answers and the KPI
//! sources that turn them into measured actuals, so a newcomer sees KPIs
//! computed on the first start.
//!
//! Everything is for the current fiscal year and dated between its first
//! day and yesterday (the upcoming activity three weeks ahead), spread in
//! proportion to how much of the year has passed. Answers are
//! deterministic: fixed patterns, no randomness, so the demo's results are
//! the same numbers on every machine (the app's `demo` test pins them).
//!
//! Idempotent: a roster is found by kind and name, an activity by item and
//! title, a publicity line by item, channel and topic, a survey by title
//! (its answers are filed only while it has none), a KPI source only where
//! none was chosen; what exists is left as it is.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use sujarit_core::activity::{
    ActivityInput, ActivityKind, GroupCount, PublicityEntry, Roster, RosterEntryRef, RosterKind,
    Session, TargetGroup,
};
use sujarit_core::kpi::KpiSource;
use sujarit_core::survey::{
    DEFAULT_MIN_PUBLIC, Phase, Survey, SurveyInput, Template, check_answers,
};
use sujarit_core::{FiscalYear, ItemRef, Plan};
use sujarit_service::wording::Thai;
use sujarit_store::{NewResponse, Organization, Store};
use time::{Date, Duration, Time, Weekday};

const ACTOR: &str = sujarit_core::account::SYSTEM_ACTOR;

/// The communities of the municipality (a plausible list, not the real one).
pub const COMMUNITIES: [&str; 8] = [
    "ชุมชนท่าวัง",
    "ชุมชนท้ายวัง",
    "ชุมชนคลองป่าเหล้า",
    "ชุมชนหัวถนน",
    "ชุมชนศาลามีชัย",
    "ชุมชนประตูลอด",
    "ชุมชนหลังวัดท่าโพธิ์",
    "ชุมชนตากสิน",
];

/// The municipality's schools.
pub const SCHOOLS: [&str; 4] = [
    "โรงเรียนเทศบาลวัดท่าโพธิ์",
    "โรงเรียนเทศบาลวัดศาลามีชัย",
    "โรงเรียนเทศบาลวัดการะเกด",
    "โรงเรียนเทศบาลวัดเสมาเมือง",
];

const YOUTH_COUNCIL: [&str; 9] = [
    "ประธานสภาเด็กและเยาวชน",
    "รองประธาน คนที่ 1",
    "รองประธาน คนที่ 2",
    "เลขานุการ",
    "เหรัญญิก",
    "ประชาสัมพันธ์",
    "ปฏิคม",
    "กรรมการ คนที่ 1",
    "กรรมการ คนที่ 2",
];

const COMMUNITIES_ROSTER: &str = "ชุมชนในเขตเทศบาลนครนครศรีธรรมราช";
const SCHOOLS_ROSTER: &str = "โรงเรียนในสังกัดเทศบาลนครนครศรีธรรมราช";
const YOUTH_ROSTER: &str = "สภาเด็กและเยาวชนเทศบาลนครนครศรีธรรมราช";
const COUNCIL_ROSTER: &str = "สมาชิกสภาเทศบาลนครนครศรีธรรมราช";

/// The council's 24 seats: 4 constituencies of 6.
fn council_members() -> Vec<String> {
    (1..=4)
        .flat_map(|zone| (1..=6).map(move |n| format!("เขตเลือกตั้งที่ {zone} ลำดับที่ {n}")))
        .collect()
}

/// What one call created, for the log.
#[derive(Debug, Default)]
pub struct Created {
    pub rosters: usize,
    pub activities: usize,
    pub publicity: usize,
    pub surveys: usize,
    pub answers: usize,
    pub kpi_sources: usize,
}

impl Created {
    fn any(&self) -> bool {
        self.rosters
            + self.activities
            + self.publicity
            + self.surveys
            + self.answers
            + self.kpi_sources
            > 0
    }
}

/// Dates of the demo's year: from its first day to yesterday for what
/// already happened, ahead of today for what is planned.
#[derive(Clone, Copy, Debug)]
pub struct Timeline {
    pub year: FiscalYear,
    first: Date,
    /// The last day of the past: yesterday, or the first day of the year
    /// when today is that day.
    end: Date,
    today: Date,
    last: Date,
}

impl Timeline {
    pub fn new(today: Date) -> Timeline {
        let year = FiscalYear::of(today);
        let first = year.first_day();
        Timeline {
            year,
            first,
            end: today
                .previous_day()
                .filter(|d| *d >= first)
                .unwrap_or(first),
            today,
            last: year.last_day(),
        }
    }

    /// The day `permille`/1000 of the way from the first day of the year to
    /// yesterday, moved back to a Friday from a weekend while that stays in
    /// the year.
    pub fn past(&self, permille: i64) -> Date {
        let span = (self.end - self.first).whole_days();
        let mut day = self.first + Duration::days(span * permille.clamp(0, 1000) / 1000);
        while is_weekend(day) && day > self.first {
            day = day.previous_day().unwrap_or(day);
        }
        day
    }

    /// A working day `days` after today, within the fiscal year.
    pub fn ahead(&self, days: i64) -> Date {
        let mut day = self.today + Duration::days(days);
        while is_weekend(day) && day < self.last {
            day = day.next_day().unwrap_or(day);
        }
        day.min(self.last)
    }
}

fn is_weekend(day: Date) -> bool {
    matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
}

fn item(dimension: u8, no: u32) -> ItemRef {
    ItemRef { dimension, no }
}

fn session(date: Date, starts: Time, ends: Time) -> Session {
    Session { date, starts, ends }
}

fn group(group: TargetGroup, planned: u32, actual: Option<u32>) -> GroupCount {
    GroupCount {
        group,
        planned,
        actual,
    }
}

fn texts(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_string()).collect()
}

/// The demo's rosters as stored: their ids and current entries.
struct Rosters(Vec<Roster>);

impl Rosters {
    /// References to those of `entries` the roster of `kind` named `name`
    /// still lists (an edited roster drops what it no longer has).
    fn reach(&self, kind: RosterKind, name: &str, entries: &[&str]) -> Vec<RosterEntryRef> {
        let Some(roster) = self.find(kind, name) else {
            return Vec::new();
        };
        entries
            .iter()
            .filter(|e| roster.entries.iter().any(|have| have == *e))
            .map(|e| RosterEntryRef {
                roster: roster.id.clone(),
                entry: (*e).to_string(),
            })
            .collect()
    }

    fn find(&self, kind: RosterKind, name: &str) -> Option<&Roster> {
        self.0.iter().find(|r| r.kind == kind && r.name == name)
    }
}

/// Creates what the demo's current fiscal year lacks (see the module).
pub async fn ensure(
    store: &dyn Store,
    organization: &Organization,
    plan: &Plan,
    today: Date,
) -> anyhow::Result<Created> {
    let org = organization.id.as_str();
    let t = Timeline::new(today);
    let fy = t.year.be();
    let mut created = Created::default();

    let rosters = ensure_rosters(store, org, &mut created).await?;
    ensure_publicity(store, org, &t, &mut created).await?;

    let existing = store.activities(org, fy, None).await.map_err(Thai)?;
    let mut training_id = None;
    for (input, publish) in activities(&t, &rosters) {
        let found = existing
            .iter()
            .find(|a| a.input.item == input.item && a.input.title == input.title);
        let id = match found {
            Some(activity) => activity.id.clone(),
            None => {
                let activity = store
                    .create_activity(org, &input, ACTOR)
                    .await
                    .map_err(Thai)?;
                if publish {
                    store
                        .set_activity_published(org, &activity.id, true, ACTOR)
                        .await
                        .map_err(Thai)?;
                }
                created.activities += 1;
                activity.id
            }
        };
        if input.item == item(1, 1) && input.kind == ActivityKind::Training {
            training_id = Some((id, input.sessions.clone()));
        }
    }
    let (training_id, training_sessions) =
        training_id.expect("the demo's activities include the 1.1 training");

    let surveys = store.surveys(org, Some(fy)).await.map_err(Thai)?;
    let service = ensure_survey(
        store,
        org,
        &surveys,
        service_survey(&t),
        |_: &SurveyInput| service_answers(&t),
        &mut created,
    )
    .await?;
    let first = training_sessions[0].date;
    let second = training_sessions[training_sessions.len() - 1].date;
    let on_training_days = |i: usize, n: usize| if i < n / 2 { first } else { second };
    ensure_survey(
        store,
        org,
        &surveys,
        training_survey(&t, &training_id, first, second),
        |survey: &SurveyInput| training_answers(survey, on_training_days),
        &mut created,
    )
    .await?;
    ensure_survey(
        store,
        org,
        &surveys,
        knowledge_test(&t, &training_id, Phase::Pre, first, second),
        |survey: &SurveyInput| test_answers(survey, &PRE_SCORES, on_training_days),
        &mut created,
    )
    .await?;
    let post = ensure_survey(
        store,
        org,
        &surveys,
        knowledge_test(&t, &training_id, Phase::Post, first, second),
        |survey: &SurveyInput| test_answers(survey, &POST_SCORES, on_training_days),
        &mut created,
    )
    .await?;

    let communities = rosters
        .find(RosterKind::Communities, COMMUNITIES_ROSTER)
        .map(|r| r.id.clone());
    let mut sources: Vec<(ItemRef, &str, KpiSource)> = vec![
        (
            item(1, 1),
            "ครั้ง",
            KpiSource::Sessions {
                kinds: vec![ActivityKind::Training],
            },
        ),
        (
            item(1, 1),
            "ร้อยละ",
            KpiSource::TestPassing {
                survey: post.clone(),
            },
        ),
        (item(1, 2), "ช่องทาง", KpiSource::DistinctChannels),
        (item(1, 3), "ช่องทาง", KpiSource::DistinctChannels),
        (item(1, 5), "เรื่อง", KpiSource::DistinctTopics),
        (item(1, 9), "ช่องทาง", KpiSource::DistinctChannels),
        (item(1, 9), "แห่ง", KpiSource::DistinctVenues),
    ];
    if let Some(roster) = communities {
        sources.push((item(1, 10), "ร้อยละ", KpiSource::RosterCoverage { roster }));
    }
    // One counter survey is the evidence every "satisfied with the service"
    // measure names.
    for no in [5, 13, 14, 15] {
        sources.push((
            item(2, no),
            "พึงพอใจ",
            KpiSource::SurveySatisfied {
                survey: service.clone(),
            },
        ));
    }
    ensure_kpi_sources(store, org, plan, fy, &sources, &mut created).await?;

    if created.any() {
        tracing::info!(
            fiscal_year = fy,
            rosters = created.rosters,
            activities = created.activities,
            publicity = created.publicity,
            surveys = created.surveys,
            answers = created.answers,
            kpi_sources = created.kpi_sources,
            "สร้างกิจกรรม การประชาสัมพันธ์ แบบสำรวจและแหล่งข้อมูลตัวชี้วัดขององค์กรตัวอย่างแล้ว"
        );
    }
    Ok(created)
}

async fn ensure_rosters(
    store: &dyn Store,
    org: &str,
    created: &mut Created,
) -> anyhow::Result<Rosters> {
    let mut rosters = Rosters(store.rosters(org).await.map_err(Thai)?);
    let wanted = [
        (
            RosterKind::Communities,
            COMMUNITIES_ROSTER,
            texts(&COMMUNITIES),
        ),
        (RosterKind::Schools, SCHOOLS_ROSTER, texts(&SCHOOLS)),
        (
            RosterKind::YouthCouncil,
            YOUTH_ROSTER,
            texts(&YOUTH_COUNCIL),
        ),
        (
            RosterKind::CouncilMembers,
            COUNCIL_ROSTER,
            council_members(),
        ),
    ];
    for (kind, name, entries) in wanted {
        if rosters.find(kind, name).is_some() {
            continue;
        }
        let roster = Roster {
            id: String::new(),
            kind,
            name: name.to_string(),
            entries,
        };
        let saved = store.save_roster(org, &roster, ACTOR).await.map_err(Thai)?;
        rosters.0.push(saved);
        created.rosters += 1;
    }
    Ok(rosters)
}

/// The publicity log: (item, channel, permille of the year so far, topic).
const PUBLICITY: [(u32, &str, i64, &str); 12] = [
    (
        3,
        "เว็บไซต์",
        50,
        "ประกาศประมวลจริยธรรมของเทศบาลนครนครศรีธรรมราช",
    ),
    (
        9,
        "เพจเฟซบุ๊ก",
        100,
        "คลิปรณรงค์ \"โตไปไม่โกง\" โดยสภาเด็กและเยาวชน",
    ),
    (
        3,
        "บอร์ดประชาสัมพันธ์",
        120,
        "ประมวลจริยธรรมฉบับย่อ ณ บอร์ดหน้าสำนักงานเทศบาล",
    ),
    (9, "เว็บไซต์", 180, "ข่าวกิจกรรมเดินรณรงค์ต่อต้านการทุจริตในชุมชน"),
    (
        9,
        "LINE",
        220,
        "อินโฟกราฟิกค่านิยมต่อต้านการทุจริต ในกลุ่ม LINE ผู้ปกครองโรงเรียนเทศบาล",
    ),
    (
        9,
        "บอร์ดประชาสัมพันธ์",
        300,
        "โปสเตอร์ค่านิยมต่อต้านการทุจริต ณ โรงเรียนในสังกัดเทศบาล",
    ),
    (
        2,
        "เว็บไซต์",
        350,
        "สรุปสาระสำคัญจากการอบรมความรู้ด้านกฎหมายและระเบียบ รุ่นที่ 1",
    ),
    (
        9,
        "หอกระจายข่าว",
        420,
        "สปอตรณรงค์ต่อต้านการทุจริต ออกอากาศทุกชุมชน",
    ),
    (
        3,
        "จดหมายข่าว",
        550,
        "แนวทางปฏิบัติตามประมวลจริยธรรม กรณีการรับของขวัญและประโยชน์อื่นใด",
    ),
    (
        2,
        "LINE",
        650,
        "ระเบียบที่ปรับปรุงใหม่สำหรับบุคลากร ผู้บริหารและสมาชิกสภา",
    ),
    (2, "เพจเฟซบุ๊ก", 680, "ถาม-ตอบ ข้อกฎหมายที่ใช้บ่อยในการปฏิบัติงาน"),
    (
        9,
        "เพจเฟซบุ๊ก",
        700,
        "ภาพกิจกรรมรณรงค์ค่านิยมต่อต้านการทุจริตในสถานศึกษา",
    ),
];

async fn ensure_publicity(
    store: &dyn Store,
    org: &str,
    t: &Timeline,
    created: &mut Created,
) -> anyhow::Result<()> {
    let fy = t.year.be();
    let existing = store.publicity(org, fy).await.map_err(Thai)?;
    let channels = store.publicity_channels(org).await.map_err(Thai)?;
    for (no, channel, permille, topic) in PUBLICITY {
        let item = Some(item(1, no));
        let known = existing
            .iter()
            .any(|p| p.item == item && p.channel == channel && p.topic == topic);
        // An organisation that dropped a channel keeps the rest of the log.
        if known || !channels.iter().any(|c| c == channel) {
            continue;
        }
        let entry = PublicityEntry {
            id: String::new(),
            item,
            fiscal_year: fy,
            channel: channel.to_string(),
            date: t.past(permille),
            topic: topic.to_string(),
        };
        store
            .add_publicity(org, &entry, ACTOR)
            .await
            .map_err(Thai)?;
        created.publicity += 1;
    }
    Ok(())
}

/// The activities of the year, with whether each is published.
fn activities(t: &Timeline, rosters: &Rosters) -> Vec<(ActivityInput, bool)> {
    use TargetGroup::*;
    use time::macros::time;
    let fy = t.year.be();
    let communities =
        |entries: &[&str]| rosters.reach(RosterKind::Communities, COMMUNITIES_ROSTER, entries);
    let base = |item: ItemRef, kind: ActivityKind, title: &str| ActivityInput {
        item,
        fiscal_year: fy,
        kind,
        title: title.to_string(),
        sessions: Vec::new(),
        venue: String::new(),
        topics: Vec::new(),
        speakers: Vec::new(),
        groups: Vec::new(),
        roster_entries: Vec::new(),
        summary: String::new(),
    };
    let mut out = Vec::new();

    out.push((
        ActivityInput {
            sessions: vec![
                session(t.past(300), time!(8:30), time!(16:30)),
                session(t.past(600), time!(8:30), time!(16:30)),
            ],
            venue: "ห้องประชุมชั้น 3 สำนักงานเทศบาลนครนครศรีธรรมราช".into(),
            topics: texts(&[
                "พระราชบัญญัติความรับผิดทางละเมิดของเจ้าหน้าที่",
                "ระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ",
                "ประมวลจริยธรรมและการขัดกันระหว่างประโยชน์ส่วนตนและประโยชน์ส่วนรวม",
                "พระราชบัญญัติข้อมูลข่าวสารของราชการ",
            ]),
            speakers: texts(&[
                "นิติกรชำนาญการ สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดนครศรีธรรมราช",
                "ผู้แทนสำนักงาน ป.ป.ช. ประจำจังหวัดนครศรีธรรมราช",
            ]),
            groups: vec![
                group(Staff, 70, Some(66)),
                group(Executives, 6, Some(5)),
                group(CouncilMembers, 24, Some(19)),
            ],
            summary: "จัดอบรม 2 รุ่น ผู้เข้าร่วม 90 คน จากเป้าหมาย 100 คน \
                      ทำแบบทดสอบก่อนและหลังอบรม และแบบประเมินความพึงพอใจต่อการอบรม"
                .into(),
            ..base(
                item(1, 1),
                ActivityKind::Training,
                "อบรมพัฒนาความรู้ด้านกฎหมายและระเบียบที่เกี่ยวข้องกับการปฏิบัติงาน",
            )
        },
        true,
    ));

    out.push((
        ActivityInput {
            sessions: vec![
                session(t.past(150), time!(10:00), time!(11:00)),
                session(t.past(450), time!(10:00), time!(11:00)),
                session(t.past(800), time!(10:00), time!(11:00)),
            ],
            venue: "หอกระจายข่าวและรถประชาสัมพันธ์ในเขตเทศบาล".into(),
            topics: texts(&[
                "ความหมายของการทุจริตและผลประโยชน์ทับซ้อน",
                "ช่องทางร้องเรียนการทุจริตของเทศบาล",
                "การไม่รับของขวัญและประโยชน์อื่นใด (No Gift Policy)",
                "สิทธิการเข้าถึงข้อมูลข่าวสารของราชการ",
                "การมีส่วนร่วมตรวจสอบการจัดซื้อจัดจ้าง",
                "โทษของการให้และรับสินบน",
            ]),
            roster_entries: communities(&COMMUNITIES),
            summary: "ออกอากาศ 3 รอบ ครอบคลุมทุกชุมชน รวม 6 เรื่อง".into(),
            ..base(
                item(1, 5),
                ActivityKind::Publicity,
                "เผยแพร่องค์ความรู้ด้านการต่อต้านการทุจริตผ่านหอกระจายข่าวและรถประชาสัมพันธ์",
            )
        },
        true,
    ));

    let mut reached = communities(&COMMUNITIES[..6]);
    reached.extend(rosters.reach(RosterKind::YouthCouncil, YOUTH_ROSTER, &YOUTH_COUNCIL[..7]));
    out.push((
        ActivityInput {
            sessions: vec![
                session(t.past(200), time!(15:30), time!(18:00)),
                session(t.past(400), time!(15:30), time!(18:00)),
                session(t.past(650), time!(15:30), time!(18:00)),
            ],
            venue: "จุดรวมพล ศาลาอเนกประสงค์ชุมชนท่าวัง".into(),
            topics: texts(&["ค่านิยมต่อต้านการทุจริต", "ช่องทางแจ้งเบาะแสการทุจริต"]),
            groups: vec![
                group(Community, 240, Some(212)),
                group(Youth, 60, Some(71)),
                group(Partners, 20, Some(18)),
            ],
            roster_entries: reached,
            summary: "เดินรณรงค์ 3 วัน ผ่าน 6 ชุมชน ร่วมกับสภาเด็กและเยาวชน".into(),
            ..base(
                item(1, 9),
                ActivityKind::Campaign,
                "เดินรณรงค์สร้างค่านิยมต่อต้านการทุจริตในชุมชน",
            )
        },
        true,
    ));

    for (i, (school, pupils)) in SCHOOLS.iter().zip([142, 155, 138, 147]).enumerate() {
        out.push((
            ActivityInput {
                sessions: vec![session(
                    t.past(250 + 150 * i as i64),
                    time!(9:00),
                    time!(12:00),
                )],
                venue: (*school).to_string(),
                topics: texts(&["ค่านิยมต่อต้านการทุจริต", "โตไปไม่โกง"]),
                groups: vec![group(Youth, 150, Some(pupils))],
                roster_entries: rosters.reach(RosterKind::Schools, SCHOOLS_ROSTER, &[school]),
                ..base(
                    item(1, 9),
                    ActivityKind::Campaign,
                    &format!("รณรงค์ค่านิยมต่อต้านการทุจริตในสถานศึกษา: {school}"),
                )
            },
            // The latest visit waits for its photos before it is published.
            i + 1 < SCHOOLS.len(),
        ));
    }

    let forum_day = t.past(500);
    out.push((
        ActivityInput {
            sessions: vec![session(forum_day, time!(9:00), time!(12:00))],
            venue: "หอประชุมเทศบาลนครนครศรีธรรมราช".into(),
            topics: texts(&[
                "ปัญหาและความต้องการของชุมชน",
                "ร่างแผนพัฒนาท้องถิ่น",
                "ช่องทางติดตามการดำเนินโครงการ",
            ]),
            groups: vec![
                group(Community, 160, Some(147)),
                group(Partners, 20, Some(17)),
                group(CouncilMembers, 24, Some(15)),
                group(Executives, 6, Some(6)),
            ],
            roster_entries: communities(&COMMUNITIES),
            summary: "ผู้แทนทั้ง 8 ชุมชนเสนอโครงการ 37 เรื่อง \
                      และคัดเลือกผู้แทนประชาคมร่วมเป็นกรรมการจัดทำแผนพัฒนาท้องถิ่น"
                .into(),
            ..base(
                item(3, 1),
                ActivityKind::Forum,
                "เวทีประชาคมเมืองรับฟังความคิดเห็นต่อร่างแผนพัฒนาท้องถิ่น",
            )
        },
        true,
    ));

    out.push((
        ActivityInput {
            sessions: vec![session(forum_day, time!(13:00), time!(14:30))],
            venue: "หอประชุมเทศบาลนครนครศรีธรรมราช".into(),
            groups: vec![group(Community, 80, Some(76))],
            roster_entries: communities(&COMMUNITIES),
            summary: "มอบประกาศเกียรติคุณแก่คณะกรรมการชุมชนที่ปฏิบัติหน้าที่ครบวาระทั้ง 8 ชุมชน \
                      ในเวทีประชาคมเมือง"
                .into(),
            ..base(
                item(1, 10),
                ActivityKind::Ceremony,
                "พิธีมอบประกาศเกียรติคุณแก่คณะกรรมการชุมชนที่ปฏิบัติหน้าที่ครบวาระ",
            )
        },
        true,
    ));

    let council = council_members();
    let council: Vec<&str> = council.iter().map(String::as_str).collect();
    out.push((
        ActivityInput {
            sessions: vec![session(t.ahead(21), time!(9:00), time!(16:00))],
            venue: "ห้องประชุมสภาเทศบาลนครนครศรีธรรมราช".into(),
            topics: texts(&[
                "บทบาทและอำนาจหน้าที่ของสมาชิกสภาท้องถิ่น",
                "ข้อบังคับการประชุมสภาท้องถิ่นและการตั้งกระทู้",
                "การตรวจสอบการใช้งบประมาณโดยสภา",
            ]),
            speakers: texts(&["ปลัดเทศบาลนครนครศรีธรรมราช"]),
            groups: vec![group(CouncilMembers, 24, None)],
            roster_entries: rosters.reach(RosterKind::CouncilMembers, COUNCIL_ROSTER, &council),
            ..base(
                item(4, 4),
                ActivityKind::Training,
                "อบรมบทบาทและอำนาจหน้าที่ของสมาชิกสภาท้องถิ่น",
            )
        },
        true,
    ));
    out
}

fn from_template(code: &str, t: &Timeline, title: String) -> SurveyInput {
    let template = Template::find(code).expect("a shipped survey template");
    SurveyInput {
        title,
        kind: template.kind,
        item: None,
        fiscal_year: t.year.be(),
        activity: None,
        phase: Phase::Single,
        opens: t.first,
        closes: t.last,
        pass_mark: template.pass_mark,
        min_public: DEFAULT_MIN_PUBLIC,
        questions: template.questions(),
    }
}

/// The counter's satisfaction survey, open all year.
fn service_survey(t: &Timeline) -> SurveyInput {
    SurveyInput {
        item: Some(item(2, 14)),
        ..from_template(
            "service",
            t,
            format!(
                "แบบสำรวจความพึงพอใจต่อการให้บริการ ณ จุดบริการประชาชน ปีงบประมาณ {}",
                t.year.be()
            ),
        )
    }
}

fn training_survey(t: &Timeline, activity: &str, first: Date, last: Date) -> SurveyInput {
    SurveyInput {
        item: Some(item(1, 1)),
        activity: Some(activity.to_string()),
        opens: first,
        closes: (last + Duration::days(7)).min(t.last),
        ..from_template(
            "training",
            t,
            format!(
                "แบบประเมินความพึงพอใจต่อการอบรมพัฒนาความรู้ด้านกฎหมายและระเบียบ ปีงบประมาณ {}",
                t.year.be()
            ),
        )
    }
}

fn knowledge_test(
    t: &Timeline,
    activity: &str,
    phase: Phase,
    first: Date,
    last: Date,
) -> SurveyInput {
    let when = if phase == Phase::Pre {
        "ก่อนอบรม"
    } else {
        "หลังอบรม"
    };
    SurveyInput {
        item: Some(item(1, 1)),
        activity: Some(activity.to_string()),
        phase,
        opens: first,
        closes: last,
        ..from_template(
            "knowledge",
            t,
            format!(
                "แบบทดสอบ{when}: ความรู้เรื่องการป้องกันการทุจริตและผลประโยชน์ทับซ้อน ปีงบประมาณ {}",
                t.year.be()
            ),
        )
    }
}

/// Creates the survey unless one of that title exists, then files its
/// answers while it has none, in one durable batch. Returns its id.
async fn ensure_survey(
    store: &dyn Store,
    org: &str,
    existing: &[Survey],
    input: SurveyInput,
    answers: impl Fn(&SurveyInput) -> Vec<(Date, BTreeMap<String, Value>)>,
    created: &mut Created,
) -> anyhow::Result<String> {
    let survey = match existing.iter().find(|s| s.input.title == input.title) {
        Some(survey) => survey.clone(),
        None => {
            created.surveys += 1;
            store
                .create_survey(org, &input, ACTOR)
                .await
                .map_err(Thai)?
        }
    };
    if survey.responses > 0 {
        return Ok(survey.id);
    }
    let mut responses = Vec::new();
    for (i, (today, raw)) in answers(&survey.input).into_iter().enumerate() {
        let response = check_answers(&survey.input, &raw).map_err(|errors| {
            anyhow::anyhow!(
                "คำตอบตัวอย่างของ \"{}\" ไม่ผ่าน: {errors:?}",
                survey.input.title
            )
        })?;
        responses.push(NewResponse {
            survey_id: survey.id.clone(),
            device: Some(sujarit_service::activities::device_hash(
                org,
                &survey.id,
                &format!("demo-{i}"),
            )),
            response,
            today,
        });
    }
    let outcomes = store.answer_surveys(org, &responses).await.map_err(Thai)?;
    for outcome in outcomes {
        outcome.map_err(Thai)?;
        created.answers += 1;
    }
    Ok(survey.id)
}

/// The rating respondent `i` gives question `q`: `counts` are the 5s, 4s
/// and 3s of one round of `counts.sum()` answers, dealt so that every
/// round gives each question exactly those counts (7 is prime to each
/// round's length used here: 10, 20).
fn rating(counts: [usize; 3], i: usize, q: usize) -> u8 {
    let slot = (i * 7 + q * 3) % counts.iter().sum::<usize>();
    if slot < counts[0] {
        5
    } else if slot < counts[0] + counts[1] {
        4
    } else {
        3
    }
}

/// Service answers per question (q1–q5) in each round of 20: 5s, 4s, 3s.
/// Over 40 answers: 172 of 200 ratings are 4 or 5 (86%), mean 4.31.
const SERVICE_RATINGS: [[usize; 3]; 5] = [[7, 9, 4], [8, 8, 4], [11, 7, 2], [10, 8, 2], [9, 9, 2]];
pub const SERVICE_ANSWERS: usize = 40;
/// How many came for each kind of business (q6), in the template's order.
const SERVICE_BUSINESS: [usize; 5] = [14, 10, 6, 7, 3];
const SERVICE_SUGGESTIONS: [&str; 5] = [
    "อยากให้มีที่จอดรถเพิ่ม",
    "เจ้าหน้าที่บริการดีมาก ขอบคุณครับ",
    "ควรเปิดช่องบริการช่วงพักเที่ยง",
    "อยากให้ชำระภาษีผ่านแอปพลิเคชันได้",
    "ป้ายบอกทางในอาคารยังไม่ชัดเจน",
];

fn service_answers(t: &Timeline) -> Vec<(Date, BTreeMap<String, Value>)> {
    let business: Vec<usize> = SERVICE_BUSINESS
        .iter()
        .enumerate()
        .flat_map(|(option, count)| std::iter::repeat_n(option, *count))
        .collect();
    (0..SERVICE_ANSWERS)
        .map(|i| {
            let mut answers: BTreeMap<String, Value> = SERVICE_RATINGS
                .iter()
                .enumerate()
                .map(|(q, counts)| (format!("q{}", q + 1), json!(rating(*counts, i, q))))
                .collect();
            answers.insert("q6".into(), json!(business[(i * 7) % business.len()]));
            if i % 8 == 5 {
                answers.insert("q7".into(), json!(SERVICE_SUGGESTIONS[i / 8]));
            }
            let permille = (i as i64 * 1000 + 500) / SERVICE_ANSWERS as i64;
            (t.past(permille), answers)
        })
        .collect()
}

/// Training answers per question (q1–q4) in each round of 10.
/// Over 30 answers: 111 of 120 ratings are 4 or 5 (92.5%).
const TRAINING_RATINGS: [[usize; 3]; 4] = [[6, 3, 1], [7, 3, 0], [5, 4, 1], [7, 2, 1]];
pub const TRAINING_ANSWERS: usize = 30;
const TRAINING_SUGGESTIONS: [&str; 3] = [
    "อยากให้เพิ่มกรณีศึกษาจากหน่วยงานอื่น",
    "ควรจัดอบรมเรื่องการจัดซื้อจัดจ้างแยกอีกหนึ่งวัน",
    "เอกสารประกอบการอบรมมีประโยชน์มาก",
];

fn training_answers(
    _survey: &SurveyInput,
    day: impl Fn(usize, usize) -> Date,
) -> Vec<(Date, BTreeMap<String, Value>)> {
    (0..TRAINING_ANSWERS)
        .map(|i| {
            let mut answers: BTreeMap<String, Value> = TRAINING_RATINGS
                .iter()
                .enumerate()
                .map(|(q, counts)| (format!("q{}", q + 1), json!(rating(*counts, i, q))))
                .collect();
            if i % 10 == 4 {
                answers.insert("q5".into(), json!(TRAINING_SUGGESTIONS[i / 10]));
            }
            (day(i, TRAINING_ANSWERS), answers)
        })
        .collect()
}

/// How many respondents scored 5, 4, 3, 2, 1 and 0 of the 5 questions.
/// Before: 10 of 25 pass (4 of 5 is the 80% mark): 40%, mean 64.8%.
pub const PRE_SCORES: [usize; 6] = [3, 7, 9, 5, 1, 0];
/// After: 22 of 25 pass: 88%, mean 88.8%.
pub const POST_SCORES: [usize; 6] = [14, 8, 3, 0, 0, 0];

fn test_answers(
    survey: &SurveyInput,
    scores: &[usize; 6],
    day: impl Fn(usize, usize) -> Date,
) -> Vec<(Date, BTreeMap<String, Value>)> {
    let mut dealt: Vec<usize> = Vec::new();
    for (wrong, count) in scores.iter().enumerate() {
        dealt.extend(std::iter::repeat_n(wrong, *count));
    }
    let n = dealt.len();
    let questions = &survey.questions;
    (0..n)
        .map(|i| {
            // 7 is prime to 25: respondents' scores come mixed, not sorted.
            let wrong = dealt[(i * 7) % n];
            let answers = questions
                .iter()
                .enumerate()
                .map(|(q, question)| {
                    let correct = question.correct.unwrap_or(0);
                    let is_wrong = (0..wrong).any(|k| (i + k) % questions.len() == q);
                    let choice = if is_wrong {
                        (correct + 1) % question.options.len()
                    } else {
                        correct
                    };
                    (question.id.clone(), json!(choice))
                })
                .collect();
            (day(i, n), answers)
        })
        .collect()
}

/// Sets each (item, words of its KPI, source) unless that KPI has a source
/// already; an item or KPI the current plan lacks is passed over.
async fn ensure_kpi_sources(
    store: &dyn Store,
    org: &str,
    plan: &Plan,
    fiscal_year: u16,
    sources: &[(ItemRef, &str, KpiSource)],
    created: &mut Created,
) -> anyhow::Result<()> {
    let mut chosen: BTreeMap<ItemRef, Vec<String>> = BTreeMap::new();
    for (item_ref, words, source) in sources {
        let Some(item) = plan.item(*item_ref) else {
            continue;
        };
        let Some(target) = sujarit_service::activities::item_targets(item)
            .into_iter()
            .find(|t| t.text.contains(words))
        else {
            continue;
        };
        if !chosen.contains_key(item_ref) {
            let have = store
                .kpi_sources(org, *item_ref, fiscal_year)
                .await
                .map_err(Thai)?;
            chosen.insert(*item_ref, have.into_iter().map(|c| c.kpi).collect());
        }
        if chosen[item_ref].contains(&target.text) {
            continue;
        }
        store
            .set_kpi_source(
                org,
                *item_ref,
                fiscal_year,
                &target.text,
                Some(source),
                ACTOR,
            )
            .await
            .map_err(Thai)?;
        chosen
            .get_mut(item_ref)
            .expect("read above")
            .push(target.text);
        created.kpi_sources += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sujarit_core::survey::{Tallies, tally_keys};
    use time::macros::date;

    #[test]
    fn every_day_of_a_year_dates_the_past_in_the_past_and_the_upcoming_ahead() {
        let year = FiscalYear(2570);
        let mut today = year.first_day();
        while today <= year.last_day() {
            let t = Timeline::new(today);
            for permille in [0, 150, 300, 500, 600, 1000] {
                let day = t.past(permille);
                assert!(year.contains(day), "{today}: {day}");
                assert!(
                    day < today || day == year.first_day(),
                    "{today}: {permille} gives {day}"
                );
            }
            let ahead = t.ahead(21);
            assert!(year.contains(ahead) && ahead >= today, "{today}: {ahead}");
            today = today.next_day().unwrap();
        }
        let t = Timeline::new(date!(2026 - 12 - 04));
        assert_eq!(t.past(500), date!(2026 - 10 - 30), "a Friday");
        assert_eq!(t.past(1000), date!(2026 - 12 - 03));
        assert_eq!(t.ahead(21), date!(2026 - 12 - 25));
    }

    fn tallied(survey: &SurveyInput, answers: Vec<(Date, BTreeMap<String, Value>)>) -> Tallies {
        let mut tallies = Tallies::default();
        for (_, raw) in answers {
            let response = check_answers(survey, &raw).expect("the demo's answers are valid");
            tallies.responses += 1;
            tallies.passed += u64::from(response.passed);
            tallies.score_sum += u64::from(response.score);
            for (q, k, n) in tally_keys(&response) {
                *tallies.counts.entry((q, k)).or_default() += n;
            }
        }
        tallies
    }

    #[test]
    fn the_answers_give_the_results_their_comments_state() {
        let t = Timeline::new(date!(2026 - 12 - 04));
        let day = |_: usize, _: usize| date!(2026 - 11 - 02);
        let service = service_survey(&t);
        let results = tallied(&service, service_answers(&t)).results(&service);
        assert_eq!(results.responses, 40);
        assert_eq!(results.satisfied_share, Some(86.0));
        assert_eq!(results.mean, Some(4.31));
        assert_eq!(results.questions[5].distribution[0].1, 14);
        let training = training_survey(&t, "a", t.past(300), t.past(600));
        let results = tallied(&training, training_answers(&training, day)).results(&training);
        assert_eq!(
            (results.responses, results.satisfied_share),
            (30, Some(92.5))
        );
        let pre = knowledge_test(&t, "a", Phase::Pre, t.past(300), t.past(600));
        let before = tallied(&pre, test_answers(&pre, &PRE_SCORES, day)).results(&pre);
        let after = tallied(&pre, test_answers(&pre, &POST_SCORES, day)).results(&pre);
        assert_eq!(
            (before.pass_share, before.mean_score),
            (Some(40.0), Some(64.8))
        );
        assert_eq!(
            (after.pass_share, after.mean_score),
            (Some(88.0), Some(88.8))
        );
    }
}
