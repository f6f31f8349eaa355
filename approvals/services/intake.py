"""Front desk: register a case, take materials, one-time notice, refuse, dispatch, withdraw."""

from collections.abc import Mapping
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import guards, policies
from approvals.constants import NOTICE_ACTIONS, Action, CaseState, Channel, MaterialStatus, PaperKind
from approvals.models import Case, CaseEvent, CaseMaterial, Suspension
from approvals.numbers import new_query_code, next_case_number
from approvals.services._base import (
    CaseConflict,
    blank,
    case_transaction,
    enqueue_deemed_acceptance,
    lock_case,
    require_materials_complete,
    run_transition,
    write_event,
)
from approvals.uploads import check_upload
from hall import clock as hall_clock
from hall.constants import ApplicantType
from hall.identity import clean_id_number, clean_phone, clean_resident_id
from hall.models import ApplicantProfile
from hall.selectors import applicant_profile_of, staff_profile_of
from hall.storage import replacing_files


def clean_applicant(applicant):
    """Validate applicant details (a mapping or an ApplicantProfile) into Case field values."""
    if isinstance(applicant, ApplicantProfile):
        applicant = {
            "type": applicant.applicant_type,
            "name": applicant.name,
            "id_number": applicant.id_number,
            "phone": applicant.phone,
            "address": applicant.address,
            "contact_person": applicant.contact_person,
        }
    if not isinstance(applicant, Mapping):
        raise ValidationError({"applicant": [_("请填写申请人信息。")]})
    errors, values = {}, {}
    kind = applicant.get("type") or applicant.get("applicant_type") or ApplicantType.PERSON
    if kind not in ApplicantType.values:
        errors["type"] = [_("申请人类型只能是自然人或法人（其他组织）。")]
    name = (applicant.get("name") or "").strip()
    if not name:
        errors["name"] = [_("请填写申请人姓名或单位名称。")]
    if "type" not in errors:
        try:
            values["applicant_id_number"] = clean_id_number(applicant_type=kind, value=applicant.get("id_number"))
        except ValidationError as exc:
            errors["id_number"] = exc.messages
    try:
        values["applicant_phone"] = clean_phone(applicant.get("phone"))
    except ValidationError as exc:
        errors["phone"] = exc.messages
    agent_id = (applicant.get("agent_id_number") or "").strip()
    if agent_id:
        try:
            values["agent_id_number"] = clean_resident_id(agent_id)
        except ValidationError as exc:
            errors["agent_id_number"] = exc.messages
    if errors:
        raise ValidationError(errors)
    values.update(
        applicant_type=kind,
        applicant_name=name,
        applicant_address=(applicant.get("address") or "").strip(),
        contact_person=(applicant.get("contact_person") or "").strip(),
        agent_name=(applicant.get("agent_name") or "").strip(),
    )
    return values


