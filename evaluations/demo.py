"""Demo 好差评 (idempotent): window ratings over this month and the last, a few 差评 tickets, one
complaint, last month's confirmed stars, an open 最难办事科室 vote, and the complaint-desk account.

Called by `manage.py seed_demo` (it runs every app's `demo.seed`) and by
`manage.py seed_evaluations_demo` on its own."""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from catalog.clock import SHANGHAI
from catalog.models import Department, Item
from evaluations import rankings, services
from evaluations.constants import ComplaintSource, OccasionKind, OfflineIndicator, RatingChannel
from evaluations.hashing import keyed_hash
from evaluations.models import Award, Ballot, Campaign, Rating, RatingOccasion
from hall.constants import Role
from hall.models import StaffProfile, default_hall_id

# Per window number: how its clerk tends to be rated (weights of 5,4,3,2,1) and ratings a month.
PROFILES = [
    ((70, 22, 6, 2, 0), 14),
    ((55, 30, 10, 4, 1), 11),
    ((35, 35, 18, 8, 4), 9),
    ((25, 30, 25, 12, 8), 8),
]
REASONS = {
    "efficiency": "等候时间太长，排队一个多小时才办上。",
    "attitude": "工作人员说话不耐烦，问了两遍就不理人。",
    "skill": "材料要求前后说法不一致，让我多跑了一趟。",
    "overall": "整体感觉办事不够便捷，希望改进。",
}


def _at(day, rng):
    return datetime.combine(day, time(9 + rng.randrange(0, 7), rng.randrange(0, 60)), tzinfo=SHANGHAI)


def _rate_window(*, window, staff, item, at, rng, weights):
    score = rng.choices([5, 4, 3, 2, 1], weights=weights)[0]
    occasion = RatingOccasion.objects.create(
        kind=OccasionKind.WINDOW,
        window=window,
        staff=staff,
        item=item,
        department_id=item.department_id if item else window.department_id,
        created_at=at,
        presented_at=at,
        expires_at=at + timedelta(minutes=15),
    )
    indicators = {code: max(1, min(5, score + rng.choice([0, 0, 0, 1, -1]))) for code in OfflineIndicator.values}
    bad = rng.choice(list(REASONS)) if score <= 2 else ""
    return services.rating_submit(
        occasion=occasion,
        channel=RatingChannel.PAD,
        score=score,
        indicators=indicators,
        bad_indicator=bad,
        reason=REASONS.get(bad, ""),
        anonymous=rng.random() < 0.6,
        rater_name="群众" + rng.choice("张王李赵刘陈杨黄"),
        now=at,
    )


def _workdays(start, end):
    from catalog import clock

    day, out = start, []
    while day < end:
        if clock.is_workday(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def seed(*, stdout, password):
    from approvals.services.publishing import deliver_all_pending

    deliver_all_pending()  # delivered demo cases invite their online ratings
    User = get_user_model()
    desk, created = User.objects.get_or_create(username="complaint", defaults={"first_name": "何晓燕"})
    if created:
        desk.set_password(password)
        desk.save()
        StaffProfile.objects.create(user=desk, role=Role.COMPLAINT_DESK)
    if Rating.objects.filter(channel=RatingChannel.PAD).exists():
        stdout.write("  好差评演示数据已存在")
        return
    clerks = list(
        # The home hall's windows (the network's township windows are new and not yet rated).
        StaffProfile.objects.filter(
            window__isnull=False, window__hall_id=default_hall_id(), role__in=[Role.FRONT_DESK, Role.DELIVERY]
        )
        .select_related("user", "window", "window__department")
        .order_by("window__number")
    )
    if not clerks:
        stdout.write("  没有窗口工作人员，跳过好差评演示数据")
        return
    rng = random.Random(2026)
    now = timezone.now()
    this = rankings.current_month(now)
    last = this.previous()
    made = 0
    with transaction.atomic():
        for i, profile in enumerate(clerks):
            weights, per_month = PROFILES[i % len(PROFILES)]
            window = profile.window
            items = (
                list(Item.objects.filter(department=window.department)[:5])
                if window.department_id
                else list(Item.objects.all()[:8])
            )
            for period in (last, this):
                days = [d for d in _workdays(period.start, period.end) if _at(d, rng) < now] or [period.start]
                for _n in range(per_month if period is last else max(1, per_month * len(days) // 21)):
                    at = _at(rng.choice(days), rng)
                    if at >= now:
                        at = now - timedelta(minutes=rng.randrange(5, 600))
                    _rate_window(
                        window=window,
                        staff=profile.user,
                        item=rng.choice(items) if items else None,
                        at=at,
                        rng=rng,
                        weights=weights,
                    )
                    made += 1
        stdout.write(f"  好差评：{made} 条窗口评价（{last.label}、{this.label}）")

        department = Department.objects.order_by("code").first()
        complainant = User.objects.filter(username="applicant").first()
        if complainant is not None and hasattr(complainant, "applicant_profile"):
            services.complaint_file(
                source=ComplaintSource.PORTAL,
                subject="窗口午休时间无人值守",
                content="中午12点到窗口办理业务，窗口没有人，等了40分钟。",
                department=department,
                by=complainant,
            )
        admin = User.objects.filter(is_superuser=True).order_by("pk").first()
        if admin is not None:
            for award in services.awards_propose(period=last.key, by=admin, now=now):
                if award.confirmed_at is None:
                    services.award_confirm(award=award, by=admin, now=now)
            stdout.write(
                f"  星级窗口/红旗窗口/服务之星：{Award.objects.filter(period=last.key).count()} 项（{last.label}）"
            )

        departments = list(Department.objects.order_by("code")[:4])
        if departments and not Campaign.objects.exists():
            campaign = Campaign.objects.create(
                title=f"{this.start.year}年度“最难办事科室”群众评议",
                starts_on=this.start,
                ends_on=this.end - timedelta(days=1),
            )
            offices = []
            for d in departments:
                for name in ("行政审批科", "综合科"):
                    offices.append(campaign.offices.create(department=d, name=name))
            for n in range(9):
                Ballot.objects.create(
                    campaign=campaign,
                    office=offices[n % 3],
                    behaviours=rng.sample(["cold", "lazy", "shirk"], 2),
                    example="办理营业执照变更，窗口让我回去找社区开证明，来回跑了三趟。",
                    voter_hash=keyed_hash(f"1390000{n:04d}", scope=f"campaign:{campaign.pk}"),
                )
            stdout.write(f"  最难办事科室评议：{campaign.title}（/vote/{campaign.pk}/）")
