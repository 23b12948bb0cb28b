//! Roll-ups of many LAOs' figures (issue 15): totals by province, district,
//! LAO kind and region, and the order the comparison tables rank rows in.
//! Pure arithmetic over [`Totals`], so a province's line is exactly the sum
//! of its LAOs' lines.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::{Figures, Totals};
use crate::directory::{DirectoryEntry, OrganizationKind, areas};

/// Every LAO's figures summed by place, kind and region.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RollUp {
    pub total: Totals,
    /// By province code.
    pub provinces: BTreeMap<String, Totals>,
    /// By district code (LAOs without a district are left out here).
    pub districts: BTreeMap<String, Totals>,
    pub kinds: BTreeMap<OrganizationKind, Totals>,
    /// By region id (of the province, from the shipped areas).
    pub regions: BTreeMap<u8, Totals>,
}

impl RollUp {
    /// Sums every LAO (`None`: no figures computed for the year, counted as
    /// an organisation and nothing else).
    pub fn of<'a>(
        rows: impl IntoIterator<Item = (&'a DirectoryEntry, Option<&'a Figures>)>,
    ) -> RollUp {
        let areas = areas::areas();
        let mut up = RollUp::default();
        for (entry, figures) in rows {
            up.total.add(figures);
            up.kinds.entry(entry.kind).or_default().add(figures);
            if let Some(province) = entry.province_code.as_deref() {
                up.provinces
                    .entry(province.to_string())
                    .or_default()
                    .add(figures);
                if let Some(region) = areas.province(province).map(|p| p.region_id) {
                    up.regions.entry(region).or_default().add(figures);
                }
            }
            if let Some(district) = entry.district_code.as_deref() {
                up.districts
                    .entry(district.to_string())
                    .or_default()
                    .add(figures);
            }
        }
        up
    }
}

/// Which figures a table shows: the public's (published data only) or the
/// overseer's (every report).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Published,
    Internal,
}

/// A column a comparison table can be ranked by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// The 12-month score, then the 6-month one (the default).
    Score12m,
    Score6m,
    OitReadiness,
    Activities,
    ComplaintsOnTime,
    KpisMet,
    LateReports,
    ComplaintsOverdue,
    HighRisks,
    /// By name (or code), ascending.
    Name,
}

impl SortKey {
    /// The columns of the public tables.
    pub const PUBLIC: [SortKey; 6] = [
        SortKey::Name,
        SortKey::Score12m,
        SortKey::Score6m,
        SortKey::OitReadiness,
        SortKey::Activities,
        SortKey::ComplaintsOnTime,
    ];

    /// The columns of the overseers' tables.
    pub const STAFF: [SortKey; 8] = [
        SortKey::Name,
        SortKey::Score12m,
        SortKey::Score6m,
        SortKey::OitReadiness,
        SortKey::LateReports,
        SortKey::KpisMet,
        SortKey::ComplaintsOverdue,
        SortKey::HighRisks,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Score12m => "score_12m",
            SortKey::Score6m => "score_6m",
            SortKey::OitReadiness => "oit",
            SortKey::Activities => "activities",
            SortKey::ComplaintsOnTime => "complaints_on_time",
            SortKey::KpisMet => "kpis_met",
            SortKey::LateReports => "late_reports",
            SortKey::ComplaintsOverdue => "complaints_overdue",
            SortKey::HighRisks => "high_risks",
            SortKey::Name => "name",
        }
    }

    /// The key named in `?sort=`; None for anything else (the caller says
    /// so in Thai).
    pub fn parse(text: &str) -> Option<SortKey> {
        [SortKey::Activities, SortKey::ComplaintsOnTime]
            .into_iter()
            .chain(SortKey::STAFF)
            .find(|k| k.as_str() == text.trim())
    }

    pub fn thai(self) -> &'static str {
        match self {
            SortKey::Score12m => "คะแนนรอบ 12 เดือน",
            SortKey::Score6m => "คะแนนรอบ 6 เดือน",
            SortKey::OitReadiness => "ความพร้อมข้อมูลสาธารณะ (OIT)",
            SortKey::Activities => "กิจกรรมที่เผยแพร่",
            SortKey::ComplaintsOnTime => "เรื่องร้องเรียนแล้วเสร็จตามกำหนด",
            SortKey::KpisMet => "ตัวชี้วัดที่บรรลุ",
            SortKey::LateReports => "รายงานล่าช้า",
            SortKey::ComplaintsOverdue => "เรื่องร้องเรียนเกินกำหนด",
            SortKey::HighRisks => "ความเสี่ยงสูง/สูงมาก",
            SortKey::Name => "ชื่อ",
        }
    }

    /// The row's value for this column, larger first; None where there is
    /// nothing to rank (no plan, nothing due, a share withheld), last.
    pub fn value(self, totals: &Totals, side: Side) -> Option<i64> {
        let score = match side {
            Side::Published => &totals.published.score,
            Side::Internal => &totals.internal.score,
        };
        let percent = |s: &crate::progress::Score| {
            (totals.plans > 0 && s.items > 0).then(|| i64::from(s.percent_hundredths()))
        };
        let tenths = |v: Option<f64>| v.map(|v| (v * 10.0).round() as i64);
        let i = &totals.internal;
        match self {
            SortKey::Score12m => percent(&score.twelve_months),
            SortKey::Score6m => percent(&score.six_months),
            SortKey::OitReadiness => tenths(totals.published.oit_readiness()),
            SortKey::Activities => Some(i64::from(totals.published.activities)),
            SortKey::ComplaintsOnTime => tenths(totals.published.complaints_on_time()),
            SortKey::KpisMet => tenths(super::share(i.kpis_met, i.kpis_measured, 1)),
            SortKey::LateReports => Some(i64::from(i.late_reports)),
            SortKey::ComplaintsOverdue => Some(i64::from(i.complaints_overdue)),
            SortKey::HighRisks => Some(i64::from(i.risks_high + i.risks_very_high)),
            SortKey::Name => None,
        }
    }
}

