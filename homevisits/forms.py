from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Item
from hall.constants import ApplicantType
from homevisits.constants import Reason


class VisitForm(forms.Form):
    item = forms.ModelChoiceField(
        label=_("办理事项"), queryset=Item.objects.filter(is_active=True), empty_label=_("请选择事项")
    )
    address = forms.CharField(label=_("上门地址"), max_length=200)
    preferred_times = forms.CharField(
        label=_("方便上门的时间"), max_length=200, help_text=_("如：工作日上午、周三下午")
    )
    reason = forms.ChoiceField(label=_("申请原因"), choices=Reason.choices)
    reason_note = forms.CharField(label=_("情况说明"), max_length=300, required=False)


class PhoneVisitForm(VisitForm):
    """The desk writes down a phone call: the applicant's details too."""

    applicant_type = forms.ChoiceField(
        label=_("申请人类型"), choices=ApplicantType.choices, initial=ApplicantType.PERSON
    )
    name = forms.CharField(label=_("申请人姓名"), max_length=100)
    id_number = forms.CharField(label=_("证件号码"), max_length=30)
    phone = forms.CharField(label=_("联系电话"), max_length=20)

    field_order = [
        "item",
        "applicant_type",
        "name",
        "id_number",
        "phone",
        "address",
        "preferred_times",
        "reason",
        "reason_note",
    ]


class AssignForm(forms.Form):
    staff = forms.ChoiceField(label=_("上门人员"))

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.staff_users = {str(u.pk): u for u in staff}
        self.fields["staff"].choices = [(str(u.pk), u.get_full_name() or u.username) for u in staff]


class TakeInForm(forms.Form):
    materials = forms.TypedMultipleChoiceField(
        label=_("上门收取的材料（原件）"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("上门记录"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None:
            self.fields["materials"].choices = [(m.pk, m.name) for m in item.materials.order_by("position", "id")]
