//! Form validation shared by the domain: a Thai message per field, and the
//! checks every free-text field gets (length, control characters).

/// Why input cannot be saved: a Thai message per field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// The trimmed text, or None when nothing is left.
pub(crate) fn trimmed(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// A value quoted in a message: cut short and stripped of control characters.
pub(crate) fn shown(value: &str) -> String {
    let clean: String = value.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() > 60 {
        format!("{}…", clean.chars().take(60).collect::<String>())
    } else {
        clean
    }
}

/// Characters no field accepts: control characters (except line breaks and
/// tabs where several lines are allowed) and the bidirectional overrides that
/// can make text display differently from what it says.
fn forbidden_char(c: char, multiline: bool) -> bool {
    if multiline && matches!(c, '\n' | '\r' | '\t') {
        return false;
    }
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Checks one trimmed text field: required, length in characters, characters.
pub(crate) fn check_text(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    label: &str,
    value: &str,
    required: bool,
    max_chars: usize,
    multiline: bool,
) {
    let value = value.trim();
    if value.is_empty() {
        if required {
            errors.push(FieldError {
                field,
                message: format!("โปรดระบุ{label}"),
            });
        }
        return;
    }
    let chars = value.chars().count();
    if chars > max_chars {
        errors.push(FieldError {
            field,
            message: format!("{label}ยาวเกิน {max_chars} ตัวอักษร (มี {chars} ตัวอักษร)"),
        });
    } else if value.chars().any(|c| forbidden_char(c, multiline)) {
        errors.push(FieldError {
            field,
            message: format!("{label}มีอักขระควบคุมที่ไม่อนุญาต โปรดพิมพ์ใหม่เป็นข้อความธรรมดา"),
        });
    }
}
