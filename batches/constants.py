from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchSource(models.TextChoices):
    TABLE = "table", _("页面表格")
    XLSX = "xlsx", _("Excel 表格（xlsx）")
    CSV = "csv", _("CSV 文件")
