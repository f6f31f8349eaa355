"""Reads about the hall's people: who is this user in the hall?"""

from hall.constants import APPLICANT_ROLE, Role
from hall.models import ApplicantProfile, Hall, StaffProfile


def staff_profile_of(user):
    """The user's StaffProfile (with department and window), or None; cached on the user object."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_hall_staff_profile"):
        user._hall_staff_profile = (
            StaffProfile.objects.select_related("department", "window", "window__department", "hall")
            .filter(user_id=user.pk)
            .first()
        )
    return user._hall_staff_profile


def applicant_profile_of(user):
    if user is None or not user.is_authenticated:
        return None
    return ApplicantProfile.objects.filter(user_id=user.pk).first()


def role_of(user):
    """The role written on audit events: a staff role, 'hall_admin' for superusers, or 'applicant'."""
    profile = staff_profile_of(user)
    if profile is not None:
        return profile.role
    if user is not None and user.is_authenticated and user.is_superuser:
        return Role.HALL_ADMIN
    return APPLICANT_ROLE


def halls_below_ids(hall_id):
    """The ids of a hall and every hall below it, or None when that is the whole network (the root
    of a one-tree network). None lets callers skip the filter: the city sees all without an IN list.
    """
    hall = Hall.objects.filter(pk=hall_id).only("path", "parent_id").first() if hall_id else None
    return _below(hall)


def _below(hall):
    if hall is None:
        return []
    if hall.parent_id is None and not Hall.objects.filter(parent__isnull=True).exclude(pk=hall.pk).exists():
        return None
    return list(Hall.objects.filter(path__startswith=hall.path).values_list("pk", flat=True))


def halls_under(hall):
    """halls_below_ids for a Hall object already at hand."""
    return _below(hall)


def board_hall_for(user, code=None):
    """The hall a supervisor's board shows: their own, or one below it picked by `code`; None when
    the code names a hall outside their scope (the caller answers 404)."""
    profile = staff_profile_of(user)
    own = profile.hall if profile is not None else Hall.objects.filter(parent__isnull=True).order_by("path").first()
    if not code or own is None or code == own.code:
        return own
    picked = Hall.objects.filter(code=code).first()
    return picked if picked is not None and picked.is_within(own) else None


def scope_hall_ids(profile):
    """halls_below_ids of a staff profile's hall, worked out once per request (cached on the profile)."""
    if not hasattr(profile, "_hall_scope"):
        profile._hall_scope = _below(profile.hall)
    return profile._hall_scope


def hall_tree(*, root=None):
    """Halls in tree order (by path), each with `depth`; only `root` and below when given."""
    qs = Hall.objects.select_related("parent").order_by("path", "sort_order")
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
    return list(qs)


def hall_trail(hall):
    """The halls from the root down to `hall` (the board's breadcrumb): one query."""
    codes = [c for c in hall.path.strip("/").split("/") if c]
    by_code = {h.code: h for h in Hall.objects.filter(code__in=codes).only("pk", "code", "name", "path")}
    return [by_code[c] for c in codes if c in by_code]
