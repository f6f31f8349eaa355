from django.contrib import admin

from commitments.models import (
    Commitment,
    CommitmentLetter,
    CreditListing,
    ItemCommitmentConfig,
    Rectification,
    RegulatorNotice,
)


@admin.register(ItemCommitmentConfig)
class ItemCommitmentConfigAdmin(admin.ModelAdmin):
    list_display = ["item", "trust_class", "period_amount", "period_unit", "onsite_check", "deficiency_withholds"]
    list_filter = ["trust_class", "period_unit", "onsite_check"]
    search_fields = ["item__name", "item__code"]
    autocomplete_fields = ["item"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by the services (each write is an event on the case's timeline)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CommitmentLetter)
class CommitmentLetterAdmin(ReadOnlyAdmin):
    list_display = ["case", "signed_via", "signer_name", "signed_at"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["case", "name", "kind", "status", "due_date", "on_time"]
    list_filter = ["status", "kind", "department"]


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ["commitment", "status", "ordered_at", "due_at"]


@admin.register(CreditListing)
class CreditListingAdmin(ReadOnlyAdmin):
    list_display = ["subject_name", "department", "status", "listed_at", "bars_until"]
    list_filter = ["status", "department"]


@admin.register(RegulatorNotice)
class RegulatorNoticeAdmin(ReadOnlyAdmin):
    list_display = ["department", "case", "text", "created_at"]
