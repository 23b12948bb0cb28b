//! The fuzz harness of the importer (`fuzz/fuzz_targets/plan_import.rs`),
//! also run as a property test over mutated seeds (`tests/fuzz.rs`).

use sujarit_core::thai::is_thai;

use crate::{ImportError, ImportOptions, import_plan};

/// Imports arbitrary bytes: an import either succeeds, with every finding's
/// line inside the document, or gives a Thai error that names a line inside
/// it where it names one. Panics when not.
#[doc(hidden)]
pub fn fuzz_import(bytes: &[u8]) {
    // Lines as the importer counts them (`\n`, a `\r` before it dropped);
    // a document with lone `\r`s has at most this many too.
    let lines = bytes.iter().filter(|b| **b == b'\n').count() as u32 + 1;
    match import_plan(bytes, &ImportOptions::default()) {
        Ok(report) => {
            for finding in &report.findings {
                assert!(
                    finding.message.chars().any(is_thai),
                    "finding not in Thai: {finding:?}"
                );
                if let Some(line) = finding.line {
                    assert!(
                        (1..=lines).contains(&line),
                        "finding at line {line} of {lines}: {finding:?}"
                    );
                }
            }
        }
        Err(error) => {
            assert!(
                error.to_string().chars().any(is_thai),
                "error not in Thai: {error:?}"
            );
            match error {
                ImportError::BadLine { line, .. } => {
                    assert!(
                        (1..=lines).contains(&line),
                        "error at line {line} of {lines}"
                    );
                }
                ImportError::Truncated { start, end, .. } => {
                    assert!(
                        1 <= start && start <= end && end <= lines,
                        "{start}..{end} of {lines}"
                    );
                }
                ImportError::NotText { offset } | ImportError::UnknownEncoding { offset } => {
                    assert!(
                        offset < bytes.len(),
                        "offset {offset} of {} bytes",
                        bytes.len()
                    );
                }
                ImportError::Empty | ImportError::NotAPlan => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    sujarit_testkit::fuzz_properties! {
        the_importer_takes_any_bytes: "plan_import" => super::fuzz_import;
    }
}
