from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from messaging.models import MessageTemplate, SmsOptOut
from messaging.placeholders import help_text


class PreferenceForm(forms.Form):
    sms_opt_out = forms.BooleanField(label=_("不接收短信通知（站内消息照常发送）"), required=False)


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["kind", "title", "body", "gateway_template_id", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4, "cols": 80})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.instance.kind if self.instance.pk else None
        if kind:
            self.fields["body"].help_text = _("可用占位符：") + help_text(kind)


class SmsOptOutForm(forms.ModelForm):
    phone = forms.CharField(label=_("手机号码"), max_length=20)

    class Meta:
        model = SmsOptOut
        fields = ["note"]

    def clean_phone(self):
        from hall.identity import clean_phone
        from messaging.models import phone_digest

        number = clean_phone(self.cleaned_data["phone"])
        if SmsOptOut.objects.filter(phone_digest=phone_digest(number)).exists():
            raise ValidationError(_("该号码已登记退订短信。"))
        return number
