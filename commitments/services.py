"""Every write of 告知承诺 and 容缺受理: keyword-only, one transaction, the case row locked first,
the case event (timeline and audit trail) written in the same transaction through approvals.

Lock order: the case (approvals.services._base.lock_case), then this app's rows.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.constants import Action, MaterialStatus, ResultKind
from approvals.models import CaseMaterial, Result
from approvals.policies import department_staff, front_desk_handles, is_own_applicant
from approvals.services._base import CaseConflict, blank, lock_case, write_event
from approvals.uploads import check_upload
from catalog import clock as catalog_clock
from commitments import clock
from commitments.constants import (
    CommitmentKind,
    CommitmentStatus,
    ListingStatus,
    RectificationStatus,
    SignedVia,
)
from commitments.models import (
    Commitment,
    CommitmentLetter,
    CreditListing,
    ItemCommitmentConfig,
    Rectification,
    RegulatorNotice,
    Reminder,
)
from hall import clock as hall_clock
from hall.constants import ApplicantType, Role
from hall.crypto import blind_index, normalise
from hall.identity import mask_id_number
from hall.selectors import staff_profile_of
from hall.storage import replacing_files

logger = logging.getLogger("commitments")


# ------------------------------------------------------------------ configuration and the letter


def config_for(item):
    """The item's rules; an item with none gets the defaults (unsaved)."""
    config = ItemCommitmentConfig.objects.filter(item_id=item.pk).first()
    return config or ItemCommitmentConfig(item=item)


def config_set(*, item, by=None, **fields):
    """Hall admin: set an item's 告知承诺 rules (validated like the admin form)."""
    config = config_for(item)
    for name, value in fields.items():
        setattr(config, name, value)
    config.full_clean()
    config.save()
    return config


def promised_materials(case):
    return list(
        CaseMaterial.objects.filter(case=case, status=MaterialStatus.COMMITTED).order_by("position", "requirement_id")
    )


def letter_text(*, case, config=None, materials=None):
    config = config or config_for(case.item)
    materials = promised_materials(case) if materials is None else materials
    received = CaseMaterial.objects.filter(case=case, status=MaterialStatus.RECEIVED).order_by("position")
    return render_to_string(
        "commitments/letter_text.txt",
        {
            "case": case,
            "item_name": case.snapshot.get("name") or case.item.name,
            "department": case.department.name,
            "config": config,
            "promised": materials,
            "received": list(received),
            "hall": settings.HALL_NAME,
        },
    ).strip()


def _digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _may_sign(user, case):
    return is_own_applicant(user, case) or front_desk_handles(staff_profile_of(user), case.department_id)


def letter_prepare(*, case, by):
    """Generate (or regenerate, while unsigned) the case's 告知承诺书 from its item and promised materials."""
    with transaction.atomic():
        case = lock_case(case)
        if not _may_sign(by, case):
            raise PermissionDenied(_("只有申请人本人或受理窗口可以生成告知承诺书。"))
        return _prepare(case)


def _prepare(case):
    materials = promised_materials(case)
    if not materials:
        raise ValidationError({"materials": [_("本办件没有选择“承诺后补”的材料，无需签署告知承诺书。")]})
    if not case.item_version.snapshot.get("allows_commitment"):
        raise ValidationError({"item": [_("该事项不适用告知承诺。")]})
    text = letter_text(case=case, materials=materials)
    ids = [m.requirement_id for m in materials]
    letter = CommitmentLetter.objects.select_for_update().filter(case=case).first()
    if letter is not None and letter.signed and letter.text_sha256 == _digest(text):
        return letter
    if letter is None:
        letter = CommitmentLetter(case=case)
    letter.text, letter.text_sha256, letter.materials = text, _digest(text), ids
    letter.generated_at = hall_clock.now()
    letter.signed_via, letter.signer_name, letter.signer_id_masked = "", "", ""
    letter.signed_by, letter.signed_at = None, None
    letter.save()
    return letter


