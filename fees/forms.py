from django import forms
from django.utils.translation import gettext_lazy as _

from fees.constants import PaymentMethod


class FindCaseForm(forms.Form):
    number = forms.CharField(label=_("办件编号"), max_length=40)


class ChargeForm(forms.Form):
    method = forms.ChoiceField(
        label=_("支付方式"),
        choices=[(m.value, m.label) for m in (PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.SCAN)],
        widget=forms.RadioSelect,
        initial=PaymentMethod.CASH,
    )
    quantity = forms.IntegerField(label=_("数量"), min_value=1, max_value=100000, initial=1)
    reference = forms.CharField(label=_("支付凭证号（刷卡/扫码流水号）"), max_length=64, required=False)


class RefundForm(forms.Form):
    reason = forms.CharField(label=_("退款理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
