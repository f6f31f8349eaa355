"""Input forms of 帮办代办 and 项目管家 pages: shape and types only; the services decide the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Chain, Department, Item
from projects.constants import HelpKind, LedgerKind, NodeKind, ProjectCategory
from projects.models import Agent


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


def _items():
    return Item.objects.filter(is_active=True).order_by("code")


def _chains():
    return Chain.objects.filter(is_active=True).order_by("code")


class HelpRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("需要"), choices=HelpKind.choices, initial=HelpKind.AGENCY)
    item = forms.ModelChoiceField(label=_("事项"), queryset=_items(), required=False, empty_label=_("（不选）"))
    chain = forms.ModelChoiceField(label=_("一件事"), queryset=_chains(), required=False, empty_label=_("（不选）"))
    note = forms.CharField(
        label=_("需求说明"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = _items()
        self.fields["chain"].queryset = _chains()


class DeskHelpRequestForm(HelpRequestForm):
    applicant_name = forms.CharField(label=_("申请人"), max_length=100)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20)


class AssignForm(forms.Form):
    agent = forms.ModelChoiceField(label=_("代办员"), queryset=Agent.objects.none())

    def __init__(self, *args, agents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents if agents is not None else Agent.objects.filter(is_active=True)


class PaperAuthorisationForm(forms.Form):
    applicant_id_number = forms.CharField(label=_("委托人证件号码"), max_length=18, help_text=_("须为已注册的申请人"))
    agent = forms.ModelChoiceField(label=_("受托代办员"), queryset=Agent.objects.none())
    scope = forms.ChoiceField(label=_("委托权限"), choices=[])
    items = forms.ModelMultipleChoiceField(label=_("委托事项"), queryset=Item.objects.none(), required=False)
    chains = forms.ModelMultipleChoiceField(label=_("委托一件事"), queryset=Chain.objects.none(), required=False)
    valid_from = forms.DateField(label=_("委托起始日"), widget=DateInput)
    valid_until = forms.DateField(label=_("委托截止日"), widget=DateInput)
    scan = forms.FileField(label=_("委托书扫描件"))

    def __init__(self, *args, **kwargs):
        from projects.constants import AuthorisationScope

        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = Agent.objects.filter(is_active=True).select_related("user")
        self.fields["scope"].choices = AuthorisationScope.choices
        self.fields["items"].queryset = _items()
        self.fields["chains"].queryset = _chains()


class AgentApplyForm(forms.Form):
    item = forms.ModelChoiceField(label=_("代为申请的事项"), queryset=Item.objects.none())

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class MaterialUploadForm(forms.Form):
    requirement = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("文件"))


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=200, required=False)


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("项目名称"), max_length=120)
    investor = forms.CharField(label=_("投资主体"), max_length=120)
    amount = forms.DecimalField(label=_("总投资（万元）"), max_digits=12, decimal_places=2, min_value=0.01)
    location = forms.CharField(label=_("建设地点"), max_length=120)
    planned_start = forms.DateField(label=_("计划开工日期"), widget=DateInput)
    category = forms.ChoiceField(label=_("项目类别"), choices=ProjectCategory.choices)
    steward = forms.ModelChoiceField(label=_("项目管家"), queryset=None)
    lead = forms.ModelChoiceField(label=_("领班管家"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        staff = get_user_model().objects.filter(staff_profile__isnull=False).order_by("username")
        self.fields["steward"].queryset = staff
        self.fields["lead"].queryset = staff


class NodeForm(forms.Form):
    kind = forms.ChoiceField(label=_("节点类型"), choices=NodeKind.choices)
    item = forms.ModelChoiceField(label=_("审批事项"), queryset=Item.objects.none(), required=False)
    chain = forms.ModelChoiceField(label=_("一件事"), queryset=Chain.objects.none(), required=False)
    task_name = forms.CharField(label=_("非审批事项名称"), max_length=100, required=False)
    department = forms.ModelChoiceField(label=_("责任单位"), queryset=Department.objects.none(), required=False)
    days_before_start = forms.IntegerField(label=_("开工前完成（工作日）"), min_value=0, max_value=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = _items()
        self.fields["chain"].queryset = _chains()
        self.fields["department"].queryset = Department.objects.order_by("code")


class LinkCaseForm(forms.Form):
    number = forms.CharField(label=_("办件编号"), max_length=40)


class UrgeForm(forms.Form):
    note = forms.CharField(label=_("督办意见"), max_length=300)


class LedgerForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=LedgerKind.choices)
    happened_on = forms.DateField(label=_("日期"), widget=DateInput)
    summary = forms.CharField(label=_("内容"), max_length=300)
    contact = forms.CharField(label=_("对接人"), max_length=60, required=False)


class SolveForm(forms.Form):
    solution = forms.CharField(label=_("解决情况"), max_length=300)
