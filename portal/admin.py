from django.contrib import admin

from portal.models import LibraryMaterial


@admin.register(LibraryMaterial)
class LibraryMaterialAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "source", "content_type", "size", "created_at"]
    list_filter = ["source"]
    search_fields = ["name", "owner__username", "sha256"]
    list_select_related = ["owner"]
    readonly_fields = ["sha256", "content_type", "size", "created_at"]
