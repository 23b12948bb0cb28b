//! Channels and categories: the two separate channels the plan requires
//! and the categories an organisation files complaints under.

use super::FieldError;
use crate::validation::check_text;
use serde::{Deserialize, Serialize};

/// The two separate channels the plan requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// เรื่องร้องทุกข์/ร้องเรียนทั่วไป, handled by complaint officers.
    General,
    /// แจ้งเบาะแสการทุจริตและประพฤติมิชอบ, handled only by the integrity officer.
    Corruption,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::General, Channel::Corruption];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::General => "general",
            Channel::Corruption => "corruption",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }

    pub fn thai(self) -> &'static str {
        match self {
            Channel::General => "เรื่องร้องทุกข์/ร้องเรียนทั่วไป",
            Channel::Corruption => "แจ้งเบาะแสการทุจริตและประพฤติมิชอบ",
        }
    }
}

/// A category as an organisation uses it: a stable code and a Thai label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub channel: Channel,
    /// Stable, used in URLs, the API and statistics: `roads`, `bribery`.
    pub code: String,
    pub thai: String,
    /// A disabled category takes no new complaints but stays on old ones.
    pub enabled: bool,
}

/// The category every channel keeps, for what fits nowhere else.
pub const OTHER_CATEGORY: &str = "other";

const GENERAL_CATEGORIES: [(&str, &str); 7] = [
    ("roads", "ถนน ทางเท้า"),
    ("waste", "ขยะ ความสะอาด"),
    ("water", "น้ำประปา ระบายน้ำ น้ำท่วม"),
    ("lights", "ไฟฟ้า ไฟส่องสว่าง"),
    ("nuisance", "เหตุเดือดร้อนรำคาญ"),
    ("service_conduct", "การให้บริการ/พฤติกรรมเจ้าหน้าที่"),
    (OTHER_CATEGORY, "อื่น ๆ"),
];

const CORRUPTION_CATEGORIES: [(&str, &str); 6] = [
    ("procurement", "การจัดซื้อจัดจ้าง"),
    ("bribery", "การเรียกรับสินบน"),
    ("abuse_of_power", "การใช้อำนาจหน้าที่โดยมิชอบ"),
    ("personnel", "การบริหารงานบุคคล"),
    ("assets", "ทรัพย์สินของทางราชการ"),
    (OTHER_CATEGORY, "อื่น ๆ"),
];

/// The categories an organisation starts with, in display order.
pub fn default_categories(channel: Channel) -> Vec<Category> {
    let table: &[(&str, &str)] = match channel {
        Channel::General => &GENERAL_CATEGORIES,
        Channel::Corruption => &CORRUPTION_CATEGORIES,
    };
    table
        .iter()
        .map(|(code, thai)| Category {
            channel,
            code: (*code).to_string(),
            thai: (*thai).to_string(),
            enabled: true,
        })
        .collect()
}

/// Whether `code` of `channel` may be switched off, given the channel's
/// categories as they are now (the store calls this in its transaction, so
/// the web page and the command line obey the same rule). "other" stays
/// enabled on both channels; the corruption channel keeps at least one
/// enabled category, or it would take no report at all and nobody would be
/// told (review H1).
pub fn check_switch_off(
    channel: Channel,
    code: &str,
    categories: &[Category],
) -> Result<(), crate::refusal::Refusal> {
    if code == OTHER_CATEGORY {
        return Err(crate::refusal::Refusal::OtherCategoryStays);
    }
    let others_enabled = categories
        .iter()
        .any(|c| c.channel == channel && c.enabled && c.code != code);
    if channel == Channel::Corruption && !others_enabled {
        return Err(crate::refusal::Refusal::LastCorruptionCategory);
    }
    Ok(())
}

/// Checks a new category's code (`a-z`, `0-9`, `_`, 2–40 characters) and
/// label (1–100 characters, one line).
pub fn validate_category(code: &str, thai: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let code_ok = (2..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && code.as_bytes()[0].is_ascii_lowercase();
    if !code_ok {
        errors.push(FieldError {
            field: "code",
            message: format!(
                "รหัสหมวดหมู่ \"{code}\" ไม่ถูกต้อง: ใช้อักษร a-z ตัวเลข และ _ ขึ้นต้นด้วยอักษร ยาว 2–40 ตัว"
            ),
        });
    }
    check_text(&mut errors, "thai", "ชื่อหมวดหมู่", thai, true, 100, false);
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_corruption_channel_keeps_one_enabled_category() {
        use crate::refusal::Refusal;
        let mut corruption = default_categories(Channel::Corruption);
        assert_eq!(
            check_switch_off(Channel::Corruption, OTHER_CATEGORY, &corruption),
            Err(Refusal::OtherCategoryStays)
        );
        assert_eq!(
            check_switch_off(Channel::Corruption, "bribery", &corruption),
            Ok(())
        );
        // Everything off but bribery (say "other" was switched off before
        // this rule): bribery is the last one and stays.
        for c in &mut corruption {
            c.enabled = c.code == "bribery";
        }
        let last = check_switch_off(Channel::Corruption, "bribery", &corruption);
        assert_eq!(last, Err(Refusal::LastCorruptionCategory));
        assert!(last.unwrap_err().to_string().contains("อย่างน้อยหนึ่งประเภท"));
        // Switching off one already off changes nothing: allowed.
        assert_eq!(
            check_switch_off(Channel::Corruption, "assets", &corruption),
            Ok(())
        );
        // The general channel has no such rule beyond "other".
        let mut general = default_categories(Channel::General);
        for c in &mut general {
            c.enabled = c.code == "roads";
        }
        assert_eq!(
            check_switch_off(Channel::General, "roads", &general),
            Ok(())
        );
    }
    use crate::complaint::test_support::fields;

    #[test]
    fn channels_and_default_categories() {
        for channel in Channel::ALL {
            assert_eq!(Channel::parse(channel.as_str()), Some(channel));
            let categories = default_categories(channel);
            assert!(categories.iter().any(|c| c.code == OTHER_CATEGORY));
            for c in &categories {
                assert!(validate_category(&c.code, &c.thai).is_empty(), "{}", c.code);
            }
        }
        let general: Vec<String> = default_categories(Channel::General)
            .into_iter()
            .map(|c| c.code)
            .collect();
        assert_eq!(
            general,
            [
                "roads",
                "waste",
                "water",
                "lights",
                "nuisance",
                "service_conduct",
                "other"
            ]
        );
        assert_eq!(
            default_categories(Channel::Corruption)[1].thai,
            "การเรียกรับสินบน"
        );
        assert_eq!(Channel::parse("x"), None);
        assert_eq!(fields(&validate_category("Bad Code", "")), ["code", "thai"]);
    }
}
