#!/usr/bin/env bash
# The province benchmark (issue 28): a province of 100 wards x 30 groups, 6,000 phones and
# 1,000,000 petitions on PostgreSQL beside one ward alone, each behind a real
# `sync-server serve --workers 2` (benchmarks/province.py). Writes
# benchmarks/results/province.json and regenerates docs/performance.md.
#   bash scripts/bench_province.sh                 # the issue's scale, about 35 minutes on 2 cores
#   bash scripts/bench_province.sh --wards 10 --petitions 100000 --rush-seconds 60 --drop
#                                                  # scaled down (the same rush rate), ~12 minutes
#   bash scripts/bench_province.sh --drop-only     # drop bench_province and bench_province_one
# The databases are made on the server of BENCH_DATABASE_URL (or TEST_DATABASE_URL) and stay
# after the run unless --drop is given. BENCH_SERVER_WORKERS=N changes the server's workers.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench_env.sh

.venv/bin/python -m benchmarks.province "$@"
for arg in "$@"; do
  if [ "$arg" = "--drop-only" ] || [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then exit 0; fi
  if [ "$arg" = "--out" ]; then exit 0; fi  # elsewhere than the page's results: page unchanged
done
.venv/bin/python -m benchmarks.report benchmarks/results/latest.json docs/performance.md
