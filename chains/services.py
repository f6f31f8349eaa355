"""Every write of a 一件事 application: submit, start a waiting item, follow the cases, warn, hand out.

Cases are made and moved only through approvals' services (case_create, case_submit, ...), so
each case has its own department, clock and timeline exactly as if applied for alone. The
chain learns of grants and denials through case events (chains.subscribers).
"""

import logging
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import policies
from approvals.constants import Action, CaseState, Channel, MaterialStatus, PaperKind
from approvals.models import CaseMaterial, Result
from approvals.services import case_create, case_deliver, case_submit
from approvals.services._base import lock_case, write_event
from approvals.services.intake import clean_applicant
from approvals.uploads import check_upload
from catalog import clock as day_clock
from chains import clock as hours_clock
from chains import selectors
from chains.constants import RUN_DONE, RUN_FAILED, ApplicationState, NoticeKind, RunState
from chains.models import ChainApplication, ChainMaterial, ChainMaterialUse, ChainNotice, ChainRun, IndustryLicence
from hall import clock as hall_clock
from hall.selectors import applicant_profile_of, staff_profile_of

logger = logging.getLogger("chains")


def _notice(app, kind, text, *, at=None, level=""):
    return ChainNotice.objects.create(application=app, kind=kind, text=text, at=at or hall_clock.now(), level=level)


def _new_number(now):
    day = timezone.localtime(now).strftime("%Y%m%d")
    for _attempt in range(20):
        number = f"YJS{day}{secrets.randbelow(10**6):06d}"
        if not ChainApplication.objects.filter(number=number).exists():
            return number
    raise RuntimeError("could not draw a chain number")


def _deadline(*, chain, accepted_at):
    days, hours = selectors.chain_limit(chain=chain)
    if hours:
        d = hours_clock.compute_hours_deadline(accepted_at=accepted_at, limit_hours=hours)
    else:
        # A chain of one or two days turns yellow on the close of the day before its deadline day
        # (the items' default lead of 2 days would make it yellow from the start).
        warn_days = 1 if days and days <= 2 else None
        d = day_clock.compute_deadline(
            accepted_at=accepted_at, limit_days=days or 0, instant=not days, warn_days=warn_days
        )
    return days if not hours else None, hours, d


