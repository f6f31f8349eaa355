"""Every write of 帮办代办 and 项目管家: keyword-only, one transaction, the row locked, who-may checked.

A step that is not allowed in the row's current state raises ProjectsConflict (HTTP 409) with a
Chinese message; a user who may not do it gets PermissionDenied (403); bad input ValidationError.
"""

import logging
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.constants import CaseState
from approvals.services import case_create
from hall import clock as hall_clock
from hall.constants import Role
from hall.models import StaffProfile
from hall.selectors import applicant_profile_of, staff_profile_of
from projects import clock
from projects.constants import (
    AgentLevel,
    AuthorisationMethod,
    AuthorisationScope,
    AuthorisationState,
    HelpChannel,
    HelpKind,
    HelpState,
    LedgerKind,
    NodeKind,
    NodeState,
    NoticeKind,
    ProjectCategory,
    ProjectState,
)
from projects.models import (
    LEVEL_RED,
    Agent,
    Authorisation,
    HelpRequest,
    LedgerEntry,
    NodeUrge,
    Notice,
    Project,
    ProjectNode,
)
from projects.selectors import HALL_DESK_ROLES, agent_of, may_manage_project, may_urge, role_of

logger = logging.getLogger("projects")

# A case whose result exists: the node it belongs to is done.
RESULT_STATES = frozenset({CaseState.GRANTED, CaseState.READY, CaseState.DELIVERED})


class ProjectsConflict(Exception):
    """Not allowed in the row's current state (or lost a race): HTTP 409."""


def _number(prefix, model):
    today = hall_clock.localdate().strftime("%Y%m%d")
    start = f"{prefix}{today}"
    last = model.objects.filter(number__startswith=start).order_by("-number").values_list("number", flat=True).first()
    seq = int(last[len(start) :]) + 1 if last else 1
    return f"{start}{seq:04d}"


def _require_desk(by):
    if role_of(by) not in HALL_DESK_ROLES:
        raise PermissionDenied(_("只有大厅帮办代办窗口或大厅管理员可以办理此操作。"))


# --------------------------------------------------------------------------- agents


