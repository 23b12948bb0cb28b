//! The gift register under the No Gift Policy (measure 2.4): what a staff
//! member declares (a gift or benefit offered, received or refused), nil
//! returns per round, the head's or an executive's decision, the permitted
//! value, and the yearly report without personal details.
//!
//! The permitted value's default (3,000 baht per person per occasion) is the
//! one of the NACC announcement on accepting property or other benefits by
//! custom (ประกาศคณะกรรมการ ป.ป.ช. พ.ศ. 2563), as the project's brief
//! summarises it; each organisation may set its own.

use serde::Serialize;
use time::{Date, Month, OffsetDateTime};

use crate::fiscal::FiscalYear;
use crate::money::Baht;
use crate::validation::{FieldError, check_text};

/// What a state official may accept by custom from a person other than a
/// relative, per person per occasion, unless the organisation sets another.
/// How far back a declaration may be dated (3 years): a register, not an
/// archive, and a date of another century is a typing mistake.
const MAX_DAYS_BACK: i64 = 3 * 366;

pub const DEFAULT_PERMITTED_VALUE: Baht = Baht::from_baht(3_000);

/// Where the default permitted value comes from, shown next to the setting.
pub const PERMITTED_VALUE_SOURCE: &str = "ประกาศคณะกรรมการ ป.ป.ช. เรื่อง หลักเกณฑ์การรับทรัพย์สินหรือประโยชน์อื่นใด\
โดยธรรมจรรยาของเจ้าพนักงานของรัฐ พ.ศ. 2563: รับจากบุคคลอื่นซึ่งมิใช่ญาติได้มูลค่าไม่เกิน 3,000 บาท ต่อบุคคล ต่อโอกาส";

/// The largest value accepted anywhere (a typing slip beyond it).
pub const MAX_VALUE: Baht = Baht::from_baht(100_000_000);

const MAX_NAME_CHARS: usize = 200;
const MAX_TEXT_CHARS: usize = 1_000;

/// Property (a thing) or another benefit (a service, a discount, a meal, a
/// trip…): the two the announcement names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GiftKind {
    Property,
    Benefit,
}

impl GiftKind {
    pub const ALL: [GiftKind; 2] = [GiftKind::Property, GiftKind::Benefit];

    pub fn code(self) -> &'static str {
        match self {
            GiftKind::Property => "property",
            GiftKind::Benefit => "benefit",
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            GiftKind::Property => "ทรัพย์สิน",
            GiftKind::Benefit => "ประโยชน์อื่นใด (บริการ การเลี้ยงรับรอง ส่วนลด ฯลฯ)",
        }
    }

    pub fn parse(code: &str) -> Option<GiftKind> {
        GiftKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// What became of the gift.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GiftDecision {
    /// Refused when offered.
    Refused,
    /// Accepted, then given back.
    Returned,
    /// Handed over to the organisation as its property.
    HandedOver,
    /// Kept: within the permitted value, from a giver with no pending work.
    KeptWithinLimit,
}

impl GiftDecision {
    pub const ALL: [GiftDecision; 4] = [
        GiftDecision::Refused,
        GiftDecision::Returned,
        GiftDecision::HandedOver,
        GiftDecision::KeptWithinLimit,
    ];

    pub fn code(self) -> &'static str {
        match self {
            GiftDecision::Refused => "refused",
            GiftDecision::Returned => "returned",
            GiftDecision::HandedOver => "handed_over",
            GiftDecision::KeptWithinLimit => "kept_within_limit",
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            GiftDecision::Refused => "ปฏิเสธการรับ",
            GiftDecision::Returned => "ส่งคืนผู้ให้",
            GiftDecision::HandedOver => "ส่งมอบเป็นทรัพย์สินของหน่วยงาน",
            GiftDecision::KeptWithinLimit => "รับไว้ได้ (ไม่เกินมูลค่าที่กำหนด)",
        }
    }

    pub fn parse(code: &str) -> Option<GiftDecision> {
        GiftDecision::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// The supervisor's word on a declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The declared decision stands.
    Agree,
    /// Give it back to the giver.
    OrderReturn,
    /// Hand it over to the organisation.
    OrderHandOver,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Agree, Verdict::OrderReturn, Verdict::OrderHandOver];

    pub fn code(self) -> &'static str {
        match self {
            Verdict::Agree => "agree",
            Verdict::OrderReturn => "order_return",
            Verdict::OrderHandOver => "order_hand_over",
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            Verdict::Agree => "เห็นชอบตามที่แจ้ง",
            Verdict::OrderReturn => "ให้ส่งคืนผู้ให้",
            Verdict::OrderHandOver => "ให้ส่งมอบเป็นทรัพย์สินของหน่วยงาน",
        }
    }

    pub fn parse(code: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.code() == code)
    }

    /// The decision that stands after this verdict on `declared`.
    pub fn outcome(self, declared: GiftDecision) -> GiftDecision {
        match self {
            Verdict::Agree => declared,
            Verdict::OrderReturn => GiftDecision::Returned,
            Verdict::OrderHandOver => GiftDecision::HandedOver,
        }
    }
}

