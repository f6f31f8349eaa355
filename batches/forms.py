from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.models import Item
from hall.constants import WindowKind


class BatchForm(forms.Form):
    item = forms.ModelChoiceField(label=_("办理事项"), queryset=Item.objects.none(), empty_label=_("请选择事项"))
    submitter = forms.CharField(label=_("提交单位/申请人"), max_length=100)
    agent_name = forms.CharField(label=_("代理人姓名"), max_length=50, required=False)
    agent_id_number = forms.CharField(label=_("代理人身份证号"), max_length=18, required=False)
    agent_phone = forms.CharField(label=_("代理人电话"), max_length=20, required=False)
    file = forms.FileField(
        label=_("上传表格（xlsx 或 csv）"),
        required=False,
        help_text=_("第1行为表头：申请人姓名、证件号码、联系电话、地址；每行一件。CSV 可为 UTF-8 或 GB18030 编码。"),
    )
    table = forms.CharField(
        label=_("或直接粘贴表格"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "申请人姓名\t证件号码\t联系电话\t地址"}),
        help_text=_("从 Excel 复制含表头的区域粘贴到此处（制表符或逗号分隔）。"),
    )

    def __init__(self, *args, profile=None, **kwargs):
        super().__init__(*args, **kwargs)
        items = Item.objects.filter(is_active=True).select_related("department")
        window = profile.window if profile is not None else None
        if window is not None and window.kind == WindowKind.SPECIALISED:
            items = items.filter(department_id=window.department_id)
        self.fields["item"].queryset = items

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("table") or "").strip():
            raise ValidationError(_("请上传表格文件或粘贴表格。"))
        return data
