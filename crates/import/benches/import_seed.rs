//! Parses and reconciles the whole seed plan (3,417 lines, 47 items, 5 yearly
//! tables): decoding, all section parsers, name matching and every check.
//! Baseline in the same run: one pass that only splits the text into lines
//! and cells, so the ratio says what the import costs beyond reading.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use sujarit_import::{ImportOptions, import_plan};

const SEED: &[u8] = include_bytes!("../../app/demo/plan-nakhonsithammarat-2566-2570.txt");

fn bench(c: &mut Criterion) {
    let options = ImportOptions::default();
    c.bench_function("split lines and cells (baseline)", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(SEED)).unwrap();
            text.lines().map(|l| l.split('\t').count()).sum::<usize>()
        })
    });
    c.bench_function("import seed plan (parse + reconcile)", |b| {
        b.iter(|| import_plan(black_box(SEED), &options).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
