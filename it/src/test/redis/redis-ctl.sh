#!/usr/bin/env bash
# Starts/stops the throw-away Redis used by the integration tests and the demo.
#
#   redis-ctl.sh start PORT DIR [EMBEDDED_DIR]   start redis-server on 127.0.0.1:PORT, files in DIR
#   redis-ctl.sh stop  PORT DIR                  SHUTDOWN NOSAVE via bash /dev/tcp, else kill the pid file
#
# Binary: `redis-server` from the PATH, else the Linux/macOS binary unpacked from
# com.github.codemonstur:embedded-redis into EMBEDDED_DIR. REDIS_SERVER=/path forces a binary,
# REDIS_FORCE_EMBEDDED=true forces the embedded one. The chosen binary is linked as DIR/redis-server,
# a stable absolute path the tests get as `redis.binary` (to stop/restart Redis on the same port).
#
# `start` also leaves a watchdog that stops this Redis when the owning process (REDIS_OWNER_PID,
# default: the parent, i.e. the Maven JVM) exits, so nothing outlives a failed or interrupted build.
set -euo pipefail

cmd=${1:?usage: redis-ctl.sh start|stop|watch PORT DIR [EMBEDDED_DIR]}
port=${2:?port missing}
dir=${3:?dir missing}
embedded_dir=${4:-}

log() { echo "[redis-ctl] $*"; }

# Sends one inline command, prints the first reply line ('' when nothing listens).
redis_cmd() {
  local reply=''
  if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
    printf '%s\r\n' "$1" >&3
    IFS= read -r -t 2 reply <&3 || true
    exec 3>&- 3<&- || true
  fi
  printf '%s' "${reply%$'\r'}"
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

choose_binary() {
  if [[ -n "${REDIS_SERVER:-}" ]]; then
    echo "$REDIS_SERVER"; return
  fi
  if [[ "${REDIS_FORCE_EMBEDDED:-false}" != "true" ]] && command -v redis-server >/dev/null 2>&1; then
    command -v redis-server; return
  fi
  [[ -n "$embedded_dir" ]] || { echo "no redis-server on the PATH and no embedded dir given" >&2; return 1; }
  local os arch name
  os=$(uname -s); arch=$(uname -m)
  case "$os/$arch" in
    Linux/x86_64)          name='redis-server-*-linux-amd64' ;;
    Linux/aarch64|Linux/arm64) name='redis-server-*-linux-arm64' ;;
    Linux/i?86)            name='redis-server-*-linux-386' ;;
    Darwin/x86_64)         name='redis-server-*-darwin-amd64' ;;
    Darwin/arm64)          name='redis-server-*-darwin-arm64' ;;
    *) echo "no embedded redis-server for $os/$arch; install redis-server" >&2; return 1 ;;
  esac
  local found
  found=$(ls -1 "$embedded_dir"/$name 2>/dev/null | sort | tail -n 1 || true)
  [[ -n "$found" ]] || { echo "no $name in $embedded_dir" >&2; return 1; }
  chmod +x "$found"
  (cd "$(dirname "$found")" && echo "$PWD/$(basename "$found")")
}

stop_redis() {
  local reply
  if listening; then
    reply=$(redis_cmd "SHUTDOWN NOSAVE")
    # A successful SHUTDOWN closes the connection without a reply.
    [[ -z "$reply" ]] || log "SHUTDOWN answered: $reply"
    for _ in $(seq 1 50); do listening || break; sleep 0.1; done
  fi
  if [[ -f "$dir/redis.pid" ]]; then
    local pid; pid=$(cat "$dir/redis.pid" 2>/dev/null || true)
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
    rm -f "$dir/redis.pid"
  fi
  if listening; then log "something still listens on $port"; return 1; fi
  return 0
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if listening; then
      echo "port $port is already in use; refusing to start Redis there" >&2; exit 1
    fi
    bin=$(choose_binary)
    ln -sfn "$bin" "$dir/redis-server"
    log "starting $bin on 127.0.0.1:$port (dir $dir)"
    "$dir/redis-server" --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
      --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" \
      </dev/null >/dev/null 2>&1
    for _ in $(seq 1 100); do
      [[ "$(redis_cmd PING)" == "+PONG" ]] && break
      sleep 0.1
    done
    if [[ "$(redis_cmd PING)" != "+PONG" ]]; then
      echo "Redis did not answer PING on port $port; log follows" >&2
      cat "$dir/redis.log" >&2 || true
      exit 1
    fi
    owner=${REDIS_OWNER_PID:-$PPID}
    if [[ "$owner" != "0" ]]; then
      self=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
      launcher=()
      command -v setsid >/dev/null 2>&1 && launcher=(setsid)
      REDIS_OWNER_PID=$owner nohup ${launcher[@]+"${launcher[@]}"} bash "$self" watch "$port" "$dir" \
        </dev/null >>"$dir/watchdog.log" 2>&1 &
      log "watchdog stops it when process $owner exits"
    fi
    log "Redis is up on port $port"
    ;;
  watch)
    owner=${REDIS_OWNER_PID:?}
    echo $$ > "$dir/watchdog.pid"
    while kill -0 "$owner" 2>/dev/null; do sleep 2; done
    if listening || [[ -f "$dir/redis.pid" ]]; then
      log "owner $owner gone, stopping Redis on $port"
      stop_redis || true
    fi
    rm -f "$dir/watchdog.pid"
    ;;
  stop)
    stop_redis
    if [[ -f "$dir/watchdog.pid" ]]; then
      wpid=$(cat "$dir/watchdog.pid" 2>/dev/null || true)
      [[ -n "$wpid" ]] && kill "$wpid" 2>/dev/null || true
      rm -f "$dir/watchdog.pid"
    fi
    log "Redis on port $port stopped"
    ;;
  *)
    echo "unknown command $cmd" >&2; exit 2 ;;
esac
