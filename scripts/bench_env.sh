# Sourced by the benchmark scripts (bench.sh, bench_province.sh): the project's virtualenv,
# made and installed if it is missing, and the PostgreSQL server the benchmarks create their
# own databases on.
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
if ! .venv/bin/python -c "import field_app, sync_server, playwright" 2>/dev/null \
   || [ ! -x .venv/bin/sync-server ]; then
  .venv/bin/python -m pip install -q -e ".[dev]"
fi
export BENCH_DATABASE_URL=${BENCH_DATABASE_URL:-${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1/test}}
