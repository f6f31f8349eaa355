"""The figures table as an Excel workbook (.xlsx), with the derived rates beside the counts."""

from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from stats.constants import COUNTERS, GroupBy

RATES = [
    ("on_time_rate", gettext_lazy("按期办结率（承诺时限）")),
    ("legal_on_time_rate", gettext_lazy("按期办结率（法定时限）")),
    ("online_rate", gettext_lazy("网办率")),
    ("notice_rate", gettext_lazy("一次性告知率")),
    ("return_rate", gettext_lazy("退回率")),
    ("deemed_rate", gettext_lazy("视为同意率")),
    ("zero_or_one_visit_rate", gettext_lazy("最多跑一次率")),
    ("average_days", gettext_lazy("平均用时（工作日）")),
]


def figures_workbook(*, rows, total, filters, title):
    book = Workbook()
    sheet = book.active
    sheet.title = _("统计")
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("统计区间"), f"{filters.date_from:%Y-%m-%d} — {filters.date_to:%Y-%m-%d}"])
    sheet.append([_("分组"), str(GroupBy(filters.group_by).label)])
    sheet.append([])
    header = (
        [str(GroupBy(filters.group_by).label)] + [str(label) for _n, label in COUNTERS] + [str(t) for _n, t in RATES]
    )
    sheet.append(header)
    head_row = sheet.max_row
    for cell in sheet[head_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in [*rows, total]:
        sheet.append([str(row.label)] + [row.counts[n] for n, _l in COUNTERS] + [getattr(row, n) for n, _t in RATES])
    sheet[sheet.max_row][0].font = Font(bold=True)
    first_rate_col = 2 + len(COUNTERS)
    for col in sheet.iter_cols(min_row=head_row + 1, min_col=first_rate_col, max_col=first_rate_col + len(RATES) - 2):
        for cell in col:
            cell.number_format = "0.0%"
    sheet.column_dimensions["A"].width = 28
    sheet.freeze_panes = sheet.cell(row=head_row + 1, column=2)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
