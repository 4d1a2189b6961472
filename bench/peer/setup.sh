#!/bin/sh
# The peer CRM (DjangoCRM, django-crm-admin 3.1.0) with its benchmark data, for bench/harness.py --peer.
#   bench/peer/setup.sh sqlite     -> bench/out/peer/peer.sqlite3
#   bench/peer/setup.sh postgres   -> the database peer_bench on 127.0.0.1 (dropped and made again)
# Extra arguments go to `worker.py generate` (e.g. --contacts 10000 --activities 100000).
# Python 3.12 or newer (the peer needs Django 6.0): PEER_PYTHON, default python3.12.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
out="${PEER_DATA_DIR:-$here/../out/peer}"
target="${1:-}"; [ $# -gt 0 ] && shift
mkdir -p "$out/media"  # the peer's mail import thread makes media/locks when it starts
out="$(cd "$out" && pwd)"
case "$target" in
  sqlite)
    unset PEER_DATABASE_URL
    rm -f "$out/peer.sqlite3" "$out/peer.sqlite3-journal" "$out/peer.sqlite3-wal" "$out/peer.sqlite3-shm"
    ;;
  postgres)
    export PEER_DATABASE_URL="${PEER_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/peer_bench}"
    name="${PEER_DATABASE_URL##*/}"
    case "$name" in *bench*) ;; *) echo "refusing to drop $name: its name must contain 'bench'" >&2; exit 2 ;; esac
    psql "${PEER_DATABASE_URL%/*}/postgres" -q -c "DROP DATABASE IF EXISTS \"$name\"" -c "CREATE DATABASE \"$name\""
    ;;
  *) echo "usage: $0 sqlite|postgres [generate options]" >&2; exit 2 ;;
esac
if [ ! -x "$out/venv/bin/python" ]; then
  "${PEER_PYTHON:-python3.12}" -m venv "$out/venv"
  # --no-deps: its pins include mysqlclient, which needs MySQL's headers and is not used here; the
  # file pins everything else it needs (and Pillow, which it imports without declaring it).
  "$out/venv/bin/pip" install -q --no-deps -r "$here/requirements.txt"
fi
export PEER_DATA_DIR="$out" DJANGO_SETTINGS_MODULE=peer_settings PYTHONPATH="$here"
# From its own folder: `python -m django` puts the working directory first on the import path, and the
# peer has a top-level package `tests` that Inflytt's tests/ would hide.
cd "$out"
"$out/venv/bin/python" -m django setupdata >&2   # the peer's own: migrate, its fixtures, three demo users
"$out/venv/bin/python" "$here/worker.py" generate "$@"
