"""绿色通道 / 业务大户室: enterprises the hall serves as key accounts, the cases routed to their
dedicated window, and the follow-up visits (走访回访) made to them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hall.fields import BlindIndexField, EncryptedCharField
from keyaccounts.constants import FollowUpMethod


class KeyAccount(models.Model):
    name = models.CharField(_("企业名称"), max_length=100)
    # Encrypted like every ID number; cases are matched through the blind index.
    credit_code = EncryptedCharField(_("统一社会信用代码"), max_length=18)
    credit_code_index = BlindIndexField(_("信用代码索引"), source="credit_code")
    window = models.ForeignKey(
        "hall.Window",
        verbose_name=_("专属窗口"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("业务大户室（绿色通道）窗口；其办件转此窗口办理"),
    )
    contact_name = models.CharField(_("企业联系人"), max_length=50, blank=True)
    contact_phone = EncryptedCharField(_("联系电话"), max_length=20, blank=True)
    services = models.TextField(_("服务约定"), blank=True, help_text=_("如：优先办理、预约办理、联合办理"))
    is_active = models.BooleanField(_("有效"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("重点企业（业务大户）")
        verbose_name_plural = _("重点企业（业务大户）")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code_index"], condition=~Q(credit_code_index=""), name="keyaccount_unique_code"
            )
        ]

    def __str__(self):
        return self.name


class RoutedCase(models.Model):
    """A key account's case sent to the account's dedicated window (once per case)."""

    case = models.OneToOneField("approvals.Case", verbose_name=_("办件"), on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(KeyAccount, verbose_name=_("重点企业"), on_delete=models.CASCADE, related_name="routed")
    window = models.ForeignKey(
        "hall.Window", verbose_name=_("专属窗口"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    routed_at = models.DateTimeField(_("转办时间"))
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("转办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("转业务大户室的办件")
        verbose_name_plural = _("转业务大户室的办件")
        ordering = ["-routed_at", "-id"]

    def __str__(self):
        return f"{self.case_id} → {self.window_id}"


class FollowUp(models.Model):
    Method = FollowUpMethod

    account = models.ForeignKey(
        KeyAccount, verbose_name=_("重点企业"), on_delete=models.CASCADE, related_name="followups"
    )
    case = models.ForeignKey(
        "approvals.Case", verbose_name=_("相关办件"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    method = models.CharField(_("方式"), max_length=10, choices=Method.choices)
    at = models.DateTimeField(_("回访时间"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("回访人"), on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("情况记录"))
    issues = models.TextField(_("企业反映的问题"), blank=True)
    next_steps = models.TextField(_("后续措施"), blank=True)

    class Meta:
        verbose_name = _("回访记录")
        verbose_name_plural = _("回访记录")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.account_id} {self.at:%Y-%m-%d}"
