"""Forms of the 审管互动 pages (the services validate again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Department, Item
from regulators.constants import JointReviewKind, Opinion, RequestTopic, ThreadKind


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label=_("签收意见"), max_length=300, required=False)


class JointReviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=JointReviewKind.choices)
    subject = forms.CharField(label=_("事由"), max_length=200)
    departments = forms.ModelMultipleChoiceField(
        label=_("邀请部门"), queryset=Department.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    limit_days = forms.IntegerField(label=_("答复时限（工作日）"), min_value=1, max_value=30, initial=3)
    materials = forms.MultipleChoiceField(
        label=_("提供审查的材料"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    site_at = forms.DateTimeField(label=_("踏勘时间"), required=False, help_text=_("联合踏勘填写，如 2026-12-01 09:30"))
    site_address = forms.CharField(label=_("踏勘地点"), max_length=200, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.exclude(pk=case.department_id)
        self.fields["materials"].choices = [
            (str(m.requirement_id), m.name) for m in case.materials.order_by("position", "requirement_id")
        ]


class OpinionForm(forms.Form):
    participants = forms.CharField(label=_("参加人员"), max_length=200)
    opinion = forms.ChoiceField(label=_("意见"), choices=Opinion.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("条件或理由"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    file = forms.FileField(label=_("附件"), required=False)


class CloseForm(forms.Form):
    conclusion = forms.CharField(label=_("汇总意见"), widget=forms.Textarea(attrs={"rows": 3}))


class ThreadForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ThreadKind.choices)
    to_department = forms.ModelChoiceField(label=_("接收部门"), queryset=Department.objects.all())
    topic = forms.ChoiceField(label=_("事由类别"), choices=[("", "—"), *RequestTopic.choices], required=False)
    item = forms.ModelChoiceField(
        label=_("相关事项"),
        queryset=Item.objects.filter(is_active=True),
        required=False,
        help_text=_("变更告知请选择受影响的事项"),
    )
    case_number = forms.CharField(label=_("相关办件编号"), max_length=40, required=False)
    licensee = forms.CharField(label=_("被许可人"), max_length=100, required=False)
    subject = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("附件"), required=False)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=_("附件"), required=False)
