#!/usr/bin/env bash
# Runs one fuzz target for a set time: fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags]
#   TARGET: load_base | load_overlay | resolve_chain | render_markdown | all
# Works on the stable toolchain: `--sanitizer none` needs no nightly-only flag (the address
# sanitizer does; with a nightly toolchain, or RUSTC_BOOTSTRAP=1, drop `--sanitizer none`).
# Memory is capped with libFuzzer's -rss_limit_mb and -malloc_limit_mb, hangs with -timeout.
# Findings land in fuzz/artifacts/TARGET/; copy each to tests/fixtures/fuzz/TARGET/ so
# `cargo test --test fuzz_regressions` replays it forever.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET [SECONDS]}
seconds=${2:-600}
shift $(( $# >= 2 ? 2 : 1 ))
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

if [ "$target" = all ]; then
  for t in load_base load_overlay resolve_chain render_markdown; do
    "$0" "$t" "$seconds" "$@"
  done
  exit 0
fi

corpus=corpus/$target
mkdir -p "$corpus" "artifacts/$target"
# Seed with the shipped files and the regression inputs, so the fuzzer starts from real shapes.
case $target in
  load_base) cp ../standards/*.toml ../examples/*/standards/*.toml "$corpus"/ 2>/dev/null || true ;;
  load_overlay) cp ../cultures/* ../examples/*/cultures/* ../tests/fixtures/chain/cultures/* "$corpus"/ 2>/dev/null || true ;;
  render_markdown) cp ../docs/*.md ../README.md "$corpus"/ 2>/dev/null || true ;;
esac
if [ -d "../tests/fixtures/fuzz/$target" ]; then
  cp "../tests/fixtures/fuzz/$target"/* "$corpus"/ 2>/dev/null || true
fi

cargo fuzz run -O --sanitizer none "$target" "$corpus" -- \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
  -max_len=65536 -print_final_stats=1 "$@"