/// Ranks rows by `key` (larger first, rows without a value last), ties by
/// the 12-month then the 6-month score, then by name; by name alone for
/// [`SortKey::Name`]. Stable, so equal rows keep their given order.
pub fn rank<T>(
    rows: &mut [T],
    key: SortKey,
    side: Side,
    totals: impl Fn(&T) -> &Totals,
    name: impl Fn(&T) -> &str,
) {
    let by_value = |k: SortKey, a: &T, b: &T| -> Ordering {
        match (k.value(totals(a), side), k.value(totals(b), side)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    };
    rows.sort_by(|a, b| {
        if key == SortKey::Name {
            return name(a).cmp(name(b));
        }
        by_value(key, a, b)
            .then_with(|| by_value(SortKey::Score12m, a, b))
            .then_with(|| by_value(SortKey::Score6m, a, b))
            .then_with(|| name(a).cmp(name(b)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oversight::{Internal, Published, Rounds};
    use crate::progress::Score;
    use time::OffsetDateTime;

    fn entry(kind: OrganizationKind, province: &str, district: &str) -> DirectoryEntry {
        DirectoryEntry {
            kind,
            province_code: Some(province.into()),
            district_code: Some(district.into()),
            sub_district_code: None,
            official_code: None,
        }
    }

    fn figures(completed_12m: u32, completed_6m: u32) -> Figures {
        let score = |completed| Score {
            items: 10,
            completed,
            ..Score::default()
        };
        Figures {
            fiscal_year: 2569,
            has_plan: true,
            published: Published {
                score: Rounds {
                    six_months: score(completed_6m),
                    twelve_months: score(completed_12m),
                },
                oit_due: 4,
                oit_on_time: 2,
                activities: 3,
                ..Published::default()
            },
            internal: Internal {
                late_reports: completed_6m,
                ..Internal::default()
            },
            computed_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_roll_up_sums_by_place_kind_and_region_exactly() {
        let a = entry(OrganizationKind::Sao, "80", "8001");
        let b = entry(OrganizationKind::TownMunicipality, "80", "8002");
        let c = entry(OrganizationKind::Sao, "10", "1001");
        let (fa, fb) = (figures(5, 2), figures(9, 4));
        let up = RollUp::of([(&a, Some(&fa)), (&b, Some(&fb)), (&c, None)]);
        assert_eq!(up.total.organizations, 3);
        assert_eq!(up.total.plans, 2);
        let south = &up.provinces["80"];
        assert_eq!(south.organizations, 2);
        assert_eq!(south.published.score.twelve_months.completed, 14);
        assert_eq!(south.published.score.twelve_months.items, 20);
        assert_eq!(
            south.published.score.twelve_months.percent_hundredths(),
            7000
        );
        assert_eq!(up.provinces["10"].plans, 0);
        assert_eq!(up.districts["8001"].published.activities, 3);
        assert_eq!(up.kinds[&OrganizationKind::Sao].organizations, 2);
        assert_eq!(up.kinds[&OrganizationKind::Sao].plans, 1);
        let south_region = areas::areas().province("80").unwrap().region_id;
        let central_region = areas::areas().province("10").unwrap().region_id;
        assert_ne!(south_region, central_region);
        assert_eq!(up.regions[&south_region].organizations, 2);
        assert_eq!(up.regions[&central_region].organizations, 1);
    }

    #[test]
    fn ranking_puts_the_best_first_and_rows_without_figures_last() {
        let mut rows: Vec<(&str, Totals)> = [
            ("ก", Some(figures(5, 5))),
            ("ข", None),
            ("ค", Some(figures(9, 1))),
            ("ง", Some(figures(5, 8))),
        ]
        .into_iter()
        .map(|(name, f)| {
            let mut t = Totals::default();
            t.add(f.as_ref());
            (name, t)
        })
        .collect();
        let names = |rows: &[(&str, Totals)]| rows.iter().map(|r| r.0).collect::<String>();
        rank(
            &mut rows,
            SortKey::Score12m,
            Side::Published,
            |r| &r.1,
            |r| r.0,
        );
        // ง ties ก on 12 months and wins on 6.
        assert_eq!(names(&rows), "คงกข");
        rank(
            &mut rows,
            SortKey::Score6m,
            Side::Published,
            |r| &r.1,
            |r| r.0,
        );
        assert_eq!(names(&rows), "งกคข");
        rank(&mut rows, SortKey::Name, Side::Published, |r| &r.1, |r| r.0);
        assert_eq!(names(&rows), "กขคง");
        // Most late reports first; a row without figures counts none.
        rank(
            &mut rows,
            SortKey::LateReports,
            Side::Internal,
            |r| &r.1,
            |r| r.0,
        );
        assert_eq!(names(&rows), "งกคข");
        assert_eq!(SortKey::parse("oit"), Some(SortKey::OitReadiness));
        assert_eq!(SortKey::parse("activities"), Some(SortKey::Activities));
        assert_eq!(SortKey::parse("score"), None);
    }
}
