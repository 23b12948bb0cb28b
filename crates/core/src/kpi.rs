//! KPIs measured from records: each target an item's form states
//! ([`KpiTarget`]) gets a source the coordinator chooses, and the actual is
//! computed from activities, the publicity log, rosters, surveys and
//! complaint counts as of a date. Pure: the records come in, a number comes out.

use crate::activity::{Activity, ActivityKind, PublicityEntry, Roster, TargetGroup};
use crate::progress::KpiTarget;
use crate::survey::Results;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::Date;

/// Where a KPI's actual comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum KpiSource {
    /// Activities of these kinds (any kind when empty) held so far.
    Activities {
        kinds: Vec<ActivityKind>,
    },
    /// Sessions (days or rounds) of those activities.
    Sessions {
        kinds: Vec<ActivityKind>,
    },
    /// Participants of these groups (all when empty).
    Participants {
        groups: Vec<TargetGroup>,
    },
    /// Participants against the planned number, in percent.
    ParticipantShare {
        groups: Vec<TargetGroup>,
    },
    DistinctVenues,
    DistinctTopics,
    /// Distinct channels of the item's publicity log.
    DistinctChannels,
    /// Entries of the publicity log.
    PublicityPostings,
    /// Share of a roster's entries the item's activities reached, in percent.
    RosterCoverage {
        roster: String,
    },
    /// Share of 4–5 answers of a survey, in percent.
    SurveySatisfied {
        survey: String,
    },
    /// Share of respondents passing a test, in percent.
    TestPassing {
        survey: String,
    },
    /// Mean score of a post-test minus that of its activity's pre-test, in points.
    ScoreGain {
        survey: String,
    },
    /// Complaints of these categories (all when empty) this fiscal year so far.
    Complaints {
        categories: Vec<String>,
    },
    /// How much fewer complaints of these categories than in the baseline
    /// fiscal year, in percent (positive = fewer).
    ComplaintReduction {
        categories: Vec<String>,
        baseline_year: u16,
    },
}

impl KpiSource {
    pub fn code(&self) -> &'static str {
        match self {
            KpiSource::Activities { .. } => "activities",
            KpiSource::Sessions { .. } => "sessions",
            KpiSource::Participants { .. } => "participants",
            KpiSource::ParticipantShare { .. } => "participant_share",
            KpiSource::DistinctVenues => "distinct_venues",
            KpiSource::DistinctTopics => "distinct_topics",
            KpiSource::DistinctChannels => "distinct_channels",
            KpiSource::PublicityPostings => "publicity_postings",
            KpiSource::RosterCoverage { .. } => "roster_coverage",
            KpiSource::SurveySatisfied { .. } => "survey_satisfied",
            KpiSource::TestPassing { .. } => "test_passing",
            KpiSource::ScoreGain { .. } => "score_gain",
            KpiSource::Complaints { .. } => "complaints",
            KpiSource::ComplaintReduction { .. } => "complaint_reduction",
        }
    }

    /// All source codes with their Thai names, for the coordinator's choice.
    pub const CHOICES: [(&'static str, &'static str); 14] = [
        ("activities", "จำนวนกิจกรรม (ครั้ง)"),
        ("sessions", "จำนวนรุ่น/วันที่จัด (ครั้ง)"),
        ("participants", "จำนวนผู้เข้าร่วม (คน)"),
        ("participant_share", "ผู้เข้าร่วมเทียบกับเป้าหมาย (ร้อยละ)"),
        ("distinct_venues", "จำนวนสถานที่/จุดที่จัด (แห่ง)"),
        ("distinct_topics", "จำนวนหัวข้อ/ประเด็น"),
        ("distinct_channels", "จำนวนช่องทางประชาสัมพันธ์"),
        ("publicity_postings", "จำนวนครั้งที่ประชาสัมพันธ์"),
        ("roster_coverage", "ความครอบคลุมของรายชื่อ (ร้อยละ)"),
        ("survey_satisfied", "ความพึงพอใจระดับมากขึ้นไป (ร้อยละ)"),
        ("test_passing", "ผู้ผ่านแบบทดสอบ (ร้อยละ)"),
        ("score_gain", "คะแนนหลังอบรมเพิ่มขึ้นจากก่อนอบรม (คะแนนร้อยละ)"),
        ("complaints", "จำนวนเรื่องร้องเรียน (เรื่อง)"),
        ("complaint_reduction", "เรื่องร้องเรียนลดลงจากปีฐาน (ร้อยละ)"),
    ];

    pub fn thai(&self) -> &'static str {
        let code = self.code();
        Self::CHOICES
            .iter()
            .find(|(c, _)| *c == code)
            .map_or("", |(_, t)| t)
    }

    /// A sensible source for a KPI from its words, for the coordinator to
    /// confirm. Surveys, rosters and categories are the caller's to fill in.
    pub fn suggest(target: &KpiTarget) -> KpiSource {
        let t = target.text.as_str();
        let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
        if has(&["ร้องเรียน", "ทุจริต"]) && has(&["ลดลง"]) {
            KpiSource::ComplaintReduction {
                categories: Vec::new(),
                baseline_year: 0,
            }
        } else if has(&["ร้องเรียน"]) {
            KpiSource::Complaints {
                categories: Vec::new(),
            }
        } else if has(&["พึงพอใจ"]) {
            KpiSource::SurveySatisfied {
                survey: String::new(),
            }
        } else if has(&["ผ่าน", "ทดสอบ", "ความรู้", "ความเข้าใจ"])
        {
            KpiSource::TestPassing {
                survey: String::new(),
            }
        } else if has(&["ช่องทาง"]) {
            KpiSource::DistinctChannels
        } else if has(&["แห่ง", "ชุมชน", "สถานที่", "จุด"]) && target.unit != "ร้อยละ"
        {
            KpiSource::DistinctVenues
        } else if target.unit == "ร้อยละ" && has(&["เข้าร่วม", "ผู้เข้า", "กลุ่มเป้าหมาย"])
        {
            KpiSource::ParticipantShare { groups: Vec::new() }
        } else if target.unit == "คน" || has(&["ผู้เข้าร่วม", "คน"]) {
            KpiSource::Participants { groups: Vec::new() }
        } else if has(&["ประชาสัมพันธ์", "เผยแพร่"]) {
            KpiSource::PublicityPostings
        } else {
            KpiSource::Sessions { kinds: Vec::new() }
        }
    }
}

