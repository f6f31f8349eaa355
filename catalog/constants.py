from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    INSTANT = "instant", _("即办件")
    PROMISED = "promised", _("承诺件")


class ItemType(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    CONFIRMATION = "confirmation", _("行政确认")
    PAYMENT = "payment", _("行政给付")
    PUBLIC_SERVICE = "public_service", _("公共服务")
    OTHER_POWER = "other_power", _("其他行政权力")


class ApplicantType(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")


class MaterialForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    EITHER = "either", _("纸质或电子")


class MaterialSource(models.TextChoices):
    APPLICANT = "applicant", _("申请人自备")
    GOVERNMENT = "government", _("政府部门核发")


class ResultType(models.TextChoices):
    CERTIFICATE = "certificate", _("证照")
    APPROVAL_DOCUMENT = "approval_document", _("批准文书")
    RECORD = "record", _("备案/登记凭证")
    OTHER = "other", _("其他")
