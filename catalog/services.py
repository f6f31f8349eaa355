"""Every write to the catalog: item versions, chain dependencies and whole-catalog imports.

Functions are keyword-only and run in one transaction. Reads live in catalog.selectors.
"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Chain, ChainStep, Item, ItemVersion, MaterialRequirement, ReviewStep


def item_snapshot(item):
    """The item as a case sees it: limits, materials and review steps, JSON-ready.

    Read straight from the database (not from any prefetch cache) so the snapshot is
    what has been saved.
    """
    department = item.department
    return {
        "code": item.code,
        "name": item.name,
        "department_id": department.pk,
        "department_name": department.name,
        "kind": item.kind,
        "item_type": item.item_type,
        "theme": item.theme,
        "legal_limit_days": item.legal_limit_days,
        "promised_limit_days": item.promised_limit_days,
        "warn_days": item.warn_days,
        "allows_commitment": item.allows_commitment,
        "allows_deficiency": item.allows_deficiency,
        "max_visits": item.max_visits,
        "online": item.online,
        "applicant_types": list(item.applicant_types or []),
        "legal_basis": item.legal_basis,
        "acceptance_conditions": item.acceptance_conditions,
        "result_type": item.result_type,
        "result_name": item.result_name,
        "validity_years": item.validity_years,
        "validity_long_term": item.validity_long_term,
        "fee_charged": item.fee_charged,
        "fee_amount": None if item.fee_amount is None else str(item.fee_amount),
        "fee_basis": item.fee_basis,
        "materials": [
            {
                "id": m.pk,
                "position": m.position,
                "name": m.name,
                "required": m.required,
                "originals": m.originals,
                "copies": m.copies,
                "form": m.form,
                "source": m.source,
                "may_commit": m.may_commit,
                "may_be_deficient": m.may_be_deficient,
            }
            for m in MaterialRequirement.objects.filter(item=item).order_by("position", "id")
        ],
        "steps": [
            {
                "position": s.position,
                "name": s.name,
                "limit_days": s.limit_days,
                "decides": s.decides,
                "opinion_required": s.opinion_required,
            }
            for s in ReviewStep.objects.filter(item=item).order_by("position")
        ],
    }


def item_current_version(*, item, by=None):
    """The newest ItemVersion matching the item as saved now; a new one if it changed.

    A case stores the version it was created under and never reads the live item
    again for its limits and materials, so editing an item cannot change old cases.
    """
    # Nearly always the item is unchanged: compare the saved item without the row lock (no
    # savepoint, no waiting behind other cases of a popular item); only a change takes the lock.
    saved = Item.objects.select_related("department").get(pk=item.pk)
    latest = ItemVersion.objects.filter(item_id=item.pk).order_by("-number").first()
    if latest is not None and latest.snapshot == item_snapshot(saved):
        return latest
    with transaction.atomic():
        # The row lock serialises two cases created at once for an item just edited. NO KEY: a
        # case insert's foreign-key check (KEY SHARE) must not wait for it — a case created on the
        # fast path holds its department's number counter while checking the item, and waiting
        # here behind the counter would be a deadlock.
        locked = Item.objects.select_for_update(no_key=True).select_related("department").get(pk=item.pk)
        snapshot = item_snapshot(locked)
        latest = ItemVersion.objects.filter(item=locked).order_by("-number").first()
        if latest is not None and latest.snapshot == snapshot:
            return latest
        number = (latest.number if latest else 0) + 1
        version = ItemVersion.objects.create(item=locked, number=number, snapshot=snapshot, created_by=by)
        Item.objects.filter(pk=locked.pk).update(version=number)
        item.version = number
        return version


def chain_dependency_errors(*, names, dependencies):
    """Why a chain's "waits for" lists cannot stand, as Chinese messages (empty if they can).

    `names` maps step position → item name; `dependencies` maps position → positions it
    waits for. Pure, so the admin form and the service share it.
    """
    errors = []
    for position, before in dependencies.items():
        for other in before:
            if other == position:
                errors.append(_("第%(n)s步不能等待它自己。") % {"n": position})
            elif other not in names:
                errors.append(_("第%(n)s步等待的第%(m)s步不存在。") % {"n": position, "m": other})
    if errors:
        return errors
    cycle = _find_cycle(dependencies)
    if cycle:
        path = " → ".join(f"{p}.{names[p]}" for p in cycle)
        errors.append(_("前置环节形成循环，无法办理：%(path)s。") % {"path": path})
    return errors


def _find_cycle(dependencies):
    """One cycle in the waits-for graph as a list of positions (first == last), or None."""
    state = {}  # position -> "visiting" | "done"
    trail = []

    def visit(node):
        state[node] = "visiting"
        trail.append(node)
        for nxt in sorted(dependencies.get(node, ())):
            if state.get(nxt) == "visiting":
                return trail[trail.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        trail.pop()
        state[node] = "done"
        return None

    for node in sorted(dependencies):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def chain_set_dependencies(*, chain, dependencies, by=None):
    """Set which steps of a chain wait for which (positions → positions); refuse cycles.

    Steps nobody waits on and that wait on nothing run in parallel (并联).
    """
    with transaction.atomic():
        chain = Chain.objects.select_for_update().get(pk=chain.pk)
        steps = {s.position: s for s in ChainStep.objects.filter(chain=chain).select_related("item")}
        dependencies = {int(p): sorted({int(x) for x in before}) for p, before in dependencies.items()}
        unknown = [p for p in dependencies if p not in steps]
        errors = [_("第%(n)s步不存在。") % {"n": p} for p in unknown]
        errors += chain_dependency_errors(names={p: s.item.name for p, s in steps.items()}, dependencies=dependencies)
        if errors:
            raise ValidationError(errors)
        for position, step in steps.items():
            step.waits_for.set([steps[p] for p in dependencies.get(position, [])])
        _log(by=by, obj=chain, message=_("设置一件事前置环节"))
        return chain


def _log(*, by, obj, message):
    """The admin history row (who changed what), written in the caller's transaction."""
    if by is None or not getattr(by, "pk", None):
        return
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=str(message),
        single_object=True,
    )


def catalog_import(*, file, by=None, fmt=None):
    """Load a catalog file (JSON or CSV) all-or-nothing; raise CatalogImportError with
    line numbers / paths if any row is bad, leaving the catalog untouched.

    Returns a summary dict of counts.
    """
    from catalog.importing import apply_catalog, parse_catalog_file

    data = parse_catalog_file(file=file, fmt=fmt)
    with transaction.atomic():
        summary = apply_catalog(data=data, by=by)
        if by is not None and getattr(by, "pk", None):
            LogEntry.objects.create(
                user_id=by.pk,
                content_type=ContentType.objects.get_for_model(Item),
                object_repr=_("事项目录导入"),
                action_flag=CHANGE,
                change_message=_("导入事项目录：%(summary)s") % {"summary": summary_text(summary)},
            )
    return summary


def summary_text(summary):
    text = _("部门%(departments)s个，事项%(items)s项（新增%(created)s项），一件事%(chains)s个") % summary
    if summary.get("halls") or summary.get("implementations"):
        # The network (issue 19): only named when the file carries halls or 实施清单.
        text += _("，大厅%(halls)s个，实施清单%(implementations)s条") % {
            "halls": summary.get("halls", 0),
            "implementations": summary.get("implementations", 0),
        }
    return text
