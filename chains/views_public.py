"""The 一业一证 licence's public QR page: every permit in it with its state (valid/revoked/expired)."""

import segno
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from chains import selectors, services
from chains.models import IndustryLicence


def licence_qr_svg(request, licence):
    url = request.build_absolute_uri(reverse("chains:licence", kwargs={"code": licence.verification_code}))
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, border=2))  # noqa: S308 - segno's own SVG


def licence_page(request, code):
    licence = IndustryLicence.objects.select_related("application__chain").filter(verification_code=code).first()
    if licence is None:
        raise Http404("no such licence")
    rows = []
    runs = selectors.runs_of(licence.application)
    results = selectors.results_by_case([run.case for run in runs])  # one query for every permit
    for run in runs:
        result = results.get(run.case_id) if run.case_id else None
        if result is None:
            continue
        rows.append({"item": run.item, "result": result, "state": services.permit_state(result)})
    context = {"licence": licence, "app": licence.application, "rows": rows, "qr": licence_qr_svg(request, licence)}
    response = render(request, "chains/licence.html", context)
    response["Cache-Control"] = "no-store"
    return response
