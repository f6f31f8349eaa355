"""统计分析: the figures by department, item, window, channel or period, with charts and Excel."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.workbench.helpers import staff_required
from stats import charts, selectors
from stats.constants import PERIOD_GROUPS, GroupBy
from stats.exports import figures_workbook
from stats.forms import FigureQueryForm


def _query(request):
    if not selectors.may_see_figures(request.user):
        raise Http404
    choices = selectors.filter_choices(user=request.user)
    form = FigureQueryForm(request.GET or None, departments=choices["departments"])
    if request.GET and not form.is_valid():
        return form, None
    if not request.GET:
        form = FigureQueryForm({}, departments=choices["departments"])
        form.is_valid()
    return form, form.filters()


@staff_required()
def figures_page(request):
    form, filters = _query(request)
    context = {"form": form, "filters": filters}
    if filters is not None:
        rows = selectors.figure_rows(user=request.user, filters=filters)
        total = selectors.totals(rows)
        is_period = filters.group_by in PERIOD_GROUPS
        context.update(
            rows=rows,
            total=total,
            is_period=is_period,
            group_label=GroupBy(filters.group_by).label,
            received_bars=None if is_period else charts.bars(rows, value=lambda r: r.received),
            on_time_bars=None
            if is_period
            else charts.bars(
                rows, value=lambda r: r.on_time_rate, text=charts.percent, colour=charts.GREEN, highlight_below=0.95
            ),
            received_trend=charts.trend(rows, value=lambda r: r.received) if is_period else None,
            on_time_trend=charts.trend(rows, value=lambda r: r.on_time_rate, text=charts.percent)
            if is_period
            else None,
            compression=selectors.compression_by_department(user=request.user),
            query=request.GET.urlencode(),
        )
    return render(request, "stats/figures.html", context, status=200 if filters is not None else 400)


@staff_required()
def figures_export(request):
    form, filters = _query(request)
    if filters is None:
        return render(request, "stats/figures.html", {"form": form}, status=400)
    rows = selectors.figure_rows(user=request.user, filters=filters)
    title = _("%(hall)s 办件统计") % {"hall": settings.HALL_NAME}
    content = figures_workbook(rows=rows, total=selectors.totals(rows), filters=filters, title=title)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="figures-{filters.group_by}-{stamp}.xlsx"'
    return response
