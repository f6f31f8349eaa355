from django.contrib import admin

from keyaccounts.models import FollowUp, KeyAccount


@admin.register(KeyAccount)
class KeyAccountAdmin(admin.ModelAdmin):
    list_display = ["name", "window", "is_active"]
    search_fields = ["name"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["account", "method", "at", "by"]
