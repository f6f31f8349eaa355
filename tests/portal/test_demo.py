import io

import pytest

from portal import demo
from portal.models import LibraryMaterial
from tests.factories import make_applicant_user


@pytest.mark.django_db
def test_demo_library_is_idempotent():
    make_applicant_user(username="applicant")
    demo.seed(stdout=io.StringIO(), password="x")
    demo.seed(stdout=io.StringIO(), password="x")
    names = set(LibraryMaterial.objects.filter(owner__username="applicant").values_list("name", flat=True))
    assert names == {"居民身份证（正反面）", "营业执照"}
