"""Admin: read-mostly. Cases move only through services; events are never edited."""

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.models import Case, CaseEvent, CaseMaterial, EventOutbox, RefusalReason, Result, Suspension
from hall.crypto import blind_index


class CaseMaterialInline(admin.TabularInline):
    model = CaseMaterial
    extra = 0
    can_delete = False
    fields = ["name", "required", "status", "paper_originals", "paper_copies", "file", "sha256", "notice_round"]
    readonly_fields = fields


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    fields = ["seq", "action", "from_state", "to_state", "actor", "actor_role", "at", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["number", "item", "department", "state", "masked_applicant", "accepted_at", "deadline_at"]
    list_filter = ["state", "department", "channel", "provisional"]
    search_fields = ["number", "applicant_name"]
    list_select_related = ["item", "department"]
    date_hierarchy = "created_at"
    inlines = [CaseMaterialInline, CaseEventInline]
    show_full_result_count = False

    # Personal data stays masked here (encrypted at rest; the full number is for the case's own staff).
    _personal = {
        "applicant_id_number",
        "applicant_phone",
        "agent_id_number",
        "delivery_details",
        "applicant_id_number_index",
        "applicant_phone_index",
    }

    def get_fields(self, request, obj=None):
        return [f.name for f in Case._meta.fields if f.name not in self._personal] + [
            "masked_id_number",
            "masked_phone",
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_search_results(self, request, queryset, search_term):
        """An exact ID number also finds the applicant's cases (through its blind index)."""
        results, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            results |= queryset.filter(applicant_id_number_index=blind_index(search_term))
        return results, duplicates

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="申请人")
    def masked_applicant(self, obj):
        return f"{obj.applicant_name}（{obj.masked_id_number}）"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Events, suspensions and results are written by the services with their audit events; the admin
    only looks (adding or editing one here would bypass the state machine and the log)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "seq", "action", "from_state", "to_state", "actor", "actor_role", "at"]
    list_filter = ["action", "actor_role"]
    search_fields = ["case__number"]
    list_select_related = ["case", "actor"]


@admin.register(Suspension)
class SuspensionAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "started_at", "ended_at", "working_days"]
    list_filter = ["kind"]
    list_select_related = ["case"]
    search_fields = ["case__number"]


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ["number", "case", "kind", "issued_at", "valid_until"]
    list_filter = ["kind"]
    search_fields = ["number", "case__number"]
    list_select_related = ["case"]


@admin.register(EventOutbox)
class EventOutboxAdmin(ReadOnlyAdmin):
    """Events not yet delivered to every subscriber: a growing list means a worker is down or a
    subscriber keeps failing (its error is shown). "Deliver now" retries at once."""

    list_display = ["case", "event", "created_at", "attempts", "next_attempt_at", "last_error"]
    list_select_related = ["case", "event"]
    search_fields = ["case__number"]
    actions = ["deliver_now"]

    @admin.action(description=gettext_lazy("立即重新投递"))
    def deliver_now(self, request, queryset):
        from approvals.services.publishing import case_events_deliver

        results = [case_events_deliver(case_id=case_id) for case_id in set(queryset.values_list("case_id", flat=True))]
        failed = sum(not r.complete for r in results)
        self.message_user(
            request,
            _("已投递 %(done)d 个办件的事件，%(failed)d 个仍失败。")
            % {"done": len(results) - failed, "failed": failed},
        )


@admin.register(RefusalReason)
class RefusalReasonAdmin(admin.ModelAdmin):
    list_display = ("text", "position", "is_active")
    list_editable = ("position", "is_active")
    search_fields = ("text",)
