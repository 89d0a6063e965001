#!/usr/bin/env bash
# Whole-process timing of `chapbook build`, for people (nothing here fails on a number).
#
#   bench/whole-process.sh            # from the repository root
#
# 1. builds the release binary and the synthetic-book generator (examples/synth.rs);
# 2. generates 300-, 600-, 1200- and 2400-section books under $SYNTH_DIR (default /tmp);
# 3. hyperfine: `chapbook build` of the chapbook and of the 1,200-page book
#    (warmup 3, at least 20 runs), medians;
# 4. /usr/bin/time -v: peak RSS of both;
# 5. the 300/600/1200/2400 series, to show the cost is linear in pages (ms per page);
# 6. the same series built with `--impose signatures` (4 sheets a signature, marks,
#    spread sheets), to show imposition is linear too (extra ms per page);
# 7. a summary table.
#
# Needs hyperfine (`apt-get install -y hyperfine`) and GNU time (`apt-get install -y time`).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SYNTH_DIR=${SYNTH_DIR:-/tmp}
RUNS=${RUNS:-20}
WARMUP=${WARMUP:-3}
SERIES=${SERIES:-"300 600 1200 2400"}

missing=0
if ! command -v hyperfine >/dev/null; then
    echo "hyperfine is not installed: apt-get install -y hyperfine (or cargo install hyperfine)" >&2
    missing=1
fi
if [ ! -x /usr/bin/time ]; then
    echo "GNU time (/usr/bin/time) is not installed: apt-get install -y time" >&2
    missing=1
fi
[ "$missing" = 0 ] || exit 2

cargo build --release --quiet --bin chapbook --example synth
BIN=$ROOT/target/release/chapbook
SYNTH=$ROOT/target/release/examples/synth
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "== machine"
echo "nproc: $(nproc); $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$($BIN --version)"

pages_of() { # the page count `chapbook build` reports
    "$BIN" build --project "$1" | sed -n 's/.*(\([0-9]*\) pages.*/\1/p'
}

echo "== synthetic books"
for n in $SERIES; do
    "$SYNTH" "$n" "$SYNTH_DIR/chapbook-synth-$n" >/dev/null
    echo "synth $n: $(pages_of "$SYNTH_DIR/chapbook-synth-$n") pages"
done
BIG=$SYNTH_DIR/chapbook-synth-1200
[ -d "$BIG" ] || "$SYNTH" 1200 "$BIG" >/dev/null

# median_ms NAME DIR: hyperfine median of `chapbook build --project DIR`, in ms.
median_ms() {
    local json=$WORK/$1.json
    hyperfine --style basic --warmup "$WARMUP" --min-runs "$3" --export-json "$json" \
        -n "$1" "$BIN build --project $2 -o $WORK/$1.pdf" >&2
    python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print('%.2f %.2f %.2f' % (r['median']*1e3, r['user']*1e3, r['system']*1e3))" "$json"
}

div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }

# rss_mib DIR: peak RSS of one build, in MiB.
rss_mib() {
    /usr/bin/time -v "$BIN" build --project "$1" -o "$WORK/rss.pdf" 2>&1 >/dev/null |
        awk '/Maximum resident set size/ {printf "%.1f", $NF/1024}'
}

echo "== hyperfine (warmup $WARMUP, min runs $RUNS)"
read -r chap_ms chap_user chap_sys < <(median_ms chapbook "$ROOT" "$RUNS")
read -r big_ms big_user big_sys < <(median_ms synth-1200 "$BIG" "$RUNS")
chap_pages=$(pages_of "$ROOT")
big_pages=$(pages_of "$BIG")
chap_rss=$(rss_mib "$ROOT")
big_rss=$(rss_mib "$BIG")

echo "== series (warmup 1, min runs 5)"
series_rows=""
for n in $SERIES; do
    dir=$SYNTH_DIR/chapbook-synth-$n
    read -r ms _ _ < <(WARMUP=1 median_ms "synth-$n" "$dir" 5)
    p=$(pages_of "$dir")
    rss=$(rss_mib "$dir")
    series_rows+=$(printf '| %5s | %5s | %8s | %6.3f | %6s |' "$n" "$p" "$ms" "$(div "$ms" "$p")" "$rss")$'\n'
done

echo "== imposition series (warmup 1, min runs 5)"
impose_rows=""
IMPOSE="--impose signatures --sheets-per-signature 4 --sheet spread --marks --paper-thickness 0.1mm"
for n in $SERIES; do
    dir=$SYNTH_DIR/chapbook-synth-$n
    json=$WORK/impose-$n.json
    # shellcheck disable=SC2086
    hyperfine --style basic --warmup 1 --min-runs 5 --export-json "$json" \
        -n "impose-$n" "$BIN build --project $dir -o $WORK/impose-$n.pdf $IMPOSE" >&2
    ms=$(python3 -c "import json,sys; print('%.2f' % (json.load(open(sys.argv[1]))['results'][0]['median']*1e3))" "$json")
    read -r plain _ _ < <(WARMUP=1 median_ms "plain-$n" "$dir" 5)
    p=$(pages_of "$dir")
    impose_rows+=$(printf '| %5s | %5s | %8s | %8s | %6.3f |' "$n" "$p" "$plain" "$ms" "$(div "$(awk -v a="$ms" -v b="$plain" 'BEGIN{print a-b}')" "$p")")$'\n'
done

echo
echo "== summary ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| book | pages | median wall ms | user ms | sys ms | ms/page | peak RSS MiB | target |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
printf '| chapbook | %s | %s | %s | %s | %.3f | %s | ≤ 8 ms |\n' \
    "$chap_pages" "$chap_ms" "$chap_user" "$chap_sys" "$(div "$chap_ms" "$chap_pages")" "$chap_rss"
printf '| synth-1200 | %s | %s | %s | %s | %.3f | %s | ≤ 300 ms, ≤ 64 MiB |\n' \
    "$big_pages" "$big_ms" "$big_user" "$big_sys" "$(div "$big_ms" "$big_pages")" "$big_rss"
echo
echo "| sections | pages | median wall ms | ms/page | peak RSS MiB |"
echo "|---:|---:|---:|---:|---:|"
printf '%s' "$series_rows"
echo
echo "| sections | pages | plain ms | imposed ms | extra ms/page |"
echo "|---:|---:|---:|---:|---:|"
printf '%s' "$impose_rows"
