"""Admin: the chains' promised limits and 一业一证 setting, the hall's working hours, and a read
view of chain applications (their writes happen only through the services)."""

from django.contrib import admin

from chains.models import ChainApplication, ChainNotice, ChainRun, ChainTerms, Meeting, WorkingHours


@admin.register(ChainTerms)
class ChainTermsAdmin(admin.ModelAdmin):
    list_display = ["chain", "promised_days", "promised_hours", "industry_licence", "licence_name"]


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ["hall_name", "morning_start", "morning_end", "afternoon_start", "afternoon_end"]


class RunInline(admin.TabularInline):
    model = ChainRun
    fields = ["position", "item", "case", "state", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class NoticeInline(admin.TabularInline):
    model = ChainNotice
    fields = ["at", "kind", "level", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ChainApplication)
class ChainApplicationAdmin(admin.ModelAdmin):
    list_display = ["number", "chain", "applicant_name", "state", "channel", "submitted_at", "deadline_at"]
    list_filter = ["state", "chain", "channel"]
    search_fields = ["number", "applicant_name"]
    inlines = [RunInline, NoticeInline]
    exclude = ["applicant_id_number", "applicant_phone", "form_data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "application", "starts_at", "state", "outcome"]
    list_filter = ["state"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
