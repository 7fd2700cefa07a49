#!/usr/bin/env bash
# Starts/stops the throw-away PostgreSQL used by the integration tests (the outbox tests).
#
#   pg-ctl.sh start PORT DIR DIST_DIR JAVA   start PostgreSQL on 127.0.0.1:PORT
#   pg-ctl.sh stop  PORT DIR                 stop it and delete its files (its log is kept in DIR)
#
# Binaries: the PostgreSQL distribution of io.zonky.test.postgres:embedded-postgres-binaries-*, whose
# jar the build unpacks into DIST_DIR (a postgres-*.txz there, beside xz.jar, org.tukaani:xz). The
# .txz is decompressed by Unxz.java (next to this script) run with JAVA, so neither xz nor a
# PostgreSQL package is needed from the OS; it is unpacked once into DIST_DIR/pg.
#
# Server: trust authentication, TCP on 127.0.0.1 only (no Unix socket), user `postgres`, database
# `outbox`, max_connections=100 (two Liberty servers' pools), fsync off. Its binaries and data live in
# a fresh directory under ${TMPDIR:-/tmp} (mktemp; its path is recorded in DIR/home for `stop`):
# PostgreSQL refuses to run as root, so as root initdb and postgres run as user `nobody`, which may
# not be allowed into the checkout. Any other user runs them as itself.
#
# `start` also leaves a watchdog that stops this PostgreSQL when the owning process
# (POSTGRES_OWNER_PID, default: the parent, i.e. the Maven JVM) exits, so nothing outlives a failed
# or interrupted build. Both commands are idempotent: `start` first stops what an earlier start in
# DIR left, `stop` with nothing running is fine.
set -euo pipefail

cmd=${1:?usage: pg-ctl.sh start|stop|watch PORT DIR [DIST_DIR JAVA]}
port=${2:?port missing}
dir=${3:?dir missing}
dist_dir=${4:-}
java=${5:-java}

self_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
self=$self_dir/$(basename "${BASH_SOURCE[0]}")

db=outbox
pg_user=postgres

