#!/usr/bin/env bash
# The benchmark suite (issue 7): sets up what it needs, runs every workload against a real
# `sync-server serve` on SQLite and on PostgreSQL (a database created for the run and dropped
# after it), writes benchmarks/results/latest.json and regenerates docs/performance.md.
#   bash scripts/bench.sh                    # full sizes, 7 to 10 minutes on 2 cores
#   bash scripts/bench.sh --quick            # tiny sizes, about a minute (a smoke run)
#   bash scripts/bench.sh --db sqlite        # one database only
#   BENCH_DATABASE_URL=postgresql+psycopg://user@host/db bash scripts/bench.sh
#   BENCH_STEADY_SECONDS=15 bash scripts/bench.sh   # shorter steady-load phase
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/bench_env.sh
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  (apt-get update -q && apt-get install -y -q chromium) >/dev/null
fi

out=benchmarks/results/latest.json
for arg in "$@"; do
  if [ "$arg" = "--quick" ]; then out=benchmarks/results/quick.json; fi
done
.venv/bin/python -m benchmarks.run --out "$out" "$@"
if [ "$out" = benchmarks/results/latest.json ]; then
  .venv/bin/python -m benchmarks.report "$out" docs/performance.md
else
  .venv/bin/python -m benchmarks.report "$out" benchmarks/results/quick.md
  echo "quick run: see benchmarks/results/quick.md (docs/performance.md is left as it was)"
fi
