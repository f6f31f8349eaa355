from django.db import models


class ItemKind(models.TextChoices):
    INSTANT = "instant", "即办件"
    PROMISED = "promised", "承诺件"


class ItemType(models.TextChoices):
    LICENSING = "licensing", "行政许可"
    CONFIRMATION = "confirmation", "行政确认"
    PAYMENT = "payment", "行政给付"
    PUBLIC_SERVICE = "public_service", "公共服务"
    OTHER_POWER = "other_power", "其他行政权力"


class ApplicantType(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class MaterialForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"
    EITHER = "either", "纸质或电子"


class MaterialSource(models.TextChoices):
    APPLICANT = "applicant", "申请人自备"
    GOVERNMENT = "government", "政府部门核发"


class ResultType(models.TextChoices):
    CERTIFICATE = "certificate", "证照"
    APPROVAL_DOCUMENT = "approval_document", "批准文书"
    RECORD = "record", "备案/登记凭证"
    OTHER = "other", "其他"
