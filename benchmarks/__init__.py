"""Benchmarks and what they need: the synthetic-case generator (`generate_cases`) and the
timing scripts (`bench_*.py`, run directly). Nothing in the apps imports this package;
`manage.py generate_cases` is a thin command that calls `benchmarks.generate_cases.main`."""
