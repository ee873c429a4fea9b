#!/usr/bin/env bash
# Runs every benchmark behind the README's performance table, in the order
# of its rows, and writes each run's printed table (.txt) and CSV (.csv) to
# one directory; with OR-Tools installed (pip install ortools) it adds the
# CP-SAT comparison on Curtois Instance4-10 (60 s) and 11-20 (30 s).
#
#   scripts/reproduce-performance.sh [OUT_DIR]      # default: bench-results/latest
#
# About an hour on 2 cores, plus the HiGHS build (about 4 minutes) the
# first time. Run it on an idle machine: the solves are timed, and another
# job on the same cores changes what they reach.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench-results/latest}"
mkdir -p "$out"

cargo build --release --example bench
cargo build --release --features highs --example bench --target-dir target/highs
microlp=target/release/examples/bench
highs=target/highs/release/examples/bench

run() {
    local name="$1"
    shift
    echo "== $name: $*"
    "$@" --csv "$out/$name.csv" | tee "$out/$name.txt"
}

run microlp-30s "$microlp" --time-limit 30 --curtois 1-3
run microlp-60s-curtois1-3 "$microlp" --time-limit 60 --only Instance --curtois 1-3
run microlp-30s-curtois4-10 "$microlp" --time-limit 30 --only Instance --curtois 4-10
run highs-30s "$highs" --solver highs --time-limit 30 --curtois 1-3
# Three runs each: Instance4-10 end several per cent apart from one run to
# the next, and the table quotes the spread.
run highs-60s-curtois1-10 "$highs" --solver highs --time-limit 60 --only Instance --curtois 1-10 --runs 3
run highs-30s-curtois11-20 "$highs" --solver highs --time-limit 30 --only Instance --curtois 11-20

if python3 -c 'import ortools' 2>/dev/null; then
    echo "== CP-SAT, Curtois Instance4-10, 60 s, 2 workers"
    python3 scripts/cpsat_compare.py --instances 4-10 --time-limit 60 --workers 2 \
        --lichtruc-csv "$out/highs-60s-curtois1-10.csv" \
        --out "$out/cpsat-60s-curtois4-10.csv" \
        --markdown "$out/cpsat-vs-highs-60s.md"
    echo "== CP-SAT, Curtois Instance11-20, 30 s, 2 workers"
    python3 scripts/cpsat_compare.py --instances 11-20 --time-limit 30 --workers 2 \
        --lichtruc-csv "$out/highs-30s-curtois11-20.csv" \
        --out "$out/cpsat-30s-curtois11-20.csv" \
        --markdown "$out/cpsat-vs-highs-30s-curtois11-20.md"
else
    echo "== CP-SAT skipped: pip install ortools to compare"
fi
echo "Results in $out"
