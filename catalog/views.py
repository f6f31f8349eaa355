"""Public service-guide pages (办事指南): no login, Chinese, printable, phone-friendly."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from catalog.forms import GuideFilterForm
from catalog.implementation_selectors import (
    GUIDE_HALL_COOKIE,
    default_guide_hall,
    guide_at_hall,
    guide_halls,
    hall_options,
    items_receivable_at,
    pick_hall,
)
from catalog.models import Item, MaterialRequirement
from catalog.selectors import (
    chain_for_guide,
    chain_list,
    chain_stages,
    department_list,
    item_for_guide,
    item_search,
    kind_counts,
    theme_list,
)

PAGE_SIZE = 20
HALL_COOKIE_AGE = 180 * 24 * 3600


def _asked_hall_code(request):
    """The hall the applicant picked: ?hall=<code>, else the one remembered in a cookie."""
    code = request.GET["hall"] if "hall" in request.GET else request.COOKIES.get(GUIDE_HALL_COOKIE, "")
    return code.strip()[:20]


def _remember_hall(request, response, hall):
    """Remember a hall picked in the query string (a cookie: no session for anonymous readers)."""
    if hall is not None and request.GET.get("hall") == hall.code:
        response.set_cookie(GUIDE_HALL_COOKIE, hall.code, max_age=HALL_COOKIE_AGE, samesite="Lax")
    elif request.GET.get("hall") == "" and GUIDE_HALL_COOKIE in request.COOKIES:
        response.delete_cookie(GUIDE_HALL_COOKIE)  # "全部大厅" picked: forget
    return response


def hall_address():
    return getattr(settings, "HALL_ADDRESS", "") or f"{settings.HALL_NAME}大厅"


def online_apply_url(item):
    """The portal's apply page for this item, or None while no portal is installed."""
    if not item.online:
        return None
    for args in ({"kwargs": {"code": item.code}}, {}):
        try:
            url = reverse("portal:apply", **args)
        except NoReverseMatch:
            continue
        return url if args else f"{url}?item={item.code}"
    return None


@require_safe
def guide_list(request):
    form = GuideFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    halls = guide_halls()
    hall = pick_hall(halls=halls, code=_asked_hall_code(request)) if len(halls) > 1 else None
    items = item_search(**filters)
    if hall is not None:
        items = items_receivable_at(items=items, hall=hall)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    if hall is not None:
        query["hall"] = hall.code
    context = {
        "hall_options": hall_options(halls) if len(halls) > 1 else [],
        "hall": hall,
        "form": form,
        "filters": filters,
        "page": page,
        "departments": department_list(),
        "themes": theme_list(),
        "kind_counts": kind_counts(items),
        "query": query.urlencode(),
        "chains": chain_list(),
    }
    return _remember_hall(request, render(request, "catalog/guide_list.html", context), hall)


@require_safe
def guide_detail(request, code):
    try:
        item = item_for_guide(code=code)
    except Item.DoesNotExist:
        raise Http404("事项不存在或已停用") from None
    halls = guide_halls(item=item)
    asked = _asked_hall_code(request)
    hall = pick_hall(halls=halls, code=asked)
    # A remembered hall that does not take this item: show the deciding hall, and say so.
    not_here = bool(asked) and hall is None
    here = guide_at_hall(item=item, hall=hall or default_guide_hall(item=item, halls=halls)) if halls else None
    context = {
        "item": item,
        "hall_options": hall_options(halls) if len(halls) > 1 else [],
        "here": here,
        "hall_not_here": not_here,
        "materials": sorted(item.materials.all(), key=lambda m: (m.position, m.pk)),
        "steps": sorted(item.steps.all(), key=lambda s: s.position),
        "apply_url": _with_hall(online_apply_url(item), here),
        "hall_address": (here.hall.address if here is not None and here.hall.address else "") or hall_address(),
        "chains": [step.chain for step in item.chain_steps.select_related("chain").filter(chain__is_active=True)],
    }
    return _remember_hall(request, render(request, "catalog/guide_detail.html", context), hall)


def _with_hall(url, here):
    """The portal's apply link names the picked hall, so the application starts there (the
    deciding hall is the portal's default: no parameter then)."""
    if not url or here is None or here.hall.pk == here.item.department.hall_id:
        return url
    return f"{url}{'&' if '?' in url else '?'}hall={here.hall.code}"


@require_safe
def material_file(request, code, pk, which):
    """Download a material's blank form or filled-in sample (media is not served in production)."""
    material = get_object_or_404(
        MaterialRequirement.objects.select_related("item"), pk=pk, item__code=code, item__is_active=True
    )
    field = getattr(material, which)
    if not field:
        raise Http404("该材料没有可下载的文件")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("文件已不存在") from None
    label = "空白表格" if which == "template" else "示例样表"
    suffix = "." + field.name.rsplit(".", 1)[-1] if "." in field.name else ""
    return FileResponse(handle, as_attachment=True, filename=f"{material.name}（{label}）{suffix}")


@require_safe
def chain_index(request):
    chains = [(chain, chain_stages(chain)) for chain in chain_list()]
    return render(request, "catalog/chain_list.html", {"chains": chains})


@require_safe
def chain_detail(request, code):
    try:
        chain = chain_for_guide(code=code)
    except chain_list().model.DoesNotExist:
        raise Http404("一件事不存在") from None
    return render(request, "catalog/chain_detail.html", {"chain": chain, "stages": chain_stages(chain)})
