"""最难办事科室: campaigns, anonymous ballots (one per phone/ID, by keyed hash), publication, follow-ups."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric

from evaluations.constants import Behaviour, CampaignState
from evaluations.hashing import keyed_hash, normalise
from evaluations.models import Ballot, Campaign, CampaignOffice, FollowUpCheck
from evaluations.services._base import EvaluationConflict, role_of_staff
from hall.constants import Role

ORGANISER_ROLES = {Role.SUPERVISOR, Role.HALL_ADMIN}
EXAMPLE_MIN = 10


def _require_organiser(by):
    if role_of_staff(by) not in ORGANISER_ROLES:
        raise PermissionDenied(_("只有督查人员或大厅管理员可以组织评议。"))


def campaign_create(*, title, starts_on, ends_on, offices, by):
    """offices: [(department, office name), ...]"""
    _require_organiser(by)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("截止日期不能早于开始日期。")})
    if not offices:
        raise ValidationError({"offices": _("请至少列出一个参评科室。")})
    with transaction.atomic():
        campaign = Campaign.objects.create(title=title, starts_on=starts_on, ends_on=ends_on)
        for department, name in offices:
            CampaignOffice.objects.create(campaign=campaign, department=department, name=name)
    return campaign


def _voter_key(value):
    text = normalise(value)
    if re.fullmatch(r"1\d{10}", text) or ric.is_valid(text):
        return text
    raise ValidationError({"voter": _("请填写有效的手机号码或公民身份号码（仅用于防止重复投票，不会保存）。")})


def ballot_cast(*, campaign, office_id, behaviours, example, voter, now=None):
    """One anonymous ballot per phone/ID per campaign; only a keyed hash of the number is kept."""
    now = now or timezone.now()
    errors = {}
    office = CampaignOffice.objects.filter(campaign=campaign, pk=office_id).first() if office_id else None
    if office is None:
        errors["office"] = _("请选择参评科室。")
    chosen = [b for b in dict.fromkeys(behaviours or []) if b in Behaviour.values]
    if not chosen or len(chosen) != len(set(behaviours or [])):
        errors["behaviours"] = _("请至少选择一种问题（冷、懒、推、乱、贪）。")
    example = (example or "").strip()
    if len(example) < EXAMPLE_MIN:
        errors["example"] = _("请写出具体事例（至少%(n)s个字）。") % {"n": EXAMPLE_MIN}
    try:
        key = _voter_key(voter)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        key = None
    if errors:
        raise ValidationError(errors)
    if not campaign.is_open_on(timezone.localdate(now)):
        raise EvaluationConflict(_("本次评议不在投票期内。"))
    try:
        with transaction.atomic():
            return Ballot.objects.create(
                campaign=campaign,
                office=office,
                behaviours=chosen,
                example=example[:2000],
                voter_hash=keyed_hash(key, scope=f"campaign:{campaign.pk}"),
                cast_at=now,
            )
    except IntegrityError:
        raise ValidationError({"voter": _("该手机号码或证件号码已参加过本次评议，每人限投一票。")}) from None


def campaign_publish(*, campaign, by, now=None):
    """Close the vote and publish the ranking (the worst ten with their problems)."""
    _require_organiser(by)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.state == CampaignState.PUBLISHED:
            raise EvaluationConflict(_("评议结果已经公布。"))
        campaign.state, campaign.published_at = CampaignState.PUBLISHED, now or timezone.now()
        campaign.save(update_fields=["state", "published_at"])
    return campaign


def followup_record(*, office, finding, rectified, by, checked_on=None):
    _require_organiser(by)
    finding = (finding or "").strip()
    if len(finding) < 2:
        raise ValidationError({"finding": _("请填写检查情况。")})
    if (
        Campaign.objects.filter(pk=office.campaign_id).values_list("state", flat=True).first()
        != CampaignState.PUBLISHED
    ):
        raise EvaluationConflict(_("结果公布后才能跟踪检查。"))
    return FollowUpCheck.objects.create(
        office=office,
        finding=finding,
        rectified=bool(rectified),
        checked_by=by,
        checked_on=checked_on or timezone.localdate(),
    )
