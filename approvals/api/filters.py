"""GET cases/ query parameters → the filters dict of approvals.selectors.case_list."""

from django.db.models import Case as DbCase
from django.db.models import IntegerField, Value, When
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from approvals.api.serializers import CaseListQuerySerializer
from catalog.models import Department
from hall.constants import SEE_ALL_ROLES
from hall.models import Hall, Window
from hall.parsing import parse_id
from hall.selectors import staff_profile_of


def case_filters(params, *, user=None):
    """Validate the query string (400 with field messages) and resolve codes to ids."""
    query = CaseListQuerySerializer(data=params)
    query.is_valid(raise_exception=True)
    data = dict(query.validated_data)
    data.pop("page", None)
    data.pop("page_size", None)
    hall_code = data.pop("hall", None)
    department = data.get("department")
    if department:
        dept_pk = parse_id(department)
        lookup = {"pk": dept_pk} if dept_pk is not None else {"code": department}
        dept_id = Department.objects.filter(**lookup).values_list("pk", flat=True).first()
        if dept_id is None:
            raise ValidationError({"department": [_("部门不存在。")]})
        data["department"] = dept_id
    window = data.get("window")
    if window:
        data["window"] = _window_id(window, hall_code=hall_code, user=user)
    return data


def _window_id(number, *, hall_code, user):
    """Window numbers are per hall: the number within `hall_code`; else the caller's own hall's
    window of that number; else the one hall that has it (several: 400, name the hall).
    One query on the way to an answer (a second only to tell an unknown hall apart)."""
    windows = Window.objects.filter(number=number)
    if hall_code:
        window_id = windows.filter(hall__code=hall_code).values_list("pk", flat=True).first()
        if window_id is None and not Hall.objects.filter(code=hall_code).exists():
            raise ValidationError({"hall": [_("大厅不存在。")]})
    else:
        own = own_hall_id(user)
        if own is not None:  # the own hall's window first, then any other: LIMIT 2 either way
            windows = windows.annotate(
                mine=DbCase(When(hall_id=own, then=Value(1)), default=Value(0), output_field=IntegerField())
            ).order_by("-mine", "pk")
        found = list(windows.values_list("pk", "hall_id")[:2])
        if len(found) > 1 and found[0][1] != own:
            raise ValidationError({"window": [_("多个大厅都有该窗口号，请同时指定 hall（大厅编码）。")]})
        window_id = found[0][0] if found else None
    if window_id is None:
        raise ValidationError({"window": [_("窗口不存在。")]})
    return window_id


def own_hall_id(user):
    """The hall a staff member works in (StaffProfile.hall: their window's, else their
    department's); None for a supervisor or hall admin (who answer for a whole subtree), a
    superuser or an applicant. The profile is the one case visibility reads anyway: no query."""
    profile = staff_profile_of(user)
    if profile is None or profile.role in SEE_ALL_ROLES:
        return None
    return profile.hall_id
