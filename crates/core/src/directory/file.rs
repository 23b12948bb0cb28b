//! The directory file (`sujarit organizations import FILE.csv`): one
//! organisation per row, read whole and checked before anything is stored.
//!
//! UTF-8 (with or without a byte-order mark), a header row naming the
//! columns in any order: `slug,name,kind,province,district,sub_district,
//! official_code,admin_email,admin_name`. `slug`, `name`, `kind` are
//! required; `province` too except for a national office; the rest may be
//! empty or absent. Places are written by code or by Thai name (see
//! [`super::areas::Areas::find_province`]); the kind by its stored name,
//! its Thai abbreviation or its Thai name ([`OrganizationKind::parse`]).
//!
//! Every bad row is reported (up to [`MAX_ERRORS`]) with its line and
//! column, in Thai, so that one correction pass fixes the file.

use std::collections::HashMap;
use std::fmt;

use super::areas::areas;
use super::{DirectoryEntry, OrganizationKind};
use crate::account::{Email, MAX_DISPLAY_NAME_CHARS, clean_name};

/// At most this many errors are collected; the rest are summed up.
pub const MAX_ERRORS: usize = 50;
/// Longest slug (a path segment of the organisation's pages).
pub const MAX_SLUG_CHARS: usize = 63;
/// Longest organisation name.
pub const MAX_NAME_CHARS: usize = 200;

/// The columns a directory file may have.
pub const COLUMNS: [&str; 9] = [
    "slug",
    "name",
    "kind",
    "province",
    "district",
    "sub_district",
    "official_code",
    "admin_email",
    "admin_name",
];

const REQUIRED: [&str; 4] = ["slug", "name", "kind", "province"];

/// One organisation of the file, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectoryRow {
    /// The line of the file the row starts on (the header is line 1).
    pub line: usize,
    pub slug: String,
    pub name: String,
    /// Passed [`DirectoryEntry::check`].
    pub entry: DirectoryEntry,
    /// The first administrator to create if the organisation is new.
    pub admin: Option<FirstAdmin>,
}

/// A new organisation's first administrator, as the file names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstAdmin {
    pub email: Email,
    pub display_name: String,
}

/// What is wrong where. `Display` is the Thai line a person reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    /// The column, when one is to blame.
    pub column: Option<&'static str>,
    pub message: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(column) => write!(f, "บรรทัด {} คอลัมน์ {}: {}", self.line, column, self.message),
            None => write!(f, "บรรทัด {}: {}", self.line, self.message),
        }
    }
}

/// Every error of a refused file, worded in Thai, one per line, with a
/// last line when more were found than [`MAX_ERRORS`].
pub fn describe(errors: &[LineError], more: usize) -> String {
    let mut lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    if more > 0 {
        lines.push(format!("และพบข้อผิดพลาดอีก {more} รายการ"));
    }
    lines.join("\n")
}

/// Why a file was refused: the errors (at most [`MAX_ERRORS`]) and how
/// many more there were.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub errors: Vec<LineError>,
    pub more: usize,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&describe(&self.errors, self.more))
    }
}

struct Errors {
    list: Vec<LineError>,
    more: usize,
}

impl Errors {
    fn push(&mut self, line: usize, column: Option<&'static str>, message: String) {
        if self.list.len() < MAX_ERRORS {
            self.list.push(LineError {
                line,
                column,
                message,
            });
        } else {
            self.more += 1;
        }
    }
}

/// Whether `slug` may name an organisation: a–z, 0–9 and '-', not starting
/// or ending with '-'. The Thai reason otherwise.
pub fn check_slug(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err("กรุณากรอกรหัสองค์กร (slug)".into());
    }
    if slug.chars().count() > MAX_SLUG_CHARS {
        return Err(format!("รหัสองค์กรยาวเกิน {MAX_SLUG_CHARS} ตัวอักษร"));
    }
    let allowed = slug
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !allowed || slug.starts_with('-') || slug.ends_with('-') {
        return Err(format!(
            "รหัสองค์กร \"{slug}\" ใช้ไม่ได้ ต้องเป็นอักษร a–z ตัวเล็ก ตัวเลข 0–9 และขีด - เท่านั้น \
             (ไม่ขึ้นต้นหรือลงท้ายด้วยขีด) เช่น tambon-tha-ngio"
        ));
    }
    Ok(())
}

/// The line (1-based) of a byte offset of `text`.
fn line_of(text: &str, byte: u64) -> usize {
    let bytes = text.as_bytes();
    let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
    // A record's offset is where csv began reading it, before the blank
    // lines it skipped.
    while end < bytes.len() && matches!(bytes[end], b'\n' | b'\r') {
        end += 1;
    }
    1 + bytes[..end].iter().filter(|b| **b == b'\n').count()
}