def letter_sign(*, case, by, via, signer_name, signer_id_number, text_sha256=""):
    """Sign the letter: online by the applicant (typed name + ID number confirmed), or at the
    window (the paper letter signed, the clerk records the signer). Stores who, when and the
    text's SHA-256; a later change of the promised materials needs a new signature."""
    if via not in SignedVia.values:
        raise ValidationError({"via": [_("签署方式只能是窗口签署或网上签署。")]})
    if blank(signer_name):
        raise ValidationError({"signer_name": [_("请填写签署人姓名。")]})
    if blank(signer_id_number):
        raise ValidationError({"signer_id_number": [_("请填写签署人证件号码以确认身份。")]})
    with transaction.atomic():
        case = lock_case(case)
        if via == SignedVia.ONLINE and not is_own_applicant(by, case):
            raise PermissionDenied(_("网上签署须由申请人本人登录办理。"))
        if via == SignedVia.WINDOW and not front_desk_handles(staff_profile_of(by), case.department_id):
            raise PermissionDenied(_("窗口签署须由受理窗口工作人员登记。"))
        _refuse_if_listed(case)
        letter = _prepare(case)
        if text_sha256 and text_sha256 != letter.text_sha256:
            raise ValidationError({"text_sha256": [_("承诺书内容已更新，请重新阅读后签署。")]})
        number = normalise(signer_id_number)
        allowed = {normalise(case.applicant_id_number)}
        if via == SignedVia.WINDOW and case.agent_id_number:
            allowed.add(normalise(case.agent_id_number))
        if number not in allowed:
            raise ValidationError({"signer_id_number": [_("证件号码与申请人（或代理人）不符，不能签署。")]})
        name = signer_name.strip()
        names = {case.applicant_name, case.contact_person, case.agent_name} - {""}
        if case.applicant_type == ApplicantType.PERSON and via == SignedVia.ONLINE and name != case.applicant_name:
            raise ValidationError({"signer_name": [_("签署人姓名与申请人不符。")]})
        if name not in names and case.applicant_type == ApplicantType.PERSON:
            raise ValidationError({"signer_name": [_("签署人姓名与申请人（或代理人）不符。")]})
        now = hall_clock.now()
        letter.signed_via, letter.signer_name, letter.signer_id_masked = via, name, mask_id_number(number)
        letter.signed_by, letter.signed_at = by, now
        letter.save()
        write_event(
            case,
            action=Action.SIGN_COMMITMENT,
            from_state=case.state,
            by=by,
            at=now,
            note=_("申请人已签署告知承诺书（%(via)s），承诺于%(period)s内补交：%(names)s。")
            % {
                "via": SignedVia(via).label,
                "period": config_for(case.item).period_text,
                "names": "、".join(m.name for m in promised_materials(case)),
            },
            payload={"sha256": letter.text_sha256, "via": via, "materials": letter.materials},
        )
    return letter


def onsite_check_record(*, case, by, note):
    """现场核查 done before the certificate is issued (where the item asks for it)."""
    if blank(note):
        raise ValidationError({"note": [_("请填写现场核查情况。")]})
    with transaction.atomic():
        case = lock_case(case)
        _require_department(by, case)
        letter = CommitmentLetter.objects.select_for_update().filter(case=case).first()
        if letter is None or not letter.signed:
            raise ValidationError({"case": [_("该办件没有已签署的告知承诺书。")]})
        now = hall_clock.now()
        letter.onsite_checked_at, letter.onsite_checked_by, letter.onsite_note = now, by, note.strip()
        letter.save(update_fields=["onsite_checked_at", "onsite_checked_by", "onsite_note"])
        write_event(case, action=Action.ONSITE_CHECK, from_state=case.state, by=by, at=now, note=note.strip())
    return letter


# ------------------------------------------------------------------ the credit bar


