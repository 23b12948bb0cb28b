//! Catalogue files: reading and writing TOML and CSV, with Thai messages
//! naming the line and field.

use super::{
    Cadence, Catalogue, CatalogueError, CatalogueErrors, CatalogueItem, DueRule, GeneratedSource,
    Topic, code_key,
};
use crate::fiscal::FiscalYear;
use std::collections::BTreeMap;

/// One field as read from a file, with its line.
#[derive(Clone, Debug)]
struct Field {
    value: String,
    line: usize,
}

/// An item's fields as text, before checking, from either file format.
#[derive(Clone, Debug, Default)]
struct RawFields {
    line: usize,
    code: Option<Field>,
    title: Option<Field>,
    topic: Option<Field>,
    subheading: Option<Field>,
    contents: Option<Field>,
    cadence: Option<Field>,
    due: Option<Field>,
    owner_unit: Option<Field>,
    reconstructed: Option<Field>,
    note: Option<Field>,
    generated_source: Option<Field>,
    same_as: Option<Field>,
}

/// The columns of a catalogue CSV, in order.
pub const CSV_COLUMNS: [&str; 12] = [
    "code",
    "title",
    "topic",
    "subheading",
    "contents",
    "cadence",
    "due",
    "owner_unit",
    "reconstructed",
    "note",
    "generated_source",
    "same_as",
];

fn at(line: usize, field: &'static str, message: String) -> CatalogueError {
    CatalogueError {
        line: Some(line),
        field: Some(field),
        message,
    }
}

/// Empty text is no value: an empty CSV cell is a missing field.
fn present(field: Option<Field>) -> Option<Field> {
    field.filter(|f| !f.value.trim().is_empty())
}

fn item_from_fields(raw: RawFields, errors: &mut Vec<CatalogueError>) -> Option<CatalogueItem> {
    let before = errors.len();
    let line = raw.line;
    let mut required = |field: Option<Field>, name: &'static str, label: &str| {
        let found = present(field);
        if found.is_none() {
            errors.push(at(line, name, format!("ไม่มี{label} (ช่อง {name})")));
        }
        found
    };
    let code = required(raw.code, "code", "รหัสรายการ");
    let title = required(raw.title, "title", "ชื่อรายการ");
    let topic = required(raw.topic, "topic", "หมวด");
    let contents = required(raw.contents, "contents", "สิ่งที่ต้องเผยแพร่");
    let cadence = required(raw.cadence, "cadence", "ความถี่");
    let due = required(raw.due, "due", "กำหนดส่ง");

    let topic = topic.and_then(|f| {
        let parsed = Topic::parse(&f.value);
        if parsed.is_none() {
            errors.push(at(
                f.line,
                "topic",
                format!(
                    "ไม่รู้จักหมวด \"{}\" (ใช้ได้: {})",
                    f.value.trim(),
                    Topic::ALL.map(Topic::as_str).join(", ")
                ),
            ));
        }
        parsed
    });
    let cadence = cadence.and_then(|f| {
        let parsed = Cadence::parse(&f.value);
        if parsed.is_none() {
            errors.push(at(
                f.line,
                "cadence",
                format!(
                    "ไม่รู้จักความถี่ \"{}\" (ใช้ได้: {})",
                    f.value.trim(),
                    Cadence::ALL.map(Cadence::as_str).join(", ")
                ),
            ));
        }
        parsed
    });
    let due_line = due.as_ref().map_or(line, |f| f.line);
    let due = due.and_then(|f| match DueRule::parse(&f.value) {
        Ok(rule) => Some(rule),
        Err(message) => {
            errors.push(at(f.line, "due", message));
            None
        }
    });
    let reconstructed = match present(raw.reconstructed) {
        None => false,
        Some(f) => match f.value.trim().to_lowercase().as_str() {
            "true" | "yes" | "1" | "ใช่" => true,
            "false" | "no" | "0" | "ไม่ใช่" => false,
            other => {
                errors.push(at(
                    f.line,
                    "reconstructed",
                    format!("ค่า \"{other}\" ไม่ถูกต้อง: ใช้ true หรือ false"),
                ));
                false
            }
        },
    };
    let generated_source = present(raw.generated_source).and_then(|f| {
        let parsed = GeneratedSource::parse(&f.value);
        if parsed.is_none() {
            errors.push(at(
                f.line,
                "generated_source",
                format!(
                    "ไม่รู้จักหน้าที่ระบบสร้างเอง \"{}\" (ใช้ได้: {})",
                    f.value.trim(),
                    GeneratedSource::ALL.map(GeneratedSource::as_str).join(", ")
                ),
            ));
        }
        parsed
    });
    if errors.len() > before {
        return None;
    }
    let text = |f: Option<Field>| present(f).map(|f| f.value.trim().to_owned());
    let item = CatalogueItem {
        code: code?.value.trim().to_owned(),
        title: title?.value.trim().to_owned(),
        topic: topic?,
        subheading: text(raw.subheading),
        contents: contents?.value.trim().to_owned(),
        cadence: cadence?,
        due: due?,
        owner_unit: text(raw.owner_unit),
        reconstructed,
        note: text(raw.note),
        generated_source,
        same_as: text(raw.same_as),
    };
    // Rules across fields (cadence × due, note of a reconstructed item).
    for mut problem in item.validate() {
        problem.line = Some(if problem.field == Some("due") {
            due_line
        } else {
            line
        });
        errors.push(problem);
    }
    (errors.len() == before).then_some(item)
}

