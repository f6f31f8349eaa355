"""Admin for hall admins: departments, items (with materials, steps, versions), chains,
and the catalog's import/export."""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

# The work calendar's admin lives in its own module; keep this import.
from catalog import admin_calendar  # noqa: F401,E402
from catalog.forms import (
    CatalogImportForm,
    ChainStepInlineForm,
    ChainStepInlineFormSet,
    ItemAdminForm,
    UniquePositionFormSet,
)
from catalog.importing import CatalogImportError, catalog_export_items_csv, catalog_export_json
from catalog.models import (
    Chain,
    ChainStep,
    Department,
    Item,
    ItemImplementation,
    ItemVersion,
    MaterialRequirement,
    ReviewStep,
)
from catalog.services import catalog_import, chain_set_dependencies, item_current_version, summary_text


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "level",
        "hall",
        "stationed_in_hall",
        "window_numbers",
        "chief_representative",
        "items",
    ]
    list_filter = ["level", "hall", "stationed_in_hall"]
    search_fields = ["code", "name", "short_name"]
    list_editable = []
    autocomplete_fields = ["chief_representative"]
    ordering = ["sort_order", "code"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("chief_representative", "hall").annotate(_items=Count("items"))
        )

    @admin.display(description=_("事项数"), ordering="_items")
    def items(self, obj):
        return obj._items