def chain_application_submit(
    *,
    chain,
    by,
    channel=Channel.ONLINE,
    applicant=None,
    files=None,
    paper=None,
    form=None,
    window=None,
    on_behalf_of=None,
    agent_name="",
):
    """Apply for a whole chain at once: one applicant, one form, one material list.

    - channel "online": `by` is the applicant (details default to their profile); every
      required material needs a file in `files` ({material name: uploaded file}).
    - channel "window": `by` is the front-desk clerk registering the chain in one go;
      `paper` ({material name: "original"|"copy"}) records paper handed in, `files` scans.
    - channel "agent": `by` is the 代办员 applying on the applicant's behalf (details in
      `applicant`); as at the window.
    - on_behalf_of (代办, issue 18): the applicant's user account when `by` is a certified agent
      applying under the applicant's authorisation (channel "agent", `agent_name` the label shown
      on the cases). Like online: files only, every case created for the applicant (who sees the
      application and its cases) with `agent` = `by`, and submitted at once; items released later
      are applied for by the same agent, while the authorisation still covers them.
    Each shared material is stored once and lent to every case needing it. Items without
    prerequisites start now (one case each); the others wait for their prerequisites' grants.
    Returns the ChainApplication.
    """
    files, paper, form = dict(files or {}), dict(paper or {}), dict(form or {})
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("申请渠道无效。")]})
    if not chain.is_active:
        raise ValidationError({"chain": [_("该一件事已停用，不能申请。")]})
    steps = list(chain.steps.select_related("item__department").prefetch_related("waits_for").order_by("position"))
    if not steps:
        raise ValidationError({"chain": [_("该一件事尚未配置事项。")]})
    online = channel == Channel.ONLINE
    by_agent = on_behalf_of is not None
    if by_agent and channel != Channel.AGENT:
        raise ValidationError({"channel": [_("代办员代为申请须使用代办渠道。")]})
    inactive = [s.item.name for s in steps if not s.item.is_active]
    if inactive:
        raise ValidationError({"chain": [_("以下事项已停用：%(names)s。") % {"names": "、".join(inactive)}]})
    if online:
        if staff_profile_of(by) is not None:
            raise PermissionDenied(_("网上申请须由申请人本人提交。"))
        offline = [s.item.name for s in steps if not s.item.online]
        if offline:
            raise ValidationError(
                {
                    "chain": [
                        _("以下事项不可网上办理，请到综合受理窗口申请：%(names)s。") % {"names": "、".join(offline)}
                    ]
                }
            )
        if applicant is None:
            applicant = applicant_profile_of(by)
            if applicant is None:
                raise ValidationError({"applicant": [_("请先完善申请人信息（姓名、证件号码、联系电话）。")]})
        if paper:
            raise PermissionDenied(_("申请人只能上传材料的电子文件。"))
    elif by_agent:
        if not all(policies.may_create(by, item=s.item, channel=channel, on_behalf_of=on_behalf_of) for s in steps):
            raise PermissionDenied(_("申请人的委托书不包含此一件事，或已撤销、已过期，代办员不能代为申请。"))
        if applicant is None:
            applicant = applicant_profile_of(on_behalf_of)
            if applicant is None:
                raise ValidationError({"applicant": [_("委托人尚未完善申请人信息（姓名、证件号码、联系电话）。")]})
        if paper:
            raise PermissionDenied(_("代办员只能上传材料的电子文件。"))
        window = None
    else:
        if not all(policies.may_create(by, item=s.item, channel=channel) for s in steps):
            raise PermissionDenied(_("您无权以该渠道受理此一件事。"))
        if window is None:
            window = staff_profile_of(by).window
    fields = clean_applicant(applicant)
    refused = [
        s.item.name
        for s in steps
        if s.item.applicant_types and fields["applicant_type"] not in list(s.item.applicant_types)
    ]
    if refused:
        raise ValidationError({"type": [_("以下事项不接受此类申请人：%(names)s。") % {"names": "、".join(refused)}]})
    merged = selectors.merged_materials(chain=chain)
    names = {m.name for m in merged}
    unknown = sorted((set(files) | set(paper)) - names)
    if unknown:
        raise ValidationError({"materials": [_("该一件事没有这些材料：%(names)s。") % {"names": "、".join(unknown)}]})
    bad_paper = [n for n, kind in paper.items() if kind not in PaperKind.values]
    if bad_paper:
        raise ValidationError({"materials": [_("纸质材料只能登记为原件或复印件。")]})
    missing = [m.name for m in merged if m.required and m.name not in files and m.name not in paper]
    if missing:
        raise ValidationError({"materials": [_("以下必要材料尚未提供：%(names)s。") % {"names": "、".join(missing)}]})
    checked = {}
    for name, upload in files.items():
        try:
            checked[name] = check_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"materials": [f"{name}：{' '.join(exc.messages)}"]}) from exc

    with transaction.atomic():
        now = hall_clock.now()
        days, hours, deadline = _deadline(chain=chain, accepted_at=now)
        app = ChainApplication.objects.create(
            number=_new_number(now),
            chain=chain,
            channel=channel,
            applicant_user=on_behalf_of if by_agent else (by if online else None),
            submitted_by=by,
            agent_name=(agent_name or "")[:50] if by_agent else "",
            window=None if online or by_agent else window,
            form_data=form,
            submitted_at=now,
            limit_days=days,
            limit_hours=hours,
            legal_days_sum=sum(s.item.legal_limit_days for s in steps),
            deadline_at=deadline.deadline_at,
            warn_at=deadline.warn_at,
            provisional=deadline.provisional,
            **{k: v for k, v in fields.items() if k in _APP_FIELDS},
        )
        for line in merged:
            if line.name not in files and line.name not in paper:
                continue
            material = ChainMaterial(
                application=app, position=line.position, name=line.name, paper=paper.get(line.name, ""), uploaded_at=now
            )
            if line.name in files:
                info = checked[line.name]
                upload = files[line.name]
                material.file.save(upload.name.rsplit("/", 1)[-1], upload, save=False)
                material.sha256, material.content_type, material.size = info.sha256, info.content_type, info.size
            material.save()
        runs = {}
        for step in steps:
            runs[step.pk] = ChainRun.objects.create(application=app, step=step, position=step.position, item=step.item)
        for step in steps:
            prerequisites = [runs[p.pk] for p in step.waits_for.all()]
            if prerequisites:
                runs[step.pk].waits_for.set(prerequisites)
        _notice(
            app,
            NoticeKind.SUBMITTED,
            _("一件事“%(chain)s”已提交，共%(n)d个事项，承诺%(limit)s办结。")
            % {"chain": chain.name, "n": len(steps), "limit": limit_text(app)},
            at=now,
        )
        for run in runs.values():
            if not run.waits_for.exists():
                _start_run(run, app=app, actor=by)
        enqueue_warnings(app)
    return app


