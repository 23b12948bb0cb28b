//! Where a general complaint is, as the complainant's browser gave it (or as
//! typed): WGS 84 latitude and longitude, kept as whole microdegrees
//! (about 11 cm), so no float is stored or compared. Shown as coordinates
//! with links that open a map application; no map is drawn.

use super::FieldError;
use serde::{Deserialize, Serialize};

/// A point in microdegrees (latitude −90…90, longitude −180…180).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub latitude_micro: i32,
    pub longitude_micro: i32,
}

/// Decimal degrees as typed ("8.4319", "-0.5", "99.963178"): at most six
/// decimals; None when it is not such a number.
fn microdegrees(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || whole.len() > 3
        || fraction.len() > 6
        || !all_digits(whole)
        || !all_digits(fraction)
    {
        return None;
    }
    let mut value: i64 = whole.parse().ok()?;
    value *= 1_000_000;
    if !fraction.is_empty() {
        let scale = 10_i64.pow(6 - fraction.len() as u32);
        value += fraction.parse::<i64>().ok()? * scale;
    }
    Some(if negative { -value } else { value })
}

fn degrees_text(micro: i32) -> String {
    let sign = if micro < 0 { "-" } else { "" };
    let abs = i64::from(micro).abs();
    format!("{sign}{}.{:06}", abs / 1_000_000, abs % 1_000_000)
}

impl Location {
    /// The two form fields: both empty is no location; otherwise both must
    /// be decimal degrees within range. Thai messages name the field.
    pub fn parse(latitude: &str, longitude: &str) -> Result<Option<Location>, Vec<FieldError>> {
        if latitude.trim().is_empty() && longitude.trim().is_empty() {
            return Ok(None);
        }
        let mut errors = Vec::new();
        let mut read = |field: &'static str, label: &str, text: &str, limit: i64| {
            if text.trim().is_empty() {
                errors.push(FieldError {
                    field,
                    message: format!("โปรดระบุ{label}ด้วย หรือเว้นว่างทั้งละติจูดและลองจิจูด"),
                });
                return None;
            }
            match microdegrees(text) {
                Some(value) if value.abs() <= limit * 1_000_000 => Some(value as i32),
                _ => {
                    errors.push(FieldError {
                        field,
                        message: format!(
                            "{label} \"{}\" ไม่ถูกต้อง: ใช้องศาทศนิยมระหว่าง -{limit} ถึง {limit} (ทศนิยมไม่เกิน 6 ตำแหน่ง) เช่น {}",
                            crate::validation::shown(text),
                            if limit == 90 { "8.431900" } else { "99.963100" }
                        ),
                    });
                    None
                }
            }
        };
        let latitude = read("latitude", "ละติจูด", latitude, 90);
        let longitude = read("longitude", "ลองจิจูด", longitude, 180);
        match (latitude, longitude) {
            (Some(latitude_micro), Some(longitude_micro)) => Ok(Some(Location {
                latitude_micro,
                longitude_micro,
            })),
            _ => Err(errors),
        }
    }

    /// Whether both parts are within range (the store's check).
    pub fn in_range(&self) -> bool {
        i64::from(self.latitude_micro).abs() <= 90_000_000
            && i64::from(self.longitude_micro).abs() <= 180_000_000
    }

    pub fn latitude_text(&self) -> String {
        degrees_text(self.latitude_micro)
    }

    pub fn longitude_text(&self) -> String {
        degrees_text(self.longitude_micro)
    }

    /// `geo:` URI (RFC 5870): opens the phone's map application.
    pub fn geo_uri(&self) -> String {
        format!("geo:{},{}", self.latitude_text(), self.longitude_text())
    }

    /// The point on openstreetmap.org (a link, not an embedded map).
    pub fn openstreetmap_url(&self) -> String {
        let (lat, lon) = (self.latitude_text(), self.longitude_text());
        format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_empty_is_none_and_degrees_are_read_exactly() {
        assert_eq!(Location::parse(" ", ""), Ok(None));
        let l = Location::parse("8.4319", "99.963178").unwrap().unwrap();
        assert_eq!(
            (l.latitude_micro, l.longitude_micro),
            (8_431_900, 99_963_178)
        );
        assert_eq!(l.latitude_text(), "8.431900");
        assert_eq!(l.geo_uri(), "geo:8.431900,99.963178");
        assert!(
            l.openstreetmap_url()
                .starts_with("https://www.openstreetmap.org/?mlat=8.431900&mlon=99.963178")
        );
        let south = Location::parse("-0.5", "-180").unwrap().unwrap();
        assert_eq!(south.latitude_text(), "-0.500000");
        assert_eq!(south.longitude_micro, -180_000_000);
        assert!(south.in_range());
    }

    #[test]
    fn out_of_range_or_not_a_number_is_refused_at_its_field_in_thai() {
        let fields = |lat: &str, lon: &str| -> Vec<&'static str> {
            Location::parse(lat, lon)
                .unwrap_err()
                .iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(fields("91", "100"), ["latitude"]);
        assert_eq!(fields("8.4", "180.000001"), ["longitude"]);
        assert_eq!(fields("8.4", ""), ["longitude"]);
        assert_eq!(fields("abc", "1e3"), ["latitude", "longitude"]);
        assert_eq!(fields("8.1234567", "99"), ["latitude"]);
        let message = &Location::parse("91", "100").unwrap_err()[0].message;
        assert!(
            message.contains("ละติจูด") && message.contains("-90 ถึง 90"),
            "{message}"
        );
    }
}
