"""Reads of 一个窗口收费, scoped like the cases they belong to (invisible → 404)."""

from django.http import Http404

from approvals.selectors import cases_visible_to
from fees.models import Charge


def charges_visible_to(user):
    return Charge.objects.filter(case__in=cases_visible_to(user)).select_related(
        "case", "case__item", "department", "window", "created_by"
    )


def charge_get(*, user, number):
    charge = charges_visible_to(user).filter(number=number).first()
    if charge is None:
        raise Http404("收费记录不存在或您无权查看。")
    return charge


def charges_of_case(*, case):
    return Charge.objects.filter(case=case).select_related("window", "created_by").order_by("created_at", "id")
