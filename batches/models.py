"""批量受理: one applicant (or agent) hands in many cases of one item at once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from batches.constants import BatchSource
from hall.fields import EncryptedCharField


class Batch(models.Model):
    Source = BatchSource

    number = models.CharField(_("批次号"), max_length=24, unique=True)
    item = models.ForeignKey("catalog.Item", verbose_name=_("事项"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("实施部门"), on_delete=models.PROTECT, related_name="+"
    )
    submitter = models.CharField(_("提交单位/人"), max_length=100, help_text=_("如：某某学校（统一代办）"))
    agent_name = models.CharField(_("代理人"), max_length=50, blank=True)
    agent_id_number = EncryptedCharField(_("代理人身份证号"), max_length=18, blank=True)
    agent_phone = EncryptedCharField(_("代理人电话"), max_length=20, blank=True)
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    rows_total = models.PositiveIntegerField(_("行数"), default=0)
    rows_created = models.PositiveIntegerField(_("已登记"), default=0)
    errors = models.JSONField(_("有误的行"), default=list, blank=True, help_text=_("[{line, errors: {字段: [说明]}}]"))
    window = models.ForeignKey(
        "hall.Window", verbose_name=_("受理窗口"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"))
    elapsed_ms = models.PositiveIntegerField(_("登记耗时（毫秒）"), default=0)

    class Meta:
        verbose_name = _("批量受理批次")
        verbose_name_plural = _("批量受理批次")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.number


class BatchCase(models.Model):
    batch = models.ForeignKey(Batch, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="entries")
    case = models.OneToOneField(
        "approvals.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="batch_entry"
    )
    line = models.PositiveIntegerField(_("表格行号"))

    class Meta:
        verbose_name = _("批次办件")
        verbose_name_plural = _("批次办件")
        ordering = ["batch", "line"]

    def __str__(self):
        return f"{self.batch_id}#{self.line}"


class BatchRun(models.Model):
    """One "do it for all" on a batch: which action, by whom, and each case that failed and why."""

    batch = models.ForeignKey(Batch, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="runs")
    action = models.CharField(_("操作"), max_length=32)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"))
    succeeded = models.PositiveIntegerField(_("成功"), default=0)
    failures = models.JSONField(_("未成功"), default=list, blank=True, help_text=_("[{case, message}]"))

    class Meta:
        verbose_name = _("批量操作")
        verbose_name_plural = _("批量操作")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.batch_id} {self.action}"
