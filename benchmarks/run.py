"""`make bench`: prepare a PostgreSQL database of generated cases and print every benchmark
beside its reference from the same run.

    python -m benchmarks.run [--cases N] [--reuse] [--only board,sweep] [--seconds 20]

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/hall_bench),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/13: broker and cache of the servers it starts,
flushed by the deemed-acceptance benchmark), BENCH_CASES (default 1,000,000), BENCH_REUSE=1
(skip seeding and generation: `migrate` then VACUUM ANALYZE the existing data).

Steps: create the database if missing, `migrate`, `seed_demo` when the demo staff are missing,
`generate_cases` up to N generated cases, VACUUM ANALYZE, `collectstatic`, then each benchmark
module's `main(ctx)` in turn. The table goes to stdout and to var/bench-results.txt.
"""

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ("board", "sweep", "clerks", "lifecycle", "deemed")
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/hall_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=int(os.environ.get("BENCH_CASES", 1_000_000)))
    parser.add_argument("--reuse", action="store_true", default=os.environ.get("BENCH_REUSE") == "1")
    parser.add_argument(
        "--only", default=os.environ.get("BENCH_ONLY", ""), help="comma-separated: " + ",".join(BENCHMARKS)
    )
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 20)))
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--quick", action="store_true", help="few samples (a smoke run)")
    return parser.parse_args(argv)


def manage(*args, env):
    print(f"$ manage.py {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_database(url):
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    # Not `with conn:`: since psycopg2 2.9 that opens a transaction even in autocommit mode,
    # and CREATE DATABASE cannot run inside one.
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            print(f"创建数据库 {name}", flush=True)
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def prepare(args, env):
    """The database: migrated, seeded, N generated cases, analysed. Returns the case count."""
    ensure_database(args.database_url)
    manage("migrate", "--noinput", env=env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from approvals.models import Case
    from benchmarks.generate_cases import vacuum_analyze

    if not args.reuse:
        if not get_user_model().objects.filter(username="desk").exists():
            manage("seed_demo", env=env)
        have = Case.objects.filter(number__startswith="GEN-").count()
        if have < args.cases:
            started = time.monotonic()
            manage("generate_cases", str(args.cases - have), env=env)
            print(f"generate_cases {args.cases - have:,}: {time.monotonic() - started:,.1f} s", flush=True)
        else:
            print(f"已有 {have:,} 件生成的办件（≥ {args.cases:,}），不再生成", flush=True)
    connection.close()
    vacuum_analyze(lambda text: print(text, flush=True))
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    return Case.objects.count()


def machine():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (pg,) = cursor.fetchone()
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = float("nan")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{os.cpu_count()} CPU, {mem:.0f} GiB RAM, PostgreSQL {pg}, Python {platform.python_version()}, "
        f"load average {load:.1f} at start"
    )


def run_benchmarks(names, ctx, out=print):
    import importlib
    import traceback

    from benchmarks.common import Figure, print_table

    figures = []
    for name in names:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        out(f"… {name}")
        started = time.monotonic()
        try:
            made = module.main(ctx)
            figures += made
            print_table(made, out=out)  # at once, too: a later failure must not lose these
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            figures.append(
                Figure(name=name, value=None, unit="", reference_name="FAILED", reference=None, note=repr(exc))
            )
        out(f"  ({time.monotonic() - started:.0f} s)")
    return figures


def main(argv=None):
    args = parse(argv)
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=env.get("BENCH_SETTINGS", "hall.settings"),
        DATABASE_URL=args.database_url,
        CELERY_BROKER_URL=args.redis_url,
        REDIS_URL=args.redis_url,
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",  # testserver: the in-process SQL counts
        SECURE_SSL_REDIRECT="0",
        HALL_2FA_ENFORCED="0",
        LOG_LEVEL=env.get("LOG_LEVEL", "WARNING"),
        # A queue of this run's own: a worker of another run (or a stale message) on the same
        # Redis db cannot take the benchmark's tasks, nor this run's worker theirs.
        CELERY_TASK_DEFAULT_QUEUE=f"bench-{os.getpid()}",
    )
    os.environ.update(env)  # this process too: the benchmarks talk to the same database and broker
    sys.path.insert(0, str(ROOT))
    (ROOT / "var").mkdir(exist_ok=True)
    cases = prepare(args, env)

    from benchmarks.common import Context, print_table

    names = [n for n in (args.only.split(",") if args.only else BENCHMARKS) if n]
    ctx = Context(database_url=args.database_url, redis_url=args.redis_url, quick=args.quick, seconds=args.seconds)
    header = f"{cases:,} cases; {machine()}"
    print(header, flush=True)
    figures = run_benchmarks(names, ctx, out=lambda text: print(text, flush=True))
    lines = [header, ""]
    print_table(figures, out=lines.append)
    text = "\n".join(lines)
    print("\n" + text)
    (ROOT / "var" / "bench-results.txt").write_text(text + "\n")
    return 0 if all(f.value is not None for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