def case_create(*, item, channel, applicant=None, by, window=None, draft=False, on_behalf_of=None, hall=None):
    """Register a case under the item's current version, with one material row per requirement.

    At a window (channel window/agent) the clerk takes it in at once (state received). Online,
    an applicant applies for themselves and the applicant details default to their profile.
    An online case is always created as a `draft`; it becomes `submitted` only through
    case_submit, which needs a file for every required material. With draft=False the draft
    is submitted in the same transaction, so an item with required materials (nothing can be
    uploaded before the case exists) is refused with case_submit's ValidationError and nothing
    is created: create a draft, upload the files, then submit.

    on_behalf_of (代办, issue 18): the applicant's user account when `by` is a certified agent
    applying under the applicant's authorisation (channel "agent"). The case is then created like
    an online one (a draft for the applicant, who sees it), with `agent` set to `by`; the applicant
    details default to the applicant's profile.

    hall (the network, issue 19): where the case is received. At a window it is the window's hall;
    online it is the hall the applicant picked (by default the hall whose department decides the
    item). The 实施清单 of that hall says which department decides (catalog.implementation_selectors);
    a hall that neither implements nor may receive the item (全市通办) is refused.
    """
    from catalog.implementation_selectors import placement_at
    from catalog.services import item_current_version

    if channel not in Channel.values:
        raise ValidationError({"channel": [_("申请渠道无效。")]})
    if not item.is_active:
        raise ValidationError({"item": [_("该事项已停用，不能申请。")]})
    if not policies.may_create(by, item=item, channel=channel, on_behalf_of=on_behalf_of):
        if on_behalf_of is not None:
            raise PermissionDenied(_("申请人的委托书不包含此事项，或已撤销、已过期，代办员不能代为申请。"))
        raise PermissionDenied(_("您无权以该渠道受理此事项。"))
    by_agent = on_behalf_of is not None
    online = channel == Channel.ONLINE or by_agent
    if channel == Channel.ONLINE and not item.online:
        raise ValidationError({"item": [_("该事项不可网上办理，请到窗口申请。")]})
    if applicant is None and online:
        applicant = applicant_profile_of(on_behalf_of if by_agent else by)
        if applicant is None:
            raise ValidationError({"applicant": [_("请先完善申请人信息（姓名、证件号码、联系电话）。")]})
    fields = clean_applicant(applicant)
    allowed = list(getattr(item, "applicant_types", None) or [])
    if allowed and fields["applicant_type"] not in allowed:
        raise ValidationError({"type": [_("该事项不接受此类申请人。")]})
    if not online and window is None:
        window = staff_profile_of(by).window
    if not online and window is not None:
        hall = window.hall
    placement = placement_at(item=item, hall=hall)
    if placement is None:
        raise ValidationError({"hall": [_("%(hall)s不受理此事项，请到实施该事项的大厅办理。") % {"hall": hall.name}]})
    department = placement.department

    with case_transaction():
        version = item_current_version(item=item, by=by)
        now = hall_clock.now()
        state = CaseState.DRAFT if online else CaseState.RECEIVED
        case = Case(
            number=next_case_number(department=department, at=now),
            query_code=new_query_code(),
            item=item,
            item_version=version,
            department=department,
            hall_id=hall.pk if hall is not None else department.hall_id,
            decision_hall_id=department.hall_id,
            local_limit_days=placement.promised_limit_days,
            channel=channel,
            window=None if online else window,
            received_by=None if online else by,
            applicant_user=on_behalf_of if by_agent else (by if online else None),
            agent=by if by_agent else None,
            state=state,
            created_at=now,
            last_event_seq=1,  # the create event below (written with case_saved: no second UPDATE)
            **fields,
        )
        case.save()
        materials = CaseMaterial.objects.bulk_create(
            [
                CaseMaterial(
                    case=case,
                    requirement_id=m["id"],
                    position=m.get("position") or 1,
                    name=m["name"],
                    required=m.get("required", True),
                    may_commit=bool(m.get("may_commit")) and bool(version.snapshot.get("allows_commitment")),
                    may_be_deficient=bool(m.get("may_be_deficient"))
                    and bool(version.snapshot.get("allows_deficiency")),
                )
                for m in version.snapshot.get("materials") or []
            ]
        )
        event = write_event(
            case,
            action=Action.CREATE,
            from_state="",
            by=by,
            at=now,
            case_saved=True,
            payload={
                "channel": channel,
                "item": item.code,
                "version": version.number,
                **_halls_payload(hall_id=case.hall_id, decision_hall_id=case.decision_hall_id),
            },
        )
        if online and not draft:
            return case_submit(case=case, by=by)
    # What the case detail shows of a new case, as written (the API answers from it, no re-read).
    case.material_rows = sorted(materials, key=lambda m: (m.position, m.requirement_id))
    case.event_rows, case.suspension_rows, case.result_row = [event], [], None
    return case


def _halls_payload(*, hall_id, decision_hall_id):
    """The timeline names both halls when they differ (收件 here, 审批 there)."""
    if hall_id == decision_hall_id:
        return {}
    from hall.models import Hall

    names = dict(Hall.objects.filter(pk__in=[hall_id, decision_hall_id]).values_list("pk", "name"))
    return {"hall": names.get(hall_id, ""), "decision_hall": names.get(decision_hall_id, "")}


def case_submit(*, case, by, note=""):
    """The applicant sends a draft: refused (400) until every required material has a file, or is
    left for later (容缺/承诺后补) where the item allows it."""
    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.SUBMIT, case)
        source = case.state
        if source == CaseState.DRAFT:
            missing = list(
                CaseMaterial.objects.filter(case=case, required=True)
                .exclude(status__in=[MaterialStatus.DEFICIENT, MaterialStatus.COMMITTED])  # left for later, allowed
                .filter(Q(status=MaterialStatus.MISSING) | Q(file=""))
                .order_by("position", "requirement_id")
                .values_list("name", flat=True)
            )
            if missing:
                raise ValidationError(
                    {"materials": [_("以下必要材料尚未上传：%(names)s。") % {"names": "、".join(missing)}]}
                )
        run_transition(case, "submit")
        write_event(case, action=Action.SUBMIT, from_state=source, by=by, note=note.strip())
    return case


