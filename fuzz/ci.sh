#!/usr/bin/env bash
# Short fuzzing pass for CI: bash fuzz/ci.sh [--build-only] [SECONDS_PER_TARGET] (default 15).
# Builds every target once, seeds the corpora from the repository (seed.sh), runs each target for
# a bounded time, and fails naming the artifact (crash, timeout or OOM input) if one is found.
set -euo pipefail
cd "$(dirname "$0")"
# --build-only: install and build, run nothing (.ci/run builds while the browser tests run).
BUILD_ONLY=0
if [ "${1:-}" = "--build-only" ]; then
  BUILD_ONLY=1
  shift
fi
SECONDS_PER_TARGET="${1:-15}"
export PATH="$HOME/.cargo/bin:$PATH"
started=$(date +%s)

step() { printf '\n== fuzz: %s\n' "$*"; }
warn() {
  printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
  printf '!!! fuzz/ci.sh: %s\n' "$*" >&2
  printf '!!! THE FUZZ TARGETS WERE NOT RUN.\n' >&2
  printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
}

step "toolchain"
# libFuzzer's instrumentation (-Zsanitizer, -Cpasses=sancov) needs nightly.
if ! cargo +nightly --version >/dev/null 2>&1; then
  if ! rustup toolchain install nightly --profile minimal; then
    warn "no nightly toolchain and 'rustup toolchain install nightly' failed"
    exit 0
  fi
fi
cargo +nightly --version
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
cargo fuzz --version

# Optimised, with debug assertions (-a): overflow checks and debug_assert!s turn silent
# wrap-arounds (header sizes, times, offsets) into crashes, at a small cost in speed. Without
# AddressSanitizer (-s none) here: the library forbids unsafe code (src/lib.rs), so ASan has
# nothing of ours to watch, and without it the cold build took 2m02s instead of 2m36s and each
# target runs about twice as many inputs in its seconds. The longer campaigns keep the default
# (ASan), see README.md.
step "build (cargo +nightly fuzz build -O -a -s none)"
cargo +nightly fuzz build -O -a -s none
bin_dir="target/x86_64-unknown-linux-gnu/release"
if [ "$BUILD_ONLY" = 1 ]; then
  step "built in $(( $(date +%s) - started ))s (--build-only)"
  exit 0
fi

step "seed corpora from the repository"
bash seed.sh

# target  max_len  dictionary
targets=(
  "har_read             131072 dict/har.dict"
  "analyze_har          131072 dict/har.dict"
  "analyze_har_with_cors 135168 dict/har.dict"
  "redact_har           131072 dict/har.dict"
  "cors_config_json      16384 dict/cors.dict"
  "cors_config_console   16384 dict/cors.dict"
  "cors_config_xml       16384 dict/cors.dict"
  "cors_config_roundtrip 16384 dict/cors.dict"
  "explain_console       16384 dict/console.dict"
)
listed=$(cargo +nightly fuzz list | sort)
ours=$(printf '%s\n' "${targets[@]}" | awk '{print $1}' | sort)
if [ "$listed" != "$ours" ]; then
  echo "fuzz/ci.sh: the targets in fuzz/Cargo.toml and in ci.sh differ:" >&2
  diff <(echo "$ours") <(echo "$listed") >&2 || true
  exit 1
fi

# Two targets at a time (the machine has two cores); each writes its verdict to a file, read
# once both are done.
run_target() {
  local target=$1 max_len=$2 dict=$3
  mkdir -p "corpus/$target" "artifacts/$target"
  local before status=0 new
  before=$(ls "artifacts/$target" | sort)
  "$bin_dir/$target" "corpus/$target" \
    -dict="$dict" -max_len="$max_len" -max_total_time="$SECONDS_PER_TARGET" \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="artifacts/$target/" 2>"artifacts/$target.log" || status=$?
  new=$(comm -13 <(echo "$before") <(ls "artifacts/$target" | sort) | sed "s|^|fuzz/artifacts/$target/|")
  if [ "$status" -ne 0 ] || [ -n "$new" ]; then
    echo "$target: ${new:-exit $status; see fuzz/artifacts/$target.log}" >"artifacts/$target.failed"
  fi
}

rm -f artifacts/*.failed
step "run each target for ${SECONDS_PER_TARGET}s, two at a time"
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  for line in "${targets[@]:i:2}"; do
    # shellcheck disable=SC2086
    run_target $line &
  done
  wait
done

failed=()
for line in "${targets[@]}"; do
  read -r target _ <<<"$line"
  printf '%-22s ' "$target"
  grep -E '^stat::number_of_executed_units' "artifacts/$target.log" | tr '\n' ' ' || true
  grep -E '^stat::peak_rss_mb' "artifacts/$target.log" || echo
  if [ -f "artifacts/$target.failed" ]; then
    tail -n 40 "artifacts/$target.log" >&2
    echo "FUZZ FAILURE: $(cat "artifacts/$target.failed")" >&2
    failed+=("$(cat "artifacts/$target.failed")")
  fi
done

step "done in $(( $(date +%s) - started ))s"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'fuzz/ci.sh: %d target(s) failed:\n' "${#failed[@]}" >&2
  printf '  %s\n' "${failed[@]}" >&2
  echo "Reproduce: cargo +nightly fuzz run -O -a TARGET fuzz/artifacts/TARGET/FILE (see fuzz/README.md)" >&2
  exit 1
fi