def active_listing_for(id_number, *, now=None):
    """The listing that bars this ID number / credit code from the commitment route now, or None."""
    index = blind_index(id_number)
    if not index:
        return None
    return (
        CreditListing.objects.filter(
            id_number_index=index, status=ListingStatus.ACTIVE, bars_until__gt=now or hall_clock.now()
        )
        .order_by("-listed_at")
        .first()
    )


def bar_message(listing):
    return _("申请人因“%(reason)s”于%(day)s被列入失信名单，%(until)s前不得适用告知承诺方式办理，请提交全部材料。") % {
        "reason": listing.reason,
        "day": timezone.localdate(listing.listed_at).strftime("%Y年%m月%d日"),
        "until": timezone.localdate(listing.bars_until).strftime("%Y年%m月%d日"),
    }


def _refuse_if_listed(case):
    listing = active_listing_for(case.applicant_id_number)
    if listing is not None:
        raise ValidationError({"status": [bar_message(listing)]})


# ------------------------------------------------------------------ opening commitments at acceptance


def commitments_open(*, case_id, accepted_at):
    """At acceptance: one Commitment (with its reminders) per promised or deficient material.

    Idempotent (one row per case and material); called by the acceptance-event subscriber.
    """
    from approvals.models import Case

    case = Case.objects.select_related("item", "department", "item_version").get(pk=case_id)
    config = config_for(case.item)
    created = []
    rows = CaseMaterial.objects.filter(case=case, status__in=[MaterialStatus.COMMITTED, MaterialStatus.DEFICIENT])
    for material in rows:
        kind = CommitmentKind.COMMITMENT if material.status == MaterialStatus.COMMITTED else CommitmentKind.DEFICIENCY
        if kind == CommitmentKind.COMMITMENT:
            due = clock.due_for(start=accepted_at, amount=config.period_amount, unit=config.period_unit)
        else:
            due = clock.due_for(
                start=accepted_at, amount=config.deficiency_period_amount, unit=config.deficiency_period_unit
            )
        commitment, made = Commitment.objects.get_or_create(
            case=case,
            requirement_id=material.requirement_id,
            defaults={
                "department_id": case.department_id,
                "item_id": case.item_id,
                "name": material.name,
                "kind": kind,
                "started_at": accepted_at,
                "due_date": due.due_date,
                "due_at": due.due_at,
                "warn_at": due.warn_at,
                "provisional": due.provisional,
            },
        )
        if not made:
            continue
        created.append(commitment)
        for lead in config.lead_days():
            send_at = clock.reminder_time(due.due_date, lead)
            if send_at <= accepted_at:
                continue
            reminder = Reminder.objects.create(commitment=commitment, lead_days=lead, send_at=send_at)
            _enqueue("send_reminder", reminder.pk, send_at)
        _enqueue("mark_overdue", commitment.pk, due.due_at + timedelta(seconds=1))
    return created


def _enqueue(task_name, pk, at):
    """On commit: the fast path with a countdown; the beat sweep is the backstop."""
    countdown = max(0, (at - timezone.now()).total_seconds())
    if countdown > settings.HALL_COMMITMENT_COUNTDOWN_MAX_SECONDS:
        return

    def send():
        from commitments import tasks

        try:
            getattr(tasks, task_name).apply_async(args=[pk], countdown=countdown)
        except Exception:  # the broker is down: the sweep does it on time anyway
            logger.exception("could not enqueue %s for %s", task_name, pk)

    transaction.on_commit(send)


# ------------------------------------------------------------------ reminders, overdue, lapsed rectification