/// What the store read for one item and fiscal year, as of a date.
#[derive(Clone, Debug, Default)]
pub struct Records {
    pub activities: Vec<Activity>,
    pub publicity: Vec<PublicityEntry>,
    pub rosters: Vec<Roster>,
    /// Survey id → (results, the results of the pre-test of its activity).
    pub surveys: Vec<(String, Results, Option<Results>)>,
    /// Complaints counted for each `Complaints`/`ComplaintReduction` source
    /// this year so far, and in its baseline year: (source index, this year,
    /// baseline).
    pub complaint_counts: Vec<(usize, u64, Option<u64>)>,
}

/// One KPI's computed actual.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Measurement {
    pub value: f64,
    pub met: bool,
    pub as_of: Date,
}

/// The actual of `source` for `target` from `records`, counting only
/// sessions held by `as_of`; None when the records cannot say (no survey
/// answers yet, an empty roster, a baseline year without complaints).
pub fn measure(
    index: usize,
    source: &KpiSource,
    target: &KpiTarget,
    records: &Records,
    as_of: Date,
) -> Option<Measurement> {
    let held: Vec<&Activity> = records
        .activities
        .iter()
        .filter(|a| a.input.first_day().is_some_and(|d| d <= as_of))
        .collect();
    let of_kinds = |kinds: &Vec<ActivityKind>| {
        held.iter()
            .filter(move |a| kinds.is_empty() || kinds.contains(&a.input.kind))
            .copied()
            .collect::<Vec<_>>()
    };
    let posted = || records.publicity.iter().filter(|p| p.date <= as_of);
    let survey = |id: &str| records.surveys.iter().find(|(s, _, _)| s == id);
    let value = match source {
        KpiSource::Activities { kinds } => of_kinds(kinds).len() as f64,
        KpiSource::Sessions { kinds } => of_kinds(kinds)
            .iter()
            .map(|a| a.input.sessions.iter().filter(|s| s.date <= as_of).count())
            .sum::<usize>() as f64,
        KpiSource::Participants { groups } => {
            held.iter().map(|a| a.participants(groups)).sum::<u32>() as f64
        }
        KpiSource::ParticipantShare { groups } => {
            let planned: u32 = held
                .iter()
                .flat_map(|a| &a.input.groups)
                .filter(|g| groups.is_empty() || groups.contains(&g.group))
                .map(|g| g.planned)
                .sum();
            if planned == 0 {
                return None;
            }
            let actual: u32 = held.iter().map(|a| a.participants(groups)).sum();
            f64::from(actual) * 100.0 / f64::from(planned)
        }
        KpiSource::DistinctVenues => distinct(held.iter().map(|a| a.input.venue.as_str())),
        KpiSource::DistinctTopics => distinct(
            held.iter()
                .flat_map(|a| a.input.topics.iter().map(String::as_str)),
        ),
        KpiSource::DistinctChannels => distinct(posted().map(|p| p.channel.as_str())),
        KpiSource::PublicityPostings => posted().count() as f64,
        KpiSource::RosterCoverage { roster } => {
            let roster = records.rosters.iter().find(|r| &r.id == roster)?;
            if roster.entries.is_empty() {
                return None;
            }
            let reached: BTreeSet<&str> = held
                .iter()
                .flat_map(|a| &a.input.roster_entries)
                .filter(|e| e.roster == roster.id)
                .map(|e| e.entry.as_str())
                .collect();
            let covered = roster
                .entries
                .iter()
                .filter(|e| reached.contains(e.as_str()))
                .count();
            covered as f64 * 100.0 / roster.entries.len() as f64
        }
        KpiSource::SurveySatisfied { survey: id } => survey(id)?.1.satisfied_share?,
        KpiSource::TestPassing { survey: id } => survey(id)?.1.pass_share?,
        KpiSource::ScoreGain { survey: id } => {
            let (_, post, pre) = survey(id)?;
            post.mean_score? - pre.as_ref()?.mean_score?
        }
        KpiSource::Complaints { .. } => {
            let (_, count, _) = records.complaint_counts.iter().find(|c| c.0 == index)?;
            *count as f64
        }
        KpiSource::ComplaintReduction { .. } => {
            let (_, count, baseline) = records.complaint_counts.iter().find(|c| c.0 == index)?;
            let baseline = (*baseline)?;
            if baseline == 0 {
                return None;
            }
            (baseline as f64 - *count as f64) * 100.0 / baseline as f64
        }
    };
    let value = (value * 100.0).round() / 100.0;
    Some(Measurement {
        value,
        met: target.met_by(value),
        as_of,
    })
}

fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> f64 {
    values
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect::<BTreeSet<_>>()
        .len() as f64
}

/// A KPI actual typed over the one computed from records needs a reason:
/// the report keeps both the value and why it differs.
pub fn check_override(
    kpi: &str,
    computed: f64,
    typed: &str,
    note: &str,
) -> Option<crate::validation::FieldError> {
    let value = crate::progress::parse_number(typed)?;
    if (value - computed).abs() < 0.005 || !note.trim().is_empty() {
        return None;
    }
    Some(crate::validation::FieldError {
        field: "kpi_actuals",
        message: format!(
            "ผลตัวชี้วัด \"{}\" ที่กรอก ({}) ต่างจากค่าที่คำนวณจากบันทึกกิจกรรม ({}): โปรดระบุเหตุผลในช่องหมายเหตุ",
            crate::validation::shown(kpi),
            value_text(value),
            value_text(computed)
        ),
    })
}

/// "86" or "86.5": an actual as the report form writes it.
pub fn value_text(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ItemRef;
    use crate::activity::{ActivityInput, GroupCount, RosterEntryRef, RosterKind, Session};
    use crate::progress::{Comparison, kpi_targets};
    use time::macros::{date, time};

    fn activity(day: Date, venue: &str, staff: u32, reached: &[&str]) -> Activity {
        Activity {
            id: format!("a-{day}"),
            input: ActivityInput {
                item: ItemRef {
                    dimension: 1,
                    no: 1,
                },
                fiscal_year: 2569,
                kind: ActivityKind::Training,
                title: "อบรม".into(),
                sessions: vec![Session {
                    date: day,
                    starts: time!(9:00),
                    ends: time!(12:00),
                }],
                venue: venue.into(),
                topics: vec![],
                speakers: vec![],
                groups: vec![GroupCount {
                    group: TargetGroup::Staff,
                    planned: 50,
                    actual: Some(staff),
                }],
                roster_entries: reached
                    .iter()
                    .map(|e| RosterEntryRef {
                        roster: "r1".into(),
                        entry: (*e).into(),
                    })
                    .collect(),
                summary: String::new(),
            },
            published: true,
            checkin_token: "t".into(),
            checkins: vec![],
            photos: vec![],
            revision: 1,
        }
    }

    fn target(text: &str) -> KpiTarget {
        kpi_targets(&[text.to_string()]).remove(0)
    }

    #[test]
    fn counts_only_what_was_held_by_the_date() {
        let records = Records {
            activities: vec![
                activity(date!(2025 - 11 - 10), "ห้องประชุม", 60, &["ชุมชน ก"]),
                activity(date!(2026 - 02 - 10), "ศาลาชุมชน", 45, &["ชุมชน ข", "ชุมชน ก"]),
            ],
            rosters: vec![Roster {
                id: "r1".into(),
                kind: RosterKind::Communities,
                name: "ชุมชน".into(),
                entries: vec![
                    "ชุมชน ก".into(),
                    "ชุมชน ข".into(),
                    "ชุมชน ค".into(),
                    "ชุมชน ง".into(),
                ],
            }],
            ..Records::default()
        };
        let sessions = target("จัดอบรมไม่น้อยกว่า 2 ครั้ง");
        let early = date!(2025 - 12 - 31);
        let late = date!(2026 - 03 - 31);
        let m = |s: &KpiSource, t: &KpiTarget, d| measure(0, s, t, &records, d).unwrap();
        let by_sessions = KpiSource::Sessions { kinds: vec![] };
        assert_eq!(m(&by_sessions, &sessions, early).value, 1.0);
        assert!(!m(&by_sessions, &sessions, early).met);
        assert!(m(&by_sessions, &sessions, late).met);
        let people = target("ผู้เข้าร่วมอบรมไม่น้อยกว่า 100 คน");
        let by_people = KpiSource::Participants { groups: vec![] };
        assert_eq!(m(&by_people, &people, late).value, 105.0);
        let coverage = target("ครอบคลุมชุมชนไม่น้อยกว่าร้อยละ 80");
        let by_roster = KpiSource::RosterCoverage {
            roster: "r1".into(),
        };
        assert_eq!(m(&by_roster, &coverage, late).value, 50.0);
        assert!(!m(&by_roster, &coverage, late).met);
        assert_eq!(m(&KpiSource::DistinctVenues, &coverage, late).value, 2.0);
    }

    #[test]
    fn complaint_reduction_against_a_baseline_year() {
        let t = target("เรื่องร้องเรียนการทุจริตลดลงร้อยละ 10");
        assert_eq!(t.comparison, Comparison::AtLeast);
        let source = KpiSource::ComplaintReduction {
            categories: vec![],
            baseline_year: 2565,
        };
        assert_eq!(KpiSource::suggest(&t).code(), source.code());
        let records = Records {
            complaint_counts: vec![(3, 8, Some(10))],
            ..Records::default()
        };
        let m = measure(3, &source, &t, &records, date!(2026 - 09 - 30)).unwrap();
        assert_eq!((m.value, m.met), (20.0, true));
        assert!(measure(2, &source, &t, &records, date!(2026 - 09 - 30)).is_none());
        let none_before = Records {
            complaint_counts: vec![(3, 8, Some(0))],
            ..Records::default()
        };
        assert!(measure(3, &source, &t, &none_before, date!(2026 - 09 - 30)).is_none());
    }

    #[test]
    fn suggestions_follow_the_words() {
        let code = |text: &str| KpiSource::suggest(&target(text)).code();
        assert_eq!(
            code("ผู้รับบริการมีความพึงพอใจไม่น้อยกว่าร้อยละ 80"),
            "survey_satisfied"
        );
        assert_eq!(
            code("ผู้เข้าร่วมผ่านการทดสอบความรู้ไม่น้อยกว่าร้อยละ 80"),
            "test_passing"
        );
        assert_eq!(code("ประชาสัมพันธ์ไม่น้อยกว่า 5 ช่องทาง"), "distinct_channels");
        assert_eq!(code("ผู้เข้าร่วมโครงการไม่น้อยกว่า 100 คน"), "participants");
        assert_eq!(value_text(86.0), "86");
        assert!(check_override("k", 86.0, "86", "").is_none());
        assert!(
            check_override("k", 86.0, "", "").is_none(),
            "left empty: nothing to explain"
        );
        assert!(check_override("k", 86.0, "90", "นับรวมผู้เข้าร่วมจากใบลงชื่อกระดาษ").is_none());
        let refused = check_override("k", 86.0, "90", " ").unwrap();
        assert!(refused.message.contains("(86)"));
        assert_eq!(value_text(86.5), "86.5");
    }
}
