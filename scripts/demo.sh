#!/usr/bin/env bash
# Sets up and runs the product with demo data: the README's run command.
#   bash scripts/demo.sh
# Starts the ward sync server (API, /docs, staff console at /console) with a demo ward,
# enrolls a demo phone of "Tổ dân phố 5", and starts the field app as a local web app.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
SERVER_PORT=${SERVER_PORT:-8000}
APP_PORT=${APP_PORT:-8550}
export SYNC_SERVER_DATA_DIR=${SYNC_SERVER_DATA_DIR:-$PWD/data/server}
PHONE_DIR=${PHONE_DIR:-$PWD/data/phone}

if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -r requirements/server.lock
.venv/bin/python -m pip install -q --no-deps -e .

.venv/bin/sync-server seed-demo --port "$SERVER_PORT"

.venv/bin/sync-server serve --host 127.0.0.1 --port "$SERVER_PORT" &
SERVER_PID=$!
trap 'kill $SERVER_PID $APP_PID 2>/dev/null || true' EXIT INT TERM
APP_PID=
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$SERVER_PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done

if [ ! -f "$PHONE_DIR/.enrolled" ]; then
  CODE=$(.venv/bin/sync-server enroll-code --group "Tổ dân phố 5" --json |
         .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["code"])')
  .venv/bin/field-app enroll --server "http://127.0.0.1:$SERVER_PORT" --code "$CODE" \
      --data-dir "$PHONE_DIR" && touch "$PHONE_DIR/.enrolled"
fi

echo
echo "Ward sync server:  http://127.0.0.1:$SERVER_PORT   (API docs /docs)"
echo "Staff console:     http://127.0.0.1:$SERVER_PORT/console   (canbo / quynhxuan2026)"
echo "Public pages:      http://127.0.0.1:$SERVER_PORT/tra-cuu   (a citizen's tracking code)"
echo "Field app (phone): http://127.0.0.1:$APP_PORT      (enrolled as Tổ dân phố 5)"
echo "Press Ctrl+C to stop both."
echo
FLET_WEB_NO_CDN=true FLET_FORCE_WEB_SERVER=true \
  .venv/bin/field-app run --web --port "$APP_PORT" --data-dir "$PHONE_DIR" &
APP_PID=$!
wait $APP_PID
