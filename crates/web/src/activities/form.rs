//! The activity form as posted: repeated fields (sessions, roster entries)
//! read from the urlencoded body, typed values checked with a Thai message
//! at each field before core's rules run.

use sujarit_core::ItemRef;
use sujarit_core::activity::{
    ActivityInput, ActivityKind, GroupCount, RosterEntryRef, Session, TargetGroup, parse_session,
};

use crate::format;
use crate::ui::FormErrors;

/// The posted form: every value as typed (to show again) by name.
#[derive(Clone, Debug, Default)]
pub struct Posted {
    pairs: Vec<(String, String)>,
}

impl Posted {
    pub fn parse(body: &[u8]) -> Posted {
        Posted {
            pairs: form_urlencoded::parse(body).into_owned().collect(),
        }
    }

    pub fn get(&self, name: &str) -> String {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    pub fn lines(&self, name: &str) -> Vec<String> {
        self.get(name)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }
}

/// A session row as typed.
#[derive(Clone, Debug, Default)]
pub struct SessionRow {
    pub date: String,
    pub starts: String,
    pub ends: String,
}

pub fn session_rows(posted: &Posted) -> Vec<SessionRow> {
    let dates = posted.all("session_date");
    let starts = posted.all("session_start");
    let ends = posted.all("session_end");
    (0..dates.len().max(starts.len()).max(ends.len()))
        .map(|i| SessionRow {
            date: dates.get(i).cloned().unwrap_or_default(),
            starts: starts.get(i).cloned().unwrap_or_default(),
            ends: ends.get(i).cloned().unwrap_or_default(),
        })
        .filter(|r| !(r.date.is_empty() && r.starts.is_empty() && r.ends.is_empty()))
        .collect()
}

/// A participant count: empty is None; anything but a whole number ≥ 0 is
/// refused at its field.
fn count(errors: &mut FormErrors, field: &str, label: &str, text: &str) -> Option<u32> {
    let text = sujarit_core::thai::arabic_digits(text.trim()).replace(',', "");
    if text.is_empty() {
        return None;
    }
    match text.parse::<u32>() {
        Ok(n) if n <= 1_000_000 => Some(n),
        _ => {
            errors.add(
                field,
                format!("{label}ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป (ได้รับ \"{text}\")"),
            );
            None
        }
    }
}

/// Reads the form into an activity, or the Thai messages of every field
/// that cannot be read. Core's rules run afterwards (in the store).
pub fn read(posted: &Posted) -> Result<ActivityInput, FormErrors> {
    let mut errors = FormErrors::default();
    let item: Option<ItemRef> = format::parse_item_ref(&posted.get("item"));
    if item.is_none() {
        errors.add("item", "โปรดเลือกรายการในแผน (เช่น 1.1)");
    }
    let fiscal_year = format::parse_fiscal_year(&posted.get("fiscal_year"));
    if fiscal_year.is_none() {
        errors.add(
            "fiscal_year",
            "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก (2400–2700) เช่น 2569",
        );
    }
    let kind = ActivityKind::parse(&posted.get("kind"));
    if kind.is_none() {
        errors.add("kind", "โปรดเลือกประเภทกิจกรรม");
    }
    let mut sessions: Vec<Session> = Vec::new();
    for (i, row) in session_rows(posted).iter().enumerate() {
        match parse_session(&row.date, &row.starts, &row.ends) {
            Some(s) => sessions.push(s),
            None => errors.add(
                "sessions",
                format!(
                    "ช่วงที่ {}: วันที่ต้องเป็น วว/ดด/ปปปป (พ.ศ.) เช่น 15/01/2569 และเวลาเป็น ชช:นน เช่น 09:00",
                    i + 1
                ),
            ),
        }
    }
    let mut groups = Vec::new();
    for group in TargetGroup::ALL {
        let planned_field = format!("planned_{}", group.code());
        let actual_field = format!("actual_{}", group.code());
        let planned = count(
            &mut errors,
            "groups",
            &format!("เป้าหมาย{}", group.thai()),
            &posted.get(&planned_field),
        );
        let actual = count(
            &mut errors,
            "groups",
            &format!("ผู้เข้าร่วมจริง{}", group.thai()),
            &posted.get(&actual_field),
        );
        if planned.is_some() || actual.is_some() {
            groups.push(GroupCount {
                group,
                planned: planned.unwrap_or(0),
                actual,
            });
        }
    }
    let roster_entries = posted
        .all("reach")
        .into_iter()
        .filter_map(|v| {
            let (roster, entry) = v.split_once('|')?;
            Some(RosterEntryRef {
                roster: roster.to_string(),
                entry: entry.to_string(),
            })
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some(item), Some(fiscal_year), Some(kind)) = (item, fiscal_year, kind) else {
        return Err(errors);
    };
    Ok(ActivityInput {
        item,
        fiscal_year,
        kind,
        title: posted.get("title"),
        sessions,
        venue: posted.get("venue"),
        topics: posted.lines("topics"),
        speakers: posted.lines("speakers"),
        groups,
        roster_entries,
        summary: posted.get("summary"),
    })
}

/// The fuzz harness of the activity form's reader (`fuzz/fuzz_targets/form_fields.rs`,
/// and the property test below): arbitrary bytes as the urlencoded body. The
/// form is read or refused, each problem in Thai at a field of the form; a
/// form read keeps every session row. Panics when not.
#[doc(hidden)]
pub fn fuzz_read_form(body: &[u8]) {
    const FIELDS: [&str; 8] = [
        "item",
        "fiscal_year",
        "kind",
        "sessions",
        "groups",
        "title",
        "venue",
        "summary",
    ];
    let posted = Posted::parse(body);
    match read(&posted) {
        Ok(input) => assert_eq!(input.sessions.len(), session_rows(&posted).len()),
        Err(errors) => {
            assert!(!errors.is_empty(), "refused without a reason");
            for field in errors.fields() {
                assert!(
                    FIELDS.contains(&field) || field.starts_with("activity."),
                    "field {field}"
                );
            }
            for message in errors.all() {
                assert!(
                    message.chars().any(sujarit_core::thai::is_thai),
                    "{message}"
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fields_and_bad_counts() {
        let body = "item=1.1&fiscal_year=2569&kind=training&title=A\
            &session_date=15%2F01%2F2569&session_start=09%3A00&session_end=12%3A00\
            &session_date=16%2F01%2F2569&session_start=09%3A00&session_end=12%3A00\
            &session_date=&session_start=&session_end=\
            &planned_staff=100&actual_staff=&reach=r1%7C%E0%B8%81";
        let input = read(&Posted::parse(body.as_bytes())).unwrap();
        assert_eq!(input.sessions.len(), 2);
        assert_eq!(input.groups[0].planned, 100);
        assert_eq!(input.groups[0].actual, None);
        assert_eq!(input.roster_entries[0].entry, "ก");
        let bad = "item=1.1&fiscal_year=2569&kind=training&planned_staff=-5\
            &session_date=31%2F02%2F2569&session_start=09%3A00&session_end=12%3A00";
        let errors = read(&Posted::parse(bad.as_bytes())).unwrap_err();
        assert!(errors.get("groups").unwrap().contains("-5"));
        assert!(errors.get("sessions").unwrap().contains("ช่วงที่ 1"));
    }

    sujarit_testkit::fuzz_properties! {
        the_activity_form_takes_any_bytes: "form_fields" => super::fuzz_read_form;
    }
}
