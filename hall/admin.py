from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from hall.crypto import blind_index
from hall.models import ApplicantProfile, Hall, StaffProfile, Window
from hall.security_signals import security_event


@admin.register(Hall)
class HallAdmin(admin.ModelAdmin):
    """The network in tree order (by path), each hall indented under its parent, with how many
    windows, staff, departments and 实施清单 rows it has."""

    list_display = ["tree_name", "code", "level", "window_count", "staff_count", "department_count", "is_active"]
    list_display_links = ["tree_name"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name", "short_name"]
    ordering = ["path"]
    readonly_fields = ["path"]
    autocomplete_fields = ["parent"]
    fields = [
        "code",
        "name",
        "short_name",
        "level",
        "parent",
        "path",
        "address",
        "hours",
        "phone",
        "seal_line",
        "sort_order",
        "is_active",
    ]

    def get_queryset(self, request):
        # Distinct counts: three joins in one query would multiply each other.
        return (
            super()
            .get_queryset(request)
            .annotate(
                _windows=Count("windows", distinct=True),
                _staff=Count("staff", distinct=True),
                _departments=Count("departments", distinct=True),
            )
        )

    def save_model(self, request, obj, form, change):
        from hall.services import hall_save

        details = {f: form.cleaned_data.get(f) for f in ("short_name", "address", "hours", "phone", "seal_line")}
        details.update(sort_order=form.cleaned_data.get("sort_order") or 0, is_active=form.cleaned_data["is_active"])
        saved = hall_save(code=obj.code, name=obj.name, level=obj.level, parent=obj.parent, **details)
        obj.pk, obj.path = saved.pk, saved.path

    @admin.display(description=_("大厅"), ordering="path")
    def tree_name(self, obj):
        return "\u3000" * obj.depth + obj.name

    @admin.display(description=_("窗口数"), ordering="_windows")
    def window_count(self, obj):
        return obj._windows

    @admin.display(description=_("工作人员数"), ordering="_staff")
    def staff_count(self, obj):
        return obj._staff

    @admin.display(description=_("进驻部门数"), ordering="_departments")
    def department_count(self, obj):
        return obj._departments


@admin.register(Window)
class WindowAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "hall", "kind", "department", "is_active"]
    list_filter = ["hall", "kind", "is_active", "department"]
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
