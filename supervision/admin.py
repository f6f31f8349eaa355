from django.contrib import admin

from supervision.models import Notification, WarningRecord


@admin.register(WarningRecord)
class WarningRecordAdmin(admin.ModelAdmin):
    list_display = ["case", "level", "deadline_at", "created_at"]
    list_filter = ["level"]
    search_fields = ["case__number"]
    raw_id_fields = ["case"]
    readonly_fields = ["case", "level", "deadline_at", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "level", "message", "created_at", "read_at"]
    list_filter = ["kind", "level", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["message", "case__number", "user__username"]
    raw_id_fields = ["user", "case"]
