"""Forms of the floor pages (the services validate again; these shape the input)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hallfloor.constants import Priority
from hallfloor.models import BusinessArea

PRIORITY_CHOICES = [(v, label) for v, label in Priority.choices if v != Priority.APPOINTMENT]


class TakeTicketForm(forms.Form):
    item = forms.CharField(required=False, widget=forms.HiddenInput)
    priority = forms.ChoiceField(
        label=_("特殊群体优先"), choices=PRIORITY_CHOICES, required=False, widget=forms.RadioSelect
    )
    phone = forms.CharField(
        label=_("手机号（选填，快到号时短信提醒）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("预约码"), max_length=12, widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    )


class AppointmentForm(forms.Form):
    area = forms.ModelChoiceField(label=_("业务区"), queryset=BusinessArea.objects.none(), empty_label=None)
    day = forms.DateField(label=_("预约日期"), widget=forms.DateInput(attrs={"type": "date"}))
    slot = forms.ChoiceField(label=_("预约时段"), choices=[])
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(
        label=_("身份证号"), max_length=18, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    phone = forms.CharField(
        label=_("手机号（接收预约码和提醒）"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = BusinessArea.objects.filter(is_active=True, accepts_appointments=True)
        times = sorted(set(slots))
        self.fields["slot"].choices = [(t.strftime("%H:%M"), t.strftime("%H:%M")) for t in times]


class DropOffForm(forms.Form):
    applicant_name = forms.CharField(label=_("申请人姓名或单位名称"), max_length=100)
    item = forms.CharField(label=_("办理事项编码"), max_length=64, required=False, widget=forms.HiddenInput)
    phone = forms.CharField(
        label=_("手机号"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class PickupForm(forms.Form):
    code = forms.CharField(
        label=_("取件码"), max_length=12, widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    )
