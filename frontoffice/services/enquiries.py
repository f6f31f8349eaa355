"""首问负责: the first staff member asked owns an enquiry until it is answered or handed on."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from frontoffice.constants import EnquiryPlace, EnquiryStatus
from frontoffice.models import Enquiry, EnquiryHandover
from hall import clock as hall_clock
from hall.selectors import staff_profile_of

_PHONE = re.compile(r"^[0-9\-+ ]{5,20}$")


def _blank(value):
    return not (value or "").strip()


def enquiry_record(
    *, by, question, place=EnquiryPlace.WINDOW, item=None, topic="", asker_name="", asker_phone="", answer=""
):
    """Log an enquiry; `by` (the first one asked) owns it. With an answer it is answered at once."""
    profile = staff_profile_of(by)
    if profile is None:
        raise PermissionDenied(_("只有大厅工作人员可以登记咨询。"))
    errors = {}
    if _blank(question):
        errors["question"] = [_("请填写咨询问题。")]
    if item is None and _blank(topic):
        errors["topic"] = [_("请选择咨询事项，或填写其他咨询内容。")]
    phone = (asker_phone or "").strip()
    if phone and not _PHONE.match(phone):
        errors["asker_phone"] = [_("联系电话格式不正确。")]
    if place not in EnquiryPlace.values:
        errors["place"] = [_("咨询地点不正确。")]
    if errors:
        raise ValidationError(errors)
    now = hall_clock.now()
    answered = not _blank(answer)
    with transaction.atomic():
        return Enquiry.objects.create(
            place=place,
            window=profile.window,
            asked_at=now,
            asker_name=(asker_name or "").strip(),
            asker_phone=phone,
            item=item,
            topic=(topic or "").strip(),
            question=question.strip(),
            answer=(answer or "").strip(),
            status=EnquiryStatus.ANSWERED if answered else EnquiryStatus.OPEN,
            first_owner=by,
            owner=by,
            answered_by=by if answered else None,
            answered_at=now if answered else None,
        )


def _lock(enquiry):
    return Enquiry.objects.select_for_update().get(pk=enquiry.pk)


def _require_owner(enquiry, by):
    if enquiry.owner_id != by.pk:
        raise PermissionDenied(_("该咨询由其他工作人员负责，只有当前负责人可以答复或移交。"))
    if enquiry.status != EnquiryStatus.OPEN:
        raise ValidationError({"answer": [_("该咨询已答复。")]})


def enquiry_answer(*, enquiry, by, answer):
    if _blank(answer):
        raise ValidationError({"answer": [_("请填写答复内容。")]})
    with transaction.atomic():
        enquiry = _lock(enquiry)
        _require_owner(enquiry, by)
        enquiry.answer = answer.strip()
        enquiry.status = EnquiryStatus.ANSWERED
        enquiry.answered_by = by
        enquiry.answered_at = hall_clock.now()
        enquiry.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    return enquiry


def enquiry_hand_on(*, enquiry, by, to_user, note):
    """Hand the enquiry to a colleague with a record; the colleague owns it from now on."""
    errors = {}
    if _blank(note):
        errors["note"] = [_("请说明移交原因和已告知的内容。")]
    if to_user is None or staff_profile_of(to_user) is None:
        errors["to_user"] = [_("请选择接收的工作人员。")]
    elif to_user.pk == by.pk:
        errors["to_user"] = [_("不能移交给自己。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        enquiry = _lock(enquiry)
        _require_owner(enquiry, by)
        EnquiryHandover.objects.create(
            enquiry=enquiry, from_user=by, to_user=to_user, note=note.strip()[:200], at=hall_clock.now()
        )
        enquiry.owner = to_user
        enquiry.save(update_fields=["owner"])
    return enquiry


def enquiry_give_list(*, enquiry, by):
    """The applicant was given the one-time list (一次性告知单) of the item on the spot."""
    if enquiry.item_id is None:
        raise ValidationError({"item": [_("该咨询未关联事项，无法出具一次性告知单。")]})
    with transaction.atomic():
        enquiry = _lock(enquiry)
        if enquiry.list_given_at is None:
            enquiry.list_given_at = hall_clock.now()
            enquiry.save(update_fields=["list_given_at"])
    return enquiry
