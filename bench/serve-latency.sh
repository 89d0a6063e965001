#!/usr/bin/env bash
# Save → screen latency of `chapbook serve`, for people: builds the release binary, then
# runs the browser tests (tests/serve.rs) against it with the issue's budget of 100 ms.
# The time is measured with the browser's own clock: from `Date.now()` just before the
# test saves a section file to the moment the page has put the new SVG into the DOM
# (it includes the 20 ms debounce, two sizes rebuilt, the event, the fetch and the DOM swap).
#
#   bench/serve-latency.sh            # from the repository root; needs Debian's chromium
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "chromium is not installed: apt-get install -y chromium" >&2; exit 1; }
cargo build --release --quiet
export CHAPBOOK_BIN=target/release/chapbook CHAPBOOK_SERVE_BUDGET_MS=${BUDGET_MS:-100}
# The mini fixture at two sizes, then the chapbook at its three default sizes (five saves).
cargo test --quiet --test serve the_book_lives_in_the_browser -- --nocapture 2>&1 | grep -E 'save → DOM|panicked|FAILED' || true
cargo test --quiet --test serve latency_on_the_chapbook -- --ignored --nocapture 2>&1 | grep -E 'save → DOM|panicked|FAILED' || true
