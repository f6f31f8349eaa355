"""平台对话框: the front desk and the department talk about a case (the regulator later).

Messages go into the case's audit trail (audit app, target the case) — never onto the public
timeline the applicant sees.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from frontoffice.models import CaseMessage, ThreadRead
from frontoffice.selectors import thread_side
from hall import clock as hall_clock

MAX_LENGTH = 1000


def message_post(*, case, by, body):
    """Post one message on the case's conversation; the sender has read everything up to it."""
    text = (body or "").strip()
    if not text:
        raise ValidationError({"body": [_("请输入消息内容。")]})
    if len(text) > MAX_LENGTH:
        raise ValidationError({"body": [_("消息不能超过 %(n)d 字。") % {"n": MAX_LENGTH}]})
    side = thread_side(by, case)
    if side is None:
        raise PermissionDenied(_("只有前台窗口、审批部门和督查人员可以参与办件对话。"))
    with transaction.atomic():
        message = CaseMessage.objects.create(case=case, author=by, side=side, body=text, at=hall_clock.now())
        audit.record(
            kind="case-message",
            user=by,
            target_type="case",
            target=case.number,
            details={"message": message.pk, "side": side, "body": text},
        )
        _mark_read(case=case, user=by, upto=message.pk)
    return message


def _mark_read(*, case, user, upto):
    row, _created = ThreadRead.objects.select_for_update().get_or_create(case=case, user=user)
    if upto > row.last_message_id:
        row.last_message_id = upto
        row.save(update_fields=["last_message_id"])


def thread_mark_read(*, case, user, upto):
    """The user has seen the conversation up to message `upto` (never moves backwards)."""
    if not upto:
        return
    with transaction.atomic():
        _mark_read(case=case, user=user, upto=upto)
