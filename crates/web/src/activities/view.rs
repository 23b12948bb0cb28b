//! The activity pages' view models: ready-to-show Thai strings built from
//! domain data.

use askama::Template;
use sujarit_core::Item;
use sujarit_core::activity::{
    Activity, ActivityKind, PublicityEntry, Roster, RosterKind, Session, TargetGroup,
};
use sujarit_core::fiscal::thai_date;
use sujarit_store::Organization;

use super::form::{Posted, SessionRow, session_rows};
use crate::ui::{Crumb, FormErrors, Layout, StaffBar, Urls, org_crumbs, staff_layout};

/// "15 มกราคม 2569 09:00–16:00 น."
pub fn session_text(s: &Session) -> String {
    format!(
        "{} {:02}:{:02}–{:02}:{:02} น.",
        thai_date(s.date),
        s.starts.hour(),
        s.starts.minute(),
        s.ends.hour(),
        s.ends.minute()
    )
}

fn date_range(a: &Activity) -> String {
    let days: Vec<_> = a.input.sessions.iter().map(|s| s.date).collect();
    match (days.iter().min(), days.iter().max()) {
        (Some(first), Some(last)) if first == last => thai_date(*first),
        (Some(first), Some(last)) => format!("{} – {}", thai_date(*first), thai_date(*last)),
        _ => "-".into(),
    }
}

pub struct ActivityRow {
    pub href: String,
    pub dates: String,
    pub kind: &'static str,
    pub title: String,
    pub item: String,
    pub venue: String,
    pub sessions: usize,
    pub planned: u32,
    pub participants: u32,
    pub published: bool,
}

pub fn row(a: &Activity, href: String) -> ActivityRow {
    ActivityRow {
        href,
        dates: date_range(a),
        kind: a.input.kind.thai(),
        title: a.input.title.clone(),
        item: a.input.item.to_string(),
        venue: a.input.venue.clone(),
        sessions: a.input.sessions.len(),
        planned: a.input.planned_total(),
        participants: a.participants(&[]),
        published: a.published,
    }
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "activities/list.html")]
pub struct ListPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub year: u16,
    pub years: Vec<Choice>,
    pub items: Vec<Choice>,
    pub rows: Vec<ActivityRow>,
    pub notice: Option<String>,
}

pub fn list_page(
    bar: StaffBar,
    year: u16,
    years: Vec<u16>,
    items: &[&Item],
    activities: &[Activity],
    notice: Option<String>,
) -> ListPage {
    ListPage {
        layout: staff_layout("กิจกรรมและการเข้าร่วม", vec![]),
        bar,
        year,
        years: years
            .into_iter()
            .map(|y| Choice {
                value: y.to_string(),
                label: format!("ปีงบประมาณ {y}"),
                selected: y == year,
            })
            .collect(),
        items: item_choices(items, None),
        rows: activities
            .iter()
            .map(|a| row(a, format!("/staff/activities/{}", a.id)))
            .collect(),
        notice,
    }
}

fn item_choices(items: &[&Item], selected: Option<&str>) -> Vec<Choice> {
    items
        .iter()
        .map(|i| {
            let code = i.item_ref().to_string();
            Choice {
                selected: selected == Some(code.as_str()),
                label: format!("{code} {}", i.name),
                value: code,
            }
        })
        .collect()
}

pub struct GroupRow {
    pub code: &'static str,
    pub label: &'static str,
    pub planned: String,
    pub actual: String,
    pub checkins: u32,
}

pub struct RosterChoices {
    pub name: String,
    pub kind: &'static str,
    pub entries: Vec<Choice>,
}

pub struct FileView {
    pub href: String,
    pub name: String,
    pub is_image: bool,
}

/// What the form page shows of a stored activity beyond the form.
pub struct Stored {
    pub id: String,
    pub published: bool,
    pub checkin_url: String,
    pub checkins: u32,
    pub files: Vec<FileView>,
    pub public_href: String,
}

#[derive(Template)]
#[template(path = "activities/form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub action: String,
    pub errors: FormErrors,
    pub can_edit: bool,
    /// The coordinator publishes (published activities count in public KPIs).
    pub can_publish: bool,
    pub item: String,
    pub items: Vec<Choice>,
    pub fiscal_year: String,
    pub kinds: Vec<Choice>,
    pub title: String,
    pub venue: String,
    pub topics: String,
    pub speakers: String,
    pub summary: String,
    pub sessions: Vec<SessionRow>,
    pub groups: Vec<GroupRow>,
    pub rosters: Vec<RosterChoices>,
    pub revision: i64,
    pub stored: Option<Stored>,
    pub notice: Option<String>,
    pub kpi_href: Option<String>,
}

