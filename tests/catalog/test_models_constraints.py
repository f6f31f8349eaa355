import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog.models import Item
from catalog.models.items import pinyin_initials
from tests.catalog.factories import make_department, make_item

pytestmark = pytest.mark.django_db


def test_database_refuses_a_promised_limit_longer_than_the_legal_one():
    item = make_item(legal_limit_days=20, promised_limit_days=5)
    item.promised_limit_days = 21
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_full_clean_explains_promised_over_legal_in_chinese_on_the_field():
    item = make_item(legal_limit_days=10, promised_limit_days=5)
    item.promised_limit_days = 12
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    assert (
        "承诺办结时限（12个工作日）不得超过法定办结时限（10个工作日）"
        in caught.value.message_dict["promised_limit_days"][0]
    )


def test_item_codes_are_unique():
    item = make_item(code="SCJG-X")
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.create(code="SCJG-X", name="另一个", department=item.department)
    duplicate = Item(code="SCJG-X", name="另一个", department=item.department, applicant_types=[])
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "code" in caught.value.message_dict


def test_max_visits_above_two_is_refused():
    item = make_item()
    item.max_visits = 3
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_fee_amount_must_match_whether_a_fee_is_charged():
    item = make_item(fee_charged=True)
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    assert caught.value.message_dict["fee_amount"] == ["收费事项须填写收费标准。"]


def test_unknown_applicant_type_is_refused():
    item = make_item(applicant_types=["alien"])
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    assert "申请主体只能是" in caught.value.message_dict["applicant_types"][0]


@pytest.mark.parametrize(
    ("name", "initials"),
    [("食品经营许可", "spjyxk"), ("企业银行账户开户", "qyyhzhkh"), ("公共场所卫生许可证核发", "ggcswsxkzhf")],
)
def test_pinyin_initials_are_filled_on_save(name, initials):
    assert pinyin_initials(name) == initials
    item = make_item(name=name, department=make_department())
    assert Item.objects.get(pk=item.pk).short_pinyin == initials


def test_limits_text_reads_like_a_guide():
    assert make_item(legal_limit_days=20, promised_limit_days=5).limits_text == "法定20个工作日，承诺5个工作日"
    instant = make_item(kind="instant", legal_limit_days=15, promised_limit_days=0)
    assert instant.limits_text == "法定15个工作日，承诺即时办结"
