"""24-hour smart file lockers (智能文件柜): drop-off → staff take in and register → result
in a locker → pickup with the code. Every door opens through hallfloor.drivers."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.constants import CaseState
from hall.identity import clean_phone
from hallfloor.constants import NotificationKind, ParcelKind, ParcelStatus
from hallfloor.drivers import get_driver
from hallfloor.models import Locker, LockerParcel
from hallfloor.sealing import keyed_hash, phone_fields
from hallfloor.services.base import FloorConflict, log
from hallfloor.services.notices import notification_queue


def _free_locker():
    busy = LockerParcel.objects.filter(status=ParcelStatus.STORED).values("locker_id")
    locker = Locker.objects.filter(is_active=True).exclude(pk__in=busy).order_by("number").select_for_update().first()
    if locker is None:
        raise FloorConflict(_("暂无空闲柜格，请到窗口办理或稍后再试。"))
    return locker


def _open(locker):
    if not get_driver().open(locker.number):
        raise FloorConflict(_("%(n)s号柜门未能打开，请联系工作人员。") % {"n": locker.number})


def _reference(kind):
    prefix = "TD" if kind == ParcelKind.DROPOFF else "JG"
    return f"{prefix}{timezone.localtime():%y%m%d}{secrets.randbelow(10**6):06d}"


def _code():
    return f"{secrets.randbelow(10**6):06d}"


def _store(*, kind, by=None, phone="", code=None, **fields):
    with transaction.atomic():
        locker = _free_locker()
        code = code or _code()
        # a code must open exactly one stored parcel
        while LockerParcel.objects.filter(status=ParcelStatus.STORED, code_hash=keyed_hash(code)).exists():
            code = _code()
        parcel = LockerParcel.objects.create(
            locker=locker,
            kind=kind,
            code_hash=keyed_hash(code),
            reference=_reference(kind),
            stored_by=by if getattr(by, "is_authenticated", False) else None,
            **phone_fields(phone),
            **fields,
        )
        _open(locker)
        log(f"locker-{kind}", parcel=parcel, by=by, payload={"locker": locker.number})
    return parcel, code


def locker_drop_off(*, applicant_name, phone="", item=None, chain=None, note="", by=None):
    """The applicant leaves materials: a free door opens; returns (parcel, code)."""
    errors = {}
    if not (applicant_name or "").strip():
        errors["applicant_name"] = [_("请填写申请人姓名或单位名称。")]
    if item is None and chain is None:
        errors["item"] = [_("请选择办理事项或一件事。")]
    if phone:
        try:
            phone = clean_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    parcel, code = _store(
        kind=ParcelKind.DROPOFF,
        by=by,
        phone=phone,
        applicant_name=applicant_name.strip()[:100],
        item=item,
        chain=chain,
        note=(note or "")[:200],
    )
    with transaction.atomic():
        text = _("【%(hall)s】您的申请材料已放入%(n)s号柜，投递编号 %(ref)s，工作人员将尽快取件受理。") % {
            "hall": settings.HALL_NAME,
            "n": parcel.locker.number,
            "ref": parcel.reference,
        }
        notification_queue(kind=NotificationKind.LOCKER_DROPOFF, source=parcel, text=text, summary=text, parcel=parcel)
    return parcel, code


def parcel_take_in(*, parcel, by):
    """Staff open the door and take the materials out."""
    with transaction.atomic():
        parcel = LockerParcel.objects.select_for_update().select_related("locker").get(pk=parcel.pk)
        if parcel.kind != ParcelKind.DROPOFF or parcel.status != ParcelStatus.STORED:
            raise FloorConflict(_("该柜格中没有待取的申请材料。"))
        _open(parcel.locker)
        parcel.status, parcel.collected_at, parcel.collected_by = ParcelStatus.COLLECTED, timezone.now(), by
        parcel.save(update_fields=["status", "collected_at", "collected_by"])
        log("locker-take-in", parcel=parcel, by=by, payload={"locker": parcel.locker.number})
    return parcel


def parcel_register(*, parcel, case, by):
    """The materials taken in were registered as `case` (so its result can come back by locker)."""
    with transaction.atomic():
        parcel = LockerParcel.objects.select_for_update().get(pk=parcel.pk)
        if parcel.kind != ParcelKind.DROPOFF or parcel.status != ParcelStatus.COLLECTED:
            raise FloorConflict(_("请先开柜取出材料再登记办件。"))
        if parcel.case_id:
            raise FloorConflict(_("该投递已登记办件 %(n)s。") % {"n": parcel.case.number})
        parcel.case, parcel.registered_at = case, timezone.now()
        parcel.save(update_fields=["case", "registered_at"])
        log("locker-register", parcel=parcel, by=by, payload={"case": case.number})
    return parcel


def locker_put_result(*, case, by, phone=""):
    """The completed-item window puts a result in a free locker; the code goes out by text
    (to the case's phone unless another is given). Returns (parcel, code)."""
    if case.state not in (CaseState.READY,):
        raise FloorConflict(_("办件 %(n)s 尚未制证出件，不能放入结果柜。") % {"n": case.number})
    if LockerParcel.objects.filter(case=case, kind=ParcelKind.RESULT, status=ParcelStatus.STORED).exists():
        raise FloorConflict(_("办件 %(n)s 的结果已在柜中。") % {"n": case.number})
    phone = phone or case.applicant_phone
    parcel, code = _store(
        kind=ParcelKind.RESULT, by=by, phone=phone, applicant_name=case.applicant_name, item=case.item, case=case
    )
    with transaction.atomic():
        text = _("【%(hall)s】办件 %(case)s 的办理结果已放入%(n)s号智能文件柜，取件码 %(code)s，24小时可取。") % {
            "hall": settings.HALL_NAME,
            "case": case.number,
            "n": parcel.locker.number,
            "code": code,
        }
        notification_queue(
            kind=NotificationKind.LOCKER_RESULT,
            source=parcel,
            text=text,
            summary=_("办件 %(case)s 结果已入%(n)s号柜") % {"case": case.number, "n": parcel.locker.number},
            parcel=parcel,
        )
    return parcel, code


def locker_pickup(*, code, by=None):
    """取件: the code opens the door of the result (or, for staff, of anything) stored with it."""
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": [_("请输入取件码。")]})
    with transaction.atomic():
        parcel = (
            LockerParcel.objects.select_for_update()
            .select_related("locker")
            .filter(status=ParcelStatus.STORED, kind=ParcelKind.RESULT, code_hash=keyed_hash(code))
            .first()
        )
        if parcel is None:
            raise ValidationError({"code": [_("取件码无效或已使用。")]})
        _open(parcel.locker)
        parcel.status, parcel.collected_at = ParcelStatus.COLLECTED, timezone.now()
        parcel.save(update_fields=["status", "collected_at"])
        log("locker-pickup", parcel=parcel, by=by, payload={"locker": parcel.locker.number})
    return parcel