def reminder_send(*, reminder_id, now=None):
    """Send one due reminder exactly once (a case event: in-app and SMS through messaging).

    Returns 1 if sent, 0 if not due, already sent, or no longer needed.
    """
    now = now or hall_clock.now()
    with transaction.atomic():
        head = Reminder.objects.filter(pk=reminder_id).values_list("commitment__case_id", flat=True).first()
        if head is None:
            return 0
        case = lock_case(head)
        reminder = (
            Reminder.objects.select_for_update()
            .select_related("commitment")
            .filter(pk=reminder_id, sent_at__isnull=True, send_at__lte=now)
            .first()
        )
        if reminder is None:
            return 0
        commitment = reminder.commitment
        reminder.sent_at = now
        reminder.save(update_fields=["sent_at"])
        if commitment.status != CommitmentStatus.OPEN:
            return 0  # supplied or closed meanwhile: nothing to remind of
        due = commitment.due_date.strftime("%Y年%m月%d日")
        if reminder.lead_days:
            note = _("您承诺补交的“%(name)s”将于%(due)s到期（还有%(days)s天），请按时补交。") % {
                "name": commitment.name,
                "due": due,
                "days": reminder.lead_days,
            }
        else:
            note = _("您承诺补交的“%(name)s”今天（%(due)s）到期，请于今日内补交，逾期将责令限期整改。") % {
                "name": commitment.name,
                "due": due,
            }
        write_event(
            case,
            action=Action.COMMITMENT_REMIND,
            from_state=case.state,
            by=None,
            at=now,
            note=note,
            payload={
                "commitment": commitment.pk,
                "lead_days": reminder.lead_days,
                "due_date": str(commitment.due_date),
            },
        )
    return 1


def _lock_case_of(commitment_id):
    """The commitment's case, row-locked (case first, then the commitment: one lock order), or None."""
    case_id = Commitment.objects.filter(pk=commitment_id).values_list("case_id", flat=True).first()
    return None if case_id is None else lock_case(case_id)


def commitment_mark_overdue(*, commitment_id, now=None):
    """Past its due date unfulfilled: the commitment goes to 限期整改 with its own period. Once only."""
    now = now or hall_clock.now()
    with transaction.atomic():
        case = _lock_case_of(commitment_id)
        if case is None:
            return 0
        commitment = (
            Commitment.objects.select_for_update()
            .filter(pk=commitment_id, status=CommitmentStatus.OPEN, due_at__lt=now)
            .first()
        )
        if commitment is None:
            return 0
        config = config_for(case.item)
        day = catalog_clock.add_working_days(timezone.localdate(now), config.rectification_days)
        due_at = catalog_clock.close_of_day(day)
        warn_at = max(now, due_at - timedelta(days=3))
        Rectification.objects.update_or_create(
            commitment=commitment,
            defaults={"ordered_at": now, "due_at": due_at, "warn_at": warn_at, "status": RectificationStatus.OPEN},
        )
        commitment.status, commitment.overdue_at = CommitmentStatus.RECTIFYING, now
        commitment.save(update_fields=["status", "overdue_at"])
        write_event(
            case,
            action=Action.ORDER_RECTIFICATION,
            from_state=case.state,
            by=None,
            at=now,
            note=_(
                "您承诺补交的“%(name)s”已逾期（期限%(due)s），责令于%(until)s前整改补交；逾期未整改将被列入失信名单并撤销许可决定。"
            )
            % {
                "name": commitment.name,
                "due": commitment.due_date.strftime("%Y年%m月%d日"),
                "until": day.strftime("%Y年%m月%d日"),
            },
            payload={"commitment": commitment.pk, "rectify_by": str(day)},
        )
    _enqueue("lapse_rectification", commitment_id, due_at + timedelta(seconds=1))
    return 1