_APP_FIELDS = {
    "applicant_type",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_address",
    "contact_person",
}


def limit_text(app):
    if app.limit_hours:
        return _("%(n)d个工作小时") % {"n": app.limit_hours}
    if not app.limit_days:
        return _("当日")
    return _("%(n)d个工作日") % {"n": app.limit_days}


def _applicant_mapping(app):
    return {
        "type": app.applicant_type,
        "name": app.applicant_name,
        "id_number": app.applicant_id_number,
        "phone": app.applicant_phone,
        "address": app.applicant_address,
        "contact_person": app.contact_person,
        **({"agent_name": app.agent_name} if app.agent_name else {}),
    }


def on_behalf_of(app):
    """The applicant an agent applied for (代办 under an authorisation), else None."""
    if app.channel == Channel.AGENT and app.applicant_user_id is not None:
        return app.applicant_user
    return None


def _start_run(run, *, app, actor):
    """Create the item's case (in its own department, with its own clock) and lend it the shared materials."""
    applicant_user = on_behalf_of(app)
    online = app.channel == Channel.ONLINE or applicant_user is not None
    case = case_create(
        item=run.item,
        channel=app.channel,
        applicant=_applicant_mapping(app),
        by=actor,
        window=None if online else app.window,
        draft=True,
        on_behalf_of=applicant_user,
    )
    case = lock_case(case)
    shared = {m.name: m for m in app.materials.all()}
    now = hall_clock.now()
    for material in CaseMaterial.objects.select_for_update().filter(case=case):
        source = shared.get(selectors.material_key(material.name))
        if source is None:
            continue
        if source.file:
            material.file.name = source.file.name
            material.sha256, material.content_type, material.size = source.sha256, source.content_type, source.size
        if source.paper == PaperKind.ORIGINAL:
            material.paper_originals += 1
        elif source.paper == PaperKind.COPY:
            material.paper_copies += 1
        material.status = MaterialStatus.RECEIVED
        material.uploaded_by = actor if actor is not None and actor.is_authenticated else None
        material.uploaded_at = now
        material.save()
        ChainMaterialUse.objects.create(material=source, case_material=material, used_at=now)
        write_event(
            case,
            action=Action.RECORD_MATERIAL,
            from_state=case.state,
            by=actor,
            note=_("一件事共享材料"),
            payload={
                "requirement": material.requirement_id,
                "name": material.name,
                "status": material.status,
                "sha256": material.sha256,
                "chain": app.number,
                "shared_material": source.pk,
                **({"paper": source.paper} if source.paper else {}),
            },
        )
    if online:
        case = case_submit(case=case, by=actor, note=_("一件事%(number)s") % {"number": app.number})
    run.case = case
    run.state = RunState.RUNNING
    run.started_at = now
    run.reason = ""
    run.save(update_fields=["case", "state", "started_at", "reason"])
    return run


def _starter(app):
    """Who applies for a waiting item when it is released: the applicant online, else the registrar
    (for 代办 the agent, who may do so only while the applicant's authorisation covers the item)."""
    return app.applicant_user if app.channel == Channel.ONLINE else app.submitted_by


def chain_follow_case(*, case_id, action, to_state, note="", at=None):
    """A case of a chain moved (decided, refused, withdrawn, delivered): move the chain on.

    Called by the case-event subscriber inside its delivery transaction; idempotent (a run
    already past the state is left alone).
    """
    run = ChainRun.objects.filter(case_id=case_id).first()
    if run is None:
        return None
    app = ChainApplication.objects.select_for_update().get(pk=run.application_id)
    run = ChainRun.objects.select_related("item").get(pk=run.pk)
    at = at or hall_clock.now()
    if action == Action.DECIDE and run.state == RunState.RUNNING:
        if to_state == CaseState.GRANTED:
            run.state, run.ended_at = RunState.GRANTED, at
            run.save(update_fields=["state", "ended_at"])
            _release_dependants(app, run)
        elif to_state == CaseState.DENIED:
            run.state, run.ended_at, run.reason = RunState.DENIED, at, note
            run.save(update_fields=["state", "ended_at", "reason"])
            _stop_dependants(app, run, _("前置事项“%(item)s”不予许可") % {"item": run.item.name}, note)
    elif action in (Action.REFUSE, Action.WITHDRAW) and run.state == RunState.RUNNING:
        run.state, run.ended_at, run.reason = RunState.ENDED, at, note
        run.save(update_fields=["state", "ended_at", "reason"])
        word = _("不予受理") if action == Action.REFUSE else _("已撤回")
        _stop_dependants(app, run, _("前置事项“%(item)s”%(word)s") % {"item": run.item.name, "word": word}, note)
    elif action == Action.DELIVER and run.state in (RunState.GRANTED, RunState.RUNNING):
        run.state = RunState.DELIVERED
        run.save(update_fields=["state"])
    _settle(app, at)
    return run


