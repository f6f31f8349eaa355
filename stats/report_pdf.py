"""The monthly report (月度报告) as an A4 PDF: headline figures, a bar chart by department and the
table, in Chinese (STSong-Light ships inside reportlab, so no font files are needed)."""

from io import BytesIO

from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from stats.charts import BLUE, percent

FONT = "STSong-Light"


def _font():
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _bar_chart(rows):
    rows = [r for r in rows if r.received][:15]
    height = 30 + 18 * max(len(rows), 1)
    drawing = Drawing(170 * mm, height)
    if not rows:
        drawing.add(String(0, height / 2, _("本月没有收件。"), fontName=FONT, fontSize=10))
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = 40 * mm, 15
    chart.width, chart.height = 115 * mm, height - 25
    chart.data = [[r.received for r in reversed(rows)]]
    chart.categoryAxis.categoryNames = [r.label[:10] for r in reversed(rows)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor(BLUE)
    chart.barLabelFormat = "%d"
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 8
    drawing.add(chart)
    return drawing


def monthly_report_pdf(*, hall_name, month_label, rows, total):
    _font()
    title = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, spaceAfter=6)
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=15)
    heading = ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=18, spaceBefore=10, spaceAfter=4)
    story = [
        Paragraph(_("%(hall)s %(month)s 政务服务运行报告") % {"hall": hall_name, "month": month_label}, title),
        Paragraph(
            _(
                "本月收件 %(received)s 件，受理 %(accepted)s 件，不予受理 %(refused)s 件，作出决定 %(decided)s 件"
                "（准予 %(granted)s、不予许可 %(denied)s），送达办结 %(delivered)s 件。按期办结率（承诺时限）"
                "%(on_time)s，按期办结率（法定时限）%(legal)s，平均用时 %(days)s 个工作日；网办率 %(online)s，"
                "最多跑一次率 %(visits)s，视为同意率 %(deemed)s。"
            )
            % {
                "received": total.received,
                "accepted": total.accepted,
                "refused": total.refused,
                "decided": total.granted + total.denied,
                "granted": total.granted,
                "denied": total.denied,
                "delivered": total.delivered,
                "on_time": percent(total.on_time_rate),
                "legal": percent(total.legal_on_time_rate),
                "days": total.average_days if total.average_days is not None else "—",
                "online": percent(total.online_rate),
                "visits": percent(total.zero_or_one_visit_rate),
                "deemed": percent(total.deemed_rate),
            },
            body,
        ),
        Paragraph(_("各部门收件量"), heading),
        _bar_chart(sorted(rows, key=lambda r: -r.received)),
        Paragraph(_("分部门指标"), heading),
    ]
    header = [_("部门"), _("收件"), _("受理"), _("决定"), _("送达"), _("按期办结率"), _("平均用时"), _("网办率")]
    data = [header] + [
        [
            r.label,
            r.received,
            r.accepted,
            r.granted + r.denied,
            r.delivered,
            percent(r.on_time_rate),
            "—" if r.average_days is None else r.average_days,
            percent(r.online_rate),
        ]
        for r in [*rows, total]
    ]
    data[-1][0] = _("合计")
    table = Table(data, repeatRows=1, colWidths=[45 * mm] + [18 * mm] * 7)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#F4F6F8")]),
            ]
        )
    )
    story += [table, Spacer(1, 6 * mm), Paragraph(_("数据来源：办件事件实时累计，统计口径见系统说明。"), body)]
    out = BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("月度报告"),
    ).build(story)
    return out.getvalue()
