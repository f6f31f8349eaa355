"""Forms of the online hall. Rules live in the services; forms only shape and label the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hall.constants import ApplicantType


class RegisterForm(forms.Form):
    applicant_type = forms.ChoiceField(
        label=_("申请人类型"), choices=ApplicantType.choices, initial=ApplicantType.PERSON, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("姓名或单位名称"), max_length=100)
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=30,
        help_text=_("自然人填写18位公民身份号码；单位填写18位统一社会信用代码。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("手机号码"), max_length=20, widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
    )
    contact_person = forms.CharField(label=_("联系人"), max_length=50, required=False, help_text=_("单位必填"))
    address = forms.CharField(label=_("联系地址"), max_length=200, required=False)
    username = forms.CharField(
        label=_("登录账号"),
        max_length=150,
        help_text=_("字母、数字或常用符号，用于登录。"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password1 = forms.CharField(
        label=_("密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少12位，包含小写字母、大写字母、数字、符号中的至少3类，不能包含登录账号，不能是常见密码。"),
    )
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class ProgressForm(forms.Form):
    number = forms.CharField(label=_("办件编号"), max_length=40)
    query_code = forms.CharField(
        label=_("查询码"),
        max_length=6,
        min_length=6,
        help_text=_("受理通知书上的6位查询码"),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )


class LibraryUploadForm(forms.Form):
    name = forms.CharField(label=_("材料名称"), max_length=200, required=False)
    file = forms.FileField(label=_("文件"), help_text=_("PDF、JPG 或 PNG"))


def apply_errors(form, exc):
    """Put a service's ValidationError beside the form's fields (unknown keys at the top)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
