"""Admin: the security audit log and the verification runs, read-only (rows are written by code)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.models import AuditAnchor, AuditEntry, VerificationRun


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "username", "client_ip", "kind_display", "target_type", "target", "outcome"]
    list_filter = ["kind", "outcome", "target_type"]
    search_fields = ["username", "target", "client_ip"]
    date_hierarchy = "at"
    show_full_result_count = False

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "last_verification": VerificationRun.objects.first()}
        return super().changelist_view(request, extra_context=extra_context)

    @admin.display(description=_("事件"), ordering="kind")
    def kind_display(self, obj):
        return obj.kind_label


@admin.register(AuditAnchor)
class AuditAnchorAdmin(ReadOnlyAdmin):
    list_display = ["at", "first_seq", "last_seq", "rows", "archive"]


@admin.register(VerificationRun)
class VerificationRunAdmin(ReadOnlyAdmin):
    list_display = ["at", "status", "audit_rows", "event_rows", "problem_count", "seconds"]
    list_filter = ["ok"]
    readonly_fields = ["at", "ok", "audit_rows", "event_rows", "problems", "seconds"]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "last_verification": VerificationRun.objects.first()}
        return super().changelist_view(request, extra_context=extra_context)

    @admin.display(description=_("结果"), boolean=True)
    def status(self, obj):
        return obj.ok

    @admin.display(description=_("问题数"))
    def problem_count(self, obj):
        return len(obj.problems or [])