def case_take_in(*, case, by, note=""):
    """The front desk (online pre-review) takes an online application in: submitted → received."""
    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.TAKE_IN, case)
        source = case.state
        run_transition(case, "take_in", by=by, window=staff_profile_of(by).window)
        write_event(case, action=Action.TAKE_IN, from_state=source, by=by, note=note)
    return case


_MATERIAL_STATES = {CaseState.DRAFT, CaseState.SUBMITTED, CaseState.RECEIVED, CaseState.SUPPLEMENT_REQUESTED}
# What an applicant may set online on their own material: leave it for later, or take that back.
_LATER = {MaterialStatus.DEFICIENT, MaterialStatus.COMMITTED, MaterialStatus.MISSING}


def case_record_material(*, case, requirement_id, by, file=None, paper=None, status=None, note=""):
    """Record one material: an uploaded file, paper handed in (original/copy), or a status.

    `status` may be received, missing, or — only where the item version allows it for this
    material — deficient (容缺) or committed (承诺后补). Paper and status are the front desk's
    to record; an applicant online may only upload a file, or leave an allowed material for
    later (容缺/承诺, with the commitment wording as `note`) and take that back.
    """
    given = [x for x in (file, paper, status) if x]
    if len(given) != 1:
        raise ValidationError({"file": [_("请上传文件、登记纸质材料或设置材料状态，三者选其一。")]})
    if paper and paper not in PaperKind.values:
        raise ValidationError({"paper": [_("纸质材料只能登记为原件或复印件。")]})
    if status and status not in MaterialStatus.values:
        raise ValidationError({"status": [_("材料状态无效。")]})
    checked = check_upload(file) if file else None
    with replacing_files() as files, case_transaction():
        case = lock_case(case)
        policies.require(by, Action.RECORD_MATERIAL, case)
        desk = policies.may_record_paper_or_status(by, case)
        later = status in _LATER and not desk and policies.applicant_may_leave_for_later(by, case)
        if (paper or status) and not desk and not later:
            raise PermissionDenied(_("申请人只能上传材料的电子文件；登记纸质材料或设置材料状态须由窗口工作人员办理。"))
        if case.state not in _MATERIAL_STATES and not policies.applicant_may_supplement_in_review(by, case):
            raise _conflict(case, _("办件已推送或办结，不能再收取材料。"))
        material = CaseMaterial.objects.select_for_update().filter(case=case, requirement_id=requirement_id).first()
        if material is None:
            raise ValidationError({"requirement": [_("该事项没有这项申请材料。")]})
        if status == MaterialStatus.DEFICIENT and not material.may_be_deficient:
            raise ValidationError({"status": [_("“%(name)s”不可容缺受理。") % {"name": material.name}]})
        if status == MaterialStatus.COMMITTED and not material.may_commit:
            raise ValidationError({"status": [_("“%(name)s”不适用告知承诺。") % {"name": material.name}]})
        left = (MaterialStatus.DEFICIENT, MaterialStatus.COMMITTED, MaterialStatus.MISSING)
        if later and status == MaterialStatus.MISSING and material.status not in left:
            raise PermissionDenied(_("申请人只能撤回自己的容缺或承诺后补选择。"))
        guards.check(Action.RECORD_MATERIAL, case=case, by=by, material=material, status=status or "")
        now = hall_clock.now()
        payload = {"requirement": requirement_id, "name": material.name}
        if checked:
            # The new file is stored first; the old one goes only when this commits, and only if
            # this case owns it (a file lent by the applicant's library is shared).
            files.replace(material.file, file, name=file.name.rsplit("/", 1)[-1], delete_old=material.owns_file)
            material.sha256, material.content_type, material.size = checked.sha256, checked.content_type, checked.size
            material.status = MaterialStatus.RECEIVED
            payload.update(sha256=checked.sha256, size=checked.size, content_type=checked.content_type)
        elif paper:
            if paper == PaperKind.ORIGINAL:
                material.paper_originals += 1
            else:
                material.paper_copies += 1
            material.status = MaterialStatus.RECEIVED
            payload["paper"] = paper
        else:
            material.status = status
        payload["status"] = material.status
        material.uploaded_by = by if by and by.is_authenticated else None
        material.uploaded_at = now
        material.save()
        write_event(case, action=Action.RECORD_MATERIAL, from_state=case.state, by=by, note=note, payload=payload)
    return material


