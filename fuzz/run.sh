#!/bin/sh
# Builds the harnesses with libFuzzer's coverage instrumentation on the
# stable toolchain and runs one of them:
#   fuzz/run.sh TARGET [libFuzzer options…]    e.g. fuzz/run.sh clean_pdf -max_total_time=3600
# The corpus grows in fuzz/corpus/TARGET (not kept in git); the seeds in
# fuzz/seeds/TARGET are read but never written; crashes land in fuzz/artifacts/TARGET/.
set -eu
cd "$(dirname "$0")"
target="$1"; shift
triple="$(rustc -vV | sed -n 's/^host: //p')"
case "$target" in
  plan_import) features="" ;;
  file_detect) features="store" ;;
  multipart|form_fields) features="web" ;;
  *) features="service" ;;
esac
# The flags cargo-fuzz passes, minus the nightly-only sanitizer: stable rustc
# accepts -Cpasses=sancov-module and LLVM's sanitizer-coverage options.
RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing" \
  cargo build --release --target "$triple" --no-default-features --features "$features" --bin "$target"
mkdir -p "corpus/$target" "artifacts/$target"
exec "target/$triple/release/$target" -artifact_prefix="artifacts/$target/" \
  -rss_limit_mb=2048 -timeout=10 "$@" "corpus/$target" "seeds/$target"
