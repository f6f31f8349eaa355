# The hall's two commands (see README): `make run` and `make test`.
.PHONY: run test serve-production venv

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

# The production processes (gunicorn, worker, beat) against the PostgreSQL and Redis
# named in DATABASE_URL / CELERY_BROKER_URL / REDIS_URL, without Docker.
serve-production:
	bash scripts/serve-production.sh

venv:
	bash scripts/bootstrap.sh
