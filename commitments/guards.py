"""The checks commitments adds to case services (approvals.guards), without approvals importing it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from approvals import guards
from approvals.constants import Action, MaterialStatus
from approvals.models import CaseMaterial
from commitments.constants import Withhold
from commitments.models import CommitmentLetter


def no_commitment_when_listed(*, case, by, status="", **context):
    """A listed applicant (by ID number / credit code, also through an agent) may not promise."""
    from commitments.services import _refuse_if_listed

    if status == MaterialStatus.COMMITTED:
        _refuse_if_listed(case)


def signed_letter_before_acceptance(*, case, by, **context):
    """Accepting on commitment needs the signed 告知承诺书 covering every promised material."""
    from commitments.services import _refuse_if_listed, letter_text

    if not case.snapshot.get("allows_commitment"):
        return  # no material of this item version may be promised (case_create's may_commit)
    promised = list(
        CaseMaterial.objects.filter(case=case, status=MaterialStatus.COMMITTED).order_by("position", "requirement_id")
    )
    if not promised:
        return
    _refuse_if_listed(case)
    letter = CommitmentLetter.objects.filter(case=case).first()
    if letter is None or not letter.signed:
        raise ValidationError({"commitment_letter": [_("选择告知承诺的办件须先由申请人签署告知承诺书。")]})
    from commitments.services import _digest

    if sorted(letter.materials) != sorted(m.requirement_id for m in promised) or letter.text_sha256 != _digest(
        letter_text(case=case, materials=promised)
    ):
        raise ValidationError({"commitment_letter": [_("承诺材料已变更，须重新签署告知承诺书。")]})


def _deficient_names(case):
    return list(
        CaseMaterial.objects.filter(case=case, status=MaterialStatus.DEFICIENT)
        .order_by("position")
        .values_list("name", flat=True)
    )


def withhold_decision(*, case, by, **context):
    from commitments.services import config_for

    if not case.snapshot.get("allows_deficiency"):
        return  # no material of this item version can be 容缺 (case_create's may_be_deficient)
    if config_for(case.item).deficiency_withholds != Withhold.DECISION:
        return
    names = _deficient_names(case)
    if names:
        raise ValidationError(
            {"materials": [_("容缺材料尚未补齐，暂不能作出决定：%(names)s。") % {"names": "、".join(names)}]}
        )


def withhold_result(*, case, by, **context):
    from commitments.services import config_for

    if not case.snapshot.get("allows_deficiency") and not case.snapshot.get("allows_commitment"):
        return  # neither 容缺 materials nor a signed 告知承诺书 can hold this case's result
    config = config_for(case.item)
    if config.deficiency_withholds in (Withhold.DECISION, Withhold.RESULT):
        names = _deficient_names(case)
        if names:
            raise ValidationError(
                {"materials": [_("容缺材料尚未补齐，暂不能出证：%(names)s。") % {"names": "、".join(names)}]}
            )
    if config.onsite_check and config.pk:
        letter = CommitmentLetter.objects.filter(case=case).first()
        if letter is not None and letter.signed and letter.onsite_checked_at is None:
            raise ValidationError({"onsite_check": [_("该事项告知承诺办理须先完成现场核查，才能出证。")]})


def register_all():
    guards.register(Action.RECORD_MATERIAL, no_commitment_when_listed)
    guards.register(Action.DISPATCH, signed_letter_before_acceptance)
    guards.register(Action.ACCEPT_ON_THE_SPOT, signed_letter_before_acceptance)
    guards.register(Action.DECIDE, withhold_decision)
    guards.register(Action.ISSUE, withhold_result)
