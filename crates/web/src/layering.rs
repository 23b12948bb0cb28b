//! The web crate's one layering rule, checked against its own sources:
//! **a feature module never names another feature module.** Features reach
//! each other's concerns only through the kit (`ui`, `auth`, `state`,
//! `json`, `error`, `format`, …), and the kit names no feature. Only the
//! composition roots (`lib.rs`, which mounts every feature's routes and
//! builds the staff menu from each feature's entries, and `api.rs`, which
//! assembles the OpenAPI document) name features.

/// The feature modules, each a folder of its own.
pub(crate) const FEATURES: [&str; 13] = [
    "activities",
    "complaints",
    "disclosure",
    "integrity",
    "keys",
    "login",
    "notifications",
    "oversight",
    "plan",
    "progress",
    "staff",
    "surveys",
    "search",
];

/// Files that only assemble features (and this file, whose test cases name
/// features on purpose).
const COMPOSITION_ROOTS: [&str; 3] = ["lib.rs", "api.rs", "layering.rs"];

/// Every place where a file names a feature it may not, as
/// "file:line: names `feature`". `files` are (path under `src/`, text).
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
        // Comment lines blanked, so that line numbers stay and paths that
        // span lines (a rustfmt `use crate::{…}` block) are read whole.
        let code: String = text
            .lines()
            .map(|line| {
                if line.trim_start().starts_with("//") {
                    ""
                } else {
                    line
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        for (at, named) in top_modules_named(path, &code) {
            if FEATURES.contains(&named.as_str()) && named != own {
                let line = code[..at].matches('\n').count() + 1;
                found.push(format!("{path}:{line}: names `{named}`"));
            }
        }
    }
    found
}

/// The crate's top-level modules a file's code names, with where: through
/// `crate::…` (groups, nested or over several lines, included) and through
/// as many `super::` as climb to the crate root from this file.
fn top_modules_named(path: &str, code: &str) -> Vec<(usize, String)> {
    // How many `super::` reach the root: `progress/mod.rs` is one module
    // down, `progress/form.rs` two, `plan/views/item.rs` three.
    let depth = path
        .trim_end_matches(".rs")
        .trim_end_matches("/mod")
        .split('/')
        .count();
    let mut named = Vec::new();
    let starts_path = |at: usize| {
        !code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
    };
    for (at, _) in code.match_indices("crate::") {
        if starts_path(at) {
            for name in first_segments(&code[at + "crate::".len()..]) {
                named.push((at, name));
            }
        }
    }
    for (at, _) in code.match_indices("super::") {
        if !starts_path(at) {
            continue;
        }
        let mut rest = &code[at..];
        let mut climbs = 0;
        while let Some(after) = rest.strip_prefix("super::") {
            climbs += 1;
            rest = after;
        }
        if climbs >= depth {
            for name in first_segments(rest) {
                named.push((at, name));
            }
        }
    }
    named
}

/// The first segment of a path's remainder (`a::b` gives `a`), or of each
/// item of a group (`{a, b::{c, d}}` gives `a` and `b`).
fn first_segments(rest: &str) -> Vec<String> {
    let Some(group) = rest.strip_prefix('{') else {
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        return vec![rest[..end].to_string()];
    };
    let mut names = Vec::new();
    let mut depth = 0;
    let mut item = String::new();
    for c in group.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => names.push(std::mem::take(&mut item)),
            // Inside a nested group only the item's first segment matters.
            _ if depth == 0 => item.push(c),
            _ => {}
        }
    }
    names.push(item);
    names
        .iter()
        .map(|item| {
            item.trim()
                .split("::")
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        })
        .filter(|name| !name.is_empty())
        .collect()
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
            ("progress/mod.rs", "use super::complaints::Limits;\n"),
            (
                "progress/form.rs",
                "use crate::{\n    AppState,\n    ui::{Page, render},\n    disclosure::X,\n};\n",
            ),
        ]);
        assert_eq!(
            found,
            [
                "progress/form.rs:1: names `complaints`",
                "staff/mod.rs:1: names `disclosure`",
                "ui/mod.rs:1: names `plan`",
                "plan/views/item.rs:1: names `progress`",
                "progress/mod.rs:1: names `complaints`",
                "progress/form.rs:1: names `disclosure`",
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