/// The form's values: from the posted form (shown again with its errors),
/// else the stored activity, else a blank for `item` and `year`.
pub struct FormInput<'a> {
    pub bar: StaffBar,
    pub items: &'a [&'a Item],
    pub rosters: &'a [Roster],
    pub activity: Option<&'a Activity>,
    pub posted: Option<&'a Posted>,
    pub errors: FormErrors,
    pub item: Option<String>,
    pub year: u16,
    pub can_edit: bool,
    pub can_publish: bool,
    pub checkin_url: Option<String>,
    pub slug: &'a str,
    pub notice: Option<String>,
}

pub fn form_page(input: FormInput<'_>) -> FormPage {
    let FormInput {
        bar,
        items,
        rosters,
        activity,
        posted,
        errors,
        item,
        year,
        can_edit,
        can_publish,
        checkin_url,
        slug,
        notice,
    } = input;
    let title_text = activity.map_or("บันทึกกิจกรรมใหม่".to_string(), |a| a.input.title.clone());
    let layout = staff_layout(
        &title_text,
        vec![Crumb::link("กิจกรรมและการเข้าร่วม", "/staff/activities")],
    );
    let from_activity = |f: fn(&Activity) -> String| activity.map(f).unwrap_or_default();
    let value = |name: &str, stored: String| match posted {
        Some(p) => p.get(name),
        None => stored,
    };
    let item_code = value(
        "item",
        activity
            .map(|a| a.input.item.to_string())
            .or(item)
            .unwrap_or_default(),
    );
    let kind = value("kind", from_activity(|a| a.input.kind.code().to_string()));
    let mut sessions = match posted {
        Some(p) => session_rows(p),
        None => activity
            .map(|a| {
                a.input
                    .sessions
                    .iter()
                    .map(|s| SessionRow {
                        date: format!(
                            "{:02}/{:02}/{}",
                            s.date.day(),
                            s.date.month() as u8,
                            sujarit_core::fiscal::ce_to_be(s.date.year())
                        ),
                        starts: format!("{:02}:{:02}", s.starts.hour(), s.starts.minute()),
                        ends: format!("{:02}:{:02}", s.ends.hour(), s.ends.minute()),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    };
    // Room for more sessions: a camp of three days, a training of two rounds.
    while sessions.len() < 3 || sessions.iter().all(|s| !s.date.is_empty()) && sessions.len() < 8 {
        sessions.push(SessionRow::default());
        if sessions.len() >= 3 && sessions.last().is_some_and(|s| s.date.is_empty()) {
            break;
        }
    }
    let groups = TargetGroup::ALL
        .into_iter()
        .map(|g| {
            let stored = activity.and_then(|a| a.input.groups.iter().find(|c| c.group == g));
            GroupRow {
                code: g.code(),
                label: g.thai(),
                planned: value(
                    &format!("planned_{}", g.code()),
                    stored.map(|c| c.planned.to_string()).unwrap_or_default(),
                ),
                actual: value(
                    &format!("actual_{}", g.code()),
                    stored
                        .and_then(|c| c.actual)
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                ),
                checkins: activity
                    .and_then(|a| a.checkins.iter().find(|(cg, _)| *cg == g))
                    .map_or(0, |(_, n)| *n),
            }
        })
        .collect();
    let reached: Vec<String> = match posted {
        Some(p) => p.all("reach"),
        None => activity
            .map(|a| {
                a.input
                    .roster_entries
                    .iter()
                    .map(|e| format!("{}|{}", e.roster, e.entry))
                    .collect()
            })
            .unwrap_or_default(),
    };
    let rosters = rosters
        .iter()
        .map(|r| RosterChoices {
            name: r.name.clone(),
            kind: r.kind.thai(),
            entries: r
                .entries
                .iter()
                .map(|e| {
                    let value = format!("{}|{}", r.id, e);
                    Choice {
                        selected: reached.contains(&value),
                        label: e.clone(),
                        value,
                    }
                })
                .collect(),
        })
        .collect();
    let fiscal_year = value(
        "fiscal_year",
        activity.map_or(year, |a| a.input.fiscal_year).to_string(),
    );
    let stored = activity.map(|a| Stored {
        id: a.id.clone(),
        published: a.published,
        checkin_url: checkin_url.clone().unwrap_or_default(),
        checkins: a.checkins.iter().map(|(_, n)| n).sum(),
        files: a
            .photos
            .iter()
            .map(|f| FileView {
                href: format!("/staff/activities/{}/files/{}", a.id, f.id),
                name: f.file_name.clone(),
                is_image: f.media_type.starts_with("image/"),
            })
            .collect(),
        public_href: format!("/o/{slug}/activities/{}", a.id),
    });
    FormPage {
        layout,
        bar,
        action: activity.map_or("/staff/activities".to_string(), |a| {
            format!("/staff/activities/{}", a.id)
        }),
        errors,
        can_edit,
        can_publish,
        items: item_choices(items, Some(&item_code)),
        item: item_code.clone(),
        kpi_href: activity.map(|a| {
            format!(
                "/staff/progress/{}/{}/kpis",
                a.input.item, a.input.fiscal_year
            )
        }),
        fiscal_year,
        kinds: ActivityKind::ALL
            .into_iter()
            .map(|k| Choice {
                value: k.code().into(),
                label: k.thai().into(),
                selected: k.code() == kind,
            })
            .collect(),
        title: value("title", from_activity(|a| a.input.title.clone())),
        venue: value("venue", from_activity(|a| a.input.venue.clone())),
        topics: value("topics", from_activity(|a| a.input.topics.join("\n"))),
        speakers: value("speakers", from_activity(|a| a.input.speakers.join("\n"))),
        summary: value("summary", from_activity(|a| a.input.summary.clone())),
        sessions,
        groups,
        rosters,
        revision: activity.map_or(0, |a| a.revision),
        stored,
        notice,
    }
}

pub struct AttendanceRow {
    pub no: usize,
    pub name: String,
    pub group: &'static str,
    pub at: String,
}

#[derive(Template)]
#[template(path = "activities/attendance.html")]
pub struct AttendancePage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub title: String,
    pub back: String,
    pub rows: Vec<AttendanceRow>,
}

pub fn attendance_page(
    bar: StaffBar,
    activity: &Activity,
    lines: &[sujarit_store::Attendance],
) -> AttendancePage {
    AttendancePage {
        layout: staff_layout(
            "รายชื่อผู้ลงชื่อเข้าร่วม",
            vec![
                Crumb::link("กิจกรรมและการเข้าร่วม", "/staff/activities"),
                Crumb::link(
                    activity.input.title.clone(),
                    format!("/staff/activities/{}", activity.id),
                ),
            ],
        ),
        bar,
        title: activity.input.title.clone(),
        back: format!("/staff/activities/{}", activity.id),
        rows: lines
            .iter()
            .enumerate()
            .map(|(i, l)| AttendanceRow {
                no: i + 1,
                name: l.name.clone().unwrap_or_else(|| "(ไม่ระบุชื่อ)".into()),
                group: l.group.thai(),
                at: sujarit_core::thai::datetime_text(l.checked_in_at),
            })
            .collect(),
    }
}

pub struct PublicityRow {
    pub id: String,
    pub date: String,
    pub channel: String,
    pub topic: String,
    pub item: String,
}

#[derive(Template)]
#[template(path = "activities/publicity.html")]
pub struct PublicityPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub year: u16,
    pub years: Vec<Choice>,
    pub rows: Vec<PublicityRow>,
    pub channels: Vec<Choice>,
    pub channels_text: String,
    pub items: Vec<Choice>,
    pub distinct_channels: usize,
    pub errors: FormErrors,
    pub form_date: String,
    pub form_topic: String,
    pub can_set_channels: bool,
    pub notice: Option<String>,
}

#[allow(clippy::too_many_arguments)]
pub fn publicity_page(
    bar: StaffBar,
    year: u16,
    years: Vec<u16>,
    entries: &[PublicityEntry],
    channels: &[String],
    items: &[&Item],
    posted: Option<&Posted>,
    errors: FormErrors,
    can_set_channels: bool,
    notice: Option<String>,
) -> PublicityPage {
    let chosen_channel = posted.map(|p| p.get("channel")).unwrap_or_default();
    let chosen_item = posted.map(|p| p.get("item"));
    PublicityPage {
        layout: staff_layout("บันทึกการประชาสัมพันธ์", vec![]),
        bar,
        year,
        years: years
            .into_iter()
            .map(|y| Choice {
                value: y.to_string(),
                label: format!("ปีงบประมาณ {y}"),
                selected: y == year,
            })
            .collect(),
        distinct_channels: entries
            .iter()
            .map(|e| e.channel.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        rows: entries
            .iter()
            .map(|e| PublicityRow {
                id: e.id.clone(),
                date: thai_date(e.date),
                channel: e.channel.clone(),
                topic: e.topic.clone(),
                item: e.item.map(|i| i.to_string()).unwrap_or_else(|| "-".into()),
            })
            .collect(),
        channels: channels
            .iter()
            .map(|c| Choice {
                value: c.clone(),
                label: c.clone(),
                selected: *c == chosen_channel,
            })
            .collect(),
        channels_text: channels.join("\n"),
        items: item_choices(items, chosen_item.as_deref()),
        errors,
        form_date: posted.map(|p| p.get("date")).unwrap_or_default(),
        form_topic: posted.map(|p| p.get("topic")).unwrap_or_default(),
        can_set_channels,
        notice,
    }
}

pub struct RosterView {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub count: usize,
    pub entries: String,
}

#[derive(Template)]
#[template(path = "activities/rosters.html")]
pub struct RostersPage {
    pub layout: Layout,
    pub bar: StaffBar,
    pub rosters: Vec<RosterView>,
    pub kinds: Vec<Choice>,
    pub errors: FormErrors,
    pub form_name: String,
    pub form_entries: String,
    pub notice: Option<String>,
}

pub fn rosters_page(
    bar: StaffBar,
    rosters: &[Roster],
    posted: Option<&Posted>,
    errors: FormErrors,
    notice: Option<String>,
) -> RostersPage {
    let chosen = posted.map(|p| p.get("kind")).unwrap_or_default();
    RostersPage {
        layout: staff_layout("ทะเบียนรายชื่อ", vec![]),
        bar,
        rosters: rosters
            .iter()
            .map(|r| RosterView {
                id: r.id.clone(),
                name: r.name.clone(),
                kind: r.kind.thai(),
                count: r.entries.len(),
                entries: r.entries.join("\n"),
            })
            .collect(),
        kinds: RosterKind::ALL
            .into_iter()
            .map(|k| Choice {
                value: k.code().into(),
                label: k.thai().into(),
                selected: k.code() == chosen,
            })
            .collect(),
        errors,
        form_name: posted.map(|p| p.get("name")).unwrap_or_default(),
        form_entries: posted.map(|p| p.get("entries")).unwrap_or_default(),
        notice,
    }
}

// ---------------------------------------------------------------------------
// Public pages

pub struct MonthBlock {
    pub label: String,
    pub rows: Vec<ActivityRow>,
}

#[derive(Template)]
#[template(path = "activities/calendar.html")]
pub struct CalendarPage {
    pub layout: Layout,
    pub organization: String,
    pub year: u16,
    pub years: Vec<Choice>,
    pub months: Vec<MonthBlock>,
    pub total_participants: u32,
    pub count: usize,
    pub base: String,
}

pub fn calendar_page(
    org: &Organization,
    year: u16,
    years: Vec<u16>,
    activities: &[Activity],
) -> CalendarPage {
    let urls = Urls::new(&org.slug);
    let mut crumbs = org_crumbs(org, &urls);
    crumbs.push(Crumb::here(format!("ปฏิทินกิจกรรม ปีงบประมาณ {year}")));
    let mut months: Vec<MonthBlock> = Vec::new();
    for a in activities {
        let Some(first) = a.input.first_day() else {
            continue;
        };
        let label = format!(
            "{} {}",
            sujarit_core::thai::MONTHS[first.month() as usize - 1],
            sujarit_core::fiscal::ce_to_be(first.year())
        );
        let href = format!("/o/{}/activities/{}", org.slug, a.id);
        match months.last_mut() {
            Some(m) if m.label == label => m.rows.push(row(a, href)),
            _ => months.push(MonthBlock {
                label,
                rows: vec![row(a, href)],
            }),
        }
    }
    CalendarPage {
        layout: Layout::new(format!("ปฏิทินกิจกรรม ปีงบประมาณ {year}"), crumbs),
        organization: org.name.clone(),
        year,
        years: years
            .into_iter()
            .map(|y| Choice {
                value: y.to_string(),
                label: format!("ปีงบประมาณ {y}"),
                selected: y == year,
            })
            .collect(),
        total_participants: activities.iter().map(|a| a.participants(&[])).sum(),
        count: activities.len(),
        months,
        base: format!("/o/{}/activities", org.slug),
    }
}

pub struct GroupLine {
    pub label: &'static str,
    pub planned: u32,
    pub participants: u32,
}

#[derive(Template)]
#[template(path = "activities/page.html")]
pub struct ActivityPage {
    pub layout: Layout,
    pub organization: String,
    pub title: String,
    pub kind: &'static str,
    pub item: String,
    pub item_name: String,
    pub item_href: String,
    pub sessions: Vec<String>,
    pub venue: String,
    pub topics: Vec<String>,
    pub speakers: Vec<String>,
    pub groups: Vec<GroupLine>,
    pub planned: u32,
    pub participants: u32,
    pub summary: String,
    pub files: Vec<FileView>,
    pub calendar_href: String,
}

pub fn activity_page(org: &Organization, activity: &Activity, item: Option<&Item>) -> ActivityPage {
    let urls = Urls::new(&org.slug);
    let mut crumbs = org_crumbs(org, &urls);
    crumbs.push(Crumb::link(
        format!("ปฏิทินกิจกรรม ปีงบประมาณ {}", activity.input.fiscal_year),
        format!(
            "/o/{}/activities?year={}",
            org.slug, activity.input.fiscal_year
        ),
    ));
    crumbs.push(Crumb::here(activity.input.title.clone()));
    ActivityPage {
        layout: Layout::new(activity.input.title.clone(), crumbs),
        organization: org.name.clone(),
        title: activity.input.title.clone(),
        kind: activity.input.kind.thai(),
        item: activity.input.item.to_string(),
        item_name: item.map(|i| i.name.clone()).unwrap_or_default(),
        item_href: urls.item(activity.input.item),
        sessions: activity.input.sessions.iter().map(session_text).collect(),
        venue: activity.input.venue.clone(),
        topics: activity.input.topics.clone(),
        speakers: activity.input.speakers.clone(),
        groups: TargetGroup::ALL
            .into_iter()
            .filter_map(|g| {
                let planned = activity
                    .input
                    .groups
                    .iter()
                    .find(|c| c.group == g)
                    .map_or(0, |c| c.planned);
                let participants = activity.participants_of(g);
                (planned > 0 || participants > 0).then_some(GroupLine {
                    label: g.thai(),
                    planned,
                    participants,
                })
            })
            .collect(),
        planned: activity.input.planned_total(),
        participants: activity.participants(&[]),
        summary: activity.input.summary.clone(),
        files: activity
            .photos
            .iter()
            .map(|f| FileView {
                href: format!("/o/{}/activities/{}/files/{}", org.slug, activity.id, f.id),
                name: f.file_name.clone(),
                is_image: f.media_type.starts_with("image/"),
            })
            .collect(),
        calendar_href: format!(
            "/o/{}/activities?year={}",
            org.slug, activity.input.fiscal_year
        ),
    }
}

#[derive(Template)]
#[template(path = "activities/checkin.html")]
pub struct CheckinPage {
    pub layout: Layout,
    pub organization: String,
    pub title: String,
    pub sessions: Vec<String>,
    pub venue: String,
    pub action: String,
    pub groups: Vec<Choice>,
    pub name: String,
    pub errors: FormErrors,
    pub open: bool,
    pub done: bool,
    pub message: Option<String>,
}

pub fn checkin_page(
    org: &Organization,
    activity: &Activity,
    action: String,
    open: bool,
) -> CheckinPage {
    let planned: Vec<TargetGroup> = activity.input.groups.iter().map(|g| g.group).collect();
    CheckinPage {
        layout: Layout::new(format!("ลงชื่อเข้าร่วม: {}", activity.input.title), vec![]),
        organization: org.name.clone(),
        title: activity.input.title.clone(),
        sessions: activity.input.sessions.iter().map(session_text).collect(),
        venue: activity.input.venue.clone(),
        action,
        groups: TargetGroup::ALL
            .into_iter()
            .filter(|g| planned.is_empty() || planned.contains(g))
            .map(|g| Choice {
                value: g.code().into(),
                label: g.thai().into(),
                selected: false,
            })
            .collect(),
        name: String::new(),
        errors: FormErrors::default(),
        open,
        done: false,
        message: None,
    }
}
