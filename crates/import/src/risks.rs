//! The risk register started from the plan (issue 14): each numbered risk
//! issue of a Part 1 row becomes its own entry, with the process step, the
//! risk as written, the level the document gives it, and its control
//! measures split and linked to the plan items they name (matched by name as
//! schedules and forms are, the confidence kept; an unmatched control stays
//! as text). Pure: a plan in, entries out.

use sujarit_core::Plan;
use sujarit_core::integrity::risk::{Control, ControlTarget, RiskEntryInput, RiskStatus, RiskType};

use crate::names::{NameKey, OrgAliases, round_confidence};

/// The lowest name similarity that links a control to a plan item.
pub const LINK_THRESHOLD: f64 = 0.6;

/// The levels a Part 1 row may give, longest first so "สูงมาก" is not read
/// as "สูง".
const LEVEL_WORDS: [&str; 4] = ["สูงมาก", "ปานกลาง", "สูง", "ต่ำ"];

/// The register entries of `fiscal_year` the plan's Part 1 table gives.
pub fn register_from_plan(plan: &Plan, fiscal_year: u16) -> Vec<RiskEntryInput> {
    let org = OrgAliases::new(&plan.organization);
    let items: Vec<(String, NameKey)> = plan
        .items()
        .map(|item| (item.item_ref().to_string(), NameKey::new(&item.name, &org)))
        .collect();
    let mut entries = Vec::new();
    for row in &plan.risks {
        let issues = numbered(&row.risk_issues);
        let levels = levels(&row.risk_level);
        let controls: Vec<Control> = numbered(&row.controls)
            .into_iter()
            .map(|text| link(&text, &items, &org))
            .collect();
        let process = squeeze(&row.process_step);
        for (k, risk) in issues.into_iter().enumerate() {
            // One level per issue when the row gives as many; one level for
            // all otherwise (the last one given when counts differ).
            let level = levels.get(k).or(levels.last()).cloned();
            entries.push(RiskEntryInput {
                fiscal_year,
                unit: String::new(),
                process: process.clone(),
                risk,
                risk_type: RiskType::guess(&process),
                document_level: level,
                inherent: None,
                residual: None,
                controls: controls.clone(),
                owner_unit: String::new(),
                status: RiskStatus::Identified,
                next_review: None,
                monitoring: Vec::new(),
                source_line: row.line,
            });
        }
    }
    entries
}

/// Runs of spaces as one (the document breaks words across cell lines).
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits "1. … 2. … 3 …" into its parts by the numbers in sequence (a
/// number followed by "." or a space, at the start or after a space); text
/// without numbering is one part.
pub fn numbered(text: &str) -> Vec<String> {
    let text = squeeze(text);
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (marker start, text start)
    let mut expected = 1u32;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < text.len() {
        let marker = expected.to_string();
        let boundary = at == 0 || bytes[at - 1] == b' ';
        if boundary && text[at..].starts_with(&marker) {
            let after = at + marker.len();
            let next = text[after..].chars().next();
            if matches!(next, Some('.') | Some(' ')) {
                let mut body = after + 1;
                while body < text.len() && bytes[body] == b' ' {
                    body += 1;
                }
                starts.push((at, body));
                expected += 1;
                at = body;
                continue;
            }
        }
        at += text[at..].chars().next().map_or(1, char::len_utf8);
    }
    if starts.is_empty() {
        return if text.is_empty() {
            Vec::new()
        } else {
            vec![text]
        };
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, &(_, body))| {
            let end = starts.get(k + 1).map_or(text.len(), |&(marker, _)| marker);
            text[body..end].trim().to_string()
        })
        .filter(|part| !part.is_empty())
        .collect()
}

/// The levels a Risk Score cell gives, in order ("สูง ปาน กลาง" → สูง, ปานกลาง).
pub fn levels(text: &str) -> Vec<String> {
    let mut rest: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut found = Vec::new();
    'outer: while !rest.is_empty() {
        for word in LEVEL_WORDS {
            if let Some(after) = rest.strip_prefix(word) {
                found.push(word.to_string());
                rest = after.to_string();
                continue 'outer;
            }
        }
        let mut chars = rest.chars();
        chars.next();
        rest = chars.collect();
    }
    found
}

/// A control linked to the plan item whose name is most like it.
fn link(text: &str, items: &[(String, NameKey)], org: &OrgAliases) -> Control {
    let key = NameKey::new(text, org);
    let best = items
        .iter()
        .map(|(code, item)| (code, key.similarity(item)))
        .max_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal));
    match best {
        Some((code, score)) if score >= LINK_THRESHOLD => Control {
            target: ControlTarget::Item(code.clone()),
            text: text.to_string(),
            in_force: true,
            confidence: Some(round_confidence(score)),
        },
        _ => Control {
            target: ControlTarget::Text,
            text: text.to_string(),
            in_force: false,
            confidence: best.map(|(_, score)| round_confidence(score)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_by_numbers_in_sequence() {
        assert_eq!(
            numbered("1. ก ข 2. ค ปี 2566 3 ง"),
            vec!["ก ข", "ค ปี 2566", "ง"]
        );
        assert_eq!(numbered("ไม่มีเลข"), vec!["ไม่มีเลข"]);
        assert_eq!(levels("สูง ปาน กลาง"), vec!["สูง", "ปานกลาง"]);
        assert_eq!(levels("สูง มาก"), vec!["สูงมาก"]);
    }

    #[test]
    fn the_seed_gives_each_issue_with_its_level_and_linked_controls() {
        let bytes = std::fs::read(sujarit_testkit::SEED).expect("seed");
        let report = crate::import_plan(&bytes, &crate::ImportOptions::default()).expect("import");
        let entries = register_from_plan(&report.plan, 2569);
        let codes = |k: usize| -> Vec<String> {
            entries[k]
                .controls
                .iter()
                .map(|c| match &c.target {
                    ControlTarget::Item(code) => code.clone(),
                    _ => "-".into(),
                })
                .collect()
        };
        assert_eq!(entries.len(), 6);
        let level = |k: usize| entries[k].document_level.as_deref();
        assert_eq!(
            [level(0), level(1), level(2), level(3), level(4), level(5)],
            [
                Some("ปานกลาง"),
                Some("ปานกลาง"),
                Some("ปานกลาง"),
                Some("สูง"),
                Some("ปานกลาง"),
                Some("ปานกลาง")
            ]
        );
        assert!(entries[3].risk.starts_with("การบริหารการเงิน"));
        assert_eq!(entries[3].risk_type, RiskType::Procurement);
        // Row 1's two projects, row 2's two activities and the value-for-money
        // measure, row 3's No Gift measure, two projects and the complaints
        // channel measure (its name differs: "ของหน่วยงาน" for the city).
        for k in 0..3 {
            assert_eq!(codes(k), ["1.1", "1.2"]);
        }
        for k in 3..5 {
            assert_eq!(codes(k), ["2.9", "2.10", "2.17"]);
        }
        assert_eq!(codes(5), ["2.4", "2.13", "2.16", "4.6"]);
        let confidence = entries[5].controls[3].confidence.unwrap();
        assert!((0.9..1.0).contains(&confidence), "{confidence}");
        assert!(
            entries
                .iter()
                .all(|e| e.controls.iter().all(|c| c.in_force))
        );
    }
}
