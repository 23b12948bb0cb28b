//! Word-segmented search text: what the search index stores and what a query
//! is matched with. Thai is written without spaces between words, so both
//! the indexed text and the query go through the same deterministic
//! segmenter (ICU4X's dictionary model, never the LSTM: the LSTM may cut a
//! word differently alone than inside a longer run, and a query would then
//! miss its own document). Thai digits become Arabic ones and Latin letters
//! lower case, so "๒๕๖๘" finds "2568" and "OIT" finds "oit".

use crate::thai::arabic_digits;
use crate::validation::FieldError;
use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// The most words of a query that are matched (the rest are ignored).
pub const MAX_QUERY_WORDS: usize = 16;

/// `text` as space-separated words: segmented with the dictionary model,
/// punctuation and spaces dropped, Thai digits as Arabic ones, lower case.
pub fn segment(text: &str) -> String {
    words(text).join(" ")
}

/// The words of `text`, as [`segment`] joins them.
pub fn words(text: &str) -> Vec<String> {
    let normal = arabic_digits(text).to_lowercase();
    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let mut words = Vec::new();
    let mut start = 0;
    for end in segmenter.segment_str(&normal).skip(1) {
        let word = &normal[start..end];
        start = end;
        if word.chars().any(char::is_alphanumeric) {
            words.push(word.to_owned());
        }
    }
    words
}

/// A search as typed, checked: the words to match (all of them, in any
/// order), at most [`MAX_QUERY_WORDS`], each once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    /// As typed, trimmed (to show back in the search box).
    pub text: String,
    pub words: Vec<String>,
}

impl Query {
    /// The query `text` with Thai messages for the field `q`: it must have
    /// a word and at most [`MAX_QUERY_CHARS`] characters.
    pub fn parse(text: &str) -> Result<Query, FieldError> {
        let text = text.trim();
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(FieldError {
                field: "q",
                message: format!("คำค้นยาวเกินไป พิมพ์ได้ไม่เกิน {MAX_QUERY_CHARS} ตัวอักษร"),
            });
        }
        let mut unique: Vec<String> = Vec::new();
        for word in words(text) {
            if !unique.contains(&word) {
                unique.push(word);
            }
        }
        unique.truncate(MAX_QUERY_WORDS);
        if unique.is_empty() {
            return Err(FieldError {
                field: "q",
                message: "โปรดพิมพ์คำที่ต้องการค้นหา (ตัวอักษรหรือตัวเลขอย่างน้อยหนึ่งคำ)".into(),
            });
        }
        Ok(Query {
            text: text.to_owned(),
            words: unique,
        })
    }
}

/// What a search result is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SearchKind {
    /// An item of the current plan (its name and project form).
    PlanItem,
    /// An item of the information centre (its contents and published notes).
    Disclosure,
    /// A published quarterly report of an item (its narrative).
    Progress,
    /// A general complaint (staff only: its reference, subject and details;
    /// never the corruption channel, never a contact).
    Complaint,
    /// An entry of a year's corruption risk register (its risk event,
    /// process, unit and type: the public register shows them all).
    Risk,
    /// An internal measure of a year (its title, purpose, steps and result).
    Measure,
}

impl SearchKind {
    pub const ALL: [SearchKind; 6] = [
        SearchKind::PlanItem,
        SearchKind::Disclosure,
        SearchKind::Progress,
        SearchKind::Complaint,
        SearchKind::Risk,
        SearchKind::Measure,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SearchKind::PlanItem => "plan_item",
            SearchKind::Disclosure => "disclosure",
            SearchKind::Progress => "progress",
            SearchKind::Complaint => "complaint",
            SearchKind::Risk => "risk",
            SearchKind::Measure => "measure",
        }
    }

    pub fn parse(text: &str) -> Option<SearchKind> {
        SearchKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The heading of its group of results.
    pub fn thai(self) -> &'static str {
        match self {
            SearchKind::PlanItem => "โครงการ/กิจกรรมในแผน",
            SearchKind::Disclosure => "ศูนย์ข้อมูลข่าวสาร",
            SearchKind::Progress => "ผลการดำเนินงานที่เผยแพร่",
            SearchKind::Complaint => "เรื่องร้องเรียนทั่วไป",
            SearchKind::Risk => "ความเสี่ยงการทุจริต",
            SearchKind::Measure => "มาตรการภายใน",
        }
    }

    /// Whether the public may find documents of this kind.
    pub fn public(self) -> bool {
        self != SearchKind::Complaint
    }
}