def rectification_lapse(*, commitment_id, now=None):
    """The rectification period passed unfulfilled: the commitment is breached (once)."""
    now = now or hall_clock.now()
    with transaction.atomic():
        case = _lock_case_of(commitment_id)
        if case is None:
            return 0
        rectification = (
            Rectification.objects.select_for_update()
            .select_related("commitment")
            .filter(commitment_id=commitment_id, status=RectificationStatus.OPEN, due_at__lt=now)
            .first()
        )
        if rectification is None or rectification.commitment.status != CommitmentStatus.RECTIFYING:
            return 0
        rectification.status, rectification.closed_at = RectificationStatus.LAPSED, now
        rectification.save(update_fields=["status", "closed_at"])
        commitment = rectification.commitment
        commitment.status = CommitmentStatus.BREACHED
        commitment.save(update_fields=["status"])
        write_event(
            case,
            action=Action.COMMITMENT_OVERDUE,
            from_state=case.state,
            by=None,
            at=now,
            note=_("“%(name)s”整改期满仍未补交，承诺未履行，审批部门将依法处理。") % {"name": commitment.name},
            payload={"commitment": commitment.pk},
        )
    return 1


def commitments_sweep(*, now=None, limit=500):
    """The beat backstop: due reminders, overdue commitments, lapsed rectifications.

    Rows are claimed with select_for_update(skip_locked=True); the services re-check under the
    case lock, so a raced or repeated run does nothing.
    """
    now = now or hall_clock.now()
    done = 0
    for model, filters, service, key in (
        (Reminder, {"sent_at__isnull": True, "send_at__lte": now}, reminder_send, "reminder_id"),
        (Commitment, {"status": CommitmentStatus.OPEN, "due_at__lt": now}, commitment_mark_overdue, "commitment_id"),
        (
            Rectification,
            {"status": RectificationStatus.OPEN, "due_at__lt": now},
            rectification_lapse,
            "commitment_id",
        ),
    ):
        field = "commitment_id" if model is Rectification else "pk"
        ids = list(model.objects.filter(**filters).order_by(field).values_list(field, flat=True)[:limit])
        for pk in ids:
            with transaction.atomic():
                lookup = {field: pk, **filters}
                claimed = model.objects.select_for_update(skip_locked=True).filter(**lookup).exists()
            if claimed:
                done += service(**{key: pk}, now=now)
    return done


# ------------------------------------------------------------------ fulfilment


def _require_department(by, case, roles=(Role.REVIEWER, Role.CHIEF)):
    if not department_staff(staff_profile_of(by), case.department_id, roles=roles):
        raise PermissionDenied(_("只有本部门审批人员可以办理。"))


def _locked_commitment(commitment):
    case = lock_case(commitment.case_id)
    return case, Commitment.objects.select_for_update().get(pk=commitment.pk)


def commitment_supply(*, commitment, by, file=None, paper=False, note=""):
    """Supply the promised material: a file online (the applicant) or at the window (paper or file)."""
    if not file and not paper:
        raise ValidationError({"file": [_("请上传补交材料的文件，或在窗口登记纸质材料。")]})
    checked = check_upload(file) if file else None
    with replacing_files() as files, transaction.atomic():
        case, commitment = _locked_commitment(commitment)
        own = is_own_applicant(by, case)
        desk = front_desk_handles(staff_profile_of(by), case.department_id)
        if not own and not desk:
            raise PermissionDenied(_("只有申请人本人或受理窗口可以补交承诺材料。"))
        if paper and not desk:
            raise PermissionDenied(_("纸质材料须到窗口由工作人员登记。"))
        if commitment.status not in (CommitmentStatus.OPEN, CommitmentStatus.RECTIFYING):
            raise CaseConflict(
                _("该承诺事项当前为“%(status)s”，不能补交。") % {"status": commitment.get_status_display()},
                object=case,
            )
        now = hall_clock.now()
        if checked:
            files.replace(commitment.file, file, name=file.name.rsplit("/", 1)[-1])
            commitment.sha256 = checked.sha256
        commitment.status = CommitmentStatus.SUPPLIED
        commitment.supplied_at, commitment.supplied_by = now, by
        commitment.supplied_via = SignedVia.ONLINE if own and not desk else SignedVia.WINDOW
        commitment.reject_reason = ""
        commitment.save()
        write_event(
            case,
            action=Action.COMMITMENT_SUPPLY,
            from_state=case.state,
            by=by,
            at=now,
            note=(note or "").strip(),
            payload={
                "commitment": commitment.pk,
                "name": commitment.name,
                "via": commitment.supplied_via,
                **({"sha256": checked.sha256} if checked else {"paper": True}),
            },
        )
    return commitment


