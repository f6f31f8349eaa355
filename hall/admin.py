from django.contrib import admin

from hall.models import ApplicantProfile, StaffProfile, Window


@admin.register(Window)
class WindowAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "kind", "department", "is_active"]
    list_filter = ["kind", "is_active", "department"]
    search_fields = ["number", "name"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "department", "window"]
    list_filter = ["role", "department"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "department", "window"]
    autocomplete_fields = ["user"]


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "applicant_type", "masked_id_number", "masked_phone"]
    list_filter = ["applicant_type"]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
