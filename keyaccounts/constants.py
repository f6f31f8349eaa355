from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUpMethod(models.TextChoices):
    VISIT = "visit", _("上门走访")
    PHONE = "phone", _("电话回访")
    MEETING = "meeting", _("座谈")
