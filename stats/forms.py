"""The figures' query (range, grouping, filters): one form for the page, the export and the API."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals.constants import Channel
from stats.constants import GroupBy
from stats.selectors import FigureFilters

MAX_RANGE_DAYS = 366 * 5


def first_of_month(day: date) -> date:
    return day.replace(day=1)


class FigureQueryForm(forms.Form):
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    group_by = forms.ChoiceField(label=_("分组"), choices=GroupBy.choices, required=False)
    department = forms.IntegerField(label=_("部门"), required=False, min_value=1)
    item = forms.IntegerField(label=_("事项"), required=False, min_value=1, widget=forms.HiddenInput)
    channel = forms.ChoiceField(label=_("渠道"), choices=[("", _("全部渠道")), *Channel.choices], required=False)
    window = forms.CharField(label=_("窗口号"), required=False, max_length=16)

    def __init__(self, data=None, *, departments=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["department"].widget = forms.Select(
            choices=[("", _("全部部门")), *[(d["id"], d["name"]) for d in departments]]
        )

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        cleaned["date_to"] = cleaned.get("date_to") or today
        cleaned["date_from"] = cleaned.get("date_from") or first_of_month(cleaned["date_to"])
        if cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_from", _("起始日期不能晚于截止日期。"))
        elif cleaned["date_to"] - cleaned["date_from"] > timedelta(days=MAX_RANGE_DAYS):
            self.add_error("date_from", _("统计区间最长五年。"))
        cleaned["group_by"] = cleaned.get("group_by") or GroupBy.DEPARTMENT
        return cleaned

    def filters(self) -> FigureFilters:
        data = self.cleaned_data
        return FigureFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            group_by=data["group_by"],
            department_id=data.get("department"),
            item_id=data.get("item"),
            channel=data.get("channel") or None,
            window=(data.get("window") or "").strip() or None,
        )
