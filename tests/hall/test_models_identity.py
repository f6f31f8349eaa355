"""ID numbers are validated with Chinese messages and masked in lists and logs."""

import pytest
from django.core.exceptions import ValidationError

from hall.identity import clean_credit_code, clean_id_number, clean_phone, clean_resident_id, mask_id_number, mask_phone
from tests.factories import bad_resident_id, credit_code, resident_id


def test_resident_id_check_digit_and_format():
    good = resident_id()
    assert clean_resident_id(f" {good[:6]} {good[6:]} ") == good
    assert clean_resident_id("11010519491231002x") == "11010519491231002X"
    for value, message in [
        (bad_resident_id(), "公民身份号码校验位错误"),
        ("1101051949123100", "应为18位"),
        ("11010519491331002X"[:-1] + "0", "公民身份号码"),
        ("ABCDEFGHIJKLMNOPQR", "公民身份号码"),
    ]:
        with pytest.raises(ValidationError) as err:
            clean_resident_id(value)
        assert message in err.value.messages[0]


def test_credit_code():
    assert clean_credit_code("91110000600037341L") == "91110000600037341L"
    assert clean_credit_code(credit_code())
    with pytest.raises(ValidationError, match="统一社会信用代码校验位错误"):
        clean_credit_code("91110000600037341A")
    with pytest.raises(ValidationError, match="统一社会信用代码"):
        clean_credit_code("123")


def test_id_number_by_applicant_type():
    assert clean_id_number(applicant_type="person", value=resident_id())
    with pytest.raises(ValidationError, match="统一社会信用代码"):
        clean_id_number(applicant_type="organisation", value=resident_id())
    with pytest.raises(ValidationError):
        clean_id_number(applicant_type="robot", value="1")


def test_phone():
    assert clean_phone("138 1234 5678") == "13812345678"
    assert clean_phone("0536-1234567") == "0536-1234567"
    with pytest.raises(ValidationError, match="联系电话"):
        clean_phone("12345678901")


def test_masking():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("91110000600037341L") == "911100********341L"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("") == "" and mask_phone("") == ""