def case_receive_all_paper(*, case, by):
    """全部收取（纸质原件）: every required material still missing is recorded as a paper original.

    Each goes through case_record_material (its own event, its own checks) inside one
    transaction: either all of them are recorded or none. Returns the materials recorded.
    """
    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.RECORD_MATERIAL, case)
        if not policies.may_record_paper_or_status(by, case):
            raise PermissionDenied(_("登记纸质材料须由窗口工作人员办理。"))
        missing = list(
            CaseMaterial.objects.filter(case=case, required=True, status=MaterialStatus.MISSING)
            .order_by("position", "requirement_id")
            .values_list("requirement_id", flat=True)
        )
        if not missing:
            raise ValidationError({"materials": [_("没有尚未收取的必要材料。")]})
        return [
            case_record_material(case=case, requirement_id=requirement_id, paper=PaperKind.ORIGINAL, by=by)
            for requirement_id in missing
        ]


def case_request_supplement(*, case, materials, note, by):
    """Issue the one-time notice (一次性告知书): every missing material at once.

    The first notice must name every required material still missing; a later notice may
    only repeat materials the first one named (the "一次性告知" promise to the applicant).
    The materials it names go back to `missing` (their old file and paper counts stay, as
    history), so the case cannot be dispatched until each is provided again.
    """
    requested = {int(m) for m in materials or []}
    if not requested:
        raise ValidationError({"materials": [_("一次性告知书至少要列明一项需补正的材料。")]})
    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.REQUEST_SUPPLEMENT, case)
        rows = {m.requirement_id: m for m in CaseMaterial.objects.select_for_update().filter(case=case)}
        unknown = requested - rows.keys()
        if unknown:
            raise ValidationError({"materials": [_("该事项没有这些申请材料：%(ids)s。") % {"ids": _ids(unknown)}]})
        first_round = case.notice_rounds == 0
        if first_round:
            missed = [
                m.name for m in rows.values() if m.required and not m.satisfied and m.requirement_id not in requested
            ]
            if missed:
                raise ValidationError(
                    {
                        "materials": [
                            _("一次性告知须列明全部缺少的材料，还缺：%(names)s。") % {"names": "、".join(missed)}
                        ]
                    }
                )
        else:
            new = [rows[r].name for r in sorted(requested) if rows[r].notice_round is None]
            if new:
                raise ValidationError(
                    {
                        "materials": [
                            _("一次性告知已经发出，不能再要求首次告知书未列明的材料：%(names)s。")
                            % {"names": "、".join(new)}
                        ]
                    }
                )
        source = case.state
        run_transition(case, "request_supplement")
        previous = {}
        for rid in sorted(requested):
            row = rows[rid]
            previous[str(rid)] = row.status
            if row.notice_round is None:
                row.notice_round = case.notice_rounds
            row.status = MaterialStatus.MISSING
            row.save(update_fields=["notice_round", "status"])
        names = [rows[r].name for r in sorted(requested, key=lambda r: (rows[r].position, r))]
        write_event(
            case,
            action=Action.REQUEST_SUPPLEMENT,
            from_state=source,
            by=by,
            note=note,
            payload={
                "round": case.notice_rounds,
                "materials": sorted(requested),
                "names": names,
                "previous_status": previous,
            },
        )
    return case


def case_return_online(*, case, materials, by, reasons=None, note=""):
    """网上预审退回补正: send an online application back before taking it in, with a reason per material.

    It is the applicant's one-time notice (一次性告知): the materials it names go back to
    `missing` with their reason, and a later notice may only repeat them. When the applicant
    has provided them again (case_supplement) the application returns to the online queue.
    """
    requested = {int(m) for m in materials or []}
    if not requested:
        raise ValidationError({"materials": [_("请勾选需要补正的材料。")]})
    given = {}
    for key, text in (reasons or {}).items():
        try:
            rid = int(key)
        except (TypeError, ValueError):
            raise ValidationError({"reasons": [_("补正原因须按材料逐项填写。")]}) from None
        if str(text or "").strip():
            given[rid] = str(text).strip()[:200]
    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.RETURN_ONLINE, case)
        rows = {m.requirement_id: m for m in CaseMaterial.objects.select_for_update().filter(case=case)}
        unknown = requested - rows.keys()
        if unknown:
            raise ValidationError({"materials": [_("该事项没有这些申请材料：%(ids)s。") % {"ids": _ids(unknown)}]})
        ordered = sorted(requested, key=lambda r: (rows[r].position, r))
        without = [rows[r].name for r in ordered if r not in given]
        if without:
            raise ValidationError(
                {"reasons": [_("请逐项说明需补正的原因：%(names)s。") % {"names": "、".join(without)}]}
            )
        source = case.state
        run_transition(case, "return_online")
        previous = {}
        for rid in ordered:
            row = rows[rid]
            previous[str(rid)] = row.status
            if row.notice_round is None:
                row.notice_round = case.notice_rounds
            row.status, row.notice_note = MaterialStatus.MISSING, given[rid]
            row.save(update_fields=["notice_round", "status", "notice_note"])
        write_event(
            case,
            action=Action.RETURN_ONLINE,
            from_state=source,
            by=by,
            note=(note or "").strip(),
            payload={
                "round": case.notice_rounds,
                "materials": ordered,
                "names": [rows[r].name for r in ordered],
                "reasons": {str(r): given[r] for r in ordered},
                "previous_status": previous,
            },
        )
    return case


