"""Admin of 帮办代办 and 项目管家: the agents' register is kept here; the rest is read for reference."""

from django.contrib import admin

from projects.models import Agent, Authorisation, HelpRequest, LedgerEntry, Project, ProjectNode


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    list_display = ["certificate_number", "user", "level", "department", "region", "areas", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["certificate_number", "user__username", "user__first_name", "areas", "region"]
    autocomplete_fields = ["user"]


@admin.register(Authorisation)
class AuthorisationAdmin(admin.ModelAdmin):
    list_display = ["number", "applicant", "agent", "scope", "method", "state", "valid_from", "valid_until"]
    list_filter = ["state", "method"]
    search_fields = ["number"]

    def has_change_permission(self, request, obj=None):
        return False  # confirmed and revoked through the services (portal, desk)


@admin.register(HelpRequest)
class HelpRequestAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "channel", "applicant_name", "state", "agent", "due_at"]
    list_filter = ["state", "kind", "channel"]

    def has_change_permission(self, request, obj=None):
        return False


class NodeInline(admin.TabularInline):
    model = ProjectNode
    extra = 0
    fields = ["position", "kind", "item", "chain", "task_name", "department", "target_date", "state"]
    readonly_fields = fields
    can_delete = False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "amount", "planned_start", "steward", "lead", "state"]
    list_filter = ["category", "state"]
    search_fields = ["code", "name", "investor"]
    inlines = [NodeInline]
    readonly_fields = ["code", "created_by", "created_at"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ["project", "kind", "happened_on", "summary", "by", "solved_at"]
    list_filter = ["kind"]
