from django.db import models
from django.utils.translation import gettext_lazy as _


class FeeBasis(models.TextChoices):
    FIXED = "fixed", _("按件定额")
    PER_UNIT = "per_unit", _("按数量计收")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("现金")
    CARD = "card", _("银行卡")
    SCAN = "scan", _("扫码支付")
    ONLINE = "online", _("网上支付")


class ChargeStatus(models.TextChoices):
    PENDING = "pending", _("待支付")
    PAID = "paid", _("已收费")
    REFUNDED = "refunded", _("已退款")
    CANCELLED = "cancelled", _("已取消")


# Payments recorded at the window; online ones go through the payment provider.
WINDOW_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.SCAN)
