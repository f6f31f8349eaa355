#!/usr/bin/env bash
# The production processes without Docker: gunicorn (static files by WhiteNoise), a Celery
# worker and Celery beat, against the PostgreSQL and Redis named in the environment.
#   DATABASE_OWNER_URL=postgres://postgres@127.0.0.1:5432/hall DATABASE_URL=postgres://hall_app@127.0.0.1:5432/hall \
#   CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \
#   REDIS_URL=redis://127.0.0.1:6379/1 SECRET_KEY=... ALLOWED_HOSTS=hall.example.gov.cn make serve-production
# Ctrl-C stops all three. A worker or beat that exits is started again (scripts/keep-running.sh);
# only gunicorn exiting ends the script (and stops the other two).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
: "${DATABASE_URL:?set DATABASE_URL (PostgreSQL)}"
: "${CELERY_BROKER_URL:?set CELERY_BROKER_URL (Redis)}"
: "${SECRET_KEY:?set SECRET_KEY}"
export DEBUG=${DEBUG:-0}
PORT=${PORT:-8000}
PY=.venv/bin/python

# Database roles (README "Security"): with DATABASE_OWNER_URL set, migrations run as the owner,
# which then (re)grants the application role named by DATABASE_URL: that role reads and writes
# but cannot TRUNCATE, ALTER or disable the triggers of the log tables. Without it, one role does all.
if [ -n "${DATABASE_OWNER_URL:-}" ]; then
  DATABASE_URL=$DATABASE_OWNER_URL $PY manage.py migrate --noinput
  HALL_APP_DATABASE_URL=$DATABASE_URL DATABASE_URL=$DATABASE_OWNER_URL $PY manage.py create_app_role
else
  $PY manage.py migrate --noinput
fi
$PY manage.py collectstatic --noinput >/dev/null
if [ "${SEED_DEMO:-0}" = "1" ]; then $PY manage.py seed_demo; fi

pids=()
cleanup() { trap - INT TERM EXIT; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup INT TERM EXIT
.venv/bin/gunicorn hall.wsgi:application --bind "${BIND:-127.0.0.1}:${PORT}" --workers "${WEB_CONCURRENCY:-3}" --access-logfile - &
pids+=($!)
bash scripts/keep-running.sh worker $PY -m celery -A hall worker --loglevel=INFO --concurrency="${WORKER_CONCURRENCY:-2}" &
pids+=($!)
bash scripts/keep-running.sh beat $PY -m celery -A hall beat --loglevel=INFO \
  --schedule "${CELERY_BEAT_SCHEDULE_FILENAME:-var/celerybeat-schedule}" &
pids+=($!)
wait "${pids[0]}"  # the web server; the worker and beat are restarted whenever they exit
