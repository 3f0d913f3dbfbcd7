#!/usr/bin/env bash
# The reliability suite (tests/reliability) with more cases than CI, on SQLite and then on
# PostgreSQL (including a PostgreSQL restart), then rewrites docs/reliability.md with the
# figures of this run: cases generated, faults injected, crashes survived, inputs tried.
#   bash scripts/reliability.sh                        # 1,000 whole-system cases a database
#   RELIABILITY_SEED=1234567 bash scripts/reliability.sh   # the same cases as a run before
#   RELIABILITY_EXAMPLES=20 bash scripts/reliability.sh    # a short run
# Every run draws its cases from one seed, printed at the start and written to the report;
# the same seed (and settings) draws the same cases, faults and kills again.
set -uo pipefail
cd "$(dirname "$0")/.."

export RELIABILITY_EXAMPLES=${RELIABILITY_EXAMPLES:-1000}  # whole-system cases a database
export RELIABILITY_STEPS=${RELIABILITY_STEPS:-40}  # steps a case takes at the most
export SCHEMATHESIS_EXAMPLES=${SCHEMATHESIS_EXAMPLES:-40}
export RELIABILITY_RANDOM_KILLS=${RELIABILITY_RANDOM_KILLS:-10}
export RELIABILITY_SEED=${RELIABILITY_SEED:-$(( (RANDOM << 15) | RANDOM ))}
export TEST_DATABASE_URL=${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1/test}
PY=.venv/bin/python
[ -x "$PY" ] || { echo "run bash scripts/test.sh once first (it creates .venv)" >&2; exit 2; }

# this run's own figures and results (other test runs in the same checkout use the default file)
export RELIABILITY_JUNIT_DIR=$PWD/test-artifacts/reliability-run-$$
export RELIABILITY_FIGURES=$RELIABILITY_JUNIT_DIR/figures.json
mkdir -p "$RELIABILITY_JUNIT_DIR"
start=$(date +%s)
status=0
echo "== seed $RELIABILITY_SEED (RELIABILITY_SEED=$RELIABILITY_SEED repeats this run's cases)"

echo "== reliability suite on SQLite"
"$PY" -m pytest -q -p no:cacheprovider tests/reliability \
  --hypothesis-seed="$RELIABILITY_SEED" --junitxml="$RELIABILITY_JUNIT_DIR/reliability-sqlite.xml" || status=1

if "$PY" -m sync_server.storage.check "$TEST_DATABASE_URL" 2>/dev/null; then
  echo "== reliability suite on PostgreSQL (with a PostgreSQL restart)"
  SERVER_TEST_DB=postgres RELIABILITY_PG_RESTART=1 "$PY" -m pytest -q -p no:cacheprovider \
    tests/reliability --hypothesis-seed="$RELIABILITY_SEED" --junitxml="$RELIABILITY_JUNIT_DIR/reliability-postgresql.xml" || status=1
else
  echo "PostgreSQL not reachable at $TEST_DATABASE_URL: PostgreSQL run not possible" >&2
  status=1
fi

"$PY" tests/reliability/report.py --seconds $(( $(date +%s) - start )) \
  --setting "RELIABILITY_EXAMPLES=$RELIABILITY_EXAMPLES" \
  --setting "RELIABILITY_STEPS=$RELIABILITY_STEPS" \
  --setting "SCHEMATHESIS_EXAMPLES=$SCHEMATHESIS_EXAMPLES" \
  --setting "RELIABILITY_RANDOM_KILLS=$RELIABILITY_RANDOM_KILLS" \
  --setting "RELIABILITY_SEED=$RELIABILITY_SEED" > docs/reliability.md
echo "docs/reliability.md written (exit $status)"
exit $status