def agent_register(*, user, level, certificate_number, areas, by, department=None, region="", phone=""):
    """Certify a staff account as an agent (代办员): the agent role and the register row."""
    if role_of(by) != Role.HALL_ADMIN:
        raise PermissionDenied(_("只有大厅管理员可以登记代办员。"))
    errors = {}
    if level not in AgentLevel.values:
        errors["level"] = [_("代办员层级无效。")]
    if not (certificate_number or "").strip():
        errors["certificate_number"] = [_("请填写代办员证号。")]
    elif Agent.objects.filter(certificate_number=certificate_number.strip()).exists():
        errors["certificate_number"] = [_("该代办员证号已登记。")]
    if not (areas or "").strip():
        errors["areas"] = [_("请填写代办领域。")]
    if level == AgentLevel.DEPARTMENT and department is None:
        errors["department"] = [_("部门代办员须指定所属部门。")]
    if level in (AgentLevel.TOWNSHIP, AgentLevel.VILLAGE) and not (region or "").strip():
        errors["region"] = [_("乡镇、村（社区）代办员须填写所在地。")]
    profile = staff_profile_of(user)
    if profile is not None and profile.role != Role.AGENT:
        errors["user"] = [_("该账号已有其他岗位，不能同时担任代办员。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if profile is None:
            StaffProfile.objects.create(user=user, role=Role.AGENT, department=department)
            if hasattr(user, "_hall_staff_profile"):
                del user._hall_staff_profile
        return Agent.objects.create(
            user=user,
            level=level,
            certificate_number=certificate_number.strip(),
            department=department,
            region=(region or "").strip(),
            areas=areas.strip(),
            phone=(phone or "").strip(),
        )


# --------------------------------------------------------------------------- authorisations (委托书)


def authorisation_create(
    *,
    applicant,
    agent,
    scope,
    valid_from,
    valid_until,
    method,
    by,
    items=(),
    chains=(),
    scan=None,
    help_request=None,
):
    """Register a 委托书. Paper (signed at the window, scanned): live at once. Online: drawn up by
    the hall, live when the applicant confirms it in the portal."""
    _require_desk(by)
    items, chains = list(items), list(chains)
    errors = {}
    if applicant is None or applicant_profile_of(applicant) is None:
        errors["applicant"] = [_("委托人须为已实名注册的申请人账号。")]
    if agent is None or not agent.is_active:
        errors["agent"] = [_("请选择在岗的代办员。")]
    if scope not in AuthorisationScope.values:
        errors["scope"] = [_("委托权限无效。")]
    if method not in AuthorisationMethod.values:
        errors["method"] = [_("签署方式无效。")]
    if not items and not chains:
        errors["items"] = [_("委托书至少须包含一个事项或一件事。")]
    if valid_from is None or valid_until is None:
        errors["valid_until"] = [_("请填写委托期限。")]
    elif valid_until < valid_from:
        errors["valid_until"] = [_("委托截止日不能早于起始日。")]
    elif valid_until < hall_clock.localdate():
        errors["valid_until"] = [_("委托截止日不能早于今天。")]
    if method == AuthorisationMethod.PAPER and not scan:
        errors["scan"] = [_("纸质委托书须上传签字盖章后的扫描件。")]
    if scan:
        from approvals.uploads import check_upload

        try:
            check_upload(scan)
        except ValidationError as exc:
            errors["scan"] = exc.messages
    if errors:
        raise ValidationError(errors)
    now = hall_clock.now()
    paper = method == AuthorisationMethod.PAPER
    with transaction.atomic():
        row = Authorisation(
            number=_number("WT", Authorisation),
            applicant=applicant,
            agent=agent,
            scope=scope,
            valid_from=valid_from,
            valid_until=valid_until,
            method=method,
            state=AuthorisationState.ACTIVE if paper else AuthorisationState.PENDING,
            confirmed_at=now if paper else None,
            help_request=help_request,
            created_by=by,
            created_at=now,
        )
        if scan:
            row.scan = scan
        row.save()
        row.items.set(items)
        row.chains.set(chains)
    return row


def _lock_authorisation(row):
    return Authorisation.objects.select_for_update().get(pk=row.pk)


def authorisation_confirm(*, authorisation, by):
    """The applicant confirms online the 委托书 the hall drew up: pending → active."""
    with transaction.atomic():
        row = _lock_authorisation(authorisation)
        if row.applicant_id != by.pk:
            raise PermissionDenied(_("只有委托人本人可以确认委托书。"))
        if row.state != AuthorisationState.PENDING:
            raise ProjectsConflict(_("委托书当前状态为“%(state)s”，不能确认。") % {"state": row.get_state_display()})
        row.state = AuthorisationState.ACTIVE
        row.confirmed_at = hall_clock.now()
        row.save(update_fields=["state", "confirmed_at"])
    return row


def authorisation_revoke(*, authorisation, by, reason=""):
    """The applicant (or the hall desk at their request) revokes: the agent can no longer act."""
    with transaction.atomic():
        row = _lock_authorisation(authorisation)
        if row.applicant_id != by.pk and role_of(by) not in HALL_DESK_ROLES:
            raise PermissionDenied(_("只有委托人本人或大厅窗口可以撤销委托书。"))
        if row.state == AuthorisationState.REVOKED:
            raise ProjectsConflict(_("委托书已撤销，无需重复操作。"))
        row.state = AuthorisationState.REVOKED
        row.revoked_at = hall_clock.now()
        row.revoked_by = by
        row.revoke_reason = (reason or "").strip()[:200]
        row.save(update_fields=["state", "revoked_at", "revoked_by", "revoke_reason"])
    return row


def _agent_label(agent):
    return f"{agent.name}（代办员 {agent.certificate_number}）"[:50]


def agent_apply(*, authorisation, item, by):
    """The agent starts an application for the applicant under the 委托书: a draft the applicant
    sees, with both the applicant and the agent on it. The agent then uploads and submits."""
    agent = agent_of(by)
    authorisation = Authorisation.objects.select_related("applicant").get(pk=authorisation.pk)  # fresh state
    if agent is None or authorisation.agent_id != agent.pk:
        raise PermissionDenied(_("只有受托代办员可以依此委托书代为申请。"))
    if not authorisation.is_live():
        raise ProjectsConflict(_("委托书未生效、已撤销或已过期，不能代为申请。"))
    if item is None or item.pk not in authorisation.covered_item_ids():
        raise ValidationError({"item": [_("该事项不在委托范围内。")]})
    profile = applicant_profile_of(authorisation.applicant)
    applicant = {
        "type": profile.applicant_type,
        "name": profile.name,
        "id_number": profile.id_number,
        "phone": profile.phone,
        "address": profile.address,
        "contact_person": profile.contact_person,
        "agent_name": _agent_label(agent),
    }
    return case_create(
        item=item, channel="agent", applicant=applicant, by=by, draft=True, on_behalf_of=authorisation.applicant
    )


def agent_apply_chain(*, authorisation, chain, by, files=None, form=None):
    """The agent applies for a whole 一件事 for the applicant under the 委托书: one case per item,
    each with both the applicant and the agent on it, submitted with the shared files. Items
    released later are applied for by the agent too, while the authorisation still covers them."""
    from chains.services import chain_application_submit

    agent = agent_of(by)
    with transaction.atomic():
        authorisation = (
            Authorisation.objects.select_for_update().select_related("applicant").get(pk=authorisation.pk)
        )  # fresh state, held until the cases exist (a revocation waits for us)
        if agent is None or authorisation.agent_id != agent.pk:
            raise PermissionDenied(_("只有受托代办员可以依此委托书代为申请。"))
        if not authorisation.is_live():
            raise ProjectsConflict(_("委托书未生效、已撤销或已过期，不能代为申请。"))
        if chain is None or not authorisation.chains.filter(pk=chain.pk).exists():
            raise ValidationError({"chain": [_("该一件事不在委托范围内。")]})
        return chain_application_submit(
            chain=chain,
            by=by,
            channel="agent",
            files=files,
            form=form,
            on_behalf_of=authorisation.applicant,
            agent_name=_agent_label(agent),
        )


# --------------------------------------------------------------------------- help requests


def help_request_create(*, kind, by, item=None, chain=None, note="", applicant_name="", contact_phone=""):
    """An applicant asks online, or the desk registers one for a walk-in applicant. The hall must
    assign an agent by the stored deadline (working days); overdue it tells the hall once."""
    from hall.identity import clean_phone

    role = role_of(by)
    if by is None or not by.is_authenticated:
        raise PermissionDenied(_("请先登录。"))
    errors = {}
    if kind not in HelpKind.values:
        errors["kind"] = [_("请选择帮办或代办。")]
    if item is None and chain is None:
        errors["item"] = [_("请选择需要帮办代办的事项或一件事。")]
    if item is not None and chain is not None:
        errors["item"] = [_("事项和一件事只能选择其一。")]
    applicant_user = None
    if role is None:
        channel = HelpChannel.PORTAL
        profile = applicant_profile_of(by)
        if profile is None:
            errors["applicant"] = [_("请先完善申请人信息（姓名、证件号码、联系电话）。")]
        else:
            applicant_user, applicant_name, contact_phone = by, profile.name, profile.phone
    elif role in HALL_DESK_ROLES:
        channel = HelpChannel.DESK
        if not (applicant_name or "").strip():
            errors["applicant_name"] = [_("请填写申请人姓名或单位名称。")]
        try:
            contact_phone = clean_phone(contact_phone)
        except ValidationError as exc:
            errors["contact_phone"] = exc.messages
    else:
        raise PermissionDenied(_("您的岗位不能登记帮办代办申请。"))
    if errors:
        raise ValidationError(errors)
    now = hall_clock.now()
    due_at, warn_at, provisional = clock.help_request_deadline(
        created_at=now, working_days=settings.HALL_HELP_ASSIGN_WORKING_DAYS
    )
    with transaction.atomic():
        row = HelpRequest.objects.create(
            number=_number("BB", HelpRequest),
            kind=kind,
            channel=channel,
            applicant=applicant_user,
            applicant_name=applicant_name.strip(),
            contact_phone=contact_phone,
            item=item,
            chain=chain,
            note=(note or "").strip()[:300],
            created_by=by,
            created_at=now,
            due_at=due_at,
            warn_at=warn_at,
            provisional=provisional,
        )
        _enqueue_overdue_check(row)
    return row


def _enqueue_overdue_check(row):
    """On commit: the fast path of the overdue notice; the beat sweep is the backstop."""
    pk, countdown = row.pk, max(0, (row.due_at - hall_clock.now()).total_seconds()) + 1

    def send():
        from projects import tasks

        try:
            tasks.help_request_overdue.apply_async(args=[pk], countdown=countdown)
        except Exception:  # the broker is down: the sweep still sends the notice
            logger.exception("could not enqueue the overdue check of help request %s", pk)

    transaction.on_commit(send)


def help_request_assign(*, request, agent, by, valid_days=None):
    """The hall assigns an agent. For 代办 by an applicant with an account, the 委托书 is drawn
    up for the item or chain at once, waiting for the applicant's online confirmation."""
    _require_desk(by)
    if agent is None or not agent.is_active:
        raise ValidationError({"agent": [_("请选择在岗的代办员。")]})
    with transaction.atomic():
        row = HelpRequest.objects.select_for_update().get(pk=request.pk)
        if row.state != HelpState.OPEN:
            raise ProjectsConflict(_("该申请当前状态为“%(state)s”，不能再指派。") % {"state": row.get_state_display()})
        now = hall_clock.now()
        row.state, row.agent, row.assigned_at, row.assigned_by = HelpState.ASSIGNED, agent, now, by
        row.save(update_fields=["state", "agent", "assigned_at", "assigned_by"])
        if row.kind == HelpKind.AGENCY and row.applicant_id:
            today = hall_clock.localdate()
            authorisation_create(
                applicant=row.applicant,
                agent=agent,
                scope=AuthorisationScope.APPLY,
                valid_from=today,
                valid_until=today + timedelta(days=valid_days or settings.HALL_AUTHORISATION_DAYS),
                method=AuthorisationMethod.ONLINE,
                items=[row.item] if row.item_id else [],
                chains=[row.chain] if row.chain_id else [],
                help_request=row,
                by=by,
            )
        Notice.objects.create(
            user=agent.user,
            kind=NoticeKind.HELP_ASSIGNED,
            help_request=row,
            message=(
                _("您被指派%(kind)s：%(subject)s（申请人 %(name)s，%(number)s）。")
                % {
                    "kind": row.get_kind_display(),
                    "subject": row.subject,
                    "name": row.applicant_name,
                    "number": row.number,
                }
            )[:300],
            created_at=now,
        )
    return row


def help_request_close(*, request, by):
    with transaction.atomic():
        row = HelpRequest.objects.select_for_update().get(pk=request.pk)
        if row.agent is None or (row.agent.user_id != by.pk and role_of(by) not in HALL_DESK_ROLES):
            raise PermissionDenied(_("只有指派的代办员或大厅窗口可以办结此申请。"))
        if row.state != HelpState.ASSIGNED:
            raise ProjectsConflict(_("该申请当前状态为“%(state)s”，不能办结。") % {"state": row.get_state_display()})
        row.state = HelpState.CLOSED
        row.save(update_fields=["state"])
    return row


def help_request_notify_overdue(*, pk, now=None):
    """Exactly once: a request still unassigned after its deadline tells the hall admins. Re-checks
    under the row lock, so a late, duplicate or raced run does nothing."""
    now = now or hall_clock.now()
    with transaction.atomic():
        row = HelpRequest.objects.select_for_update().filter(pk=pk).first()
        if row is None or row.state != HelpState.OPEN or row.overdue_notified_at is not None or row.due_at >= now:
            return False
        row.overdue_notified_at = now
        row.save(update_fields=["overdue_notified_at"])
        message = (
            _("帮办代办申请 %(number)s（%(subject)s，申请人 %(name)s）已超过指派期限，请尽快指派代办员。")
            % {"number": row.number, "subject": row.subject, "name": row.applicant_name}
        )[:300]
        recipients = StaffProfile.objects.filter(role=Role.HALL_ADMIN).values_list("user_id", flat=True)
        Notice.objects.bulk_create(
            Notice(user_id=uid, kind=NoticeKind.HELP_OVERDUE, help_request=row, message=message, created_at=now)
            for uid in recipients
        )
    return True


def help_requests_sweep(*, now=None):
    """Beat backstop: claim due rows (skip those another worker holds) and notify each once."""
    now = now or hall_clock.now()
    sent = 0
    with transaction.atomic():
        ids = list(
            HelpRequest.objects.select_for_update(skip_locked=True)
            .filter(state=HelpState.OPEN, overdue_notified_at__isnull=True, due_at__lt=now)
            .values_list("pk", flat=True)[:200]
        )
    for pk in ids:
        sent += bool(help_request_notify_overdue(pk=pk, now=now))
    return sent


# --------------------------------------------------------------------------- projects


def _decimal(value, field):
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: [_("请填写数字。")]}) from None
    if amount <= 0:
        raise ValidationError({field: [_("总投资须大于零。")]})
    return amount


