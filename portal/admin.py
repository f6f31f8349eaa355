from django.contrib import admin

from portal.models import DeliveryChoice, LibraryMaterial


@admin.register(LibraryMaterial)
class LibraryMaterialAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "source", "content_type", "size", "created_at"]
    list_filter = ["source"]
    search_fields = ["name", "owner__username", "sha256"]
    list_select_related = ["owner"]
    readonly_fields = ["sha256", "content_type", "size", "created_at"]


@admin.register(DeliveryChoice)
class DeliveryChoiceAdmin(admin.ModelAdmin):
    list_display = ["case", "method", "recipient", "chosen_at"]
    list_filter = ["method"]
    list_select_related = ["case"]
    raw_id_fields = ["case", "chosen_by"]
