#!/usr/bin/env bash
# Installs Debian's PostgreSQL if missing, starts a private cluster on 127.0.0.1 on a free port and prints
# its connection string on stdout. Safe to run twice: a cluster already running from this script is reused.
set -euo pipefail

DATA_DIR="${TRAININGSERVICE_PG_DATA:-/var/tmp/trainingservice-pg}"
LOG_FILE="$DATA_DIR.log"

if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  echo "installing PostgreSQL from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

# initdb and postgres refuse to run as root: run them as an unprivileged user.
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  RUN_AS=(runuser -u postgres --)
fi

port_of_running_cluster() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" status -D "$DATA_DIR" >/dev/null 2>&1 || return 1
  sed -n 4p "$DATA_DIR/postmaster.pid"
}

if ! PORT=$(port_of_running_cluster); then
  rm -rf "$DATA_DIR" "$LOG_FILE"
  mkdir -p "$DATA_DIR"
  [ ${#RUN_AS[@]} -eq 0 ] || chown postgres "$DATA_DIR"
  "${RUN_AS[@]}" "$PG_BIN/initdb" -D "$DATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  touch "$LOG_FILE"
  [ ${#RUN_AS[@]} -eq 0 ] || chown postgres "$LOG_FILE"
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" start -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k /tmp -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2
fi

echo "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"
