"""The demo: a granted 食品经营许可 waits in 市场监管's inbox; seeding twice adds nothing."""

import io

import pytest

from regulators import demo
from regulators.models import Handoff, RegulatorEndpoint, Thread
from tests.factories import Cast, make_case, make_department, make_item

pytestmark = pytest.mark.django_db


def test_seed_hands_a_granted_food_licence_to_market_regulation(django_user_model):
    scjg = make_department(code="scjg", name="市场监督管理局")
    make_department(code="zjj", name="住房和城乡建设局")
    item = make_item(department=scjg, code="SCJG-SPJY-XK", name="食品经营许可")
    item.regulators.add(scjg)
    cast = Cast(scjg)
    old = make_case(state="granted", item=item, cast=cast)
    cases = [make_case(state="denied", item=item, cast=cast) for _ in range(7)]
    reviewer = cast.reviewer
    reviewer.username = "reviewer"
    reviewer.save()
    out = io.StringIO()
    demo.seed(stdout=out)
    assert "审管互动" in out.getvalue()
    food = Handoff.objects.get(case=old)
    assert food.acknowledged_at is None and food.outcome == "granted"
    assert Handoff.objects.filter(acknowledged_at__isnull=True).count() == demo.WAITING + 1
    assert Handoff.objects.filter(case=cases[0]).get().acknowledged_at is not None
    assert RegulatorEndpoint.objects.filter(department=scjg).exists()
    assert Thread.objects.filter(kind="consultation").exists()
    demo.seed(stdout=io.StringIO())
    assert Handoff.objects.count() == 8 and Thread.objects.count() == 1
