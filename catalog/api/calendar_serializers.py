"""Query parameters and answers of the calendar API (/api/v1/calendar/...)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

MAX_DAYS = 3650
FIRST_YEAR = 2004
LAST_YEAR = 2100


class DeadlineQuerySerializer(serializers.Serializer):
    start = serializers.DateField(
        input_formats=["%Y-%m-%d"],
        help_text=_("受理日期 YYYY-MM-DD（当天不计入）"),
        error_messages={
            "required": _("请提供起算日期 start（YYYY-MM-DD）。"),
            "invalid": _("start 不是有效日期，应为 YYYY-MM-DD。"),
            "null": _("请提供起算日期 start（YYYY-MM-DD）。"),
        },
    )
    days = serializers.IntegerField(
        min_value=0,
        max_value=MAX_DAYS,
        help_text=_("工作日天数（0—3650）"),
        error_messages={
            "required": _("请提供工作日天数 days。"),
            "invalid": _("days 必须是整数。"),
            "min_value": _("days 不能为负数。"),
            "max_value": _("days 不能超过%(max)s。") % {"max": MAX_DAYS},
            "max_string_length": _("days 数值过大。"),
        },
    )


class DeadlineSerializer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    deadline = serializers.DateField(help_text=_("期限届满日（起算日后第 N 个工作日）"))
    deadline_at = serializers.DateTimeField(help_text=_("期限届满时刻：该日 24 时前（北京时间）"))
    provisional = serializers.BooleanField(help_text=_("计算涉及尚未导入官方日历的年度，结果为暂定"))


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("年度（2004—2100），默认本年度"),
        error_messages={
            "invalid": _("year 必须是整数年份。"),
            "min_value": _("year 必须在%(first)s至%(last)s之间。") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            "max_value": _("year 必须在%(first)s至%(last)s之间。") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            "max_string_length": _("year 数值过大。"),
        },
    )
    special = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("为 true 时只列出与平常周不同的日子（节假日、调休上班日、管理员设置的日子）"),
        error_messages={"invalid": _("special 只能是 true 或 false。")},
    )

    def validate(self, attrs):
        attrs.setdefault("year", timezone.localdate().year)
        return attrs


class CalendarDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    weekday = serializers.CharField()
    is_workday = serializers.BooleanField()
    note = serializers.CharField()
    source = serializers.ChoiceField(
        choices=["official", "admin", "provisional", "regular"],
        help_text=_("official 国务院公布；admin 管理员设置；provisional 暂定（未导入年度）；regular 平常日"),
    )


class CalendarYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    provisional = serializers.BooleanField(help_text=_("该年度尚未导入官方日历，按固定日期节日暂定计算"))
    origin = serializers.ChoiceField(choices=["database", "package", "provisional"])
    workdays = serializers.IntegerField(help_text=_("全年工作日数"))
    days = CalendarDaySerializer(many=True)
