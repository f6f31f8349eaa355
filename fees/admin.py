from django.contrib import admin

from fees.models import Charge, FeeRule


@admin.register(FeeRule)
class FeeRuleAdmin(admin.ModelAdmin):
    list_display = ["item", "basis", "unit_name", "max_quantity"]
    autocomplete_fields = ["item"]


@admin.register(Charge)
class ChargeAdmin(admin.ModelAdmin):
    list_display = ["number", "case", "amount", "method", "status", "created_at"]
    list_filter = ["status", "method"]
    search_fields = ["number", "case__number"]
    readonly_fields = [f.name for f in Charge._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
