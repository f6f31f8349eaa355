"""Reading a year's calendar from a file (CSV or JSON) — the State Council publishes next
year's schedule each November, before any package knows it.

CSV, UTF-8 (or GBK as Excel saves it), one day a line, header optional, `#` comments:

    date,is_workday,note
    2027-01-01,0,元旦
    2027-02-06,1,春节调休上班

JSON: {"year": 2027, "days": [{"date": "2027-01-01", "is_workday": false, "note": "元旦"}]}
or just the list. List only the days that differ from an ordinary week (holidays, make-up
working days); every day not listed is a working day Monday–Friday and a rest day on
Saturday and Sunday. Listing weekend days inside a holiday span (with their note) is
allowed and shows the whole break in the admin.

Parsing is all-or-nothing: every problem is reported with its line (or item) number, in
Chinese, and nothing is returned unless the whole file is good.
"""

import csv
import io
import json
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.calendar_sources import NamedDay
from catalog.clock import MAX_DATE, MIN_DATE

MAX_FILE_BYTES = 512 * 1024
NOTE_MAX_LENGTH = 60
_TRUE = {"1", "true", "yes", "y", "是", "上班", "工作日", "班", "workday"}
_FALSE = {"0", "false", "no", "n", "否", "休息", "休息日", "休", "假", "holiday", "rest"}
_HEADER_WORDS = {"date", "日期"}

FORMAT_HELP = gettext_lazy(
    "CSV（UTF-8 或 GBK 编码）每行一天：日期,是否上班,说明，例如“2027-01-01,0,元旦”“2027-02-06,1,春节调休上班”；"
    "第一行可以是表头 date,is_workday,note，以 # 开头的行会被忽略。是否上班可写 1/0、是/否、上班/休息。"
    'JSON 格式为 {"year": 2027, "days": [{"date": "2027-01-01", "is_workday": false, "note": "元旦"}]}。'
    "只需列出与平常周不同的日子（法定节假日和调休上班日），未列出的日子按周一至周五上班、周六周日休息计算。"
)


def parse_calendar_file(*, content: bytes, filename: str = "", year: int | None = None) -> tuple[int, list[NamedDay]]:
    """Parse a calendar file; return (year, days) or raise ValidationError listing every problem."""
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(_("文件过大（不能超过%(kb)sKB）。") % {"kb": MAX_FILE_BYTES // 1024})
    text = _decode(content)
    stripped = text.lstrip()
    if filename.lower().endswith(".json") or stripped.startswith(("{", "[")):
        entries, declared_year = _json_entries(stripped)
    else:
        entries, declared_year = _csv_entries(text), None
    return _validate(entries, year=year if year is not None else declared_year)


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("无法识别文件编码，请保存为 UTF-8 或 GBK 编码。"))


def _csv_entries(text: str):
    """(label, date text, workday text, note) per data line."""
    entries = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not entries and cells[0].lower() in _HEADER_WORDS:
            continue
        label = _("第%(n)s行") % {"n": number}
        if len(cells) < 2:
            entries.append((label, cells[0], None, ""))
            continue
        entries.append((label, cells[0], cells[1], ",".join(cells[2:]).strip()))
    return entries


def _json_entries(text: str):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("JSON 格式错误（第%(line)s行第%(col)s列）。") % {"line": exc.lineno, "col": exc.colno}
        ) from exc
    declared_year = None
    if isinstance(data, dict):
        declared_year = data.get("year")
        if declared_year is not None and (isinstance(declared_year, bool) or not isinstance(declared_year, int)):
            raise ValidationError(_("JSON 中的 year 必须是整数年份。"))
        data = data.get("days")
    if not isinstance(data, list):
        raise ValidationError(_("JSON 应为日期列表，或包含 days 列表的对象。"))
    entries = []
    for number, item in enumerate(data, start=1):
        label = _("第%(n)s项") % {"n": number}
        if not isinstance(item, dict):
            entries.append((label, None, None, ""))
            continue
        workday = item.get("is_workday")
        entries.append((label, item.get("date"), workday, item.get("note") or ""))
    return entries, declared_year


def _parse_workday(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return None


def _validate(entries, *, year):
    errors = []
    days: dict[date, NamedDay] = {}
    for label, day_text, workday_text, note in entries:
        try:
            day = date.fromisoformat(str(day_text).strip()) if day_text not in (None, "") else None
        except ValueError:
            day = None
        if day is None:
            errors.append(
                _("%(label)s：日期“%(value)s”无效，应为 YYYY-MM-DD。") % {"label": label, "value": day_text or ""}
            )
            continue
        if not MIN_DATE <= day <= MAX_DATE:
            errors.append(_("%(label)s：日期%(day)s超出可用范围。") % {"label": label, "day": day})
            continue
        worked = _parse_workday(workday_text)
        if worked is None:
            errors.append(
                _("%(label)s：是否上班“%(value)s”无法识别，请填写 1（上班）或 0（休息）。")
                % {"label": label, "value": "" if workday_text is None else workday_text}
            )
            continue
        if not isinstance(note, str) or len(note) > NOTE_MAX_LENGTH:
            errors.append(_("%(label)s：说明不能超过%(n)s个字。") % {"label": label, "n": NOTE_MAX_LENGTH})
            continue
        if day in days:
            errors.append(_("%(label)s：日期%(day)s重复。") % {"label": label, "day": day})
            continue
        days[day] = NamedDay(day, worked, note.strip())
    if not days and not errors:
        errors.append(_("文件中没有任何日期。"))
    if days and not errors:
        years = sorted({day.year for day in days})
        if year is None:
            if len(years) > 1:
                errors.append(
                    _("文件包含多个年度（%(years)s），请一次导入一个年度。") % {"years": "、".join(map(str, years))}
                )
            year = years[0]
        for label, day_text, _w, _n in entries:
            day = date.fromisoformat(str(day_text).strip())
            if day.year != year:
                errors.append(
                    _("%(label)s：日期%(day)s不属于%(year)s年。") % {"label": label, "day": day, "year": year}
                )
    if errors:
        raise ValidationError(errors)
    return year, sorted(days.values())
