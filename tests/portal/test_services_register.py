import pytest
from django.core.exceptions import ValidationError

from hall.models import ApplicantProfile
from portal import services as portal
from tests.factories import bad_resident_id, credit_code, resident_id


@pytest.mark.django_db
def test_person_registers_with_a_valid_resident_id():
    number = resident_id()
    user = portal.applicant_register(
        username="zhangsan",
        password="Hall-pass-2026",
        applicant_type="person",
        name="张三",
        id_number=number,
        phone="13812345678",
    )
    profile = ApplicantProfile.objects.get(user=user)
    assert profile.id_number == number and profile.applicant_type == "person"
    assert user.check_password("Hall-pass-2026")


def _wrong_check_character(code):
    """The code with a check character that cannot be right (a fixed "0" was right 1 time in 31)."""
    return code[:-1] + ("1" if code[-1] == "0" else "0")


@pytest.mark.django_db
def test_invalid_ids_and_duplicates_are_refused_in_chinese():
    with pytest.raises(ValidationError) as exc:
        portal.applicant_register(
            username="a1",
            password="Hall-pass-2026",
            applicant_type="person",
            name="张三",
            id_number=bad_resident_id(),
            phone="12345",
        )
    errors = exc.value.message_dict
    assert "校验位" in errors["id_number"][0]
    assert "联系电话" in errors["phone"][0]

    with pytest.raises(ValidationError) as exc:
        portal.applicant_register(
            username="org",
            password="Hall-pass-2026",
            applicant_type="organisation",
            name="示范有限公司",
            id_number=_wrong_check_character(credit_code()),
            phone="13812345678",
        )
    assert "统一社会信用代码" in exc.value.message_dict["id_number"][0]
    assert "联系人" in exc.value.message_dict["contact_person"][0]

    number = credit_code()
    portal.applicant_register(
        username="org",
        password="Hall-pass-2026",
        applicant_type="organisation",
        name="示范有限公司",
        id_number=number,
        phone="13812345678",
        contact_person="李四",
    )
    with pytest.raises(ValidationError) as exc:
        portal.applicant_register(
            username="org2",
            password="Hall-pass-2026",
            applicant_type="organisation",
            name="示范有限公司",
            id_number=number,
            phone="13812345678",
            contact_person="李四",
        )
    assert "已注册" in exc.value.message_dict["id_number"][0]