def commitment_verify(*, commitment, by, accept, reason=""):
    """The department checks a supplied material: accepted closes it; rejected reopens it (with the reason)."""
    if not accept and blank(reason):
        raise ValidationError({"reason": [_("退回补交材料必须说明理由。")]})
    with transaction.atomic():
        case, commitment = _locked_commitment(commitment)
        _require_department(by, case)
        if commitment.status != CommitmentStatus.SUPPLIED:
            raise CaseConflict(_("该承诺事项没有待核验的补交材料。"), object=case)
        now = hall_clock.now()
        rectification = Rectification.objects.select_for_update().filter(commitment=commitment).first()
        if accept:
            commitment.status = CommitmentStatus.FULFILLED
            commitment.fulfilled_at = commitment.supplied_at
            commitment.on_time = commitment.supplied_at <= commitment.due_at
            material = CaseMaterial.objects.select_for_update().get(case=case, requirement_id=commitment.requirement_id)
            material.status, material.uploaded_at, material.uploaded_by = MaterialStatus.RECEIVED, now, by
            material.save(update_fields=["status", "uploaded_at", "uploaded_by"])
            if rectification is not None and rectification.status == RectificationStatus.OPEN:
                rectification.status, rectification.closed_at = RectificationStatus.COMPLIED, now
                rectification.save(update_fields=["status", "closed_at"])
            note = _("补交的“%(name)s”经核验符合要求，承诺已履行。") % {"name": commitment.name}
        else:
            reopened = rectification is not None and rectification.status == RectificationStatus.OPEN
            commitment.status = CommitmentStatus.RECTIFYING if reopened else CommitmentStatus.OPEN
            commitment.reject_reason = reason.strip()
            note = _("补交的“%(name)s”未通过核验：%(reason)s。请在期限内重新补交。") % {
                "name": commitment.name,
                "reason": reason.strip(),
            }
        commitment.verified_at, commitment.verified_by = now, by
        commitment.save()
        write_event(
            case,
            action=Action.COMMITMENT_VERIFY,
            from_state=case.state,
            by=by,
            at=now,
            note=note,
            payload={"commitment": commitment.pk, "accepted": bool(accept), "on_time": commitment.on_time},
        )
    if not accept and commitment.status == CommitmentStatus.OPEN and commitment.due_at < hall_clock.now():
        commitment_mark_overdue(commitment_id=commitment.pk)
    return commitment


# ------------------------------------------------------------------ breach: 失信名单, 撤销, 信用修复


def _tell_regulators(case, text):
    for department_id in case.item.regulators.values_list("pk", flat=True):
        RegulatorNotice.objects.create(department_id=department_id, case=case, text=text[:300])


