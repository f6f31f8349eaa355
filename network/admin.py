from django.contrib import admin

from network.models import CrossRegionHandoff, PaperTransfer


@admin.register(PaperTransfer)
class PaperTransferAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "from_hall", "to_hall", "status", "due_at", "sent_at", "received_at", "overdue_at"]
    list_filter = ["kind", "status", "from_hall", "to_hall"]
    search_fields = ["case__number", "tracking_note"]
    raw_id_fields = ["case", "sent_by", "received_by"]

    def has_add_permission(self, request):
        return False  # opened from case events only

    def has_change_permission(self, request, obj=None):
        return False  # moved by the case actions only (each writes a case event)


@admin.register(CrossRegionHandoff)
class CrossRegionHandoffAdmin(admin.ModelAdmin):
    list_display = ["case", "region_name", "status", "attempts", "sent_at", "remote_reference", "last_error"]
    list_filter = ["status", "region_code"]
    search_fields = ["case__number", "remote_reference"]
    readonly_fields = ["delivery_id", "payload", "attempts", "last_error", "sent_at", "remote_reference"]
    raw_id_fields = ["case", "created_by"]
