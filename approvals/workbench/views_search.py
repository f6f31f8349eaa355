"""Find any case (one search box on every staff page): scoped by what the user may see."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from approvals.selectors import case_list
from approvals.workbench.helpers import staff_required

LIMIT = 50


@staff_required()
@require_http_methods(["GET", "POST"])
def search(request):
    # The boxes post (an ID number or phone in a query string would land in every access log,
    # DESIGN §7); ?q= works too, for links.
    text = (request.POST.get("q") or request.GET.get("q") or "").strip()[:100]
    cases = list(case_list(user=request.user, filters={"q": text})[: LIMIT + 1]) if text else []
    context = {"q": text, "site_search_q": text, "cases": cases[:LIMIT], "more": len(cases) > LIMIT}
    return render(request, "approvals/workbench/search.html", context)
