from django.contrib import admin

from homevisits.models import HomeVisit


@admin.register(HomeVisit)
class HomeVisitAdmin(admin.ModelAdmin):
    list_display = ["number", "item", "applicant_name", "status", "due_at"]
    list_filter = ["status", "reason"]
    exclude = ["applicant_id_number", "applicant_phone"]
