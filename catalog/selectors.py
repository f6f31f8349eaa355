"""Reads of the catalog: search for the guide and the API, one item with all it needs."""

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When

from catalog.models import Chain, ChainStep, Department, Item
from catalog.models.items import pinyin_initials


def department_q(department):
    """A department given as an object, its id, or its code."""
    if isinstance(department, Department):
        return Q(department=department)
    value = str(department).strip()
    # isascii: "²".isdigit() is true; the bound keeps a 30-digit "id" from overflowing the database.
    if value.isascii() and value.isdigit() and int(value) <= 2**63 - 1:
        return Q(department_id=int(value)) | Q(department__code=value)
    return Q(department__code=value)


def item_search(
    *, q=None, department=None, kind=None, online=None, theme=None, item_type=None, active_only=True, items=None
):
    """Items matching a search box and filters: name, code or pinyin initials (spjyxk).

    Initials match anywhere in the name ("jyxk" finds 食品经营许可). `items` narrows an
    existing queryset instead of starting from all items.
    """
    items = (Item.objects.all() if items is None else items).select_related("department")
    ordering = ["department__sort_order", "department__code", "code"]
    if active_only:
        items = items.filter(is_active=True)
    if q and q.strip():
        q = q.strip()
        match = Q(name__icontains=q) | Q(code__icontains=q)
        letters = q.lower().replace(" ", "")
        if letters.isascii() and letters.isalnum():
            match |= Q(short_pinyin__contains=letters)
        elif not letters.isascii():
            # Chinese typed with a different character for the same sound still finds the item.
            initials = pinyin_initials(q)
            if len(initials) >= 2:
                match |= Q(short_pinyin__contains=initials)
        # Best matches first: the exact name or code, then names that start with the words.
        relevance = Case(
            When(Q(name=q) | Q(code__iexact=q) | Q(short_pinyin=q.lower()), then=Value(0)),
            When(Q(name__startswith=q) | Q(short_pinyin__startswith=q.lower()), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        items = items.filter(match).annotate(relevance=relevance)
        ordering = ["relevance", *ordering]
    if department not in (None, ""):
        items = items.filter(department_q(department))
    if kind:
        items = items.filter(kind=kind)
    if online is not None and online != "":
        items = items.filter(online=online in (True, "1", "true", "True", "yes"))
    if theme:
        items = items.filter(theme=theme)
    if item_type:
        items = items.filter(item_type=item_type)
    return items.order_by(*ordering)


def item_detail_queryset(*, active_only=True):
    """Items with everything a guide page or the API detail shows, in a fixed few queries."""
    items = Item.objects.select_related("department").prefetch_related("materials", "steps", "regulators")
    return items.filter(is_active=True) if active_only else items


def item_for_guide(*, code):
    """One active item by code, with materials, steps and regulators (raises DoesNotExist)."""
    return item_detail_queryset().get(code=code)


def department_list(*, stationed_only=False):
    """Departments with the number of active items each offers (`item_count`)."""
    departments = Department.objects.annotate(item_count=Count("items", filter=Q(items__is_active=True)))
    if stationed_only:
        departments = departments.filter(stationed_in_hall=True)
    return departments.order_by("sort_order", "code")


def theme_list():
    """The themes in use by active items, with counts: [(theme, count)]."""
    rows = (
        Item.objects.filter(is_active=True)
        .exclude(theme="")
        .values("theme")
        .annotate(count=Count("id"))
        .order_by("theme")
    )
    return [(row["theme"], row["count"]) for row in rows]


def kind_counts(items):
    """{"instant": n, "promised": m} for a filtered queryset (one query)."""
    rows = items.order_by().values("kind").annotate(count=Count("id"))
    return {row["kind"]: row["count"] for row in rows}


def chain_list(*, active_only=True):
    steps = ChainStep.objects.select_related("item__department").prefetch_related("waits_for").order_by("position")
    chains = Chain.objects.prefetch_related(Prefetch("steps", queryset=steps))
    return chains.filter(is_active=True) if active_only else chains


def chain_for_guide(*, code):
    return chain_list().get(code=code)


def chain_stages(chain):
    """A chain's steps grouped into stages: each stage's steps run in parallel (并联),
    stages run one after another (串联). Uses the prefetched steps."""
    steps = list(chain.steps.all())
    waits = {s.position: {w.position for w in s.waits_for.all()} for s in steps}
    done, stages = set(), []
    while len(done) < len(steps):
        stage = [s for s in steps if s.position not in done and waits[s.position] <= done]
        if not stage:  # a cycle slipped in: show the rest as one stage rather than loop forever
            stage = [s for s in steps if s.position not in done]
        stages.append(stage)
        done |= {s.position for s in stage}
    return stages
