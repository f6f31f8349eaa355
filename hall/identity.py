"""Identity numbers: validation (GB 11643 resident ID, GB 32100 credit code) and masking.

Used everywhere an ID number or phone enters or leaves the system, so the rules and the
Chinese messages live in one place.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from hall.constants import ApplicantType

_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def clean_resident_id(value):
    """Return the compact resident ID (upper-case X) or raise ValidationError in Chinese."""
    number = re.sub(r"[\s-]", "", value or "").upper()
    try:
        return ric.validate(number)
    except InvalidLength as exc:
        raise ValidationError(_("公民身份号码应为18位。"), code="id_length") from exc
    except InvalidChecksum as exc:
        raise ValidationError(_("公民身份号码校验位错误。"), code="id_checksum") from exc
    except InvalidComponent as exc:
        raise ValidationError(_("公民身份号码中的出生日期或地区码无效。"), code="id_component") from exc
    except InvalidFormat as exc:
        raise ValidationError(_("公民身份号码格式错误。"), code="id_format") from exc


def clean_credit_code(value):
    """Return the compact unified social credit code or raise ValidationError in Chinese."""
    number = re.sub(r"[\s-]", "", value or "").upper()
    try:
        return uscc.validate(number)
    except InvalidLength as exc:
        raise ValidationError(_("统一社会信用代码应为18位。"), code="uscc_length") from exc
    except InvalidChecksum as exc:
        raise ValidationError(_("统一社会信用代码校验位错误。"), code="uscc_checksum") from exc
    except (InvalidFormat, InvalidComponent) as exc:
        raise ValidationError(_("统一社会信用代码格式错误。"), code="uscc_format") from exc


def clean_id_number(*, applicant_type, value):
    """Validate the number that fits the applicant type."""
    if applicant_type == ApplicantType.PERSON:
        return clean_resident_id(value)
    if applicant_type == ApplicantType.ORGANISATION:
        return clean_credit_code(value)
    raise ValidationError(_("申请人类型无效。"), code="applicant_type")


def clean_phone(value):
    number = re.sub(r"[\s]", "", value or "")
    if not _PHONE.match(number):
        raise ValidationError(_("联系电话格式错误，请填写11位手机号或带区号的固定电话。"), code="phone")
    return number


def validate_resident_id(value):
    """Model/form field validator."""
    clean_resident_id(value)


def mask_id_number(value):
    """110105********1234: keep the region code and the last four."""
    if not value:
        return ""
    if len(value) <= 10:
        return value[:2] + "*" * max(len(value) - 4, 0) + value[-2:]
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value):
    """138****5678."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
