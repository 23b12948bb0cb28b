//! The web crate's one layering rule, checked against its own sources:
//! **a feature module never names another feature module.** Features reach
//! each other's concerns only through the kit (`ui`, `auth`, `state`,
//! `json`, `error`, `format`, …), and the kit names no feature. Only the
//! composition roots (`lib.rs`, which mounts every feature's routes and
//! builds the staff menu from each feature's entries, and `api.rs`, which
//! assembles the OpenAPI document) name features.

/// The feature modules, each a folder of its own.
pub(crate) const FEATURES: [&str; 6] = [
    "complaints",
    "disclosure",
    "login",
    "plan",
    "progress",
    "staff",
];

/// Files that only assemble features (and this file, whose test cases name
/// features on purpose).
const COMPOSITION_ROOTS: [&str; 3] = ["lib.rs", "api.rs", "layering.rs"];

/// Every place where a file names a feature it may not, as
/// "file:line: names feature". `files` are (path under `src/`, text).
pub(crate) fn violations<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<String> {
    let mut found = Vec::new();
    for (path, text) in files {
        if COMPOSITION_ROOTS.contains(&path) {
            continue;
        }
        let own = path
            .split('/')
            .next()
            .unwrap_or(path)
            .trim_end_matches(".rs");
        for (number, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for named in crate_paths(code) {
                if FEATURES.contains(&named) && named != own {
                    found.push(format!("{path}:{}: names `{named}`", number + 1));
                }
            }
            if code.contains("super::super::super") {
                found.push(format!("{path}:{}: climbs out of its module", number + 1));
            }
        }
    }
    found
}

/// The first segment of every `crate::…` path on a line, grouped imports
/// (`crate::{a, b::c}`) included.
fn crate_paths(line: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name = item.trim().split("::").next().unwrap_or("");
                names.push(name.trim());
            }
        } else {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            names.push(&rest[..end]);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                sources(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).expect("under src");
                let text = std::fs::read_to_string(&path).expect("read source");
                out.push((relative.to_string_lossy().replace('\\', "/"), text));
            }
        }
    }

    #[test]
    fn no_feature_names_another_and_the_kit_names_none() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&root, &root, &mut files);
        // The walk found the features themselves (the rule is not vacuous).
        for feature in FEATURES {
            assert!(
                files
                    .iter()
                    .any(|(p, _)| p.starts_with(&format!("{feature}/"))),
                "feature folder {feature}/ not found"
            );
        }
        let found = violations(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
        assert!(found.is_empty(), "layering broken:\n{}", found.join("\n"));
    }

    #[test]
    fn a_feature_naming_another_is_caught() {
        let found = violations([
            ("progress/form.rs", "use crate::complaints::Clock;\n"),
            (
                "staff/mod.rs",
                "use crate::{AppState, disclosure::SYSTEM_ACTOR};\n",
            ),
            ("ui/mod.rs", "    let x = crate::plan::views::item();\n"),
            ("plan/views/item.rs", "use super::super::super::progress;\n"),
        ]);
        assert_eq!(
            found,
            [
                "progress/form.rs:1: names `complaints`",
                "staff/mod.rs:1: names `disclosure`",
                "ui/mod.rs:1: names `plan`",
                "plan/views/item.rs:1: climbs out of its module",
            ]
        );
    }

    #[test]
    fn own_feature_kit_comments_and_composition_roots_are_allowed() {
        let found = violations([
            (
                "progress/api.rs",
                "use crate::progress::Access;\nuse crate::{AppState, ui::Reply};\n",
            ),
            (
                "complaints/staff.rs",
                "// see crate::progress::public for the same idea\n",
            ),
            ("lib.rs", "use crate::{complaints, progress};\n"),
            ("api.rs", "    .merge(crate::plan::api::routes())\n"),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }
}
