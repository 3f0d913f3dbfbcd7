#!/bin/sh
# Back up the province database with pg_dump (custom format, compressed), keep 14 days.
# Usage: deploy/backup.sh DIR   (DATABASE_URL from the environment, as the server uses it)
set -eu
dir="${1:?usage: backup.sh DIR}"
url="$(printf '%s' "${DATABASE_URL:?DATABASE_URL is not set}" | sed 's#^postgresql+psycopg://#postgresql://#')"
mkdir -p "$dir"
file="$dir/dan-van-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --file "$file.partial" "$url"
mv "$file.partial" "$file"
find "$dir" -name 'dan-van-*.dump' -mtime +14 -delete
echo "backup written: $file ($(wc -c < "$file") bytes)"
