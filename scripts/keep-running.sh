#!/usr/bin/env bash
# Keep one process running: start it again whenever it exits, after RESTART_DELAY seconds
# (default 5). TERM or INT stops the process and this loop.
#   bash scripts/keep-running.sh worker .venv/bin/python -m celery -A hall worker
# serve-production.sh runs the Celery worker and beat under it, so a worker that dies (a
# broker restart, an out-of-memory kill) comes back on its own and never takes the web down.
set -uo pipefail
name=$1; shift
delay=${RESTART_DELAY:-5}
child=""
stopping=0
stop() {
  stopping=1
  # Every background job, not only $child: a TERM arriving between `"$@" &` and `child=$!`
  # (the process already running, $child not yet set) would otherwise leave it behind.
  local pids
  pids=$(jobs -pr)
  if [ -n "$pids" ]; then
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null
    wait $pids 2>/dev/null
  fi
  exit 0
}
trap stop INT TERM
while :; do
  "$@" &
  child=$!
  wait "$child"
  status=$?
  child=""
  [ $stopping = 1 ] && exit 0
  echo "==> $name exited with status $status; starting it again in ${delay}s" >&2
  sleep "$delay" &
  wait $! 2>/dev/null
done
