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
$PY -m pytest "$@"