def _release_dependants(app, run):
    for dependant in run.unblocks.filter(state=RunState.WAITING).select_related("item"):
        if all(p.state in RUN_DONE for p in dependant.waits_for.all()):
            try:
                with transaction.atomic():
                    _start_run(dependant, app=app, actor=_starter(app))
            except (ValidationError, PermissionDenied) as exc:
                dependant.state = RunState.ENDED
                dependant.reason = _("未能自动提交：%(why)s 请到综合受理窗口办理。") % {
                    "why": " ".join(getattr(exc, "messages", [str(exc)]))
                }
                dependant.save(update_fields=["state", "reason"])
                _notice(app, NoticeKind.STOPPED, f"{dependant.item.name}：{dependant.reason}")
            else:
                _notice(
                    app,
                    NoticeKind.STARTED,
                    _("前置事项已办结，“%(item)s”已开始办理（办件编号%(number)s）。")
                    % {"item": dependant.item.name, "number": dependant.case.number},
                )


def _stop_dependants(app, run, why, note):
    """Every item that (directly or not) waits on `run` stops, with the reason; the applicant is told."""
    reason = f"{why}：{note}" if note else why
    stopped, frontier = [], [run]
    while frontier:
        current = frontier.pop()
        for dependant in current.unblocks.filter(state=RunState.WAITING).select_related("item"):
            dependant.state, dependant.reason = RunState.STOPPED, reason
            dependant.save(update_fields=["state", "reason"])
            stopped.append(dependant.item.name)
            frontier.append(dependant)
    if stopped:
        _notice(
            app,
            NoticeKind.STOPPED,
            _("%(reason)s，以下事项不再办理：%(names)s。") % {"reason": reason, "names": "、".join(stopped)},
        )


def _settle(app, at):
    runs = list(app.runs.all())
    states = {r.state for r in runs}
    if app.state == ApplicationState.RUNNING:
        if states <= set(RUN_DONE):
            app.state, app.finished_at = ApplicationState.FINISHED, at
            app.save(update_fields=["state", "finished_at"])
            _notice(app, NoticeKind.FINISHED, _("一件事全部事项已办结，请到出件窗口一次领取全部结果。"), at=at)
            _issue_licence_if_any(app, at)
        elif not states & {RunState.WAITING, RunState.RUNNING}:
            failed = [r for r in runs if r.state in RUN_FAILED]
            app.state, app.finished_at = ApplicationState.STOPPED, at
            app.stop_reason = "；".join(f"{r.item.name}：{r.get_state_display()}" for r in failed)
            app.save(update_fields=["state", "finished_at", "stop_reason"])
    if (
        app.state in (ApplicationState.FINISHED, ApplicationState.STOPPED)
        and RunState.DELIVERED in states
        and all(r.state == RunState.DELIVERED or r.state in RUN_FAILED for r in runs)
    ):
        app.state, app.delivered_at = ApplicationState.DELIVERED, at
        app.save(update_fields=["state", "delivered_at"])
        _notice(app, NoticeKind.DELIVERED, _("一件事的全部结果已领取。"), at=at)


def _issue_licence_if_any(app, at):
    terms = selectors.terms_of(app.chain)
    if terms is None or not terms.industry_licence:
        return None
    if IndustryLicence.objects.filter(application=app).exists():
        return None
    day = timezone.localtime(at).strftime("%Y%m%d")
    return IndustryLicence.objects.create(
        application=app,
        number=f"YYYZ{day}{app.pk:06d}",
        verification_code=secrets.token_hex(8),
        name=terms.licence_name or _("%(chain)s行业综合许可证") % {"chain": app.chain.name.replace("一件事", "")},
        issued_at=at,
    )


