"""Admin: read-only views of the front-office records (they change only through the services)."""

from django.contrib import admin

from frontoffice.models import BagHandover, Confirmation, Enquiry, EnquiryHandover, PaperBag


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EnquiryHandoverInline(admin.TabularInline):
    model = EnquiryHandover
    extra = 0
    can_delete = False
    readonly_fields = ("from_user", "to_user", "note", "at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enquiry)
class EnquiryAdmin(ReadOnly):
    list_display = ("asked_at", "place", "item", "topic", "status", "first_owner", "owner")
    list_filter = ("place", "status")
    search_fields = ("item__name", "topic", "question")
    inlines = [EnquiryHandoverInline]


@admin.register(Confirmation)
class ConfirmationAdmin(ReadOnly):
    list_display = ("case", "action", "status", "requested_by", "due_at", "decided_by", "escalated_at")
    list_filter = ("action", "status")
    search_fields = ("case__number",)


class BagHandoverInline(admin.TabularInline):
    model = BagHandover
    extra = 0
    can_delete = False
    readonly_fields = ("stage", "recorded_by", "receiver_name", "scanned", "note", "at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PaperBag)
class PaperBagAdmin(ReadOnly):
    list_display = ("code", "case", "stage", "next_due_at", "done_at")
    list_filter = ("stage",)
    search_fields = ("code", "case__number")
    inlines = [BagHandoverInline]