def listing_create(*, commitment, by, reason):
    """列入失信名单: only for a commitment breached after its rectification period."""
    if blank(reason):
        raise ValidationError({"reason": [_("列入失信名单必须说明事由。")]})
    with transaction.atomic():
        case, commitment = _locked_commitment(commitment)
        _require_department(by, case)
        if commitment.status != CommitmentStatus.BREACHED:
            raise CaseConflict(_("只有整改期满仍未履行的承诺才能列入失信名单。"), object=case)
        if CreditListing.objects.filter(commitment=commitment, status=ListingStatus.ACTIVE).exists():
            raise CaseConflict(_("该承诺事项已列入失信名单。"), object=case)
        now = hall_clock.now()
        publicity_day = catalog_clock.add_working_days(timezone.localdate(now), settings.HALL_COMMITMENT_PUBLICITY_DAYS)
        bars_until = (
            now.replace(year=now.year + settings.HALL_COMMITMENT_BAR_YEARS)
            if not (now.month == 2 and now.day == 29)
            else (now + timedelta(days=365 * settings.HALL_COMMITMENT_BAR_YEARS))
        )
        listing = CreditListing.objects.create(
            case=case,
            commitment=commitment,
            department_id=case.department_id,
            subject_type=case.applicant_type,
            subject_name=case.applicant_name,
            id_number=case.applicant_id_number,
            reason=reason.strip(),
            listed_at=now,
            listed_by=by,
            publicity_ends_at=catalog_clock.close_of_day(publicity_day),
            bars_until=bars_until,
        )
        note = _("因“%(reason)s”，申请人被列入失信名单，%(until)s前不得适用告知承诺方式办理。") % {
            "reason": listing.reason,
            "until": timezone.localdate(bars_until).strftime("%Y年%m月%d日"),
        }
        write_event(
            case,
            action=Action.CREDIT_LIST,
            from_state=case.state,
            by=by,
            at=now,
            note=note,
            payload={"listing": listing.pk, "commitment": commitment.pk},
        )
        _tell_regulators(
            case,
            _("%(case)s：%(name)s 被列入失信名单（%(reason)s）。")
            % {"case": case.number, "name": case.applicant_name, "reason": listing.reason},
        )
    return listing


def decision_revoke(*, case, by, reason):
    """撤销 the decision obtained on a broken promise: the certificate is no longer valid."""
    if blank(reason):
        raise ValidationError({"reason": [_("撤销许可决定必须说明理由。")]})
    with transaction.atomic():
        case = lock_case(case)
        _require_department(by, case, roles=(Role.CHIEF,))
        if not Commitment.objects.filter(case=case, status=CommitmentStatus.BREACHED).exists():
            raise CaseConflict(_("只有承诺未履行（整改期满仍未补交）的办件才能撤销许可决定。"), object=case)
        result = Result.objects.select_for_update().filter(case=case, kind=ResultKind.CERTIFICATE).first()
        if result is None:
            raise CaseConflict(_("该办件尚未出具证照，无可撤销的许可决定。"), object=case)
        if result.revoked_at is not None:
            raise CaseConflict(_("该许可决定已经撤销。"), object=case)
        now = hall_clock.now()
        result.revoked_at, result.revocation_reason = now, reason.strip()
        result.save(update_fields=["revoked_at", "revocation_reason"])
        write_event(
            case,
            action=Action.REVOKE,
            from_state=case.state,
            by=by,
            at=now,
            note=_("您的许可决定（证照编号%(number)s）已依法撤销，理由：%(reason)s。")
            % {"number": result.number, "reason": result.revocation_reason},
            payload={"result": result.number},
        )
        _tell_regulators(
            case,
            _("%(case)s：许可决定（%(number)s）已撤销（%(reason)s）。")
            % {"case": case.number, "number": result.number, "reason": result.revocation_reason},
        )
    return result


def listing_repair(*, listing, by, note):
    """信用修复: the department lifts the listing, with a record of why."""
    if blank(note):
        raise ValidationError({"note": [_("信用修复必须说明修复依据。")]})
    with transaction.atomic():
        case = lock_case(listing.case_id)
        _require_department(by, case)
        listing = CreditListing.objects.select_for_update().get(pk=listing.pk)
        if listing.status != ListingStatus.ACTIVE:
            raise CaseConflict(_("该失信记录已经修复。"), object=case)
        now = hall_clock.now()
        listing.status, listing.repaired_at, listing.repaired_by = ListingStatus.REPAIRED, now, by
        listing.repair_note = note.strip()
        listing.save(update_fields=["status", "repaired_at", "repaired_by", "repair_note"])
        write_event(
            case,
            action=Action.CREDIT_REPAIR,
            from_state=case.state,
            by=by,
            at=now,
            note=_("经信用修复，申请人已移出失信名单：%(note)s。") % {"note": listing.repair_note},
            payload={"listing": listing.pk},
        )
    return listing
