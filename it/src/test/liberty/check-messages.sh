#!/usr/bin/env bash
# Fails when the Liberty server of the integration tests logged a warning (W) or error (E) line that is
# not on the allow-list: a deployment of the module must start without warnings (SRVE9967W for a
# manifest Class-Path naming a jar the WAR does not pack, for example).
#   check-messages.sh LOGS_DIR ALLOW_LIST
# ALLOW_LIST: one extended regular expression a line, matched against "T MSGID: text"; '#' starts a
# comment. Every messages*.log of LOGS_DIR is read (Liberty rolls messages.log over at each start).
set -euo pipefail
logs=$1
allow=$2
shopt -s nullglob
files=("$logs"/messages*.log)
if [ ${#files[@]} -eq 0 ]; then
  echo "check-messages: no messages.log in $logs (no server ran): nothing to check"
  exit 0
fi
patterns=$(grep -vE '^\s*(#|$)' "$allow" | sed -E 's/\s+#.*$//' || true)
# [12/2/26, 9:37:39:008 UTC] 00000001 com.ibm.ws.Logger   W CWWKE0001W: text
lines=$(grep -hE '^\[[^]]+\] [0-9a-f]+ \S+ +[WE] ' "${files[@]}" | sed -E 's/^\[[^]]+\] [0-9a-f]+ \S+ +//' || true)
if [ -z "$lines" ]; then
  echo "check-messages: no W or E line in ${#files[@]} log(s) of $logs"
  exit 0
fi
unexpected=$(printf '%s\n' "$lines" | grep -vE -f <(printf '%s\n' "$patterns") || true)
total=$(printf '%s\n' "$lines" | wc -l)
if [ -n "$unexpected" ]; then
  echo "check-messages: unexpected W/E lines in $logs (allow-list $allow):"
  printf '%s\n' "$unexpected" | cut -c1-400 | sort | uniq -c | sort -rn
  exit 1
fi
echo "check-messages: $total W/E line(s) in $logs, all on the allow-list"
