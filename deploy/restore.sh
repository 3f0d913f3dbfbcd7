#!/bin/sh
# Restore a pg_dump backup into an EMPTY database, bring the schema up to date, and give it
# a new epoch so every phone resets its cursor and keeps its outbox (docs/deployment.md).
# Usage: deploy/restore.sh FILE   (DATABASE_URL names the empty database)
set -eu
file="${1:?usage: restore.sh FILE}"
url="$(printf '%s' "${DATABASE_URL:?DATABASE_URL is not set}" | sed 's#^postgresql+psycopg://#postgresql://#')"
pg_restore --no-owner --exit-on-error --dbname "$url" "$file"
sync-server migrate
sync-server new-epoch
