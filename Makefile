# The hall's two commands (see README): `make run` and `make test`.
.PHONY: run test serve-production venv bench
PYTHON ?= .venv/bin/python

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

# Benchmarks on PostgreSQL (BENCH_DATABASE_URL, default hall_bench): a 1M-case database made
# once, then every figure beside its reference from the same run (README "Benchmarks").
# BENCH_REUSE=1 reuses the generated database after migrate; BENCH_CASES=N for smaller runs.
bench:
	$(PYTHON) -m benchmarks.run $(BENCH_ARGS)
