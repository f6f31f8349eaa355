"""The staff header on every page: who is signed in, where they sit, and unread warnings."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from hall.constants import Role
from hall.selectors import staff_profile_of

# Each role's workbench pages in the header nav: (url name, label).
_NAV = {
    Role.FRONT_DESK: [
        ("approvals:desk", _("综合受理")),
        ("evaluations:window", _("评价器")),
        ("frontoffice:enquiries", _("咨询登记")),  # frontoffice
        ("frontoffice:bag-scan", _("文件袋交接")),  # frontoffice
    ],
    Role.REVIEWER: [
        ("approvals:inbox", _("部门审批")),
        ("evaluations:tickets", _("差评整改")),
        ("supervision:findings", _("电子监察")),
        ("frontoffice:bag-scan", _("文件袋交接")),  # frontoffice
        ("regulators:inbox", _("审管互动")),  # regulators
    ],
    Role.CHIEF: [
        ("approvals:inbox", _("部门审批")),
        ("evaluations:tickets", _("差评整改")),
        ("supervision:findings", _("电子监察")),
        ("stats:figures", _("统计分析")),
        ("frontoffice:confirmations", _("待我确认")),  # frontoffice
        ("frontoffice:bag-scan", _("文件袋交接")),  # frontoffice
        ("regulators:inbox", _("审管互动")),  # regulators
    ],
    Role.DELIVERY: [("approvals:delivery", _("出件窗口")), ("evaluations:window", _("评价器"))],
    Role.SUPERVISOR: [
        ("supervision:board", _("督查看板")),
        ("supervision:findings", _("电子监察")),
        ("stats:figures", _("统计分析")),
        ("evaluations:tickets", _("差评整改")),
        ("frontoffice:confirmations", _("待我确认")),  # frontoffice
        ("frontoffice:enquiry-figures", _("咨询统计")),  # frontoffice
        ("regulators:board", _("审管互动")),  # regulators
    ],
    Role.HALL_ADMIN: [
        ("supervision:board", _("督查看板")),
        ("supervision:findings", _("电子监察")),
        ("stats:figures", _("统计分析")),
        ("evaluations:rankings", _("好差评排名")),
        ("admin:index", _("管理后台")),
    ],
    Role.COMPLAINT_DESK: [("evaluations:tickets", _("投诉受理"))],
}
# Front-office practices (apps fees, batches, homevisits, keyaccounts; issue 23). Links to apps
# that are not installed are dropped by _url().
_NAV[Role.FRONT_DESK] = [
    *_NAV[Role.FRONT_DESK],
    ("fees:desk", _("收费")),
    ("batches:list", _("批量受理")),
    ("homevisits:list", _("上门办")),
    ("keyaccounts:window", _("业务大户室")),
]
for _role in (Role.SUPERVISOR, Role.HALL_ADMIN):
    _NAV[_role] = [*_NAV[_role], ("keyaccounts:list", _("重点企业")), ("homevisits:list", _("上门办"))]
# 告知承诺 (commitments): the department's list, the desk's letters, the supervisors' counts.
for _role, _link in (
    (Role.FRONT_DESK, ("commitments:list", _("告知承诺"))),
    (Role.REVIEWER, ("commitments:list", _("告知承诺"))),
    (Role.CHIEF, ("commitments:list", _("告知承诺"))),
    (Role.SUPERVISOR, ("commitments:counts", _("承诺监管"))),
    (Role.HALL_ADMIN, ("commitments:counts", _("承诺监管"))),
):
    _NAV[_role].append(_link)
# 一件事 (chains): every staff role but the complaint desk follows chain applications.
for _role in (Role.FRONT_DESK, Role.REVIEWER, Role.CHIEF, Role.DELIVERY, Role.SUPERVISOR, Role.HALL_ADMIN):
    _NAV[_role].insert(1, ("chains:staff-list", _("一件事")))
_NAV[Role.SUPERVISOR].insert(2, ("chains:board", _("一件事看板")))
# 帮办代办 and 项目管家 (projects app); a link whose page is not installed is left out.
_NAV[Role.AGENT] = [("projects:agent-queue", _("代办工作台")), ("projects:projects", _("项目管家"))]
for _role, _links in {
    Role.FRONT_DESK: [("projects:desk", _("帮办代办"))],
    Role.REVIEWER: [("projects:projects", _("项目管家")), ("projects:department", _("项目督办"))],
    Role.CHIEF: [("projects:projects", _("项目管家")), ("projects:department", _("项目督办"))],
    Role.SUPERVISOR: [("projects:board", _("项目看板"))],
    Role.HALL_ADMIN: [("projects:board", _("项目看板")), ("projects:desk", _("帮办代办"))],
}.items():
    _NAV[_role] = [*_NAV[_role], *_links]
# 纸质流转 between the halls of the network (network app, issue 19).
for _role in (Role.FRONT_DESK, Role.REVIEWER, Role.CHIEF, Role.DELIVERY, Role.SUPERVISOR):
    _NAV[_role].append(("network:transfers", _("纸质流转")))


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _unread(user):
    try:
        from supervision.selectors import unread_notification_count
    except ImportError:  # the notifications module is not in this build yet
        return None
    try:
        return unread_notification_count(user=user)
    except Exception:  # a header must never break a page
        return None


def staff_header(request):
    user = getattr(request, "user", None)
    profile = staff_profile_of(user)
    if profile is None:
        return {}
    path = request.path
    nav = []
    for name, label in _NAV.get(profile.role, []):
        url = _url(name)
        if url:
            nav.append({"url": url, "label": label, "current": False})
    matching = [link for link in nav if path.startswith(link["url"])]
    if matching:  # /board/monitor/ is 电子监察, not the board
        max(matching, key=lambda link: len(link["url"]))["current"] = True
    if _specialised(profile):
        nav[0:1] = [{**nav[0], "label": _("专业窗口")}] if nav else []
    return {
        "staff": {
            "profile": profile,
            "name": user.get_full_name() or user.get_username(),
            "role": _("专业窗口受理") if _specialised(profile) else profile.get_role_display(),
            "department": _department_name(profile),
            "window": str(profile.window) if profile.window else "",
            "unread": _unread(user),
            "notifications_url": _url("supervision:notifications"),
            "nav": nav,
        }
    }


def _department_name(profile):
    if profile.department:
        return profile.department.name
    window = profile.window
    return window.department.name if window and window.department_id else ""


def _specialised(profile):
    return profile.role == Role.FRONT_DESK and profile.window is not None and profile.window.kind == "specialised"
