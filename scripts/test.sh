#!/usr/bin/env bash
# Sets up everything the tests need and runs them: the README's test command.
#   bash scripts/test.sh            # SQLite, plus PostgreSQL when reachable
#   TEST_DATABASE_URL=... bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
# exact versions from the lock file (scripts/lock.sh regenerates it), then the project itself
.venv/bin/python -m pip install -q -r requirements/dev.lock
.venv/bin/python -m pip install -q --no-deps -e .

# Headless Chromium for the UI tests (Debian's package; Playwright's download cannot work offline).
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  (apt-get update -q && apt-get install -y -q chromium) >/dev/null
fi

export TEST_DATABASE_URL=${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1/test}

echo "== lint and types"
.venv/bin/ruff check field_app sync_server tests benchmarks
.venv/bin/mypy

echo "== all tests (server tests on SQLite)"
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"

if .venv/bin/python -m sync_server.storage.check "$TEST_DATABASE_URL" 2>/dev/null; then
  echo "== server tests on PostgreSQL ($TEST_DATABASE_URL)"
  # CI also restarts PostgreSQL once mid-sync (tests/reliability/test_crashes.py)
  SERVER_TEST_DB=postgres RELIABILITY_PG_RESTART=${RELIABILITY_PG_RESTART:-${CI:+1}} \
    .venv/bin/python -m pytest -q -p no:cacheprovider tests/server tests/e2e tests/reliability "$@"
else
  echo "PostgreSQL not reachable at $TEST_DATABASE_URL: PostgreSQL run not possible here" >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
fi