/// Duplicate codes across items, each named with its line and the line of
/// its first use.
fn duplicate_codes(items: &[(usize, CatalogueItem)], errors: &mut Vec<CatalogueError>) {
    let mut first_line: BTreeMap<String, usize> = BTreeMap::new();
    for (line, item) in items {
        match first_line.get(&code_key(&item.code)) {
            Some(first) => errors.push(at(
                *line,
                "code",
                format!("รหัสรายการ \"{}\" ซ้ำกับบรรทัด {first}", item.code.trim()),
            )),
            None => {
                first_line.insert(code_key(&item.code), *line);
            }
        }
    }
}

/// Items that use another item's document must name one that can lend it
/// ([`Catalogue::check_same_as`]), each problem at the item's line.
fn same_as_problems(
    fiscal_year: FiscalYear,
    items: &[(usize, CatalogueItem)],
    errors: &mut Vec<CatalogueError>,
) {
    let catalogue = Catalogue {
        fiscal_year,
        title: String::new(),
        description: None,
        items: items.iter().map(|(_, item)| item.clone()).collect(),
    };
    for (line, item) in items {
        if let Some(mut problem) = catalogue.check_same_as(item) {
            problem.line = Some(*line);
            errors.push(problem);
        }
    }
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

mod toml_file {
    //! The serde shape of a TOML catalogue: every field optional, so a
    //! missing one gets a Thai message with its line rather than serde's.
    use serde::{Deserialize, Serialize};
    use toml::Spanned;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct ReadCatalogue {
        pub fiscal_year: Option<Spanned<i64>>,
        pub title: Option<Spanned<String>>,
        pub description: Option<String>,
        #[serde(default)]
        pub items: Vec<Spanned<ReadItem>>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct ReadItem {
        pub code: Option<Spanned<String>>,
        pub title: Option<Spanned<String>>,
        pub topic: Option<Spanned<String>>,
        pub subheading: Option<Spanned<String>>,
        pub contents: Option<Spanned<String>>,
        pub cadence: Option<Spanned<String>>,
        pub due: Option<Spanned<String>>,
        pub owner_unit: Option<Spanned<String>>,
        pub reconstructed: Option<Spanned<bool>>,
        pub note: Option<Spanned<String>>,
        pub generated_source: Option<Spanned<String>>,
        pub same_as: Option<Spanned<String>>,
    }

    #[derive(Serialize)]
    pub(super) struct WriteCatalogue<'a> {
        pub fiscal_year: u16,
        pub title: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub description: Option<&'a str>,
        pub items: Vec<WriteItem<'a>>,
    }

    #[derive(Serialize)]
    pub(super) struct WriteItem<'a> {
        pub code: &'a str,
        pub title: &'a str,
        pub topic: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub subheading: Option<&'a str>,
        pub contents: &'a str,
        pub cadence: &'a str,
        pub due: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub owner_unit: Option<&'a str>,
        pub reconstructed: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub note: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub generated_source: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub same_as: Option<&'a str>,
    }
}

