"""Human-readable case numbers (SCJG-20261122-0007) and the query code for the progress page."""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from approvals.models import CaseNumberCounter

# No 0/O, 1/I/L: the code is read aloud at the window and typed from paper.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def next_case_number(*, department, at=None):
    """Department code, Beijing date, per-department-per-day sequence; race-safe.

    The counter row is locked with select_for_update (PostgreSQL); on SQLite writes are
    serialised by the IMMEDIATE transaction. Two processes creating the first row of a day
    at once collide on the unique constraint: the loser retries and locks the winner's row.
    """
    day = timezone.localdate(at or timezone.now())
    for _attempt in range(3):
        try:
            with transaction.atomic():
                counter = CaseNumberCounter.objects.select_for_update().filter(department=department, day=day).first()
                if counter is None:
                    counter = CaseNumberCounter.objects.create(department=department, day=day, last=0)
                counter.last += 1
                counter.save(update_fields=["last"])
                break
        except IntegrityError:
            continue
    else:  # pragma: no cover - three collisions in a row
        raise RuntimeError("could not allocate a case number")
    return f"{department.code.upper()}-{day:%Y%m%d}-{counter.last:04d}"


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
