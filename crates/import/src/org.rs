//! The organisation a document belongs to, other organisations' names left in
//! it (a cover copied from another city's plan), and characters of scripts
//! that have no business inside Thai text.

use crate::doc::Doc;
use std::collections::HashMap;

/// Thailand's 76 provinces and Bangkok: names that follow "เทศบาลนคร/เมือง/ตำบล"
/// when a municipality is named after its province town.
const PROVINCES: &[&str] = &[
    "กรุงเทพมหานคร",
    "กระบี่",
    "กาญจนบุรี",
    "กาฬสินธุ์",
    "กำแพงเพชร",
    "ขอนแก่น",
    "จันทบุรี",
    "ฉะเชิงเทรา",
    "ชลบุรี",
    "ชัยนาท",
    "ชัยภูมิ",
    "ชุมพร",
    "เชียงราย",
    "เชียงใหม่",
    "ตรัง",
    "ตราด",
    "ตาก",
    "นครนายก",
    "นครปฐม",
    "นครพนม",
    "นครราชสีมา",
    "นครศรีธรรมราช",
    "นครสวรรค์",
    "นนทบุรี",
    "นราธิวาส",
    "น่าน",
    "บึงกาฬ",
    "บุรีรัมย์",
    "ปทุมธานี",
    "ประจวบคีรีขันธ์",
    "ปราจีนบุรี",
    "ปัตตานี",
    "พระนครศรีอยุธยา",
    "พะเยา",
    "พังงา",
    "พัทลุง",
    "พิจิตร",
    "พิษณุโลก",
    "เพชรบุรี",
    "เพชรบูรณ์",
    "แพร่",
    "ภูเก็ต",
    "มหาสารคาม",
    "มุกดาหาร",
    "แม่ฮ่องสอน",
    "ยโสธร",
    "ยะลา",
    "ร้อยเอ็ด",
    "ระนอง",
    "ระยอง",
    "ราชบุรี",
    "ลพบุรี",
    "ลำปาง",
    "ลำพูน",
    "เลย",
    "ศรีสะเกษ",
    "สกลนคร",
    "สงขลา",
    "สตูล",
    "สมุทรปราการ",
    "สมุทรสงคราม",
    "สมุทรสาคร",
    "สระแก้ว",
    "สระบุรี",
    "สิงห์บุรี",
    "สุโขทัย",
    "สุพรรณบุรี",
    "สุราษฎร์ธานี",
    "สุรินทร์",
    "หนองคาย",
    "หนองบัวลำภู",
    "อ่างทอง",
    "อำนาจเจริญ",
    "อุดรธานี",
    "อุตรดิตถ์",
    "อุทัยธานี",
    "อุบลราชธานี",
];

const MUNICIPAL_KINDS: [&str; 3] = ["เทศบาลนคร", "เทศบาลเมือง", "เทศบาลตำบล"];
const ORG_PREFIXES: [&str; 5] = [
    "เทศบาล",
    "องค์การบริหารส่วนตำบล",
    "องค์การบริหารส่วนจังหวัด",
    "เมืองพัทยา",
    "กรุงเทพมหานคร",
];

/// The organisation's name: the most frequent line that is just an
/// organisation's name (the cover and headings repeat it).
pub fn detect(doc: &Doc) -> Option<String> {
    let mut counts: HashMap<&str, (usize, u32)> = HashMap::new();
    for line in &doc.lines {
        let t = line.trimmed();
        if ORG_PREFIXES.iter().any(|p| t.starts_with(p))
            && t.chars().count() <= 50
            && !t.contains(char::is_whitespace)
        {
            let entry = counts.entry(t).or_insert((0, line.no));
            entry.0 += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .map(|(name, _)| name.to_string())
}

/// The place part of a municipal name: "เทศบาลนครนครศรีธรรมราช" → "นครศรีธรรมราช".
fn place_of(organization: &str) -> Option<&str> {
    MUNICIPAL_KINDS
        .iter()
        .find_map(|k| organization.strip_prefix(k))
        .filter(|p| !p.is_empty())
}

/// Another municipality named in the text: (name, line).
pub fn other_organizations(doc: &Doc, organization: &str) -> Vec<(String, u32)> {
    let own_place = place_of(organization);
    let mut found = Vec::new();
    for line in &doc.lines {
        let text = line.text;
        for (pos, _) in text.match_indices("เทศบาล") {
            let after_word = text[pos + "เทศบาล".len()..].trim_start();
            let Some((kind, rest)) = ["นคร", "เมือง", "ตำบล"]
                .iter()
                .find_map(|k| after_word.strip_prefix(k).map(|r| (*k, r.trim_start())))
            else {
                continue;
            };
            if let Some(place) = own_place
                && (rest.starts_with(place) || after_word.starts_with(place))
            {
                continue; // our own name, possibly missing a word
            }
            if let Some(province) = PROVINCES.iter().find(|p| rest.starts_with(**p)) {
                if own_place.is_some_and(|own| own.ends_with(province) || province.ends_with(own)) {
                    continue;
                }
                found.push((format!("เทศบาล{kind}{province}"), line.no));
            }
        }
    }
    found
}

/// Letters of scripts other than Thai and Latin inside the text, e.g. Chinese
/// characters an OCR pass left in a Thai sentence: (line, characters, context).
pub fn foreign_script(doc: &Doc) -> Vec<(u32, String, String)> {
    let mut found = Vec::new();
    for line in &doc.lines {
        let chars: Vec<char> = line.text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if is_foreign_letter(chars[i]) {
                let start = i;
                while i < chars.len() && is_foreign_letter(chars[i]) {
                    i += 1;
                }
                let run: String = chars[start..i].iter().collect();
                let context: String = chars[start.saturating_sub(20)..(i + 20).min(chars.len())]
                    .iter()
                    .collect();
                found.push((line.no, run, context));
            } else {
                i += 1;
            }
        }
    }
    found
}

fn is_foreign_letter(c: char) -> bool {
    // Cheap range checks first: almost every character is ASCII or Thai.
    !c.is_ascii()
        && !sujarit_core::thai::is_thai(c)
        && !('\u{00C0}'..='\u{024F}').contains(&c) // accented Latin is not foreign here
        && c.is_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_name_variants_are_not_other_organizations() {
        let doc = Doc::new(
            "เทศบาลนครนครศรีธรรมราช\nของเทศบาลนครศรีธรรมราช\nเทศบาลนครนครราชสีมา\nเทศบาลนครได้จัดทำ",
        );
        let found = other_organizations(&doc, "เทศบาลนครนครศรีธรรมราช");
        assert_eq!(found, vec![("เทศบาลนครนครราชสีมา".to_string(), 3)]);
    }

    #[test]
    fn finds_chinese_inside_thai() {
        let doc = Doc::new("ประเทศชาติก็必将มีความเจริญ E-Service");
        let found = foreign_script(&doc);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "必将");
    }
}
