//! The fuzz harnesses (`fuzz_*` functions in the crates, run by libFuzzer
//! from `fuzz/`) run again as property tests in `cargo test`: a short,
//! bounded run over the committed seeds of a target (`fuzz/seeds/TARGET`),
//! each with a few random edits, and over random bytes.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};

/// The seed files of a fuzz target, by name.
pub fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/seeds")
        .join(target);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the seeds in {}: {e}", dir.display()))
        .map(|entry| entry.expect("a seed file").path())
        .collect();
    paths.sort();
    let seeds: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).expect("read a seed"))
        .collect();
    assert!(!seeds.is_empty(), "no seeds in {}", dir.display());
    seeds
}

/// Cases per target: `SUJARIT_FUZZ_CASES`, else 2,000. No regression files
/// are written (a crash found here becomes a named test next to the code).
pub fn config() -> Config {
    let cases = std::env::var("SUJARIT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

/// One change to a seed; positions are taken modulo the length.
#[derive(Clone, Debug)]
enum Edit {
    Set(usize, u8),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
    /// A stretch copied to another place (repeats structures).
    Copy(usize, usize, usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Set(at, b)),
        2 => (any::<usize>(), vec(any::<u8>(), 1..8)).prop_map(|(at, b)| Edit::Insert(at, b)),
        2 => (any::<usize>(), 1..64usize).prop_map(|(at, n)| Edit::Remove(at, n)),
        1 => (any::<usize>(), any::<usize>(), 1..64usize).prop_map(|(from, to, n)| Edit::Copy(from, to, n)),
        1 => any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let len = bytes.len().max(1);
        match edit {
            Edit::Set(at, b) if !bytes.is_empty() => bytes[at % len] = *b,
            Edit::Set(..) => {}
            Edit::Insert(at, new) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, new.iter().copied());
            }
            Edit::Remove(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            Edit::Copy(from, to, n) if !bytes.is_empty() => {
                let from = from % len;
                let part = bytes[from..(from + n).min(bytes.len())].to_vec();
                let to = to % (bytes.len() + 1);
                bytes.splice(to..to, part);
            }
            Edit::Copy(..) => {}
            Edit::Truncate(at) => bytes.truncate(at % (bytes.len() + 1)),
        }
    }
    bytes
}

/// Inputs for a target: its seeds with up to 8 random edits (most cases),
/// the seeds as they are, and random bytes.
pub fn inputs(target: &str) -> impl Strategy<Value = Vec<u8>> + use<> {
    let seeds = seeds(target);
    let count = seeds.len();
    let mutated = {
        let seeds = seeds.clone();
        (0..count, vec(edit(), 1..8)).prop_map(move |(i, edits)| apply(seeds[i].clone(), &edits))
    };
    let whole = (0..count).prop_map(move |i| seeds[i].clone());
    prop_oneof![
        16 => mutated,
        1 => whole,
        2 => vec(any::<u8>(), 0..1024),
    ]
}

/// Property tests of fuzz harnesses, one per line:
/// `name: "target" => harness;` runs `harness(&bytes)` over [`inputs`]`("target")`
/// under [`config`]. The calling crate depends on proptest.
#[macro_export]
macro_rules! fuzz_properties {
    ($($name:ident: $target:literal => $harness:path;)+) => {
        proptest::proptest! {
            #![proptest_config($crate::fuzz::config())]
            $(
                #[test]
                fn $name(bytes in $crate::fuzz::inputs($target)) {
                    $harness(&bytes);
                }
            )+
        }
    };
}
