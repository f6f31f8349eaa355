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


# ---------------------------------------------------------------- the guide per hall

GUIDE_HALL_COOKIE = "guide_hall"


@dataclass(frozen=True)
class GuideAtHall:
    """What the guide shows for `item` at the hall the applicant picked."""

    item: object
    hall: object
    department: Department
    implementation: ItemImplementation | None

    @property
    def receives_only(self):
        """This hall takes the application in; a department of another hall decides (就近办)."""
        return self.department.hall_id != self.hall.pk

    @property
    def promised_limit_days(self):
        """The local promised limit, never longer than the basic item's (the model checks it on
        save; the min() keeps an old row or a later cut of the basic limit from showing more)."""
        basic = self.item.promised_limit_days
        local = self.implementation.promised_limit_days if self.implementation is not None else None
        return min(local, basic) if local else basic

    @property
    def shortened(self):
        return self.promised_limit_days < self.item.promised_limit_days

    @property
    def fee_note(self):
        return self.implementation.fee_note if self.implementation is not None else ""

    @property
    def window_numbers(self):
        if self.implementation is not None and self.implementation.window_numbers:
            return self.implementation.window_numbers
        return self.department.window_numbers if self.department.hall_id == self.hall.pk else ""


def guide_at_hall(*, item, hall):
    """The implementation of `item` at `hall` for the guide, or None when that hall cannot receive it."""
    placement = placement_at(item=item, hall=hall)
    if placement is None:
        return None
    department = placement.department
    if department.hall_id == hall.pk:
        department.hall = hall  # no query for the deciding hall's name when it is this one
    else:
        department = Department.objects.select_related("hall").get(pk=department.pk)
    return GuideAtHall(item=item, hall=hall, department=department, implementation=placement.implementation)


def guide_halls(*, item=None):
    """The halls offered by the guide's picker, in tree order (each has `depth` for indenting):
    every active hall for the list, the halls that can receive `item` for its page."""
    from hall.models import Hall

    if item is not None:
        return receiving_halls(item=item)
    return list(Hall.objects.filter(is_active=True).order_by("path"))


def pick_hall(*, halls, code):
    """The hall with `code` among `halls`, else None."""
    return next((h for h in halls if code and h.code == code), None)


def default_guide_hall(*, item, halls):
    """The hall whose department decides the item (its basic department's hall), else the first."""
    return next((h for h in halls if h.pk == item.department.hall_id), halls[0] if halls else None)


def receivable_at_q(*, hall_id):
    """The items the hall can receive, as one condition on Item (placement_at is not None, in SQL):
    an active implementation there, the basic item's department sits there, or 全市通办."""
    from django.db.models import Exists, OuterRef, Q

    here = ItemImplementation.objects.filter(hall_id=hall_id, is_active=True, item=OuterRef("pk"))
    return Q(citywide=True) | Q(department__hall_id=hall_id) | Exists(here)


def items_receivable_at(*, items, hall):
    """Narrow an item queryset to what `hall` can receive, with `here` = [its implementation there]
    prefetched, so a list shows local limits in a fixed number of queries."""
    from django.db.models import Prefetch

    here = ItemImplementation.objects.filter(hall=hall, is_active=True)
    return items.filter(receivable_at_q(hall_id=hall.pk)).prefetch_related(
        Prefetch("implementations", queryset=here, to_attr="here")
    )


def hall_options(halls):
    """(code, label) for a hall picker: indented by depth below the shallowest hall, with the level."""
    top = min((h.depth for h in halls), default=0)
    return [(h.code, "\u3000" * (h.depth - top) + f"{h.name}（{h.get_level_display()}）") for h in halls]
