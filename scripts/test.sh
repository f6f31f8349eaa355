#!/usr/bin/env bash
# The whole test suite with its quality gates. Arguments go to pytest.
# Uses whatever DATABASE_URL / CELERY_BROKER_URL / REDIS_URL are set (embedded defaults if none).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=hall.settings_test

echo "==> ruff"
$PY -m ruff check .
echo "==> manage.py check"
$PY manage.py check
echo "==> makemigrations --check"
$PY manage.py makemigrations --check --dry-run
echo "==> pytest (database: ${DATABASE_URL:-sqlite}, broker: ${CELERY_BROKER_URL:-filesystem://})"
if [ $# -gt 0 ]; then
  exec $PY -m pytest "$@"
fi
# The whole suite: everything but the browser and real-worker tests spread over the cores
# (each pytest-xdist worker has its own test database and cache), then those two kinds
# one at a time (they share the broker, the live server and the machine's timing).
# `--dist load` hands tests out in pytest-django's order (transactional tests last), so no
# worker runs a test that needs the migrations' data after a transactional test flushed it.
workers=${HALL_TEST_WORKERS:-$(nproc)}
parallel=()
[ "$workers" -gt 1 ] && parallel=(-n "$workers" --dist load)
status=0
$PY -m pytest "${parallel[@]}" -m "not e2e and not worker" || status=$?
$PY -m pytest -m "e2e or worker" || { s=$?; [ $s = 5 ] || status=$s; }  # 5: all skipped/none
exit $status
