"""Forms: the public guide's search box and filters, and the admin's item and chain forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.constants import ItemKind
from catalog.models import ChainStep, Item
from catalog.services import chain_dependency_errors


class GuideFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=60)
    department = forms.CharField(label=_("实施部门"), required=False, max_length=32)
    theme = forms.CharField(label=_("主题"), required=False, max_length=40)
    kind = forms.ChoiceField(label=_("办件类型"), required=False, choices=[("", _("全部"))] + ItemKind.choices)
    online = forms.ChoiceField(
        label=_("网上办理"), required=False, choices=[("", _("全部")), ("1", _("可网上办理")), ("0", _("仅窗口办理"))]
    )

    def filters(self):
        """The valid filters as item_search keywords (a bad value is just left out)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "q": data.get("q") or None,
            "department": data.get("department") or None,
            "theme": data.get("theme") or None,
            "kind": data.get("kind") or None,
            "online": data.get("online") or None,
        }


class ItemAdminForm(forms.ModelForm):
    """Applicant types as checkboxes; the model's clean() checks limits and fees."""

    applicant_types = forms.MultipleChoiceField(
        label=_("申请主体"),
        choices=[("person", _("自然人")), ("organisation", _("法人或其他组织"))],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Item
        fields = [f.name for f in Item._meta.get_fields() if getattr(f, "editable", False) and f.concrete]
        fields = [name for name in fields if name not in ("id", "version", "short_pinyin", "created_at", "updated_at")]


class UniquePositionFormSet(forms.BaseInlineFormSet):
    """Each position once per parent, so a duplicate is a form error and not a database error."""

    def clean(self):
        super().clean()
        seen, shown = set(), set()
        for form in self.forms:
            if form.instance.pk:
                shown.add(form.instance.pk)
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("position") is None:
                continue
            if data["position"] in seen:
                raise forms.ValidationError(_("顺序号%(n)s重复，请修改。") % {"n": data["position"]})
            seen.add(data["position"])
        if self.instance.pk and seen:
            clash = (
                self.model.objects.filter(**{self.fk.name: self.instance}, position__in=seen)
                .exclude(pk__in=shown)
                .values_list("position", flat=True)
                .first()
            )
            if clash is not None:
                raise forms.ValidationError(_("顺序号%(n)s已被占用，请修改。") % {"n": clash})


class ChainStepInlineFormSet(UniquePositionFormSet):
    """Refuses "waits for" lists that point nowhere or go round in a circle."""

    def clean(self):
        super().clean()
        names, dependencies = {}, {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("item") or data.get("position") is None:
                continue
            names[data["position"]] = data["item"].name
            dependencies[data["position"]] = data.get("waits_for_positions") or []
        errors = chain_dependency_errors(names=names, dependencies=dependencies)
        if errors:
            raise forms.ValidationError(errors)


class ChainStepInlineForm(forms.ModelForm):
    waits_for_positions = forms.CharField(
        label=_("前置环节"),
        required=False,
        help_text=_("填需等待的环节顺序号，多个用逗号分隔；留空表示可并联办理"),
        widget=forms.TextInput(attrs={"size": 8}),
    )

    class Meta:
        model = ChainStep
        fields = ["position", "item"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            positions = sorted(w.position for w in self.instance.waits_for.all())
            self.initial["waits_for_positions"] = ",".join(map(str, positions))

    def clean_waits_for_positions(self):
        raw = (self.cleaned_data.get("waits_for_positions") or "").replace("，", ",").replace("、", ",")
        try:
            return sorted({int(part) for part in raw.split(",") if part.strip()})
        except ValueError:
            raise forms.ValidationError(_("请填写环节顺序号（数字），多个用逗号分隔。")) from None


class CatalogImportForm(forms.Form):
    file = forms.FileField(
        label=_("目录文件"), help_text=_("JSON（完整目录：部门、事项、材料、环节、一件事）或 CSV（事项）")
    )
