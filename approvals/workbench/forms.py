"""Workbench forms besides the case actions (whose forms are approvals.action_forms): they only
shape the input; the services hold the rules and the messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hall.constants import ApplicantType


class NewCaseForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput, required=False)
    item_query = forms.CharField(
        label=_("办理事项"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("输入事项名称、编码或拼音首字母，如 spjy"),
                "autocomplete": "off",
                "autofocus": True,
            }
        ),
    )
    applicant_type = forms.ChoiceField(
        label=_("申请人类型"), choices=ApplicantType.choices, initial=ApplicantType.PERSON, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("申请人姓名/单位名称"), max_length=100, required=False)
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=30,
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "data-id-check": "1",
                "spellcheck": "false",
                "placeholder": _("公民身份号码或统一社会信用代码"),
            }
        ),
    )
    phone = forms.CharField(
        label=_("联系电话"), max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    agent_name = forms.CharField(label=_("代理人"), max_length=50, required=False)
    agent_id_number = forms.CharField(
        label=_("代理人身份证号"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-id-check": "person", "spellcheck": "false"}),
    )

    def applicant(self):
        d = self.cleaned_data
        return {
            "type": d["applicant_type"],
            "name": d["name"],
            "id_number": d["id_number"],
            "phone": d["phone"],
            "address": d["address"],
            "agent_name": d["agent_name"],
            "agent_id_number": d["agent_id_number"],
        }


# Service error keys -> form fields.
NEW_CASE_FIELDS = {"type": "applicant_type", "applicant": "name", "item": "item_query", "channel": None}


class MaterialForm(forms.Form):
    OPS = [
        ("original", _("收原件")),
        ("copy", _("收复印件")),
        ("file", _("上传")),
        ("deficient", _("容缺")),
        ("committed", _("承诺后补")),
        ("missing", _("撤销")),
    ]
    requirement = forms.IntegerField(widget=forms.HiddenInput)
    op = forms.ChoiceField(choices=OPS)
    file = forms.FileField(label=_("电子文件"), required=False)

    def service_kwargs(self):
        op = self.cleaned_data["op"]
        if op in ("original", "copy"):
            return {"paper": op}
        if op == "file":
            return {"file": self.cleaned_data.get("file")}
        return {"status": op}
