from django.contrib import admin

from batches.models import Batch


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["number", "item", "submitter", "rows_total", "rows_created", "created_at"]
    search_fields = ["number", "submitter"]
    exclude = ["agent_id_number", "agent_phone"]

    def has_add_permission(self, request):
        return False