/// The two declaration rounds of a fiscal year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Round {
    /// October to March.
    First,
    /// April to September.
    Second,
}

impl Round {
    pub const ALL: [Round; 2] = [Round::First, Round::Second];

    pub fn number(self) -> u8 {
        match self {
            Round::First => 1,
            Round::Second => 2,
        }
    }

    pub fn from_number(n: u8) -> Option<Round> {
        match n {
            1 => Some(Round::First),
            2 => Some(Round::Second),
            _ => None,
        }
    }

    pub fn thai(self) -> &'static str {
        match self {
            Round::First => "รอบที่ 1 (ตุลาคม–มีนาคม)",
            Round::Second => "รอบที่ 2 (เมษายน–กันยายน)",
        }
    }

    /// The fiscal year and round a date falls in.
    pub fn of(date: Date) -> (FiscalYear, Round) {
        let round = match date.month() {
            Month::October | Month::November | Month::December => Round::First,
            Month::January | Month::February | Month::March => Round::First,
            _ => Round::Second,
        };
        (FiscalYear::of(date), round)
    }
}

/// Reads a value as typed: baht with optional satang, thousands separators,
/// Thai or Arabic digits. Empty, non-numeric, negative or absurd values are a
/// Thai message.
pub fn parse_value(text: &str) -> Result<Baht, String> {
    match Baht::parse_written(text) {
        Ok(None) => Err("โปรดระบุมูลค่าโดยประมาณเป็นบาท (ถ้าไม่ทราบให้ประมาณการ)".into()),
        Ok(Some(value)) if value < Baht::ZERO => Err("มูลค่าต้องไม่ติดลบ".into()),
        Ok(Some(value)) if value > MAX_VALUE => Err(format!("มูลค่าต้องไม่เกิน {MAX_VALUE} บาท")),
        Ok(Some(value)) => Ok(value),
        Err(_) => Err("มูลค่าต้องเป็นตัวเลข เช่น 1,500 หรือ 1500.50".into()),
    }
}

/// Checks a permitted value an organisation sets.
pub fn check_permitted_value(value: Baht) -> Result<(), FieldError> {
    if value <= Baht::ZERO || value > MAX_VALUE {
        return Err(FieldError {
            field: "permitted_value",
            message: format!("มูลค่าที่รับได้ต้องมากกว่า 0 และไม่เกิน {MAX_VALUE} บาท"),
        });
    }
    Ok(())
}

/// One declaration as the declarant fills it in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GiftInput {
    /// Who gave or offered it: a person's or an organisation's name
    /// (personal data: never public, never logged).
    pub giver: String,
    /// Whether the giver has business pending with the declarant's unit.
    pub pending_work: bool,
    /// What that business is (required when there is some).
    pub pending_note: String,
    pub description: String,
    pub kind: GiftKind,
    pub value: Baht,
    pub received_on: Date,
    pub occasion: String,
    pub decision: GiftDecision,
}

