"""`{% calendar_warnings %}`: the work calendar's warnings for hall admins (admin index)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from catalog import calendar_selectors

register = template.Library()


@register.inclusion_tag("admin/catalog/calendarday/warnings.html", takes_context=True)
def calendar_warnings(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("catalog.view_calendarday"):
        return {"warnings": []}
    return {
        "warnings": calendar_selectors.calendar_warnings(),
        "link": reverse("admin:catalog_calendaryear_changelist"),
        "link_label": _("前往年度工作日历"),
    }
