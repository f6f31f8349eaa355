"""Windows, staff roles and applicant profiles are validated when saved."""

import pytest
from django.core.exceptions import ValidationError

from hall.constants import Role, WindowKind
from hall.selectors import role_of, staff_profile_of
from hall.services import applicant_profile_save, staff_profile_set, window_save
from tests.factories import bad_resident_id, make_department, make_user, resident_id

pytestmark = pytest.mark.django_db


def test_specialised_window_needs_a_department():
    with pytest.raises(ValidationError, match="专业窗口必须指定所属部门"):
        window_save(number="12", name="市场监管专窗", kind=WindowKind.SPECIALISED)
    window = window_save(number="12", name="市场监管专窗", kind=WindowKind.SPECIALISED, department=make_department())
    assert str(window) == "12号窗口 市场监管专窗"


def test_staff_roles_need_their_department_or_window():
    user = make_user()
    with pytest.raises(ValidationError) as err:
        staff_profile_set(user=user, role=Role.CHIEF)
    assert "department" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        staff_profile_set(user=user, role=Role.FRONT_DESK)
    assert "window" in err.value.message_dict
    dept = make_department()
    profile = staff_profile_set(user=user, role=Role.CHIEF, department=dept)
    assert staff_profile_of(user) == profile and role_of(user) == Role.CHIEF


def test_applicant_profile_validates_the_id_number():
    user = make_user()
    with pytest.raises(ValidationError) as err:
        applicant_profile_save(
            user=user, applicant_type="person", name="张三", id_number=bad_resident_id(), phone="13800000000"
        )
    assert "校验位错误" in err.value.message_dict["id_number"][0]
    number = resident_id()
    profile = applicant_profile_save(
        user=user, applicant_type="person", name="张三", id_number=number, phone="13800000000"
    )
    assert profile.masked_id_number == number[:6] + "********" + number[-4:]
    assert role_of(user) == "applicant"
