#!/usr/bin/env bash
# Makes a real PostgreSQL answer on 127.0.0.1:5432 (installing and starting it when absent) and prints its URL.
# Fails, never skips, when it cannot be reached.
set -euo pipefail
log() { echo "[postgres] $*" >&2; }
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  log "installing postgresql from Debian"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$ver main$"; then
  log "creating cluster $ver/main"
  pg_createcluster "$ver" main >&2
fi
if ! pg_lsclusters -h | grep "^$ver main" | grep -q online; then
  log "starting cluster $ver/main"
  pg_ctlcluster "$ver" main start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p 5432 -q && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432 >&2 || { log "PostgreSQL does not answer on 127.0.0.1:5432"; exit 1; }
su postgres -c "psql -q -c \"alter user postgres password 'marque-ci'\"" >&2
echo "postgres://postgres:marque-ci@127.0.0.1:5432/postgres"