log() { echo "[pg-ctl] $*"; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

# Runs a PostgreSQL program: as `nobody` when we are root, else as ourselves.
as_pg() {
  if [[ "$(id -u)" != "0" ]]; then
    "$@"
  elif command -v setpriv >/dev/null 2>&1; then
    setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups -- "$@"
  else
    runuser -u nobody -- "$@"
  fi
}

# Unpacks the distribution into DIST_DIR/pg once (again when the .txz is newer).
unpack() {
  [[ -n "$dist_dir" ]] || { echo "DIST_DIR missing" >&2; return 1; }
  local txz
  txz=$(ls -1 "$dist_dir"/postgres-*.txz 2>/dev/null | head -n 1 || true)
  [[ -n "$txz" ]] || { echo "no postgres-*.txz in $dist_dir (unpacked by maven-dependency-plugin)" >&2; return 1; }
  if [[ -x "$dist_dir/pg/bin/postgres" && "$dist_dir/pg/.unpacked" -nt "$txz" ]]; then
    return 0
  fi
  rm -rf "$dist_dir/pg.tmp" && mkdir -p "$dist_dir/pg.tmp"
  "$java" -cp "$dist_dir/xz.jar" "$self_dir/Unxz.java" "$txz" | tar -xf - -C "$dist_dir/pg.tmp"
  rm -rf "$dist_dir/pg" && mv "$dist_dir/pg.tmp" "$dist_dir/pg"
  touch "$dist_dir/pg/.unpacked"
}

kill_watchdog() {
  if [[ -f "$dir/watchdog.pid" ]]; then
    local wpid
    wpid=$(cat "$dir/watchdog.pid" 2>/dev/null || true)
    [[ -n "$wpid" ]] && kill "$wpid" 2>/dev/null || true
    rm -f "$dir/watchdog.pid"
  fi
}

stop_pg() {
  [[ -f "$dir/home" ]] || return 0
  local home
  home=$(cat "$dir/home")
  if [[ -n "$home" && -f "$home/data/postmaster.pid" ]]; then
    (cd "$home" && as_pg "$home/pg/bin/pg_ctl" -D "$home/data" -m fast -w -t 30 stop) >/dev/null 2>&1 || true
    if [[ -f "$home/data/postmaster.pid" ]]; then
      local pid
      pid=$(head -n 1 "$home/data/postmaster.pid" 2>/dev/null || true)
      if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        log "pg_ctl stop did not stop postmaster $pid; killing it"
        kill -9 "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      fi
    fi
  fi
  if [[ -n "$home" && -d "$home" ]]; then
    cp -f "$home/postgres.log" "$dir/postgres.log" 2>/dev/null || true
    rm -rf "$home"
  fi
  rm -f "$dir/home"
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    kill_watchdog
    stop_pg
    if listening; then
      echo "port $port is already in use; refusing to start PostgreSQL there" >&2; exit 1
    fi
    unpack
    home=$(mktemp -d "${TMPDIR:-/tmp}/bgj-postgres.XXXXXX")
    echo "$home" > "$dir/home"
    cp -a "$dist_dir/pg" "$home/pg"
    chmod 755 "$home"
    [[ "$(id -u)" != "0" ]] || chown -R "$(id -u nobody):$(id -g nobody)" "$home"
    cd "$home"
    version=$("$home/pg/bin/postgres" --version)
    log "initdb ($version) in $home/data"
    if ! as_pg "$home/pg/bin/initdb" -D "$home/data" -U "$pg_user" -A trust -E UTF8 --locale=C \
        --no-sync --no-instructions >"$home/initdb.log" 2>&1; then
      cat "$home/initdb.log" >&2; exit 1
    fi
    cat >>"$home/data/postgresql.conf" <<EOF

# pg-ctl.sh: a throw-away server for the integration tests
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 100
# Two-phase commit when a JTA transaction spans two XA resources.
max_prepared_transactions = 100
shared_buffers = 32MB
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    # No psql in the distribution: the database is created in single-user mode before the start.
    if ! echo "CREATE DATABASE $db;" | as_pg "$home/pg/bin/postgres" --single -D "$home/data" postgres \
        >"$home/single.log" 2>&1 || grep -q ERROR "$home/single.log"; then
      cat "$home/single.log" >&2; exit 1
    fi
    log "starting on 127.0.0.1:$port (database $db, user $pg_user, trust)"
    if ! as_pg "$home/pg/bin/pg_ctl" -D "$home/data" -l "$home/postgres.log" -w -t 60 start >/dev/null; then
      echo "PostgreSQL did not start on port $port; log follows" >&2
      cat "$home/postgres.log" >&2 || true
      exit 1
    fi
    if ! listening; then
      echo "PostgreSQL does not listen on port $port; log follows" >&2
      cat "$home/postgres.log" >&2 || true
      exit 1
    fi
    owner=${POSTGRES_OWNER_PID:-$PPID}
    if [[ "$owner" != "0" ]]; then
      launcher=()
      command -v setsid >/dev/null 2>&1 && launcher=(setsid)
      POSTGRES_OWNER_PID=$owner POSTGRES_HOME=$home nohup ${launcher[@]+"${launcher[@]}"} bash "$self" watch "$port" "$dir" \
        </dev/null >>"$dir/watchdog.log" 2>&1 &
      log "watchdog stops it when process $owner exits"
    fi
    log "PostgreSQL is up: jdbc:postgresql://127.0.0.1:$port/$db"
    ;;
  watch)
    owner=${POSTGRES_OWNER_PID:?}
    echo $$ > "$dir/watchdog.pid"
    while kill -0 "$owner" 2>/dev/null; do sleep 2; done
    # Only the server this watchdog was started for (a later start in DIR has its own watchdog).
    if [[ "$(cat "$dir/home" 2>/dev/null || true)" == "${POSTGRES_HOME:-}" ]]; then
      log "owner $owner gone, stopping PostgreSQL on $port"
      stop_pg || true
    fi
    [[ "$(cat "$dir/watchdog.pid" 2>/dev/null || true)" != "$$" ]] || rm -f "$dir/watchdog.pid"
    ;;
  stop)
    dir=$(cd "$dir" 2>/dev/null && pwd || echo "$dir")
    stop_pg
    kill_watchdog
    if listening; then log "something still listens on $port"; exit 1; fi
    log "PostgreSQL on port $port stopped"
    ;;
  *)
    echo "unknown command $cmd" >&2; exit 2 ;;
esac