def project_create(*, name, investor, amount, location, planned_start, category, steward, by, lead=None):
    """Register an investment project with its steward; at or above HALL_PROJECT_LEAD_AMOUNT (万元)
    a leading official (领班管家) is required."""
    if role_of(by) != Role.HALL_ADMIN:
        raise PermissionDenied(_("只有大厅管理员可以登记项目。"))
    amount = _decimal(amount, "amount")
    errors = {}
    for field, value, label in (
        ("name", name, _("项目名称")),
        ("investor", investor, _("投资主体")),
        ("location", location, _("建设地点")),
    ):
        if not (value or "").strip():
            errors[field] = [_("请填写%(label)s。") % {"label": label}]
    if category not in ProjectCategory.values:
        errors["category"] = [_("项目类别无效。")]
    if planned_start is None:
        errors["planned_start"] = [_("请填写计划开工日期。")]
    if steward is None or staff_profile_of(steward) is None:
        errors["steward"] = [_("项目管家须为工作人员。")]
    if amount >= settings.HALL_PROJECT_LEAD_AMOUNT and lead is None:
        errors["lead"] = [
            _("总投资达到%(amount)s万元的项目须指定领班管家。") % {"amount": settings.HALL_PROJECT_LEAD_AMOUNT}
        ]
    if lead is not None and staff_profile_of(lead) is None:
        errors["lead"] = [_("领班管家须为工作人员。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        year = hall_clock.localdate().year
        count = Project.objects.filter(code__startswith=f"XM{year}").count()
        return Project.objects.create(
            code=f"XM{year}{count + 1:04d}",
            name=name.strip(),
            investor=investor.strip(),
            amount=amount,
            location=location.strip(),
            planned_start=planned_start,
            category=category,
            steward=steward,
            lead=lead,
            created_by=by,
        )


def project_set_state(*, project, state, by):
    if not may_manage_project(by, project):
        raise PermissionDenied(_("只有项目管家、领班管家或大厅管理员可以维护项目。"))
    if state not in ProjectState.values:
        raise ValidationError({"state": [_("项目状态无效。")]})
    with transaction.atomic():
        row = Project.objects.select_for_update().get(pk=project.pk)
        row.state = state
        row.save(update_fields=["state"])
    return row


def node_add(*, project, kind, days_before_start, by, item=None, chain=None, task_name="", department=None):
    """Add a node to the 一卡通 card; its target date is counted back from the planned start on the
    working-day calendar and stored (with its yellow time)."""
    if not may_manage_project(by, project):
        raise PermissionDenied(_("只有项目管家、领班管家或大厅管理员可以维护一卡通。"))
    errors = {}
    if kind == NodeKind.ITEM:
        if item is None:
            errors["item"] = [_("请选择审批事项。")]
        department = department or (item.department if item else None)
    elif kind == NodeKind.CHAIN:
        if chain is None:
            errors["chain"] = [_("请选择一件事。")]
    elif kind == NodeKind.TASK:
        if not (task_name or "").strip():
            errors["task_name"] = [_("请填写事项名称，如土地招拍挂、施工图审查。")]
    else:
        errors["kind"] = [_("节点类型无效。")]
    if department is None and "item" not in errors:
        errors["department"] = [_("请选择责任单位。")]
    try:
        days = int(days_before_start)
        if not 0 <= days <= 1000:
            raise ValueError
    except (TypeError, ValueError):
        errors["days_before_start"] = [_("开工前完成的工作日数应为0至1000的整数。")]
        days = 0
    if errors:
        raise ValidationError(errors)
    target_date, target_at, warn_at, provisional = clock.node_target(
        planned_start=project.planned_start, days_before_start=days, warn_days=settings.HALL_NODE_WARN_WORKING_DAYS
    )
    with transaction.atomic():
        Project.objects.select_for_update().get(pk=project.pk)
        position = (project.nodes.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        node = ProjectNode.objects.create(
            project=project,
            position=position,
            kind=kind,
            item=item if kind == NodeKind.ITEM else None,
            chain=chain if kind == NodeKind.CHAIN else None,
            task_name=(task_name or "").strip() if kind == NodeKind.TASK else "",
            department=department,
            days_before_start=days,
            target_date=target_date,
            target_at=target_at,
            warn_at=warn_at,
            provisional=provisional,
        )
        if project.state == ProjectState.PREPARING:
            Project.objects.filter(pk=project.pk).update(state=ProjectState.APPROVING)
    return node


def _node_items(node):
    if node.kind == NodeKind.ITEM:
        return {node.item_id}
    if node.kind == NodeKind.CHAIN:
        from catalog.models import ChainStep

        return set(ChainStep.objects.filter(chain_id=node.chain_id).values_list("item_id", flat=True))
    return set()


def node_link_case(*, node, case, by):
    """Link a case (of the node's item, or of an item of its chain) so the node follows its state."""
    if not may_manage_project(by, node.project):
        raise PermissionDenied(_("只有项目管家、领班管家或大厅管理员可以维护一卡通。"))
    if node.kind == NodeKind.TASK:
        raise ValidationError({"case": [_("非审批事项节点不关联办件，请直接标记完成。")]})
    if case.item_id not in _node_items(node):
        raise ValidationError({"case": [_("该办件的事项不属于此节点。")]})
    with transaction.atomic():
        node = ProjectNode.objects.select_for_update().get(pk=node.pk)
        node.cases.add(case)
        node_refresh(node=node, at=hall_clock.now())
    return node


def node_refresh(*, node, at):
    """The node's state from its linked cases (caller holds the node lock): done when every item
    of the node has a case with its result; in progress once any case exists."""
    if node.kind == NodeKind.TASK or node.state == NodeState.DONE:
        return node
    rows = list(node.cases.values_list("item_id", "state"))
    if not rows:
        return node
    done_items = {item_id for item_id, state in rows if state in RESULT_STATES}
    needed = _node_items(node)
    if needed and needed <= done_items:
        node.state, node.done_at = NodeState.DONE, at
    else:
        node.state = NodeState.IN_PROGRESS
    node.save(update_fields=["state", "done_at"])
    if node.state == NodeState.DONE:
        NodeUrge.objects.filter(node=node, lifted_at__isnull=True).update(lifted_at=at)
    return node


def node_mark_done(*, node, by, note=""):
    """A non-approval task (土地招拍挂, 施工图审查…) is marked done by the steward or the responsible unit."""
    profile = staff_profile_of(by)
    own_unit = (
        profile is not None
        and profile.role in (Role.REVIEWER, Role.CHIEF)
        and profile.department_id == node.department_id
    )
    if not (may_manage_project(by, node.project) or own_unit):
        raise PermissionDenied(_("只有项目管家或责任单位可以标记节点完成。"))
    if node.kind != NodeKind.TASK:
        raise ValidationError({"node": [_("审批事项节点的状态取自关联办件，不能手工标记。")]})
    with transaction.atomic():
        row = ProjectNode.objects.select_for_update().get(pk=node.pk)
        if row.state == NodeState.DONE:
            raise ProjectsConflict(_("该节点已完成。"))
        now = hall_clock.now()
        row.state, row.done_at = NodeState.DONE, now
        row.save(update_fields=["state", "done_at"])
        NodeUrge.objects.filter(node=row, lifted_at__isnull=True).update(lifted_at=now)
    return row


def node_urge(*, node, note, by):
    """挂牌督办: a supervisor puts an overdue node under supervision; the responsible department's
    reviewers and chief representative get a notice (in the same transaction)."""
    if not may_urge(by):
        raise PermissionDenied(_("只有督查人员可以挂牌督办。"))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("请填写督办意见。")]})
    now = hall_clock.now()
    try:
        with transaction.atomic():
            row = ProjectNode.objects.select_for_update().select_related("project", "department").get(pk=node.pk)
            if row.level_at(now) != LEVEL_RED:
                raise ProjectsConflict(_("只有已超期（红灯）的节点才能挂牌督办。"))
            urge = NodeUrge.objects.create(node=row, note=note[:300], by=by, at=now)
            message = (
                _(
                    "挂牌督办：项目“%(project)s”的节点“%(node)s”已超期（目标 %(date)s），"
                    "请%(dept)s加快办理。督办意见：%(note)s"
                )
                % {
                    "project": row.project.name,
                    "node": row.name,
                    "date": row.target_date.isoformat(),
                    "dept": row.department.name,
                    "note": note,
                }
            )[:300]
            recipients = StaffProfile.objects.filter(
                role__in=[Role.REVIEWER, Role.CHIEF], department_id=row.department_id
            ).values_list("user_id", flat=True)
            Notice.objects.bulk_create(
                Notice(user_id=uid, kind=NoticeKind.NODE_URGE, node=row, message=message, created_at=now)
                for uid in recipients
            )
    except IntegrityError:
        raise ProjectsConflict(_("该节点已在挂牌督办中。")) from None
    return urge


