"""Admin: campaigns and their offices are set up here; ratings are read-only (never edited)."""

from django.contrib import admin

from evaluations.models import (
    Award,
    Ballot,
    Campaign,
    CampaignOffice,
    Complaint,
    FollowUpCheck,
    Rating,
    RatingOccasion,
    Ticket,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["rated_at", "score", "kind", "channel", "department", "window", "anonymous"]
    list_filter = ["score", "kind", "channel", "department"]


@admin.register(RatingOccasion)
class RatingOccasionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "status", "case", "window"]
    list_filter = ["kind", "status"]
    exclude = ["token", "sms_link"]


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "state", "department", "deadline_at", "closed_at"]
    list_filter = ["kind", "state"]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "source", "subject", "department"]
    exclude = ["phone_hash"]


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ["period", "kind", "window", "staff", "average", "confirmed_at"]


class OfficeInline(admin.TabularInline):
    model = CampaignOffice
    extra = 3


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_on", "ends_on", "state"]
    inlines = [OfficeInline]
    readonly_fields = ["state", "published_at"]


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "office", "cast_at"]
    exclude = ["voter_hash"]


@admin.register(FollowUpCheck)
class FollowUpCheckAdmin(ReadOnlyAdmin):
    list_display = ["office", "checked_on", "rectified"]
