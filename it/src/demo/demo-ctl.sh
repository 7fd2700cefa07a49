#!/usr/bin/env bash
# The demo's lock and watchdog (`mvn -B -Pdemo verify` at the root, `mvn -B -Pdemo package liberty:run` in it/).
#
#   demo-ctl.sh check LOCK
#       Exit 0 when no live demo holds LOCK (a lock left by a dead process is removed). Otherwise print
#       one line naming the running demo's directory, pid and address, and exit 1. Writes nothing else.
#   demo-ctl.sh lock LOCK DIR URL REDIS_CTL REDIS_PORT REDIS_DIR
#       Take LOCK for the top-level Maven process of this build (or fail as `check` does), then leave a
#       watchdog that, once that process is gone (Ctrl-C, kill -TERM, kill -9, or the normal end), stops
#       what the build started: the Maven processes between (for `-Pdemo verify` at the root, the
#       invoker's build of it/), every process the build of it/ started (Liberty), and the demo's Redis
#       (REDIS_CTL stop REDIS_PORT REDIS_DIR); then it removes LOCK.
#
# The owner is the topmost Maven JVM among this script's ancestors (its command line names
# plexus-classworlds), the build the one nearest; DEMO_OWNER_PID and DEMO_BUILD_PID set them instead
# (the script's test uses them). A lock is live while its pid runs the command line recorded with it,
# so neither a dead process nor a reused pid blocks the next demo.
set -euo pipefail

cmd=${1:?usage: demo-ctl.sh check LOCK | lock LOCK DIR URL REDIS_CTL REDIS_PORT REDIS_DIR | watch ...}
lock=${2:?lock file missing}

log() { echo "[demo-ctl] $(date '+%H:%M:%S') $*"; }

command_of() { ps -o command= -p "$1" 2>/dev/null || true; }
parent_of() { ps -o ppid= -p "$1" 2>/dev/null | tr -d ' ' || true; }
is_maven() { [[ "$(command_of "$1")" == *plexus-classworlds* ]]; }

# Reads KEY from the lock file (lines KEY=VALUE).
lock_value() { sed -n "s/^$1=//p" "$lock" 2>/dev/null | head -n 1; }

# True while the lock's pid runs the command recorded in it.
lock_live() {
  local pid command
  pid=$(lock_value pid); command=$(lock_value command)
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(command_of "$pid" | cksum)" == "$command" ]]
}

# Exit 1 with the one line when a live demo holds the lock; remove a dead one's lock.
refuse_if_running() {
  [[ -e "$lock" ]] || return 0
  if lock_live; then
    echo "a demo is already running from $(lock_value dir) (pid $(lock_value pid)) on $(lock_value url); stop it first (Ctrl-C in its terminal, or kill $(lock_value pid))"
    exit 1
  fi
  rm -f "$lock"
}

# Pids and command lines of every descendant of $1, one "PID<TAB>COMMAND" per line.
descendants() {
  ps -A -o pid=,ppid=,command= | awk -v root="$1" '
    { pid[NR] = $1; ppid[NR] = $2; line = $0; sub(/^ *[0-9]+ +[0-9]+ /, "", line); cmd[NR] = line }
    END {
      want[root] = 1; changed = 1
      while (changed) { changed = 0
        for (i = 1; i <= NR; i++) if (want[ppid[i]] && !want[pid[i]]) { want[pid[i]] = 1; changed = 1 } }
      for (i = 1; i <= NR; i++) if (want[pid[i]] && pid[i] != root) printf "%s\t%s\n", pid[i], cmd[i]
    }'
}

case "$cmd" in
  check)
    refuse_if_running
    ;;
  lock)
    dir=${3:?dir missing}; url=${4:?url missing}; redis_ctl=${5:?redis ctl missing}
    redis_port=${6:?redis port missing}; redis_dir=${7:?redis dir missing}
    owner=${DEMO_OWNER_PID:-}; build=${DEMO_BUILD_PID:-}; chain=()
    if [[ -z "$owner" ]]; then
      p=$PPID
      while [[ -n "$p" && "$p" != 0 && "$p" != 1 ]]; do
        if is_maven "$p"; then chain+=("$p"); fi
        p=$(parent_of "$p")
      done
      [[ ${#chain[@]} -gt 0 ]] || { echo "demo-ctl.sh lock: no Maven process among my ancestors" >&2; exit 2; }
      build=${chain[0]}; owner=${chain[${#chain[@]}-1]}
    fi
    build=${build:-$owner}
    refuse_if_running
    mkdir -p "$(dirname "$lock")"
    tmp="$lock.$$"
    {
      echo "pid=$owner"
      echo "build=$build"
      echo "dir=$dir"
      echo "url=$url"
      echo "started=$(date '+%Y-%m-%dT%H:%M:%S%z')"
      echo "command=$(command_of "$owner" | cksum)"
    } > "$tmp"
    # ln fails when the lock exists: of two demos starting at once, one gets it.
    if ! ln "$tmp" "$lock" 2>/dev/null; then
      rm -f "$tmp"
      refuse_if_running
      echo "could not take $lock; try again" >&2; exit 1
    fi
    rm -f "$tmp"
    self=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
    launcher=()
    command -v setsid >/dev/null 2>&1 && launcher=(setsid)
    nohup ${launcher[@]+"${launcher[@]}"} bash "$self" watch "$lock" "$owner" "$build" "$redis_ctl" "$redis_port" "$redis_dir" \
      </dev/null >>"$(dirname "$lock")/watchdog.log" 2>&1 &
    echo "[demo-ctl] demo lock $lock taken for Maven pid $owner; when it ends, Liberty and Redis are stopped"
    ;;
  watch)
    owner=${3:?}; build=${4:?}; redis_ctl=${5:?}; redis_port=${6:?}; redis_dir=${7:?}
    started=$(lock_value command)
    log "watching Maven pid $owner (build pid $build)"
    known=''
    while kill -0 "$owner" 2>/dev/null; do
      if kill -0 "$build" 2>/dev/null; then
        now=$(descendants "$build")
        [[ -n "$now" ]] && known=$now
      fi
      sleep 1
    done
    log "Maven pid $owner is gone: stopping the demo"
    victims=()
    if [[ "$build" != "$owner" ]] && kill -0 "$build" 2>/dev/null && is_maven "$build"; then victims+=("$build"); fi
    while IFS=$'\t' read -r pid command; do
      [[ -n "$pid" ]] || continue
      # Only a process still running the command it ran as the build's child (no reused pid).
      if [[ "$(command_of "$pid")" == "$command" ]]; then victims+=("$pid"); log "stopping $pid: ${command:0:160}"; fi
    done <<< "$known"
    if [[ ${#victims[@]} -gt 0 ]]; then
      kill -TERM "${victims[@]}" 2>/dev/null || true
      for _ in $(seq 1 30); do
        alive=()
        for pid in "${victims[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
        [[ ${#alive[@]} -eq 0 ]] && break
        sleep 1
      done
      if [[ ${#alive[@]} -gt 0 ]]; then log "still running after 30 s, killing: ${alive[*]}"; kill -KILL "${alive[@]}" 2>/dev/null || true; fi
    fi
    bash "$redis_ctl" stop "$redis_port" "$redis_dir" || true
    # The lock is ours only while it names our owner.
    if [[ "$(lock_value pid)" == "$owner" && "$(lock_value command)" == "$started" ]]; then rm -f "$lock"; fi
    log "demo stopped"
    ;;
  *)
    echo "unknown command $cmd" >&2; exit 2 ;;
esac
