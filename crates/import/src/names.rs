//! Matching names that the document writes differently: OCR errors, missing
//! words, spacing, quotes. Matching is one-to-one, so two different items are
//! never merged into one; a confidence (0–1) is kept with every match.

/// A name prepared for comparison.
pub struct NameKey {
    pub normalized: String,
    /// Character bigrams packed into u64s, sorted: a multiset that two keys
    /// intersect by merging, which is what keeps matching fast.
    bigrams: Vec<u64>,
}

/// Ways an organisation's own name is written, to be ignored when comparing
/// item names ("…ของเทศบาลนครศรีธรรมราช" vs "…ของเทศบาลนครนครศรีธรรมราช").
pub struct OrgAliases(Vec<String>);

impl OrgAliases {
    pub fn new(organization: &str) -> Self {
        let compact: String = organization.split_whitespace().collect();
        let mut aliases = vec![compact.clone()];
        // "เทศบาลนครนครศรีธรรมราช" is also written without the repeated "นคร".
        for kind in ["เทศบาลนคร", "เทศบาลเมือง", "เทศบาลตำบล"]
        {
            if let Some(place) = compact.strip_prefix(kind) {
                aliases.push(format!("เทศบาล{place}"));
                if let Some(shorter) = place.strip_prefix("นคร") {
                    aliases.push(format!("{kind}{shorter}"));
                }
            }
        }
        // Longest first so that the full name wins over a shorter alias.
        aliases.sort_by_key(|a| std::cmp::Reverse(a.chars().count()));
        aliases.dedup();
        OrgAliases(aliases)
    }

    pub fn replace_in(&self, text: &str) -> String {
        let mut out = text.to_string();
        for alias in &self.0 {
            if alias.chars().count() >= 6 {
                out = out.replace(alias.as_str(), "◆");
            }
        }
        out
    }
}

/// The comparable core of a name: Thai digits as Arabic, the organisation's
/// name folded, the kind word (โครงการ/กิจกรรม/มาตรการ) dropped, and no spaces,
/// quotes or brackets.
pub fn normalize(name: &str, org: &OrgAliases) -> String {
    let compact: String = sujarit_core::thai::arabic_digits(name)
        .chars()
        .filter(|c| !c.is_whitespace() && !"\"“”'‘’«»()[]{}-–—.,:;".contains(*c))
        .collect();
    let mut folded = org.replace_in(&compact);
    for kind in ["โครงการ", "กิจกรรม", "มาตรการ"] {
        if let Some(rest) = folded.strip_prefix(kind) {
            folded = rest.to_string();
            break;
        }
    }
    folded
}

impl NameKey {
    pub fn new(name: &str, org: &OrgAliases) -> Self {
        let normalized = normalize(name, org);
        let chars: Vec<char> = normalized.chars().collect();
        let mut bigrams: Vec<u64> = chars
            .windows(2)
            .map(|pair| (u64::from(pair[0]) << 32) | u64::from(pair[1]))
            .collect();
        bigrams.sort_unstable();
        NameKey {
            normalized,
            bigrams,
        }
    }

    /// Similarity in 0–1: mostly the Dice coefficient of character bigrams,
    /// with some weight on containment so that a name with an added suffix
    /// ("… (กิจกรรม “โตไปไม่โกง”)") still scores well.
    pub fn similarity(&self, other: &NameKey) -> f64 {
        if self.normalized == other.normalized {
            return 1.0;
        }
        let (a, b) = (&self.bigrams, &other.bigrams);
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let (mut i, mut j, mut common) = (0, 0, 0usize);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        let dice = 2.0 * common as f64 / (a.len() + b.len()) as f64;
        let overlap = common as f64 / a.len().min(b.len()) as f64;
        (0.75 * dice + 0.25 * overlap).min(0.999)
    }
}

/// A candidate pairing for [`assign`].
pub struct Candidate {
    pub left: usize,
    pub right: usize,
    /// Name similarity, reported as the match confidence.
    pub score: f64,
    /// Whether context agrees (same dimension): used to order candidates.
    pub context_agrees: bool,
}

/// Greedy one-to-one assignment, best first. A pair whose context disagrees
/// must be near-certain by name. Returns `left → (right, confidence)`.
pub fn assign(
    left_len: usize,
    right_len: usize,
    mut candidates: Vec<Candidate>,
    threshold: f64,
) -> Vec<Option<(usize, f64)>> {
    let effective = |c: &Candidate| c.score + if c.context_agrees { 0.1 } else { 0.0 };
    candidates.retain(|c| {
        if c.context_agrees {
            c.score >= threshold
        } else {
            c.score >= 0.85
        }
    });
    candidates.sort_by(|a, b| {
        effective(b)
            .partial_cmp(&effective(a))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.left.cmp(&b.left))
            .then(a.right.cmp(&b.right))
    });
    let mut result = vec![None; left_len];
    let mut right_taken = vec![false; right_len];
    for c in candidates {
        if result[c.left].is_none() && !right_taken[c.right] {
            result[c.left] = Some((c.right, c.score));
            right_taken[c.right] = true;
        }
    }
    result
}

/// Rounds a confidence for reports: three decimals are plenty.
pub fn round_confidence(score: f64) -> f64 {
    (score * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> OrgAliases {
        OrgAliases::new("เทศบาลนครนครศรีธรรมราช")
    }

    #[test]
    fn folds_spacing_quotes_and_the_missing_word() {
        let a = NameKey::new(
            "มาตรการ “ส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม ของเทศบาลนครนครศรีธรรมราช”",
            &org(),
        );
        let b = NameKey::new(
            "มาตรการ \"ส่งเสริมการปฏิบัติงานตามประมวลจริยธรรมของเทศบาลนครศรีธรรมราช\"",
            &org(),
        );
        assert_eq!(a.similarity(&b), 1.0);
    }

    #[test]
    fn ocr_variants_score_high_and_different_items_low() {
        let a = NameKey::new(
            "โครงการปลูกฝังวิถีคิดแยกแยะผลประโยชน์ส่วนตนและผลประโยชน์ส่วนรวม",
            &org(),
        );
        let b = NameKey::new(
            "โครงการปลูกฝังวิธีคิดแยกแยะผลประโยชน์ส่วนตัวและผลประโยชน์ส่วนรวม",
            &org(),
        );
        let c = NameKey::new("โครงการจัดทำคู่มือสำหรับประชาชนผ่านสื่ออิเล็กทรอนิกส์", &org());
        assert!(a.similarity(&b) > 0.8, "{}", a.similarity(&b));
        assert!(a.similarity(&c) < 0.3, "{}", a.similarity(&c));
    }

    #[test]
    fn assignment_is_one_to_one() {
        let candidates = vec![
            Candidate {
                left: 0,
                right: 0,
                score: 0.9,
                context_agrees: true,
            },
            Candidate {
                left: 1,
                right: 0,
                score: 0.95,
                context_agrees: true,
            },
            Candidate {
                left: 1,
                right: 1,
                score: 0.6,
                context_agrees: true,
            },
        ];
        let result = assign(2, 2, candidates, 0.5);
        assert_eq!(result, vec![None, Some((0, 0.95))]);
    }
}
