#!/bin/sh
# Runs each fuzz target for a bounded time (default 60 s each); not part of CI.
# Needs nightly and cargo-fuzz (cargo install cargo-fuzz). Without them, runs the
# stable loop instead: cargo run --release --example fuzz_smoke -- SECONDS.
# Crashes land in fuzz/artifacts/TARGET/; once fixed, keep each input as a test
# (tests/errors.rs or tests/fuzz_regressions.rs).
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
if cargo +nightly fuzz --version >/dev/null 2>&1; then
    for target in spec art pipeline; do
        mkdir -p "fuzz/corpus/$target"
        # Seed with the real book: every section (and its art) is a valid input.
        for f in layout/[0-9]*.toml; do
            case "$target" in
                art) { printf '\000'; sed -n "/'''/,/'''/p" "$f" | grep -v "'''"; } > "fuzz/corpus/$target/$(basename "$f").txt" || true ;;
                *) cp "$f" "fuzz/corpus/$target/" ;;
            esac
        done
        echo "== $target ($SECONDS_EACH s)"
        cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
            -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 -rss_limit_mb=2048
    done
else
    echo "cargo-fuzz or nightly missing; running the stable smoke loop"
    cargo run --release --example fuzz_smoke -- "$((SECONDS_EACH * 3))"
fi
