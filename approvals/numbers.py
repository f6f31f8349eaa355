"""Human-readable case numbers (SCJG-20261122-0007) and the query code for the progress page."""

import secrets

from django.db import connection
from django.utils import timezone

from approvals.models import CaseNumberCounter

# No 0/O, 1/I/L: the code is read aloud at the window and typed from paper.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def next_case_number(*, department, at=None):
    """Department code, Beijing date, per-department-per-day sequence; race-safe.

    One statement: an upsert that creates the day's counter at 1 or adds one to it, returning
    the new value. The row lock it takes is held to the end of the caller's transaction, so two
    cases created at once for one department get consecutive numbers, never the same one
    (PostgreSQL and SQLite both have INSERT … ON CONFLICT DO UPDATE … RETURNING).
    """
    day = timezone.localdate(at or timezone.now())
    quote = connection.ops.quote_name
    table, last = quote(CaseNumberCounter._meta.db_table), quote("last")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({quote('department_id')}, {quote('day')}, {last}) VALUES (%s, %s, 1) "
            f"ON CONFLICT ({quote('department_id')}, {quote('day')}) DO UPDATE SET {last} = {table}.{last} + 1 "
            f"RETURNING {last}",
            [department.pk, day.isoformat()],
        )
        (last,) = cursor.fetchone()
    return f"{department.code.upper()}-{day:%Y%m%d}-{last:04d}"


def new_query_code():
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(6))


def random_pickup_code():
    return f"{secrets.randbelow(10**6):06d}"


def new_pickup_code():
    """6 digits (取件码), not shared by another result still waiting at the completed-item window."""
    from approvals.constants import CaseState
    from approvals.models import Result

    for _attempt in range(20):
        code = random_pickup_code()
        if not Result.objects.filter(pickup_code=code, case__state=CaseState.READY).exists():
            return code
    raise RuntimeError("could not allocate a pickup code")  # pragma: no cover - a million results waiting


def new_verification_code():
    """12 characters from a 31-letter alphabet: about 59 bits, not guessable."""
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(12))