# --------------------------------------------------------------------------- 台账


def ledger_add(*, project, kind, happened_on, summary, by, contact=""):
    if not may_manage_project(by, project):
        raise PermissionDenied(_("只有项目管家、领班管家或大厅管理员可以记台账。"))
    errors = {}
    if kind not in LedgerKind.values:
        errors["kind"] = [_("台账类型无效。")]
    if not (summary or "").strip():
        errors["summary"] = [_("请填写内容。")]
    if happened_on is None:
        errors["happened_on"] = [_("请填写日期。")]
    elif happened_on > hall_clock.localdate():
        errors["happened_on"] = [_("日期不能晚于今天。")]
    if errors:
        raise ValidationError(errors)
    return LedgerEntry.objects.create(
        project=project,
        kind=kind,
        happened_on=happened_on,
        summary=summary.strip()[:300],
        contact=(contact or "").strip()[:60],
        by=by,
    )


def ledger_solve(*, entry, solution, by):
    if not may_manage_project(by, entry.project):
        raise PermissionDenied(_("只有项目管家、领班管家或大厅管理员可以记台账。"))
    if entry.kind != LedgerKind.PROBLEM:
        raise ValidationError({"entry": [_("只有问题诉求可以标记解决。")]})
    if not (solution or "").strip():
        raise ValidationError({"solution": [_("请填写解决情况。")]})
    with transaction.atomic():
        row = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
        if row.solved_at is not None:
            raise ProjectsConflict(_("该问题已标记解决。"))
        row.solved_at, row.solution = hall_clock.now(), solution.strip()[:300]
        row.save(update_fields=["solved_at", "solution"])
    return row


def notice_mark_read(*, notice, by):
    if notice.user_id != by.pk:
        raise PermissionDenied(_("只能处理发给自己的通知。"))
    Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
