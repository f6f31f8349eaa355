from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regulators.constants import DeliveryStatus
from regulators.models import (
    Handoff,
    Invitation,
    JointReview,
    JointReviewRule,
    RegulatorEndpoint,
    Thread,
    ThreadMessage,
    WebhookDelivery,
)
from regulators.services.endpoints import endpoint_issue_token
from regulators.services.webhooks import delivery_replay


@admin.register(RegulatorEndpoint)
class RegulatorEndpointAdmin(admin.ModelAdmin):
    list_display = ["department", "url", "is_active", "has_token"]
    actions = ["issue_token"]

    @admin.display(boolean=True, description=_("已发令牌"))
    def has_token(self, obj):
        return bool(obj.token_hash)

    @admin.action(description=_("生成新的访问令牌（旧令牌作废）"))
    def issue_token(self, request, queryset):
        for endpoint in queryset:
            token = endpoint_issue_token(endpoint=endpoint)
            self.message_user(
                request,
                _("%(dept)s 的新令牌（只显示这一次，请妥善交给对方）：%(token)s")
                % {"dept": endpoint.department.name, "token": token},
                messages.WARNING,
            )


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Handoff)
class HandoffAdmin(ReadOnly):
    list_display = ["id", "case", "regulator", "kind", "outcome", "created_at", "deadline_at", "acknowledged_at"]
    list_filter = ["kind", "regulator", ("acknowledged_at", admin.EmptyFieldListFilter)]
    search_fields = ["case__number"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnly):
    """The dead-letter list: filter by 状态 = 投递失败（死信）, then replay."""

    list_display = ["id", "handoff", "endpoint", "status", "attempts", "last_status_code", "last_error", "created_at"]
    list_filter = ["status", "endpoint"]
    actions = ["replay"]

    @admin.action(description=_("重放所选死信"))
    def replay(self, request, queryset):
        done = 0
        for delivery in queryset.filter(status=DeliveryStatus.DEAD):
            try:
                delivery_replay(delivery=delivery, by=request.user)
            except ValidationError:
                continue
            done += 1
        self.message_user(request, _("已重新投递 %(n)s 条。") % {"n": done})


@admin.register(JointReviewRule)
class JointReviewRuleAdmin(admin.ModelAdmin):
    list_display = ["item", "suspends_clock", "default_days", "legal_basis"]
    autocomplete_fields = ["item"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    can_delete = False
    readonly_fields = ["department", "participants", "opinion", "reasons", "answered_at", "deadline_at"]
    fields = readonly_fields


@admin.register(JointReview)
class JointReviewAdmin(ReadOnly):
    list_display = ["id", "case", "kind", "department", "status", "deadline_at", "clock_mode"]
    list_filter = ["kind", "status"]
    inlines = [InvitationInline]


class ThreadMessageInline(admin.TabularInline):
    model = ThreadMessage
    extra = 0
    can_delete = False
    readonly_fields = ["department", "author", "body", "file", "at"]
    fields = readonly_fields


@admin.register(Thread)
class ThreadAdmin(ReadOnly):
    list_display = ["id", "kind", "subject", "from_department", "to_department", "status", "deadline_at"]
    list_filter = ["kind", "status"]
    inlines = [ThreadMessageInline]
