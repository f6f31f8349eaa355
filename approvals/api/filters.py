"""GET cases/ query parameters → the filters dict of approvals.selectors.case_list."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from approvals.api.serializers import CaseListQuerySerializer
from catalog.models import Department
from hall.models import Window
from hall.parsing import parse_id


def case_filters(params):
    """Validate the query string (400 with field messages) and resolve codes to ids."""
    query = CaseListQuerySerializer(data=params)
    query.is_valid(raise_exception=True)
    data = dict(query.validated_data)
    data.pop("page", None)
    data.pop("page_size", None)
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
        window_id = Window.objects.filter(number=window).values_list("pk", flat=True).first()
        if window_id is None:
            raise ValidationError({"window": [_("窗口不存在。")]})
        data["window"] = window_id
    return data
