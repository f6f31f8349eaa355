from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from catalog.models import Item
from frontoffice.constants import EnquiryPlace


class EnquiryForm(forms.Form):
    place = forms.ChoiceField(label=_("咨询地点"), choices=EnquiryPlace.choices, initial=EnquiryPlace.WINDOW)
    item = forms.ModelChoiceField(
        label=_("咨询事项"), queryset=Item.objects.none(), required=False, empty_label=_("—— 选择事项 ——")
    )
    topic = forms.CharField(
        label=_("其他咨询内容"), max_length=100, required=False, help_text=_("不属于某一事项时填写")
    )
    asker_name = forms.CharField(label=_("咨询人"), max_length=50, required=False)
    asker_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    question = forms.CharField(
        label=_("咨询问题"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
    answer = forms.CharField(
        label=_("答复内容"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=_("当场答复的填写；需要转交或稍后答复的留空"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = (
            Item.objects.filter(is_active=True).select_related("department").order_by("department__name", "name")
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class HandOnForm(forms.Form):
    to_user = forms.ModelChoiceField(label=_("移交给"), queryset=get_user_model().objects.none())
    note = forms.CharField(label=_("移交说明"), max_length=200, help_text=_("已告知的内容和移交原因"))

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        if users is not None:
            self.fields["to_user"].queryset = users
        self.fields["to_user"].label_from_instance = _staff_label


def _staff_label(user):
    profile = user.staff_profile
    where = profile.department.name if profile.department_id else (str(profile.window) if profile.window_id else "")
    name = user.get_full_name() or user.username
    return f"{name}（{profile.get_role_display()}{'，' + where if where else ''}）"


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("确认意见"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class MessageForm(forms.Form):
    body = forms.CharField(label=_("消息"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class ScanForm(forms.Form):
    code = forms.CharField(label=_("文件袋条码"), max_length=40, help_text=_("用扫码枪扫描文件袋上的条码，或手工输入"))
    receiver_name = forms.CharField(label=_("接收人"), max_length=50, required=False, help_text=_("留空则为本人"))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