/// The first line (1-based) that is not UTF-8, if any.
fn first_bad_line(bytes: &[u8]) -> Option<usize> {
    (1..)
        .zip(bytes.split(|b| *b == b'\n'))
        .find(|(_, chunk)| std::str::from_utf8(chunk).is_err())
        .map(|(line, _)| line)
}

/// Reads and checks a whole directory file.
pub fn parse(bytes: &[u8]) -> Result<Vec<DirectoryRow>, Refused> {
    let refuse = |line: usize, column: Option<&'static str>, message: String| Refused {
        errors: vec![LineError {
            line,
            column,
            message,
        }],
        more: 0,
    };
    if let Some(line) = first_bad_line(bytes) {
        return Err(refuse(
            line,
            None,
            "ไฟล์ไม่ใช่ UTF-8 (อ่านบรรทัดนี้ไม่ได้ อาจบันทึกเป็น TIS-620/Windows-874) \
             โปรดบันทึกไฟล์ใหม่เป็น CSV UTF-8"
                .into(),
        ));
    }
    let text = std::str::from_utf8(bytes).unwrap_or_default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(refuse(1, None, format!("อ่านแถวหัวตารางไม่ได้ ({e})"))),
    };
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(refuse(
            1,
            None,
            format!("ไฟล์ว่างหรือไม่มีแถวหัวตาราง ต้องมีคอลัมน์: {}", COLUMNS.join(",")),
        ));
    }
    // The header: known names, each once, the required ones present.
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    let mut errors = Errors {
        list: Vec::new(),
        more: 0,
    };
    for (i, name) in headers.iter().enumerate() {
        let name = name.trim();
        match COLUMNS.iter().find(|c| **c == name) {
            Some(known) => {
                if index.insert(known, i).is_some() {
                    errors.push(1, Some(known), format!("คอลัมน์ \"{name}\" ซ้ำ"));
                }
            }
            None => errors.push(
                1,
                None,
                format!("ไม่รู้จักคอลัมน์ \"{name}\" คอลัมน์ที่ใช้ได้: {}", COLUMNS.join(",")),
            ),
        }
    }
    for required in REQUIRED {
        if !index.contains_key(required) {
            errors.push(1, Some(required), "แถวหัวตารางไม่มีคอลัมน์นี้".into());
        }
    }
    if !errors.list.is_empty() {
        return Err(Refused {
            errors: errors.list,
            more: errors.more,
        });
    }

    let mut rows = Vec::new();
    let mut slugs: HashMap<String, usize> = HashMap::new();
    let mut codes: HashMap<String, usize> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line() as usize);
                errors.push(line, None, format!("อ่านแถวนี้ไม่ได้ ({e})"));
                break;
            }
        }
        // By the byte offset, past the blank lines csv skipped.
        let line = record.position().map_or(line, |p| line_of(text, p.byte()));
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let fields = Fields {
            index: &index,
            record: &record,
        };
        if let Some(row) = check_row(line, &fields, &mut errors) {
            if let Some(first) = slugs.insert(row.slug.clone(), line) {
                errors.push(
                    line,
                    Some("slug"),
                    format!("รหัสองค์กร \"{}\" ซ้ำกับบรรทัด {first}", row.slug),
                );
                continue;
            }
            if let Some(code) = &row.entry.official_code
                && let Some(first) = codes.insert(code.clone(), line)
            {
                errors.push(
                    line,
                    Some("official_code"),
                    format!("รหัส อปท. \"{code}\" ซ้ำกับบรรทัด {first}"),
                );
                continue;
            }
            rows.push(row);
        }
    }
    if !errors.list.is_empty() {
        return Err(Refused {
            errors: errors.list,
            more: errors.more,
        });
    }
    if rows.is_empty() {
        return Err(refuse(1, None, "ไฟล์ไม่มีแถวข้อมูลองค์กร".into()));
    }
    Ok(rows)
}

/// One record's values by column name, trimmed ("" when absent).
struct Fields<'a> {
    index: &'a HashMap<&'static str, usize>,
    record: &'a csv::StringRecord,
}

impl<'a> Fields<'a> {
    fn get(&self, column: &str) -> &'a str {
        self.index
            .get(column)
            .and_then(|i| self.record.get(*i))
            .map(str::trim)
            .unwrap_or("")
    }
}

