//! Catalogue files: the shipped catalogues by key, and reading a TOML or CSV
//! catalogue someone uploads or names on the command line.

use sujarit_core::FiscalYear;
use sujarit_core::disclosure::{Catalogue, shipped};

/// "plan" is the plan's list whatever its year; OIT lists by year.
pub fn shipped_catalogue(key: &str) -> Option<Catalogue> {
    match key.trim() {
        "plan" => shipped::get("plan-2566"),
        other => shipped::get(other),
    }
}

/// Reads a catalogue file: CSV by its name (year and title from the form),
/// TOML otherwise (year and title in the file). Every problem with its line.
pub fn read_catalogue_file(
    file_name: &str,
    bytes: &[u8],
    fiscal_year: Option<FiscalYear>,
    title: Option<&str>,
) -> Result<Catalogue, Vec<String>> {
    let text = std::str::from_utf8(bytes).map_err(|_| vec!["ไฟล์ไม่ใช่ข้อความ UTF-8".to_string()])?;
    let is_csv = file_name.to_lowercase().ends_with(".csv");
    let result = if is_csv {
        let Some(year) = fiscal_year else {
            return Err(vec![
                "ไฟล์ CSV ไม่มีปีงบประมาณในตัว: โปรดระบุปีงบประมาณ".to_string(),
            ]);
        };
        let default_title = format!("รายการข้อมูลสาธารณะ ปีงบประมาณ {year}");
        let title = title
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or(&default_title);
        Catalogue::from_csv(year, title, text)
    } else {
        Catalogue::from_toml(text)
    };
    result.map_err(|errors| errors.0.iter().map(ToString::to_string).collect())
}

/// The fuzz harness of the catalogue importer (`fuzz/fuzz_targets/catalogue.rs`,
/// and the property test below): arbitrary bytes read as a TOML and as a CSV
/// catalogue, as `/staff/info/catalogues/import` reads an upload. A catalogue
/// read comes back the same from its own export (TOML, and CSV with the same
/// year and title); a refusal lists its problems in Thai. Panics when not.
#[doc(hidden)]
pub fn fuzz_catalogue(bytes: &[u8]) {
    use sujarit_core::thai::is_thai;
    for (name, year, title) in [
        ("c.toml", None, None),
        ("c.CSV", Some(FiscalYear(2568)), Some("รายการ")),
        ("c.csv", None, None),
    ] {
        match read_catalogue_file(name, bytes, year, title) {
            Ok(catalogue) => {
                let again = Catalogue::from_toml(&catalogue.to_toml())
                    .unwrap_or_else(|e| panic!("{name}: its TOML export is refused: {e:?}"));
                assert_eq!(again, catalogue, "{name}: the TOML export differs");
                let again = Catalogue::from_csv(
                    catalogue.fiscal_year,
                    &catalogue.title,
                    &catalogue.to_csv(),
                )
                .unwrap_or_else(|e| panic!("{name}: its CSV export is refused: {e:?}"));
                assert_eq!(
                    again.items, catalogue.items,
                    "{name}: the CSV export differs"
                );
            }
            Err(problems) => {
                assert!(!problems.is_empty(), "{name}: refused without a reason");
                for problem in problems {
                    assert!(problem.chars().any(is_thai), "{name}: {problem}");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    sujarit_testkit::fuzz_properties! {
        the_catalogue_reader_takes_any_bytes: "catalogue" => super::fuzz_catalogue;
    }
}
