"""Admin for the work calendar (工作日历): the days, the years' status, loading a year.

Every write goes through catalog.calendar_services, so the clock's cache is dropped and
approvals recomputes the deadlines the change touches.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog import calendar_selectors, calendar_services, calendar_sources
from catalog.calendar_files import FORMAT_HELP, MAX_FILE_BYTES
from catalog.models.calendar import CalendarDay, CalendarYear

LOAD_PERMISSION = "catalog.change_calendarday"


class CalendarYearFilter(admin.SimpleListFilter):
    title = gettext_lazy("年度")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(d.year), _("%(year)s年") % {"year": d.year}) for d in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "is_workday", "note"]
        help_texts = {
            "is_workday": gettext_lazy("勾选表示这一天上班（含调休上班），不勾选表示休息。"),
            "note": gettext_lazy("例如：春节、国庆节调休上班、台风停止办公。"),
        }

    def clean_date(self):
        day = self.cleaned_data["date"]
        try:
            calendar_services._check_year(day.year)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return day


def _add_warnings(request):
    for warning in calendar_selectors.calendar_warnings():
        messages.warning(request, warning)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    change_list_template = "admin/catalog/calendarday/change_list.html"
    list_display = ["date", "weekday", "is_workday", "note", "source", "updated_at"]
    list_filter = [CalendarYearFilter, "source", "is_workday"]
    search_fields = ["note"]
    list_per_page = 60
    ordering = ["-date"]

    @admin.display(description=gettext_lazy("星期"))
    def weekday(self, obj):
        return calendar_selectors.WEEKDAYS[obj.date.weekday()]

    def get_readonly_fields(self, request, obj=None):
        # A day is edited in place; to move a holiday, reset one day and set another.
        return ["date", "source", "updated_at"] if obj else ["source", "updated_at"]

    def has_delete_permission(self, request, obj=None):
        # Only an admin's own setting can be removed (restoring the official day).
        if obj is not None and obj.source != CalendarDay.Source.ADMIN:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # The admin writes its own history row, so the service is not asked to.
        row = calendar_services.calendar_day_set(day=obj.date, is_workday=obj.is_workday, note=obj.note)
        obj.pk, obj.source, obj.updated_at = row.pk, row.source, row.updated_at

    def delete_model(self, request, obj):
        calendar_services.calendar_day_reset(day=obj.date)

    def delete_queryset(self, request, queryset):
        # Django refuses the bulk action when an official day is selected (no permission).
        for row in queryset.filter(source=CalendarDay.Source.ADMIN):
            calendar_services.calendar_day_reset(day=row.date)

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            _add_warnings(request)
        return super().changelist_view(request, extra_context=extra_context)


class CalendarImportForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("年度"),
        required=False,
        min_value=calendar_services.FIRST_LOADABLE_YEAR,
        max_value=calendar_services.LAST_LOADABLE_YEAR,
        help_text=gettext_lazy("可不填：按文件中的日期确定年度。"),
    )
    file = forms.FileField(label=gettext_lazy("日历文件（CSV 或 JSON）"), required=False)
    text = forms.CharField(
        label=gettext_lazy("或直接粘贴 CSV 内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 60, "placeholder": "2027-01-01,0,元旦"}),
    )
    replace_admin = forms.BooleanField(
        label=gettext_lazy("覆盖管理员手工设置的日期"),
        required=False,
        help_text=gettext_lazy("不勾选时，管理员手工设置过的日期保持不变。"),
    )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if not upload and not text:
            raise forms.ValidationError(_("请上传日历文件或粘贴 CSV 内容。"))
        if upload and upload.size > MAX_FILE_BYTES:
            self.add_error("file", _("文件过大（不能超过%(kb)sKB）。") % {"kb": MAX_FILE_BYTES // 1024})
        return data


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """The years' status page (its changelist) and the year loader."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="catalog_calendaryear_import"),
            path("<int:year>/load-package/", wrap(self.load_package_view), name="catalog_calendaryear_load_package"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("年度工作日历"),
            "opts": self.model._meta,
            "years": calendar_selectors.calendar_years(),
            "warnings": calendar_selectors.calendar_warnings(),
            "can_load": request.user.has_perm(LOAD_PERMISSION),
            "package_first": calendar_sources.PACKAGE_FIRST_YEAR,
            "package_last": calendar_sources.PACKAGE_LAST_YEAR,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/catalog/calendaryear/status.html", context)

    def import_view(self, request):
        if not request.user.has_perm(LOAD_PERMISSION):
            raise PermissionDenied
        year = request.GET.get("year", "")
        initial = {"year": int(year)} if year.isdigit() else {}
        bound = request.method == "POST"
        form = CalendarImportForm(request.POST if bound else None, request.FILES if bound else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload:
                content, filename = upload.read(), upload.name
            else:
                content, filename = form.cleaned_data["text"].encode("utf-8"), _("粘贴内容")
            try:
                record = calendar_services.calendar_import_file(
                    content=content,
                    filename=filename,
                    year=form.cleaned_data["year"],
                    by=request.user,
                    replace_admin=form.cleaned_data["replace_admin"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("已导入%(year)s年工作日历（%(n)s个特殊日期），相关暂定期限已重新计算。")
                    % {"year": record.year, "n": record.day_count},
                )
                return redirect(reverse("admin:catalog_calendaryear_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("导入年度工作日历"),
            "opts": self.model._meta,
            "form": form,
            "format_help": FORMAT_HELP,
            "example": "date,is_workday,note\n2027-01-01,0,元旦\n2027-02-06,1,春节调休上班\n2027-02-08,0,春节",
        }
        return TemplateResponse(request, "admin/catalog/calendaryear/import.html", context)

    def load_package_view(self, request, year):
        if request.method != "POST" or not request.user.has_perm(LOAD_PERMISSION):
            raise PermissionDenied
        try:
            calendar_services.calendar_load_from_package(year=year, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已从软件包重新导入%(year)s年工作日历。") % {"year": year})
        return redirect(reverse("admin:catalog_calendaryear_changelist"))
