"""Filters of GET /api/v1/items/ (department, kind, online, q, theme, item_type)."""

import django_filters

from catalog.constants import ItemKind, ItemType
from catalog.models import Item
from catalog.selectors import department_q, item_search


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="关键词（名称、编码或拼音首字母）")
    department = django_filters.CharFilter(method="filter_department", label="实施部门（编码或ID）")
    kind = django_filters.ChoiceFilter(choices=ItemKind.choices, label="办件类型")
    item_type = django_filters.ChoiceFilter(choices=ItemType.choices, label="事项类型")
    online = django_filters.ChoiceFilter(
        choices=[("true", "是"), ("false", "否"), ("1", "是"), ("0", "否")],
        method="filter_online",
        label="可网上办理（true/false）",
    )
    theme = django_filters.CharFilter(label="主题分类")

    class Meta:
        model = Item
        fields = ["q", "department", "kind", "item_type", "online", "theme"]

    def filter_q(self, queryset, name, value):
        return item_search(q=value, active_only=False, items=queryset)

    def filter_online(self, queryset, name, value):
        return queryset.filter(online=value in ("true", "1"))

    def filter_department(self, queryset, name, value):
        return queryset.filter(department_q(value))
