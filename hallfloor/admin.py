from django.contrib import admin

from hallfloor import models


@admin.register(models.BusinessArea)
class BusinessAreaAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "code", "sort_order", "is_active", "accepts_appointments", "slot_capacity"]
    list_editable = ["sort_order", "is_active"]
    filter_horizontal = ["windows", "items", "departments"]


@admin.register(models.Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ["code", "day", "area", "status", "priority", "window", "call_count", "issued_at", "called_at"]
    list_filter = ["day", "area", "status", "priority", "channel"]
    search_fields = ["code"]
    readonly_fields = [f.name for f in models.Ticket._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(models.Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["code", "area", "day", "slot", "name", "id_masked", "phone_masked", "status", "channel"]
    list_filter = ["area", "day", "status", "channel"]
    search_fields = ["code", "name"]
    readonly_fields = [f.name for f in models.Appointment._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(models.PreReview)
class PreReviewAdmin(admin.ModelAdmin):
    list_display = ["number", "item", "outcome", "by", "at"]
    list_filter = ["outcome"]
    readonly_fields = [f.name for f in models.PreReview._meta.fields]


@admin.register(models.Locker)
class LockerAdmin(admin.ModelAdmin):
    list_display = ["number", "size", "is_active"]
    list_editable = ["is_active"]


@admin.register(models.LockerParcel)
class LockerParcelAdmin(admin.ModelAdmin):
    list_display = ["reference", "locker", "kind", "status", "applicant_name", "case", "stored_at", "collected_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in models.LockerParcel._meta.fields]


@admin.register(models.Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "summary", "phone_masked", "status", "created_at", "sent_at"]
    list_filter = ["kind", "status"]
    exclude = ["text_sealed", "phone_sealed"]
    readonly_fields = ["kind", "summary", "phone_masked", "status", "created_at", "sent_at", "error"]


@admin.register(models.Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active", "created_at"]
    readonly_fields = ["created_at"]
    # tokens are created with `manage.py seed_queue_demo` or hallfloor.services.device_create


@admin.register(models.FloorEvent)
class FloorEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "ticket", "appointment", "parcel", "window", "actor"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
