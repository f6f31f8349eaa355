from django import forms
from django.utils.translation import gettext_lazy as _

from hall.constants import WindowKind
from hall.models import Window
from keyaccounts.models import FollowUp


class AccountForm(forms.Form):
    name = forms.CharField(label=_("企业名称"), max_length=100)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    window = forms.ModelChoiceField(
        label=_("专属窗口"),
        queryset=Window.objects.filter(is_active=True).exclude(kind=WindowKind.COMPLETED_ITEM),
        required=False,
        empty_label=_("（不指定）"),
    )
    contact_name = forms.CharField(label=_("企业联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    services = forms.CharField(
        label=_("服务约定"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class FollowUpForm(forms.Form):
    method = forms.ChoiceField(label=_("方式"), choices=FollowUp.Method.choices)
    summary = forms.CharField(label=_("情况记录"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    issues = forms.CharField(
        label=_("企业反映的问题"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    next_steps = forms.CharField(
        label=_("后续措施"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
