#!/bin/sh
# Restore a pg_dump backup into an EMPTY database (DATABASE_URL names it): pg_restore, the
# schema brought up to date, and a new epoch, so every phone sends again what the backup
# lacks, resets its cursor and keeps its outbox (docs/deployment.md, "Restore drill").
# Usage: deploy/restore.sh FILE
set -eu
file="${1:?usage: restore.sh FILE}"
: "${DATABASE_URL:?DATABASE_URL is not set}"
sync-server restore "$file"