impl Catalogue {
    /// Reads a TOML catalogue (top-level `fiscal_year`, `title`, optional
    /// `description`, then `[[items]]`). Refuses the whole file, with every
    /// problem and its line, on syntax errors, unknown or missing fields,
    /// unknown topics, cadences or generated sources, bad due rules and
    /// duplicate codes.
    pub fn from_toml(text: &str) -> Result<Catalogue, CatalogueErrors> {
        let text = strip_bom(text);
        let read: toml_file::ReadCatalogue = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|span| line_of(text, span.start));
            CatalogueErrors(vec![CatalogueError {
                line,
                field: None,
                message: toml_message(e.message()),
            }])
        })?;
        let mut errors = Vec::new();
        let fiscal_year = match read.fiscal_year {
            None => {
                errors.push(at(
                    1,
                    "fiscal_year",
                    "ไม่มีปีงบประมาณ (ช่อง fiscal_year)".into(),
                ));
                None
            }
            Some(year) => {
                let line = line_of(text, year.span().start);
                match u16::try_from(*year.get_ref()) {
                    Ok(be) if (2400..=3000).contains(&be) => Some(FiscalYear(be)),
                    _ => {
                        errors.push(at(
                            line,
                            "fiscal_year",
                            format!("ปีงบประมาณ {} ไม่ถูกต้อง: ใช้ปี พ.ศ. เช่น 2568", year.get_ref()),
                        ));
                        None
                    }
                }
            }
        };
        let title = match read.title.filter(|t| !t.get_ref().trim().is_empty()) {
            None => {
                errors.push(at(1, "title", "ไม่มีชื่อรายการข้อมูลสาธารณะ (ช่อง title)".into()));
                None
            }
            Some(t) => Some(t.into_inner().trim().to_owned()),
        };
        let mut items = Vec::new();
        for spanned in read.items {
            let line = line_of(text, spanned.span().start);
            let item = spanned.into_inner();
            let field = |f: Option<toml::Spanned<String>>| {
                f.map(|s| Field {
                    line: line_of(text, s.span().start),
                    value: s.into_inner(),
                })
            };
            let raw = RawFields {
                line,
                code: field(item.code),
                title: field(item.title),
                topic: field(item.topic),
                subheading: field(item.subheading),
                contents: field(item.contents),
                cadence: field(item.cadence),
                due: field(item.due),
                owner_unit: field(item.owner_unit),
                reconstructed: item.reconstructed.map(|s| Field {
                    line: line_of(text, s.span().start),
                    value: s.into_inner().to_string(),
                }),
                note: field(item.note),
                generated_source: field(item.generated_source),
                same_as: field(item.same_as),
            };
            if let Some(item) = item_from_fields(raw, &mut errors) {
                items.push((line, item));
            }
        }
        duplicate_codes(&items, &mut errors);
        if let Some(year) = fiscal_year {
            same_as_problems(year, &items, &mut errors);
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Err(CatalogueErrors(errors));
        }
        Ok(Catalogue {
            fiscal_year: fiscal_year.expect("checked above"),
            title: title.expect("checked above"),
            description: read
                .description
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty()),
            items: items.into_iter().map(|(_, item)| item).collect(),
        })
    }

    /// The catalogue as TOML, read back equal by [`Catalogue::from_toml`].
    pub fn to_toml(&self) -> String {
        let write = toml_file::WriteCatalogue {
            fiscal_year: self.fiscal_year.be(),
            title: &self.title,
            description: self.description.as_deref(),
            items: self
                .items
                .iter()
                .map(|item| toml_file::WriteItem {
                    code: &item.code,
                    title: &item.title,
                    topic: item.topic.as_str(),
                    subheading: item.subheading.as_deref(),
                    contents: &item.contents,
                    cadence: item.cadence.as_str(),
                    due: item.due.to_string(),
                    owner_unit: item.owner_unit.as_deref(),
                    reconstructed: item.reconstructed,
                    note: item.note.as_deref(),
                    generated_source: item.generated_source.map(GeneratedSource::as_str),
                    same_as: item.same_as.as_deref(),
                })
                .collect(),
        };
        toml::to_string(&write).expect("a catalogue always serialises to TOML")
    }

    /// Reads the items of a CSV catalogue (UTF-8, with or without a BOM; a
    /// header row naming the columns of [`CSV_COLUMNS`] in any order,
    /// optional ones may be left out). The year and title are not in the
    /// file: the caller chooses them. Refuses the whole file on any problem,
    /// each with its line and column.
    pub fn from_csv(
        fiscal_year: FiscalYear,
        title: &str,
        text: &str,
    ) -> Result<Catalogue, CatalogueErrors> {
        let text = strip_bom(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let csv_error = |e: csv::Error| {
            let line = e.position().map(|p| p.line() as usize);
            let message = match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => format!("มี {len} ช่อง แต่หัวตารางมี {expected_len} ช่อง"),
                csv::ErrorKind::Utf8 { .. } => "ไม่ใช่ข้อความ UTF-8".into(),
                _ => format!("อ่าน CSV ไม่ได้ ({e})"),
            };
            CatalogueErrors(vec![CatalogueError {
                line,
                field: None,
                message,
            }])
        };
        let headers = reader.headers().map_err(csv_error)?.clone();
        let mut errors = Vec::new();
        let mut column_of: BTreeMap<&'static str, usize> = BTreeMap::new();
        for (index, header) in headers.iter().enumerate() {
            match CSV_COLUMNS.iter().find(|c| **c == header.trim()) {
                Some(name) if column_of.contains_key(name) => {
                    errors.push(at(1, name, format!("หัวตารางมีช่อง {name} ซ้ำ")))
                }
                Some(name) => {
                    column_of.insert(name, index);
                }
                None => errors.push(CatalogueError {
                    line: Some(1),
                    field: None,
                    message: format!(
                        "ไม่รู้จักช่อง \"{}\" ในหัวตาราง (ใช้ได้: {})",
                        header.trim(),
                        CSV_COLUMNS.join(", ")
                    ),
                }),
            }
        }
        for required in ["code", "title", "topic", "contents", "cadence", "due"] {
            if !column_of.contains_key(required) {
                errors.push(at(1, required, format!("หัวตารางไม่มีช่อง {required}")));
            }
        }
        if !errors.is_empty() {
            return Err(CatalogueErrors(errors));
        }
        let mut items = Vec::new();
        for record in reader.records() {
            let record = record.map_err(csv_error)?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            if record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            let cell = |name: &str| {
                column_of
                    .get(name)
                    .and_then(|&i| record.get(i))
                    .map(|value| Field {
                        value: value.to_owned(),
                        line,
                    })
            };
            let raw = RawFields {
                line,
                code: cell("code"),
                title: cell("title"),
                topic: cell("topic"),
                subheading: cell("subheading"),
                contents: cell("contents"),
                cadence: cell("cadence"),
                due: cell("due"),
                owner_unit: cell("owner_unit"),
                reconstructed: cell("reconstructed"),
                note: cell("note"),
                generated_source: cell("generated_source"),
                same_as: cell("same_as"),
            };
            if let Some(item) = item_from_fields(raw, &mut errors) {
                items.push((line, item));
            }
        }
        duplicate_codes(&items, &mut errors);
        same_as_problems(fiscal_year, &items, &mut errors);
        let catalogue = Catalogue {
            fiscal_year,
            title: title.trim().to_owned(),
            description: None,
            items: items.into_iter().map(|(_, item)| item).collect(),
        };
        // The year and title came from the caller: checked here too.
        errors.extend(
            catalogue
                .validate()
                .into_iter()
                .filter(|e| matches!(e.field, Some("fiscal_year" | "title"))),
        );
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Err(CatalogueErrors(errors));
        }
        Ok(catalogue)
    }

    /// The items as CSV with a UTF-8 BOM (so Excel reads the Thai), every
    /// column of [`CSV_COLUMNS`]; read back equal by [`Catalogue::from_csv`]
    /// with the same year and title.
    pub fn to_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record(CSV_COLUMNS)
            .expect("writing to memory cannot fail");
        for item in &self.items {
            let due = item.due.to_string();
            writer
                .write_record([
                    item.code.as_str(),
                    item.title.as_str(),
                    item.topic.as_str(),
                    item.subheading.as_deref().unwrap_or(""),
                    item.contents.as_str(),
                    item.cadence.as_str(),
                    due.as_str(),
                    item.owner_unit.as_deref().unwrap_or(""),
                    if item.reconstructed { "true" } else { "false" },
                    item.note.as_deref().unwrap_or(""),
                    item.generated_source.map_or("", GeneratedSource::as_str),
                    item.same_as.as_deref().unwrap_or(""),
                ])
                .expect("writing to memory cannot fail");
        }
        let bytes = writer.into_inner().expect("writing to memory cannot fail");
        let mut text = String::from('\u{feff}');
        text.push_str(std::str::from_utf8(&bytes).expect("written from UTF-8 text"));
        text
    }
}

/// The toml crate's messages are English; the common ones are put in Thai
/// and the rest kept after a Thai lead.
fn toml_message(message: &str) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return format!("ไม่รู้จักช่อง \"{name}\"");
    }
    if message.starts_with("invalid type") {
        return format!("ชนิดข้อมูลไม่ถูกต้อง ({message})");
    }
    if message.contains("duplicate key") {
        return format!("มีช่องซ้ำในรายการเดียวกัน ({message})");
    }
    format!("รูปแบบ TOML ไม่ถูกต้อง ({message})")
}
