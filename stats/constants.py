"""The hall's figures (统计指标): counters kept per day, and the rates derived from them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Counters on DailyFigure, in the order the tables show them: (field, label).
COUNTERS = [
    ("received", _("收件")),
    ("online_received", _("网上收件")),
    ("accepted", _("受理")),
    ("acknowledged", _("部门确认受理")),
    ("deemed", _("视为同意")),
    ("instant", _("即办受理")),
    ("refused", _("不予受理")),
    ("notices", _("一次性告知")),
    ("returned", _("部门退回")),
    ("granted", _("准予许可")),
    ("denied", _("不予许可")),
    ("delivered", _("送达办结")),
    ("withdrawn", _("撤回")),
    ("urged", _("督办")),
    ("timed_decisions", _("计时决定数")),
    ("on_time_promised", _("承诺时限内办结")),
    ("on_time_legal", _("法定时限内办结")),
    ("days_taken", _("实际用时（工作日合计）")),
    ("promised_days", _("承诺时限（工作日合计）")),
    ("visits_0", _("零跑动")),
    ("visits_1", _("跑一次")),
    ("visits_2", _("跑两次及以上")),
]
COUNTER_FIELDS = [name for name, _label in COUNTERS]


class GroupBy(models.TextChoices):
    DEPARTMENT = "department", _("部门")
    HALL = "hall", _("大厅")
    ITEM = "item", _("事项")
    WINDOW = "window", _("窗口")
    STAFF = "staff", _("工作人员")
    CHANNEL = "channel", _("渠道")
    DAY = "day", _("日")
    WEEK = "week", _("周")
    MONTH = "month", _("月")
    QUARTER = "quarter", _("季度")
    YEAR = "year", _("年")


PERIOD_GROUPS = {GroupBy.DAY, GroupBy.WEEK, GroupBy.MONTH, GroupBy.QUARTER, GroupBy.YEAR}
