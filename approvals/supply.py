"""When a material accepted as 容缺 or 承诺后补 must be supplied: a small seam for other apps.

approvals never imports the app that keeps those due dates (the commitments app of issue 11
keeps one per commitment). That app registers a source from its AppConfig.ready:

    from approvals.supply import register_due_date_source
    register_due_date_source(lambda *, case, material: <a date, or None>)

The first source that answers wins. Without one, a per-material supply period in the item
version's snapshot (`supply_days`, working days from the case's registration) gives the
date; failing that the notices say "按承诺书约定期限".
"""

from django.utils import timezone

from approvals.constants import MaterialStatus

PENDING = (MaterialStatus.DEFICIENT, MaterialStatus.COMMITTED)
_sources = []


def register_due_date_source(fn):
    """`fn(*, case, material)` -> date or None. Registering the same function twice is a no-op."""
    if fn not in _sources:
        _sources.append(fn)
    return fn


def due_date(*, case, material):
    """The date by which this material must be supplied, or None when no source knows it."""
    for source in _sources:
        found = source(case=case, material=material)
        if found:
            return found
    spec = next((m for m in case.snapshot.get("materials") or [] if m.get("id") == material.requirement_id), {})
    days = spec.get("supply_days")
    if days:
        from catalog import clock

        return clock.add_working_days(timezone.localdate(case.accepted_at or case.created_at), int(days))
    return None


def pending_materials(case, rows=None):
    """The materials taken as 容缺/承诺后补 (still owed by the applicant), each with `.due` set."""
    rows = rows if rows is not None else list(case.materials.order_by("position", "requirement_id"))
    pending = [m for m in rows if m.status in PENDING]
    for material in pending:
        material.due = due_date(case=case, material=material)
    return pending
