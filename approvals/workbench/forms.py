"""Workbench forms: they only shape the input; the services hold the rules and the messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.constants import DeliveryMethod, Outcome, SuspensionKind
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


class NoteForm(forms.Form):
    note = forms.CharField(label=_("备注"), max_length=500, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


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


class SupplementForm(forms.Form):
    materials = forms.TypedMultipleChoiceField(
        label=_("需补正的材料"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("告知说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        initial=_("请按本告知书一次性补齐下列材料后再次提交。"),
    )

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials"].choices = [(m.requirement_id, m.name) for m in materials]
        if not self.is_bound:
            self.initial["materials"] = [m.requirement_id for m in materials if m.required and not m.satisfied]


class SuspendForm(forms.Form):
    kind = forms.ChoiceField(label=_("特别程序类型"), choices=SuspensionKind.choices)
    reason = forms.CharField(label=_("事由"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("决定"), choices=Outcome.choices, widget=forms.RadioSelect, initial=Outcome.GRANTED
    )
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text=_("不予许可必须说明理由")
    )


class IssueForm(forms.Form):
    certificate_number = forms.CharField(
        label=_("证照编号"), max_length=60, required=False, help_text=_("留空则按办件编号自动生成")
    )
    valid_until = forms.DateField(label=_("有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class DeliverForm(forms.Form):
    method = forms.ChoiceField(
        label=_("送达方式"), choices=DeliveryMethod.choices, initial=DeliveryMethod.PICKUP, widget=forms.RadioSelect
    )
    collector_name = forms.CharField(label=_("领取人姓名"), max_length=50, required=False)
    collector_id_number = forms.CharField(
        label=_("领取人身份证号"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-id-check": "person", "spellcheck": "false"}),
    )
    authorisation_letter = forms.BooleanField(label=_("代理人已提交授权委托书"), required=False)
    tracking_number = forms.CharField(label=_("快递单号"), max_length=40, required=False)
    address = forms.CharField(label=_("邮寄地址"), max_length=200, required=False)
    email = forms.CharField(label=_("电子送达地址/邮箱"), max_length=100, required=False)
