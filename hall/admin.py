from django.contrib import admin
from django.db.models import Q

from hall.crypto import blind_index
from hall.models import ApplicantProfile, StaffProfile, Window
from hall.security_signals import security_event


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

    def get_search_results(self, request, queryset, search_term):
        """An exact ID number or phone also finds the applicant (through their blind indexes)."""
        results, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            index = blind_index(search_term)
            results |= queryset.filter(Q(id_number_index=index) | Q(phone_index=index))
        return results, duplicates

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The form shows the full ID number and phone: each opening is a security audit row."""
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and getattr(response, "status_code", None) == 200:
            security_event.send(
                sender=ApplicantProfile,
                kind="personal-data-viewed",
                user=request.user,
                request=request,
                outcome="success",
                details={"target_type": "applicant", "target": str(object_id), "view": "admin-applicant-profile"},
            )
        return response
