"""Hall admin: the message templates, the messages sent (phones masked), window opt-outs."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hall.identity import mask_phone
from messaging import services
from messaging.constants import Status
from messaging.forms import MessageTemplateForm, SmsOptOutForm
from messaging.models import Message, MessageTemplate, SmsOptOut, phone_digest


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ["kind", "title", "is_active", "gateway_template_id", "updated_at"]
    list_filter = ["is_active"]

    def get_readonly_fields(self, request, obj=None):
        return ["kind"] if obj is not None else []


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "case", "kind", "channel", "to", "status", "attempts", "sent_at", "short_error"]
    list_filter = ["channel", "status", "kind"]
    search_fields = ["case__number"]
    list_select_related = ["case", "recipient"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    exclude = ["phone"]
    readonly_fields = [
        "case", "event", "channel", "kind", "recipient", "to", "email", "title", "body", "params",
        "gateway_template_id", "status", "attempts", "last_error", "claimed_at", "next_attempt_at", "sent_at",
        "gateway_message_id", "read_at", "created_at",
    ]  # fmt: skip

    @admin.display(description=_("接收方"))
    def to(self, obj):
        if obj.phone:
            return mask_phone(obj.phone)
        return obj.email or (obj.recipient.get_username() if obj.recipient else "")

    @admin.display(description=_("最近错误"))
    def short_error(self, obj):
        return (obj.last_error or "")[:60]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("重新发送所选的失败消息"))
    def resend(self, request, queryset):
        count = sum(
            services.message_resend(message=m, by=request.user)
            for m in queryset.filter(status__in=[Status.FAILED, Status.SKIPPED, Status.PENDING])
        )
        self.message_user(
            request,
            ngettext("已重新发送 %(n)d 条消息。", "已重新发送 %(n)d 条消息。", count) % {"n": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    def get_actions(self, request):
        # The resend action needs the change permission in spirit: only staff who may edit templates.
        actions = super().get_actions(request)
        if not request.user.has_perm("messaging.change_messagetemplate"):
            actions.pop("resend", None)
        return actions


@admin.register(SmsOptOut)
class SmsOptOutAdmin(admin.ModelAdmin):
    form = SmsOptOutForm
    list_display = ["masked_phone", "note", "recorded_by", "created_at"]
    search_fields = ["note"]

    def get_search_results(self, request, queryset, search_term):
        """A full number typed in the search box is matched by its hash."""
        digits = "".join(ch for ch in search_term if ch.isdigit())
        if len(digits) >= 11:
            return queryset.filter(phone_digest=phone_digest(digits)), False
        return super().get_search_results(request, queryset, search_term)

    def get_readonly_fields(self, request, obj=None):
        return ["masked_phone", "recorded_by", "created_at"] if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            kwargs["form"] = admin.ModelAdmin.form
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            number = form.cleaned_data["phone"]
            obj.phone_digest, obj.masked_phone, obj.recorded_by = phone_digest(number), mask_phone(number), request.user
        super().save_model(request, obj, form, change)