class MaterialInline(admin.TabularInline):
    """The materials list at a glance; blank forms, samples and notes on each material's own page."""

    model = MaterialRequirement
    extra = 0
    show_change_link = True
    fields = [
        "position",
        "name",
        "required",
        "originals",
        "copies",
        "form",
        "source",
        "may_commit",
        "may_be_deficient",
        "files",
    ]
    readonly_fields = ["files"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        for name, size in (("name", 36), ("position", 3), ("originals", 3), ("copies", 3)):
            field = formset.form.base_fields.get(name)
            if field is not None:
                field.widget.attrs.update({"size": size, "style": f"width: {size + 2}ch"})
        return formset

    @admin.display(description=_("表格/样表"))
    def files(self, obj):
        marks = [str(label) for label, f in ((_("表格"), obj.template), (_("样表"), obj.sample)) if f]
        return "、".join(marks) or "—"


@admin.register(MaterialRequirement)
class MaterialRequirementAdmin(admin.ModelAdmin):
    list_display = ["name", "item", "required", "source", "has_template", "has_sample"]
    list_filter = ["item__department", "required", "source", "may_commit", "may_be_deficient"]
    search_fields = ["name", "item__code", "item__name"]
    list_select_related = ["item"]
    autocomplete_fields = ["item"]
    fieldsets = [
        (None, {"fields": ["item", "position", "name", "required", "originals", "copies", "form"]}),
        (_("来源"), {"fields": ["source", "issuing_department"]}),
        (_("表格与填报须知"), {"fields": ["template", "sample", "notes"]}),
        (_("告知承诺与容缺"), {"fields": ["may_commit", "may_be_deficient"]}),
    ]

    @admin.display(description=_("空白表格"), boolean=True)
    def has_template(self, obj):
        return bool(obj.template)

    @admin.display(description=_("示例样表"), boolean=True)
    def has_sample(self, obj):
        return bool(obj.sample)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        item_current_version(item=obj.item, by=request.user)


class ReviewStepInline(admin.TabularInline):
    model = ReviewStep
    formset = UniquePositionFormSet
    extra = 0
    fields = ["position", "name", "limit_days", "decides", "opinion_required"]


class ItemImplementationInline(admin.TabularInline):
    """实施清单: the item at each hall (the model refuses a local limit longer than the basic one)."""

    model = ItemImplementation
    extra = 0
    fields = ["hall", "department", "promised_limit_days", "fee_note", "window_numbers", "note", "is_active"]
    autocomplete_fields = ["hall", "department"]
    verbose_name_plural = _("实施清单（各大厅）")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("hall", "department", "item")


@admin.register(ItemImplementation)
class ItemImplementationAdmin(admin.ModelAdmin):
    list_display = ["item", "hall", "department", "promised_limit_days", "window_numbers", "is_active"]
    list_filter = ["hall__level", "hall", "is_active"]
    search_fields = ["item__code", "item__name", "hall__name", "hall__code", "department__name"]
    list_select_related = ["item", "hall", "department"]
    autocomplete_fields = ["item", "hall", "department"]


class ItemVersionInline(admin.TabularInline):
    model = ItemVersion
    extra = 0
    can_delete = False
    fields = ["number", "created_at", "created_by", "limits", "material_count"]
    readonly_fields = fields
    ordering = ["-number"]
    verbose_name_plural = _("版本历史（办件按受理时的版本办理）")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("时限（法定/承诺）"))
    def limits(self, obj):
        return f"{obj.snapshot.get('legal_limit_days')} / {obj.snapshot.get('promised_limit_days')}"

    @admin.display(description=_("材料数"))
    def material_count(self, obj):
        return len(obj.snapshot.get("materials", []))


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    form = ItemAdminForm
    change_list_template = "admin/catalog/item/change_list.html"
    list_display = [
        "code",
        "name",
        "department",
        "kind",
        "item_type",
        "limits",
        "online",
        "max_visits",
        "is_active",
        "version",
    ]
    list_display_links = ["code", "name"]
    list_filter = ["department", "kind", "item_type", "online", "citywide", "is_active", "theme", "allows_commitment"]
    search_fields = ["code", "name", "short_pinyin"]
    list_select_related = ["department"]
    list_per_page = 50
    filter_horizontal = ["regulators"]
    readonly_fields = ["short_pinyin", "version", "guide_link"]
    inlines = [MaterialInline, ReviewStepInline, ItemImplementationInline, ItemVersionInline]
    actions = ["deactivate", "activate"]
    save_on_top = True
    fieldsets = [
        (
            None,
            {"fields": ["code", "name", "short_pinyin", "department", "item_type", "theme", "citywide", "is_active"]},
        ),
        (
            _("办理时限"),
            {"fields": ["kind", "legal_limit_days", "promised_limit_days", "warn_days"]},
        ),
        (
            _("申请与受理"),
            {
                "fields": [
                    "applicant_types",
                    "acceptance_conditions",
                    "legal_basis",
                    "max_visits",
                    "online",
                    "allows_commitment",
                    "allows_deficiency",
                ]
            },
        ),
        (_("收费"), {"fields": ["fee_charged", "fee_amount", "fee_basis"]}),
        (
            _("办理结果与监管"),
            {"fields": ["result_type", "result_name", "validity_years", "validity_long_term", "regulators"]},
        ),
        (_("其他"), {"fields": ["consult_phone", "notes", "version", "guide_link"]}),
    ]

    @admin.display(description=_("时限（法定/承诺）"))
    def limits(self, obj):
        return f"{obj.legal_limit_days} / {obj.promised_limit_days}"

    @admin.display(description=_("办事指南"))
    def guide_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("catalog:guide-detail", kwargs={"code": obj.code})
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("查看公开页面"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Snapshot now so the version list shows this edit; cases keep their own version.
        item_current_version(item=form.instance, by=request.user)

    @admin.action(description=_("停用所选事项"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = queryset.update(is_active=False)
        self.message_user(request, _("已停用 %(n)s 项事项。") % {"n": count})

    @admin.action(description=_("启用所选事项"), permissions=["change"])
    def activate(self, request, queryset):
        count = queryset.update(is_active=True)
        self.message_user(request, _("已启用 %(n)s 项事项。") % {"n": count})

    # Import / export of the whole catalog --------------------------------------------

    def get_urls(self):
        own = [
            path("import/", self.admin_site.admin_view(self.import_view), name="catalog_item_import"),
            path("export/json/", self.admin_site.admin_view(self.export_json_view), name="catalog_item_export_json"),
            path("export/csv/", self.admin_site.admin_view(self.export_csv_view), name="catalog_item_export_csv"),
        ]
        return own + super().get_urls()

    def _require(self, request, *perms):
        if not all(request.user.has_perm(f"catalog.{p}") for p in perms):
            raise PermissionDenied

    def import_view(self, request):
        self._require(request, "add_item", "change_item", "add_department", "change_department")
        problems = []
        if request.method == "POST":
            form = CatalogImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    summary = catalog_import(file=form.cleaned_data["file"], by=request.user)
                except CatalogImportError as exc:
                    problems = exc.problems
                else:
                    messages.success(request, _("导入成功：%(s)s。") % {"s": summary_text(summary)})
                    return redirect("admin:catalog_item_changelist")
        else:
            form = CatalogImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("导入事项目录"),
            "form": form,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/catalog/item/import.html", context, status=400 if problems else 200)

    def _download(self, content, content_type, ext):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="catalog-{stamp}.{ext}"'
        return response

    def export_json_view(self, request):
        self._require(request, "view_item")
        return self._download(catalog_export_json(), "application/json; charset=utf-8", "json")

    def export_csv_view(self, request):
        self._require(request, "view_item")
        return self._download(catalog_export_items_csv(), "text/csv; charset=utf-8", "csv")


@admin.register(ItemVersion)
class ItemVersionAdmin(admin.ModelAdmin):
    list_display = ["item", "number", "created_at", "created_by"]
    list_filter = ["item__department"]
    search_fields = ["item__code", "item__name"]
    list_select_related = ["item", "created_by"]
    readonly_fields = ["item", "number", "created_at", "created_by", "snapshot_pretty"]
    exclude = ["snapshot"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("内容快照"))
    def snapshot_pretty(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.snapshot, ensure_ascii=False, indent=2))


class ChainStepInline(admin.TabularInline):
    model = ChainStep
    form = ChainStepInlineForm
    formset = ChainStepInlineFormSet
    extra = 0
    fields = ["position", "item", "waits_for_positions"]
    autocomplete_fields = ["item"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("waits_for")


@admin.register(Chain)
class ChainAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "theme", "step_count", "is_active"]
    list_filter = ["is_active", "theme"]
    search_fields = ["code", "name"]
    inlines = [ChainStepInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_steps=Count("steps"))

    @admin.display(description=_("事项数"), ordering="_steps")
    def step_count(self, obj):
        return obj._steps

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        dependencies = {}
        for formset in formsets:
            if formset.model is not ChainStep:
                continue
            for inline_form in formset.forms:
                data = getattr(inline_form, "cleaned_data", None)
                if data and not data.get("DELETE") and data.get("item") and data.get("position") is not None:
                    dependencies[data["position"]] = data.get("waits_for_positions") or []
        chain_set_dependencies(chain=form.instance, dependencies=dependencies, by=request.user)