impl GiftInput {
    /// Thai messages per field; `permitted` is the organisation's permitted
    /// value, `today` bounds the date.
    pub fn validate(&self, permitted: Baht, today: Date) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "giver",
            "ผู้ให้",
            &self.giver,
            true,
            MAX_NAME_CHARS,
            false,
        );
        check_text(
            &mut errors,
            "description",
            "รายการของขวัญหรือประโยชน์",
            &self.description,
            true,
            MAX_TEXT_CHARS,
            true,
        );
        check_text(
            &mut errors,
            "occasion",
            "โอกาส/เทศกาล",
            &self.occasion,
            true,
            MAX_NAME_CHARS,
            false,
        );
        check_text(
            &mut errors,
            "pending_note",
            "เรื่องที่ผู้ให้มีกับหน่วยงาน",
            &self.pending_note,
            self.pending_work,
            MAX_TEXT_CHARS,
            true,
        );
        if self.value < Baht::ZERO {
            errors.push(FieldError {
                field: "value",
                message: "มูลค่าต้องไม่ติดลบ".into(),
            });
        } else if self.value > MAX_VALUE {
            errors.push(FieldError {
                field: "value",
                message: format!("มูลค่าต้องไม่เกิน {MAX_VALUE} บาท"),
            });
        }
        if self.received_on > today {
            errors.push(FieldError {
                field: "received_on",
                message: "วันที่ได้รับต้องไม่เลยวันนี้".into(),
            });
        } else if today - self.received_on > time::Duration::days(MAX_DAYS_BACK) {
            errors.push(FieldError {
                field: "received_on",
                message: "วันที่ได้รับย้อนหลังได้ไม่เกิน 3 ปี".into(),
            });
        }
        if self.decision == GiftDecision::KeptWithinLimit {
            if self.value > permitted {
                errors.push(FieldError {
                    field: "decision",
                    message: format!(
                        "มูลค่าเกิน {permitted} บาทที่รับได้ จึงรับไว้เองไม่ได้: ให้ส่งคืนหรือส่งมอบเป็นทรัพย์สินของหน่วยงาน"
                    ),
                });
            } else if self.pending_work {
                errors.push(FieldError {
                    field: "decision",
                    message: "ผู้ให้มีเรื่องอยู่ระหว่างการพิจารณาของหน่วยงาน จึงรับไว้เองไม่ได้ แม้มูลค่าไม่เกินที่กำหนด"
                        .into(),
                });
            }
        }
        errors
    }
}

/// The supervisor's decision with its note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GiftReview {
    pub verdict: Verdict,
    pub note: String,
}

impl GiftReview {
    /// A note is required when the supervisor orders another decision.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "note",
            "เหตุผลของคำสั่ง",
            &self.note,
            self.verdict != Verdict::Agree,
            MAX_TEXT_CHARS,
            true,
        );
        errors
    }
}

/// A decision recorded on a declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedReview {
    pub verdict: Verdict,
    pub note: String,
    pub by: String,
    pub by_name: String,
    pub at: OffsetDateTime,
}

/// A stored declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GiftDeclaration {
    pub id: String,
    pub declarant: String,
    pub declarant_name: String,
    /// The declarant's unit when they declared (unit officers only).
    pub unit_id: Option<String>,
    pub fiscal_year: FiscalYear,
    pub input: GiftInput,
    /// The organisation's permitted value when it was declared.
    pub permitted_value: Baht,
    pub declared_at: OffsetDateTime,
    pub review: Option<RecordedReview>,
}

impl GiftDeclaration {
    /// The decision that stands: the supervisor's order, else the declared one.
    pub fn outcome(&self) -> GiftDecision {
        match &self.review {
            Some(review) => review.verdict.outcome(self.input.decision),
            None => self.input.decision,
        }
    }

    /// Over the value one may accept (at the value in force when declared).
    pub fn over_limit(&self) -> bool {
        self.input.value > self.permitted_value
    }

    pub fn round(&self) -> Round {
        Round::of(self.input.received_on).1
    }
}

/// A nil return: "ไม่มีการรับ" for one round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NilReturn {
    pub user_id: String,
    pub name: String,
    pub fiscal_year: FiscalYear,
    pub round: Round,
    pub declared_at: OffsetDateTime,
}

/// One line of the report: how many and how much.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub count: usize,
    pub value: Baht,
}

impl Tally {
    fn add(&mut self, value: Baht) {
        self.count += 1;
        self.value += value;
    }
}

/// The yearly report, organisation totals only: no names, no units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GiftReport {
    pub fiscal_year: FiscalYear,
    pub permitted_value: Baht,
    pub total: Tally,
    /// By the decision that stands, in [`GiftDecision::ALL`]'s order.
    pub by_decision: Vec<(GiftDecision, Tally)>,
    pub by_kind: Vec<(GiftKind, Tally)>,
    /// Declared while the giver had business pending with the unit.
    pub pending_work: usize,
    /// Over the permitted value, by how each was resolved.
    pub over_limit: Vec<(GiftDecision, Tally)>,
    pub over_limit_total: usize,
    /// Still waiting for the supervisor.
    pub awaiting_decision: usize,
    /// Nil returns per round, and in all.
    pub nil_returns: Vec<(Round, usize)>,
    pub nil_returns_total: usize,
}

impl GiftReport {
    /// Whether the year has anything to report (the generated item's fact).
    pub fn has_content(&self) -> bool {
        self.total.count > 0 || self.nil_returns_total > 0
    }

