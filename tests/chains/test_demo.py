"""The 一件事 demo: three applications (开办企业 online, 开便利店 一业一证, a construction chain
registered at the desk with a joint review meeting); seeding twice adds nothing."""

import io

import pytest

from catalog import demo as catalog_demo
from chains import demo
from chains.models import ChainApplication, ChainTerms, Meeting
from hall import demo as hall_demo

pytestmark = pytest.mark.django_db


def test_chains_demo_is_idempotent_and_covers_the_three_chains():
    catalog_demo.seed(stdout=io.StringIO(), password="x")
    hall_demo.seed(stdout=io.StringIO(), password="x")
    demo.seed(stdout=io.StringIO(), password="x")
    names = set(ChainApplication.objects.values_list("chain__code", flat=True))
    assert names == {"kbqy", "kbld", "gcjs-kg"}
    kbqy = ChainApplication.objects.get(chain__code="kbqy")
    assert kbqy.runs.count() == 5  # 单位社会保险登记 added
    assert kbqy.materials.get(name="营业执照").uses.count() == 4
    assert ChainTerms.objects.get(chain__code="kbld").industry_licence
    assert ChainApplication.objects.get(chain__code="kbld").limit_hours == 4
    meeting = Meeting.objects.get()
    assert meeting.invitations.count() == 3 and meeting.invitations.exclude(opinion="").count() == 1
    demo.seed(stdout=io.StringIO(), password="x")
    assert ChainApplication.objects.count() == 3