def case_supplement(*, case, by, note=""):
    """The materials the latest one-time notice named are provided again: back to received.

    The front desk needs each of them recorded again (received, or deficient/committed where
    allowed). The applicant online needs each of them provided after the notice was issued
    (the notice reset them to missing; a re-upload sets them received again).
    """
    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.SUPPLEMENT, case)
        source = case.state
        if source == CaseState.SUPPLEMENT_REQUESTED:
            _require_notice_answered(case, by=by)
        run_transition(case, "supplement")
        write_event(case, action=Action.SUPPLEMENT, from_state=source, by=by, note=note)
    return case


def case_refuse(*, case, reason, by):
    """不予受理: needs the reason, which the refusal notice prints with the appeal route."""
    if blank(reason):
        raise ValidationError({"reason": [_("不予受理必须说明理由。")]})
    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.REFUSE, case)
        source = case.state
        run_transition(case, "refuse", reason=reason.strip())
        write_event(
            case,
            action=Action.REFUSE,
            from_state=source,
            by=by,
            note=reason.strip(),
            payload={"appeal_route": settings.HALL_APPEAL_ROUTE},
        )
    return case


def case_dispatch(*, case, by, note=""):
    """Push the case to its department; the 10-minute acknowledgement window starts now."""
    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.DISPATCH, case)
        if case.state == CaseState.RECEIVED:
            require_materials_complete(case)
        guards.check(Action.DISPATCH, case=case, by=by)
        now = hall_clock.now()
        auto_accept_at = now + timedelta(seconds=settings.HALL_AUTO_ACCEPT_SECONDS)
        source = case.state
        run_transition(case, "dispatch", at=now, auto_accept_at=auto_accept_at)
        write_event(
            case,
            action=Action.DISPATCH,
            from_state=source,
            by=by,
            note=note,
            at=now,
            payload={"auto_accept_at": auto_accept_at.isoformat()},
        )
        enqueue_deemed_acceptance(case)
    return case


def case_withdraw(*, case, by, reason=""):
    """Withdraw the application; a suspension still open is closed now (the clock has ended)."""
    from catalog import clock

    with case_transaction():
        case = lock_case(case)
        policies.require(by, Action.WITHDRAW, case)
        source, now = case.state, hall_clock.now()
        run_transition(case, "withdraw", reason=(reason or "").strip())
        payload = {}
        open_suspension = Suspension.objects.select_for_update().filter(case=case, ended_at__isnull=True).first()
        if open_suspension is not None:
            days = clock.working_days_between(timezone.localdate(open_suspension.started_at), timezone.localdate(now))
            open_suspension.ended_at, open_suspension.ended_by, open_suspension.working_days = now, by, days
            open_suspension.save(update_fields=["ended_at", "ended_by", "working_days"])
            case.suspended_days += days
            payload["suspension_days"] = days
        case.suspended_at = None
        write_event(case, action=Action.WITHDRAW, from_state=source, by=by, note=reason, at=now, payload=payload)
    return case


def _require_notice_answered(case, *, by):
    notice = (
        CaseEvent.objects.filter(case=case, action__in=NOTICE_ACTIONS).order_by("-seq").only("at", "payload")
    ).first()
    if notice is None:
        return
    named = CaseMaterial.objects.filter(case=case, requirement_id__in=notice.payload.get("materials") or []).order_by(
        "position", "requirement_id"
    )
    if policies.may_record_paper_or_status(by, case):
        outstanding = [m.name for m in named if not m.satisfied]
        message = _("一次性告知书要求补正的材料尚未收齐：%(names)s。")
    else:
        outstanding = [m.name for m in named if not m.satisfied or m.uploaded_at is None or m.uploaded_at < notice.at]
        message = _("一次性告知书要求补正的材料尚未上传：%(names)s。")
    if outstanding:
        raise ValidationError({"materials": [message % {"names": "、".join(outstanding)}]})


def _ids(ids):
    return "、".join(str(i) for i in sorted(ids))


def _conflict(case, message):
    return CaseConflict(message, object=case)
