"""Roles of the hall's people and the kinds of windows (DESIGN.md §7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# One choice set for applicant types across the apps (the catalog defines it).
from catalog.constants import ApplicantType  # noqa: F401


class Role(models.TextChoices):
    FRONT_DESK = "front_desk", _("综合受理")
    REVIEWER = "reviewer", _("部门审查人员")
    CHIEF = "chief", _("首席代表")
    DELIVERY = "delivery", _("出件窗口")
    SUPERVISOR = "supervisor", _("督查")
    HALL_ADMIN = "hall_admin", _("大厅管理员")
    COMPLAINT_DESK = "complaint_desk", _("投诉受理")
    # projects (issue 18): a certified agent (代办员) of the hall, a department, a township or a village.
    AGENT = "agent", _("代办员")


# Roles that belong to a back-office department (they see that department's cases).
DEPARTMENT_ROLES = frozenset({Role.REVIEWER, Role.CHIEF})
# Roles that read every case.
SEE_ALL_ROLES = frozenset({Role.SUPERVISOR, Role.HALL_ADMIN})
# Roles that may open the supervisor board (督查看板); nobody else is shown its link.
BOARD_ROLES = (Role.SUPERVISOR, Role.HALL_ADMIN)

# Actor role written on events for applicants and the system (not staff roles).
APPLICANT_ROLE = "applicant"
SYSTEM_ROLE = "system"


class WindowKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综合受理窗口")
    SPECIALISED = "specialised", _("专业窗口")
    COMPLETED_ITEM = "completed_item", _("出件窗口")


class HallLevel(models.TextChoices):
    """The four levels of the network (市、县、乡、村)."""

    CITY = "city", _("市级政务服务中心")
    COUNTY = "county", _("县（区）级政务服务中心")
    TOWNSHIP = "township", _("乡镇（街道）便民服务中心")
    VILLAGE = "village", _("村（社区）便民服务站")
