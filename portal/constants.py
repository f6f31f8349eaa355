"""Choices of the online hall."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LibrarySource(models.TextChoices):
    UPLOAD = "upload", _("本人上传")
    RESULT = "result", _("办理结果")
