#!/usr/bin/env bash
# Regenerates the lock files from pyproject.toml (run after changing a dependency):
#   bash scripts/lock.sh            # newest versions that fit pyproject's ranges
# requirements/dev.lock: phone + server + test tools (scripts/test.sh, CI);
# requirements/server.lock: phone (with its web mode) + server (scripts/demo.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
.venv/bin/python -m pip install -q uv
.venv/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
    --no-header --no-annotate -q -o requirements/dev.lock
.venv/bin/uv pip compile pyproject.toml --extra server --extra web --python-version 3.11 \
    --no-header --no-annotate -q -o requirements/server.lock
echo "requirements/dev.lock and requirements/server.lock written; commit them with pyproject.toml."