# --- warnings (exactly once per level: due time stored on the row, task + sweep) ---------------


def enqueue_warnings(app):
    app_id, warn_at, deadline_at = app.pk, app.warn_at, app.deadline_at

    def send():
        from chains import tasks

        now = timezone.now()
        for moment in (warn_at, deadline_at):
            try:
                tasks.warn_application.apply_async(
                    args=[app_id], countdown=max(int((moment - now).total_seconds()) + 1, 0)
                )
            except Exception:  # the broker is down: the sweep warns later
                logger.exception("could not enqueue chain warning for %s", app_id)

    transaction.on_commit(send)


def chain_warn(*, application_id, now=None):
    """Record the yellow/red warning the application has reached, once per level; returns the new levels."""
    now = now or timezone.now()
    made = []
    with transaction.atomic():
        app = ChainApplication.objects.select_for_update().filter(pk=application_id).first()
        if app is None or app.state != ApplicationState.RUNNING:
            return made
        for level, due, text in (
            ("yellow", app.warn_at, _("一件事即将到期（黄灯），请各部门加快办理。")),
            ("red", app.deadline_at, _("一件事已超过承诺时限（红灯）。")),
        ):
            reached = now > due if level == "red" else now >= due
            if not reached:
                continue
            if app.notices.filter(level=level).exists():
                continue
            try:
                with transaction.atomic():
                    _notice(app, NoticeKind.WARNING, text, at=now, level=level)
            except IntegrityError:
                continue
            made.append(level)
    return made


def chain_sweep_warnings(*, now=None, limit=500):
    now = now or timezone.now()
    ids = list(
        ChainApplication.objects.filter(state=ApplicationState.RUNNING, warn_at__lte=now)
        .exclude(notices__level="red")
        .values_list("pk", flat=True)[:limit]
    )
    done = 0
    for pk in ids:
        with transaction.atomic():
            claimed = ChainApplication.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if claimed is None:
                continue
        done += len(chain_warn(application_id=pk, now=now))
    return done


# --- one result at one window ----------------------------------------------------------------------


def chain_deliver_all(*, application, by, collector_name="", collector_id_number="", authorisation_letter=False):
    """出件窗口: hand out every ready result of the chain in one pickup (one 送达回证)."""
    with transaction.atomic():
        app = ChainApplication.objects.select_for_update().get(pk=application.pk)
        runs = list(app.runs.select_related("case").filter(case__isnull=False))
        ready = [r.case for r in runs if r.case.state == CaseState.READY]
        if not ready:
            raise ValidationError({"chain": [_("该一件事没有待领取的结果。")]})
        waiting = [r.item.name for r in runs if r.case.state in (CaseState.GRANTED,)]
        waiting += [r.item.name for r in app.runs.filter(state__in=[RunState.WAITING]).select_related("item")]
        running = [r.item.name for r in runs if r.state == RunState.RUNNING and r.case.state != CaseState.READY]
        if waiting or running:
            raise ValidationError(
                {
                    "chain": [
                        _("以下事项结果尚未出证，请全部出证后一次领取：%(names)s。")
                        % {"names": "、".join(waiting + running)}
                    ]
                }
            )
        delivered = []
        for case in ready:
            delivered.append(
                case_deliver(
                    case=case,
                    method="pickup",
                    by=by,
                    collector_name=collector_name,
                    collector_id_number=collector_id_number,
                    authorisation_letter=authorisation_letter,
                    note=_("一件事%(number)s一次领取") % {"number": app.number},
                )
            )
    return delivered


def permit_state(result, *, today=None):
    """valid / revoked / expired for one result, read generically.

    Revocation is another app's (commitments); it may mark the Result (revoked_at / is_revoked /
    state "revoked") or the case (state "revoked"). Absent such fields, a result is valid until
    its valid_until date.
    """
    today = today or timezone.localdate()
    case = result.case
    if (
        getattr(result, "revoked_at", None)
        or getattr(result, "is_revoked", False)
        or getattr(result, "state", "") == "revoked"
        or getattr(result, "status", "") == "revoked"
        or case.state == "revoked"
    ):
        return "revoked"
    if result.valid_until is not None and result.valid_until < today:
        return "expired"
    return "valid"


def licence_of(app):
    return IndustryLicence.objects.filter(application=app).first()


def result_of(case):
    return Result.objects.filter(case=case).first() if case is not None else None
