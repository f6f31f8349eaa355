"""Small builders for catalog tests (other test packages may use them too)."""

from itertools import count

from catalog.models import Department, Item, MaterialRequirement, ReviewStep

_seq = count(1)


def make_department(**kw):
    n = next(_seq)
    defaults = {"code": f"dept{n}", "name": f"测试部门{n}"}
    return Department.objects.create(**{**defaults, **kw})


def make_item(*, department=None, materials=2, steps=("受理", "审查", "审批"), **kw):
    n = next(_seq)
    defaults = {
        "code": f"TEST-{n}",
        "name": f"测试事项{n}",
        "kind": "promised",
        "legal_limit_days": 20,
        "promised_limit_days": 5,
        "applicant_types": ["organisation"],
    }
    item = Item.objects.create(department=department or make_department(), **{**defaults, **kw})
    for i in range(1, materials + 1):
        MaterialRequirement.objects.create(item=item, position=i, name=f"材料{i}")
    for i, name in enumerate(steps, start=1):
        ReviewStep.objects.create(item=item, position=i, name=name, decides=i == len(steps))
    return item
