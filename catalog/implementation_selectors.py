"""Reads of the 实施清单: where an item can be received and who decides it there (issue 19)."""

from dataclasses import dataclass

from catalog.models import Department, ItemImplementation


@dataclass(frozen=True)
class Placement:
    """Where a case of `item` received at `hall` is decided."""

    department: Department
    implementation: ItemImplementation | None

    @property
    def decision_hall_id(self):
        return self.department.hall_id

    @property
    def promised_limit_days(self):
        if self.implementation is not None:
            return self.implementation.effective_limit_days
        return None


def placement_at(*, item, hall):
    """Who decides `item` when `hall` receives it, or None when that hall cannot receive it.

    1. The hall's own implementation (its department, or a department above for 就近办 收件).
    2. The basic item, when its department sits in this hall (the single-hall case).
    3. A 全市通办 item: the implementation of the nearest hall above, else the basic item's department.
    """
    if hall is None:
        return Placement(department=item.department, implementation=None)
    codes = [c for c in hall.path.strip("/").split("/") if c]
    found = {
        impl.hall.code: impl
        for impl in ItemImplementation.objects.filter(item=item, hall__code__in=codes, is_active=True).select_related(
            "department", "hall", "item"
        )
    }
    own = found.get(hall.code)
    if own is not None:
        return Placement(department=own.department, implementation=own)
    if item.department.hall_id == hall.pk:
        return Placement(department=item.department, implementation=None)
    if not item.citywide:
        return None
    for code in reversed(codes[:-1]):
        if code in found:
            return Placement(department=found[code].department, implementation=found[code])
    return Placement(department=item.department, implementation=None)


def receiving_halls(*, item):
    """The halls that can receive `item`: its department's hall, every hall with an implementation,
    and, for 全市通办, every active hall."""
    from hall.models import Hall

    if item.citywide:
        return list(Hall.objects.filter(is_active=True).order_by("path"))
    ids = set(ItemImplementation.objects.filter(item=item, is_active=True).values_list("hall_id", flat=True))
    ids.add(item.department.hall_id)
    return list(Hall.objects.filter(pk__in=ids, is_active=True).order_by("path"))