/// Who searches: the public (public documents only) or staff (also general
/// complaints, for those who may handle them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchScope {
    Public,
    Staff { complaints: bool },
}

impl SearchScope {
    pub fn includes(self, kind: SearchKind) -> bool {
        match self {
            SearchScope::Public => kind.public(),
            SearchScope::Staff { complaints } => kind.public() || complaints,
        }
    }
}

/// The first `chars` characters of `text` with its runs of white space
/// folded, and "…" when cut: a result's excerpt.
pub fn excerpt(text: &str, chars: usize) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= chars {
        return folded;
    }
    let mut cut: String = folded.chars().take(chars).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_is_cut_into_dictionary_words() {
        assert_eq!(
            segment("การประเมินคุณภาพการศึกษาภายในสถานศึกษา"),
            "การ ประเมิน คุณภาพ การ ศึกษา ภายใน สถาน ศึกษา"
        );
    }

    #[test]
    fn a_word_inside_a_longer_run_is_a_word_of_its_own() {
        let document = words("โครงการส่งเสริมการปฏิบัติงานตามประมวลจริยธรรมของผู้บริหารท้องถิ่น");
        for query in ["จริยธรรม", "ผู้บริหาร", "ส่งเสริม"]
        {
            let query = Query::parse(query).unwrap();
            for word in &query.words {
                assert!(document.contains(word), "{word} in {document:?}");
            }
        }
    }

    #[test]
    fn digits_case_and_punctuation_are_normalised() {
        assert_eq!(segment("ปี ๒๕๖๘: OIT, Plan!"), "ปี 2568 oit plan");
        assert_eq!(segment("  ...  "), "");
    }

    #[test]
    fn the_same_words_come_out_of_the_query_and_the_document() {
        let document = words("ผู้ร้องเรียนส่งเอกสารหลักฐานเพิ่มเติม");
        let query = Query::parse("หลักฐาน เอกสาร").unwrap();
        assert!(
            query.words.iter().all(|w| document.contains(w)),
            "{query:?}"
        );
    }

    #[test]
    fn an_empty_or_long_query_is_refused_in_thai() {
        for empty in ["", "   ", "\"*()", "—"] {
            let error = Query::parse(empty).unwrap_err();
            assert_eq!(error.field, "q");
            assert!(error.message.contains("โปรดพิมพ์"), "{error:?}");
        }
        let long = "ก".repeat(MAX_QUERY_CHARS + 1);
        assert!(
            Query::parse(&long)
                .unwrap_err()
                .message
                .contains("ยาวเกินไป")
        );
        assert!(Query::parse(&"ก".repeat(MAX_QUERY_CHARS)).is_ok());
    }

    #[test]
    fn kinds_round_trip_and_complaints_stay_out_of_the_public_scope() {
        for kind in SearchKind::ALL {
            assert_eq!(SearchKind::parse(kind.as_str()), Some(kind));
        }
        assert!(!SearchScope::Public.includes(SearchKind::Complaint));
        assert!(!SearchScope::Staff { complaints: false }.includes(SearchKind::Complaint));
        assert!(SearchScope::Staff { complaints: true }.includes(SearchKind::Complaint));
        assert!(SearchScope::Public.includes(SearchKind::PlanItem));
    }

    #[test]
    fn excerpts_are_cut_and_folded() {
        assert_eq!(excerpt("ก  ข\nค", 10), "ก ข ค");
        assert_eq!(excerpt("กขคงจ", 3), "กขค…");
    }

    #[test]
    fn words_are_kept_once_and_bounded() {
        let query = Query::parse("แผน แผน แผน").unwrap();
        assert_eq!(query.words, ["แผน"]);
        let many: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
        assert_eq!(
            Query::parse(&many.join(" ")).unwrap().words.len(),
            MAX_QUERY_WORDS
        );
    }
}
