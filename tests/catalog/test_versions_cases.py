"""An item edit never changes what an existing case was accepted under (with real cases)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from approvals import services as case_services
from catalog.models import MaterialRequirement
from tests.factories import Cast, applicant_data, make_department, make_item

pytestmark = pytest.mark.django_db


def test_a_case_keeps_its_item_version_after_the_item_is_edited_in_the_admin(client):
    department = make_department(code="scjg", name="市场监督管理局")
    item = make_item(department=department, legal_limit_days=20, promised_limit_days=5, materials=2)
    cast = Cast(department)
    old_case = case_services.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)
    old_version = old_case.item_version

    # A hall admin shortens the promise and adds a material.
    admin = get_user_model().objects.create_superuser("catalog-admin", password="x")
    client.force_login(admin)
    item.promised_limit_days = 3
    item.save()
    MaterialRequirement.objects.create(item=item, position=3, name="新增的材料")
    new_case = case_services.case_create(item=item, channel="window", applicant=applicant_data(), by=cast.desk)

    old_case.refresh_from_db()
    assert old_case.item_version_id == old_version.pk
    assert old_case.item_version.snapshot["promised_limit_days"] == 5
    assert len(old_case.item_version.snapshot["materials"]) == 2
    assert new_case.item_version.number == old_version.number + 1
    assert new_case.item_version.snapshot["promised_limit_days"] == 3
    assert len(new_case.item_version.snapshot["materials"]) == 3
    # The admin's version history lists both.
    page = client.get(reverse("admin:catalog_item_change", args=[item.pk])).content.decode()
    assert f"{item.code} v{new_case.item_version.number}" in page
