"""一个窗口收费: how an item's fee is computed, the charges taken for a case, receipts and refunds."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fees.constants import ChargeStatus, FeeBasis, PaymentMethod


class FeeRule(models.Model):
    """The fee basis of a charged item (the catalog keeps the standard amount and its legal basis)."""

    item = models.OneToOneField("catalog.Item", verbose_name=_("事项"), on_delete=models.CASCADE, related_name="+")
    basis = models.CharField(_("计费方式"), max_length=10, choices=FeeBasis.choices, default=FeeBasis.FIXED)
    unit_name = models.CharField(
        _("计量单位"), max_length=10, blank=True, help_text=_("按数量计收时填写，如：本、份、平方米")
    )
    max_quantity = models.PositiveIntegerField(_("单次最大数量"), default=1000)

    class Meta:
        verbose_name = _("收费方式")
        verbose_name_plural = _("收费方式")

    def __str__(self):
        return f"{self.item_id} {self.get_basis_display()}"


class ReceiptCounter(models.Model):
    """The last receipt number given out on a day (SF + date + sequence)."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.day} {self.last}"


class Charge(models.Model):
    number = models.CharField(_("收费票据号"), max_length=24, unique=True)
    case = models.ForeignKey("approvals.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("执收部门"), on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField(_("计费方式"), max_length=10, choices=FeeBasis.choices)
    quantity = models.PositiveIntegerField(_("数量"), default=1)
    unit_amount = models.DecimalField(_("收费标准（元）"), max_digits=10, decimal_places=2)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    method = models.CharField(_("支付方式"), max_length=10, choices=PaymentMethod.choices)
    reference = models.CharField(_("支付凭证号"), max_length=64, blank=True, help_text=_("刷卡/扫码流水号"))
    provider_reference = models.CharField(_("支付平台订单号"), max_length=64, blank=True, db_index=True)
    pay_url = models.URLField(_("支付链接"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ChargeStatus.choices, db_index=True)
    window = models.ForeignKey(
        "hall.Window", verbose_name=_("收费窗口"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("开单时间"))
    paid_at = models.DateTimeField(_("收费时间"), null=True, blank=True)
    refund_reason = models.TextField(_("退款理由"), blank=True)
    refunded_at = models.DateTimeField(_("退款时间"), null=True, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("退款经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("收费记录")
        verbose_name_plural = _("收费记录")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=Decimal("0")), name="fee_charge_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status="refunded") | ~Q(refund_reason=""), name="fee_refund_has_reason"
            ),
        ]

    def __str__(self):
        return self.number