    pub fn build(
        fiscal_year: FiscalYear,
        permitted_value: Baht,
        declarations: &[GiftDeclaration],
        nil_returns: &[NilReturn],
    ) -> GiftReport {
        let mut total = Tally::default();
        let mut by_decision: Vec<(GiftDecision, Tally)> = GiftDecision::ALL
            .iter()
            .map(|d| (*d, Tally::default()))
            .collect();
        let mut by_kind: Vec<(GiftKind, Tally)> = GiftKind::ALL
            .iter()
            .map(|k| (*k, Tally::default()))
            .collect();
        let mut over_limit = by_decision.clone();
        let (mut pending_work, mut over_limit_total, mut awaiting) = (0, 0, 0);
        for d in declarations.iter().filter(|d| d.fiscal_year == fiscal_year) {
            let value = d.input.value;
            let outcome = d.outcome();
            total.add(value);
            if let Some((_, t)) = by_decision.iter_mut().find(|(k, _)| *k == outcome) {
                t.add(value);
            }
            if let Some((_, t)) = by_kind.iter_mut().find(|(k, _)| *k == d.input.kind) {
                t.add(value);
            }
            if d.input.pending_work {
                pending_work += 1;
            }
            if d.over_limit() {
                over_limit_total += 1;
                if let Some((_, t)) = over_limit.iter_mut().find(|(k, _)| *k == outcome) {
                    t.add(value);
                }
            }
            if d.review.is_none() {
                awaiting += 1;
            }
        }
        let nil: Vec<&NilReturn> = nil_returns
            .iter()
            .filter(|n| n.fiscal_year == fiscal_year)
            .collect();
        GiftReport {
            fiscal_year,
            permitted_value,
            total,
            by_decision,
            by_kind,
            pending_work,
            over_limit,
            over_limit_total,
            awaiting_decision: awaiting,
            nil_returns: Round::ALL
                .iter()
                .map(|r| (*r, nil.iter().filter(|n| n.round == *r).count()))
                .collect(),
            nil_returns_total: nil.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn input() -> GiftInput {
        GiftInput {
            giver: "บริษัท ก".into(),
            pending_work: false,
            pending_note: String::new(),
            description: "กระเช้าผลไม้".into(),
            kind: GiftKind::Property,
            value: Baht::from_baht(800),
            received_on: date!(2026 - 01 - 02),
            occasion: "ปีใหม่".into(),
            decision: GiftDecision::KeptWithinLimit,
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field).collect()
    }

    const TODAY: Date = date!(2026 - 03 - 01);

    #[test]
    fn values_are_parsed_or_refused_in_thai() {
        assert_eq!(parse_value("1,500.50"), Ok(Baht::from_satang(150_050)));
        assert_eq!(parse_value("๓๐๐๐ บาท"), Ok(Baht::from_baht(3_000)));
        assert_eq!(parse_value("0"), Ok(Baht::ZERO));
        assert_eq!(parse_value("-5"), Err("มูลค่าต้องไม่ติดลบ".into()));
        assert!(parse_value("abc").unwrap_err().contains("ตัวเลข"));
        assert!(parse_value("1.234").unwrap_err().contains("ตัวเลข"));
        assert!(parse_value("").unwrap_err().contains("โปรดระบุ"));
        assert!(parse_value("999999999999").is_err());
    }

    #[test]
    fn the_permitted_value_defaults_to_the_announcement() {
        assert_eq!(DEFAULT_PERMITTED_VALUE, Baht::from_baht(3_000));
        assert!(PERMITTED_VALUE_SOURCE.contains("ป.ป.ช."));
        assert!(PERMITTED_VALUE_SOURCE.contains("2563"));
        assert!(check_permitted_value(Baht::from_baht(2_000)).is_ok());
        assert!(check_permitted_value(Baht::ZERO).is_err());
        assert!(check_permitted_value(Baht::from_baht(-1)).is_err());
    }

    #[test]
    fn keeping_is_refused_over_the_value_or_with_pending_work() {
        let limit = DEFAULT_PERMITTED_VALUE;
        assert!(input().validate(limit, TODAY).is_empty());
        let at_limit = GiftInput {
            value: limit,
            ..input()
        };
        assert!(at_limit.validate(limit, TODAY).is_empty());
        let over = GiftInput {
            value: Baht::from_satang(300_001),
            ..input()
        };
        assert_eq!(fields(&over.validate(limit, TODAY)), ["decision"]);
        // A lower organisation setting applies.
        assert_eq!(
            fields(&input().validate(Baht::from_baht(500), TODAY)),
            ["decision"]
        );
        let pending = GiftInput {
            pending_work: true,
            pending_note: "ยื่นขออนุญาตก่อสร้าง".into(),
            ..input()
        };
        assert_eq!(fields(&pending.validate(limit, TODAY)), ["decision"]);
        let handed = GiftInput {
            decision: GiftDecision::HandedOver,
            ..over
        };
        assert!(handed.validate(limit, TODAY).is_empty());
    }

    #[test]
    fn required_fields_negative_values_and_future_dates_are_refused() {
        let bad = GiftInput {
            giver: " ".into(),
            description: String::new(),
            occasion: String::new(),
            pending_work: true,
            value: Baht::from_baht(-1),
            received_on: date!(2026 - 03 - 02),
            decision: GiftDecision::Refused,
            ..input()
        };
        assert_eq!(
            fields(&bad.validate(DEFAULT_PERMITTED_VALUE, TODAY)),
            [
                "giver",
                "description",
                "occasion",
                "pending_note",
                "value",
                "received_on"
            ]
        );
    }

    #[test]
    fn rounds_split_the_fiscal_year_in_two() {
        assert_eq!(
            Round::of(date!(2025 - 10 - 01)),
            (FiscalYear(2569), Round::First)
        );
        assert_eq!(
            Round::of(date!(2026 - 03 - 31)),
            (FiscalYear(2569), Round::First)
        );
        assert_eq!(
            Round::of(date!(2026 - 04 - 01)),
            (FiscalYear(2569), Round::Second)
        );
        assert_eq!(
            Round::of(date!(2026 - 09 - 30)),
            (FiscalYear(2569), Round::Second)
        );
        assert_eq!(Round::from_number(3), None);
    }

    #[test]
    fn the_supervisor_orders_with_a_note() {
        let agree = GiftReview {
            verdict: Verdict::Agree,
            note: String::new(),
        };
        assert!(agree.validate().is_empty());
        let order = GiftReview {
            verdict: Verdict::OrderHandOver,
            note: String::new(),
        };
        assert_eq!(fields(&order.validate()), ["note"]);
        assert_eq!(
            Verdict::OrderReturn.outcome(GiftDecision::KeptWithinLimit),
            GiftDecision::Returned
        );
        assert_eq!(
            Verdict::Agree.outcome(GiftDecision::Refused),
            GiftDecision::Refused
        );
    }

    #[test]
    fn the_report_counts_by_outcome_kind_and_limit() {
        let declared = |value: i64, decision, review: Option<Verdict>| GiftDeclaration {
            id: "x".into(),
            declarant: "u".into(),
            declarant_name: "สมชาย".into(),
            unit_id: None,
            fiscal_year: FiscalYear(2569),
            input: GiftInput {
                value: Baht::from_baht(value),
                decision,
                ..input()
            },
            permitted_value: DEFAULT_PERMITTED_VALUE,
            declared_at: datetime!(2026-01-03 10:00 UTC),
            review: review.map(|verdict| RecordedReview {
                verdict,
                note: "n".into(),
                by: "h".into(),
                by_name: "หัวหน้า".into(),
                at: datetime!(2026-01-04 10:00 UTC),
            }),
        };
        let declarations = vec![
            declared(500, GiftDecision::KeptWithinLimit, Some(Verdict::Agree)),
            declared(5_000, GiftDecision::Returned, Some(Verdict::OrderHandOver)),
            declared(200, GiftDecision::Refused, None),
        ];
        let nil = vec![NilReturn {
            user_id: "v".into(),
            name: "ก".into(),
            fiscal_year: FiscalYear(2569),
            round: Round::First,
            declared_at: datetime!(2026-03-01 10:00 UTC),
        }];
        let report = GiftReport::build(
            FiscalYear(2569),
            DEFAULT_PERMITTED_VALUE,
            &declarations,
            &nil,
        );
        assert!(report.has_content());
        assert_eq!(report.total.count, 3);
        assert_eq!(report.total.value, Baht::from_baht(5_700));
        let of = |d| {
            report
                .by_decision
                .iter()
                .find(|(k, _)| *k == d)
                .map(|(_, t)| t.count)
        };
        assert_eq!(of(GiftDecision::HandedOver), Some(1));
        assert_eq!(of(GiftDecision::Returned), Some(0));
        assert_eq!(report.over_limit_total, 1);
        assert_eq!(report.awaiting_decision, 1);
        assert_eq!(report.nil_returns_total, 1);
        assert_eq!(
            report.nil_returns,
            vec![(Round::First, 1), (Round::Second, 0)]
        );
        let empty = GiftReport::build(
            FiscalYear(2570),
            DEFAULT_PERMITTED_VALUE,
            &declarations,
            &nil,
        );
        assert!(!empty.has_content());
    }
}
