"""Whatever a file holds, an import either succeeds or is refused with problems: never a crash."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.importing import CatalogImportError
from catalog.models import Department, Item
from catalog.services import catalog_import

pytestmark = pytest.mark.django_db

junk = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 400) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)
item_keys = st.sampled_from(
    ["code", "name", "department", "kind", "legal_limit_days", "promised_limit_days", "applicant_types",
     "regulators", "materials", "steps", "fee_charged", "fee_amount", "max_visits", "online"]
)  # fmt: skip
material = st.dictionaries(st.sampled_from(["name", "required", "copies", "form", "position"]), junk, max_size=4)
step = st.dictionaries(st.sampled_from(["name", "position", "limit_days", "decides"]), junk, max_size=3)
item = st.fixed_dictionaries(
    {"code": st.sampled_from(["A-1", "A-2"]) | junk, "department": st.sampled_from(["scjg", "nosuch"]) | junk},
    optional={"materials": st.lists(material, max_size=3) | junk, "steps": st.lists(step, max_size=3) | junk},
).flatmap(lambda base: st.dictionaries(item_keys, junk, max_size=3).map(lambda extra: {**base, **extra}))
chain = st.fixed_dictionaries(
    {"code": st.sampled_from(["c1"]) | junk, "name": junk},
    optional={"steps": st.lists(st.dictionaries(st.sampled_from(["item", "position", "waits_for"]), junk), max_size=3)},
)
document = st.fixed_dictionaries(
    {"items": st.lists(item, max_size=3)},
    optional={"chains": st.lists(chain, max_size=2) | junk, "departments": junk},
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=document)
def test_any_document_is_imported_or_refused_never_crashes(doc):
    Department.objects.get_or_create(code="scjg", defaults={"name": "市场监督管理局"})
    before = Item.objects.count()
    try:
        catalog_import(file=json.dumps(doc, ensure_ascii=False), fmt="json")
    except CatalogImportError as exc:
        assert exc.problems and all(p.where and p.message for p in exc.problems)
        assert Item.objects.count() == before
