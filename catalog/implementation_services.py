"""Writes of the 实施清单 (issue 19): one hall's implementation of an item, or the same one rolled
out to many halls at once (e.g. every township centre of a county receiving a county item)."""

from dataclasses import dataclass, field

from django.db import transaction

from catalog.models import ItemImplementation

IMPLEMENTATION_DETAILS = ("promised_limit_days", "fee_note", "window_numbers", "note", "is_active")


@transaction.atomic
def implementation_save(*, item, hall, department, **details):
    """Create or update `item`'s implementation at `hall` (validated: local limit ≤ basic).

    details: promised_limit_days, fee_note, window_numbers, note, is_active.
    """
    unknown = set(details) - set(IMPLEMENTATION_DETAILS)
    if unknown:
        raise TypeError(f"unknown implementation fields: {sorted(unknown)}")
    implementation = ItemImplementation.objects.filter(item=item, hall=hall).first() or ItemImplementation(
        item=item, hall=hall
    )
    implementation.department = department
    for name, value in details.items():
        setattr(implementation, name, value)
    implementation.full_clean()
    implementation.save()
    return implementation


@dataclass
class RollOut:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    kept: list = field(default_factory=list)


@transaction.atomic
def implementation_roll_out(*, item, halls, department, overwrite=False, **details):
    """Give `item` the same implementation at every hall of `halls`, all or nothing.

    department decides at each of them (a county department: the townships only receive, 就近办).
    A hall that already has its own implementation keeps it unless `overwrite` (its local choices,
    like a shorter limit, are not lost to a bulk action). Returns a RollOut of the halls touched.
    """
    existing = {impl.hall_id: impl for impl in ItemImplementation.objects.filter(item=item, hall__in=list(halls))}
    result = RollOut()
    for hall in halls:
        if hall.pk in existing and not overwrite:
            result.kept.append(existing[hall.pk])
            continue
        implementation = implementation_save(item=item, hall=hall, department=department, **details)
        (result.updated if hall.pk in existing else result.created).append(implementation)
    return result
