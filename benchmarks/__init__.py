"""Benchmarks and what they need: the synthetic-case generator (`generate_cases`), the
`make bench` harness (`run.py`, `common.py`, one `bench_*.py` module per benchmark with a
`main(ctx)`), the Celery probe its worker loads (`probe.py`), and older timing scripts run
directly. Nothing in the apps imports this package; `manage.py generate_cases` is a thin
command that calls `benchmarks.generate_cases.main`."""
