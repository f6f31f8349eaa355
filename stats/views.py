"""统计分析: the figures by department, item, window, channel or period, with charts and Excel."""

from datetime import date, timedelta

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.workbench.helpers import staff_required
from hall.replica import reads_from_replica
from stats import charts, selectors
from stats.constants import PERIOD_GROUPS, GroupBy
from stats.exports import figures_workbook
from stats.forms import FigureQueryForm
from stats.report_pdf import monthly_report_pdf
from stats.selectors import FigureFilters


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
@reads_from_replica
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
            heatmap=selectors.week_hour_heatmap(user=request.user, filters=filters),
            query=request.GET.urlencode(),
        )
    return render(request, "stats/figures.html", context, status=200 if filters is not None else 400)


@staff_required()
@reads_from_replica
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


@staff_required()
@reads_from_replica
def monthly_report(request):
    """月度报告 (A4 PDF) for ?month=YYYY-MM (default: this month), by department."""
    if not selectors.may_see_figures(request.user):
        raise Http404
    month_text = request.GET.get("month") or timezone.localdate().strftime("%Y-%m")
    try:
        first = date.fromisoformat(f"{month_text}-01")
    except ValueError:
        return HttpResponse(_("月份格式不正确，应为 YYYY-MM。"), status=400, content_type="text/plain; charset=utf-8")
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    filters = FigureFilters(date_from=first, date_to=last, group_by=GroupBy.DEPARTMENT)
    rows = selectors.figure_rows(user=request.user, filters=filters)
    content = monthly_report_pdf(
        hall_name=settings.HALL_NAME,
        month_label=f"{first:%Y}年{first.month}月",
        rows=rows,
        total=selectors.totals(rows),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="monthly-report-{first:%Y-%m}.pdf"'
    return response


def lobby_screen(request):
    """大屏: the hall's headline figures for the lobby TV (public; totals only, no personal data)."""
    return render(request, "stats/screen.html", {"figures": selectors.lobby_figures()})


def lobby_screen_data(request):
    return JsonResponse(selectors.lobby_figures())