/// One row checked; None when it had errors (pushed).
fn check_row(line: usize, fields: &Fields<'_>, errors: &mut Errors) -> Option<DirectoryRow> {
    let get = |column: &str| fields.get(column);
    let before = errors.list.len() + errors.more;
    let slug = get("slug").to_string();
    if let Err(message) = check_slug(&slug) {
        errors.push(line, Some("slug"), message);
    }
    let name = get("name").split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        errors.push(line, Some("name"), "กรุณากรอกชื่อองค์กร".into());
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.push(
            line,
            Some("name"),
            format!("ชื่อองค์กรยาวเกิน {MAX_NAME_CHARS} ตัวอักษร"),
        );
    } else if name.chars().any(char::is_control) {
        errors.push(line, Some("name"), "ชื่อองค์กรต้องไม่มีอักขระควบคุม".into());
    }
    let kind_text = get("kind");
    let kind = OrganizationKind::parse(kind_text);
    if kind.is_none() {
        let known: Vec<&str> = OrganizationKind::ALL.iter().map(|k| k.as_str()).collect();
        errors.push(
            line,
            Some("kind"),
            if kind_text.is_empty() {
                format!("กรุณาระบุประเภทองค์กร ใช้ได้: {}", known.join(", "))
            } else {
                format!(
                    "ไม่มีประเภทองค์กร \"{kind_text}\" ใช้ได้: {} (หรืออักษรย่อ อบจ. ทน. ทม. ทต. อบต.)",
                    known.join(", ")
                )
            },
        );
    }
    let areas = areas();
    let province_text = get("province");
    let province = if province_text.is_empty() {
        if kind != Some(OrganizationKind::NationalOffice) {
            errors.push(line, Some("province"), "กรุณาระบุจังหวัด".into());
        }
        None
    } else {
        match areas.find_province(province_text) {
            Some(p) => Some(p),
            None => {
                errors.push(
                    line,
                    Some("province"),
                    format!("ไม่พบจังหวัด \"{province_text}\" (ใช้รหัส 2 หลักหรือชื่อจังหวัดภาษาไทย)"),
                );
                None
            }
        }
    };
    let district_text = get("district");
    let district = match (province, district_text.is_empty()) {
        (_, true) => None,
        (Some(p), false) => match areas.find_district(&p.code, district_text) {
            Some(d) => Some(d),
            None => {
                errors.push(
                    line,
                    Some("district"),
                    format!("ไม่พบอำเภอ \"{district_text}\" ในจังหวัด{}", p.name_th),
                );
                None
            }
        },
        // An unknown or missing province is reported already; a national
        // office has none.
        (None, false) => {
            if province_text.is_empty() && kind == Some(OrganizationKind::NationalOffice) {
                errors.push(
                    line,
                    Some("district"),
                    "หน่วยกำกับดูแลระดับประเทศไม่ต้องระบุอำเภอ".into(),
                );
            }
            None
        }
    };
    let sub_text = get("sub_district");
    let sub_district = match (district, sub_text.is_empty()) {
        (_, true) => None,
        (Some(d), false) => match areas.find_sub_district(&d.code, sub_text) {
            Some(s) => Some(s),
            None => {
                errors.push(
                    line,
                    Some("sub_district"),
                    format!("ไม่พบตำบล \"{sub_text}\" ในอำเภอ{}", d.name_th),
                );
                None
            }
        },
        (None, false) => {
            if district_text.is_empty() {
                errors.push(line, Some("sub_district"), "ระบุตำบลต้องระบุอำเภอด้วย".into());
            }
            None
        }
    };
    let official = get("official_code");
    let official_code = if official.is_empty() {
        None
    } else if official.chars().count() > 20
        || !official
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        errors.push(
            line,
            Some("official_code"),
            format!("รหัส อปท. \"{official}\" ไม่ถูกต้อง (ตัวเลขหรืออักษรละติน ไม่เกิน 20 ตัว)"),
        );
        None
    } else {
        Some(official.to_string())
    };
    let admin_email = get("admin_email");
    let admin_name = get("admin_name");
    let admin = if admin_email.is_empty() {
        if !admin_name.is_empty() {
            errors.push(
                line,
                Some("admin_email"),
                "ระบุชื่อผู้ดูแลระบบแล้วแต่ไม่มีอีเมล".into(),
            );
        }
        None
    } else {
        match Email::parse(admin_email) {
            Err(message) => {
                errors.push(line, Some("admin_email"), message);
                None
            }
            Ok(email) => {
                let typed = if admin_name.is_empty() {
                    email.local_part().to_string()
                } else {
                    admin_name.to_string()
                };
                match clean_name(&typed, "ชื่อผู้ดูแลระบบ", MAX_DISPLAY_NAME_CHARS)
                {
                    Ok(display_name) => Some(FirstAdmin {
                        email,
                        display_name,
                    }),
                    Err(message) => {
                        errors.push(line, Some("admin_name"), message);
                        None
                    }
                }
            }
        }
    };
    if let Some(admin) = &admin
        && kind.is_some_and(OrganizationKind::is_office)
    {
        errors.push(
            line,
            Some("admin_email"),
            format!(
                "หน่วยกำกับดูแลไม่มีผู้ดูแลระบบ ({}) สร้างบัญชีผู้กำกับดูแลด้วย \
                 sujarit user add … --role provincial_overseer หรือ national_overseer",
                admin.email
            ),
        );
    }
    if errors.list.len() + errors.more > before {
        return None;
    }
    let entry = DirectoryEntry {
        kind: kind?,
        province_code: province.map(|p| p.code.clone()),
        district_code: district.map(|d| d.code.clone()),
        sub_district_code: sub_district.map(|s| s.code.clone()),
        official_code,
    };
    if let Err((field, message)) = entry.check() {
        let column = COLUMNS.iter().find(|c| **c == field).copied();
        errors.push(line, column, message);
        return None;
    }
    Some(DirectoryRow {
        line,
        slug,
        name,
        entry,
        admin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "slug,name,kind,province,district,sub_district,official_code,admin_email,admin_name\n";

    fn parse_text(rows: &str) -> Result<Vec<DirectoryRow>, Refused> {
        parse(format!("{HEADER}{rows}").as_bytes())
    }

    fn only_error(rows: &str) -> LineError {
        let refused = parse_text(rows).unwrap_err();
        assert_eq!(refused.errors.len(), 1, "{refused}");
        refused.errors[0].clone()
    }

    #[test]
    fn a_good_file_reads_codes_and_thai_names() {
        let rows = parse(
            "\u{feff}name,slug,kind,province,district,sub_district,official_code,admin_email,admin_name\n\
             องค์การบริหารส่วนจังหวัดนครศรีธรรมราช,pao-nakhonsi,อบจ.,80,,,6800101,Admin@Example.go.th,สมชาย ใจดี\n\
             เทศบาลนครนครศรีธรรมราช,nakhonsi,ทน.,นครศรีธรรมราช,อำเภอเมืองนครศรีธรรมราช,ตำบลในเมือง,,,\n\n\
             สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดนครศรีธรรมราช,office-80,provincial_office,จังหวัดนครศรีธรรมราช,,,,,\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].entry.kind, OrganizationKind::Pao);
        assert_eq!(rows[0].entry.province_code.as_deref(), Some("80"));
        assert_eq!(rows[0].entry.official_code.as_deref(), Some("6800101"));
        let admin = rows[0].admin.as_ref().unwrap();
        assert_eq!(admin.email.as_str(), "admin@example.go.th");
        assert_eq!(admin.display_name, "สมชาย ใจดี");
        assert_eq!(rows[1].entry.district_code.as_deref(), Some("8001"));
        let sub = rows[1].entry.sub_district_code.as_deref().unwrap();
        assert!(sub.starts_with("8001"), "{sub}");
        assert_eq!(rows[1].admin, None);
        // The blank line is skipped but counted.
        assert_eq!(rows[2].line, 5);
        assert_eq!(rows[2].entry.kind, OrganizationKind::ProvincialOffice);
    }

    #[test]
    fn optional_columns_may_be_absent_and_a_national_office_has_no_province() {
        let rows =
            parse("slug,name,kind,province\nnacc,สำนักงาน ป.ป.ช.,national_office,\n".as_bytes())
                .unwrap();
        assert_eq!(rows[0].entry.province_code, None);
        assert_eq!(rows[0].entry.kind, OrganizationKind::NationalOffice);
    }

    #[test]
    fn an_unknown_province_names_its_line_and_column() {
        let e = only_error("a,อบต.ก,sao,แอตแลนติส,,,,,\n");
        assert_eq!((e.line, e.column), (2, Some("province")));
        assert!(
            e.to_string()
                .starts_with("บรรทัด 2 คอลัมน์ province: ไม่พบจังหวัด"),
            "{e}"
        );
    }

    #[test]
    fn an_unknown_district_or_one_of_another_province_is_refused() {
        let e = only_error("a,อบต.ก,sao,80,อำเภอไม่มีจริง,,,,\n");
        assert_eq!((e.line, e.column), (2, Some("district")));
        assert!(e.message.contains("ไม่พบอำเภอ"), "{e}");
        // เขตพระนคร (1001) is Bangkok's, not Nakhon Si Thammarat's.
        let e = only_error("a,อบต.ก,sao,80,1001,,,,\n");
        assert_eq!((e.line, e.column), (2, Some("district")));
        assert!(e.message.contains("ไม่อยู่ในจังหวัด"), "{e}");
    }

    #[test]
    fn an_unknown_sub_district_is_refused() {
        let e = only_error("a,อบต.ก,sao,80,8001,ตำบลไม่มีจริง,,,\n");
        assert_eq!((e.line, e.column), (2, Some("sub_district")));
    }

    #[test]
    fn a_kind_that_does_not_exist_is_refused() {
        let e = only_error("a,อบต.ก,municipality,80,,,,,\n");
        assert_eq!((e.line, e.column), (2, Some("kind")));
        assert!(e.message.contains("ไม่มีประเภทองค์กร \"municipality\""), "{e}");
    }

    #[test]
    fn a_slug_must_be_url_safe() {
        for bad in ["Tha-Ngio", "ท่างิ้ว", "a b", "-a", "a/b"] {
            let e = only_error(&format!("\"{bad}\",อบต.ก,sao,80,,,,,\n"));
            assert_eq!((e.line, e.column), (2, Some("slug")), "{bad}");
        }
        assert!(check_slug("tha-ngio-2").is_ok());
    }

    #[test]
    fn duplicate_slugs_and_official_codes_name_both_lines() {
        let e = only_error("a,อบต.ก,sao,80,,,1,,\nb,อบต.ข,sao,80,,,2,,\na,อบต.ค,sao,80,,,3,,\n");
        assert_eq!((e.line, e.column), (4, Some("slug")));
        assert!(e.message.contains("ซ้ำกับบรรทัด 2"), "{e}");
        let e = only_error("a,อบต.ก,sao,80,,,6800101,,\nb,อบต.ข,sao,80,,,6800101,,\n");
        assert_eq!((e.line, e.column), (3, Some("official_code")));
        assert!(e.message.contains("ซ้ำกับบรรทัด 2"), "{e}");
    }

    #[test]
    fn an_empty_name_and_a_bad_email_are_refused() {
        let e = only_error("a, ,sao,80,,,,,\n");
        assert_eq!((e.line, e.column), (2, Some("name")));
        let e = only_error("a,อบต.ก,sao,80,,,,not-an-email,\n");
        assert_eq!((e.line, e.column), (2, Some("admin_email")));
    }

    #[test]
    fn every_error_is_collected_up_to_the_limit() {
        let refused = parse_text("A,อบต.ก,sao,99,,,,,\nb,,xxx,80,,,,,\n").unwrap_err();
        let found: Vec<(usize, Option<&str>)> =
            refused.errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(
            found,
            [
                (2, Some("slug")),
                (2, Some("province")),
                (3, Some("name")),
                (3, Some("kind"))
            ]
        );
        let many: String = (0..60).map(|i| format!("s{i},ก,sao,99,,,,,\n")).collect();
        let refused = parse_text(&many).unwrap_err();
        assert_eq!(refused.errors.len(), MAX_ERRORS);
        assert_eq!(refused.more, 10);
        assert!(refused.to_string().ends_with("และพบข้อผิดพลาดอีก 10 รายการ"));
    }

    #[test]
    fn a_file_that_is_not_utf8_names_the_first_bad_line() {
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(b"a,ok,sao,80,,,,,\n");
        // "อบต." in TIS-620.
        bytes.extend_from_slice(b"b,\xcd\xba\xb5.,sao,80,,,,,\n");
        let refused = parse(&bytes).unwrap_err();
        assert_eq!(refused.errors[0].line, 3);
        assert!(
            refused.errors[0].message.starts_with("ไฟล์ไม่ใช่ UTF-8"),
            "{refused}"
        );
    }

    #[test]
    fn the_header_must_name_known_and_required_columns() {
        let refused = parse(b"slug,name,type,province\na,b,sao,80\n").unwrap_err();
        let found: Vec<(usize, Option<&str>)> =
            refused.errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(found, [(1, None), (1, Some("kind"))]);
        assert!(parse(b"").is_err());
        assert!(parse(HEADER.as_bytes()).is_err());
    }

    #[test]
    fn an_office_gets_no_administrator_from_the_file() {
        let e = only_error("office-80,สำนักงาน,provincial_office,80,,,,a@b.go.th,\n");
        assert_eq!((e.line, e.column), (2, Some("admin_email")));
    }
}
