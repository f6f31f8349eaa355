"""Reading a batch's rows: an xlsx workbook (openpyxl), a CSV file (UTF-8 or GB18030, as Excel in
China saves it) or a table pasted into the page (tab- or comma-separated).

The first non-empty row is the header; each later non-empty row is one case, reported by its
line number in the file (the header being line 1 when it is the first row).
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Header words → the field of clean_applicant(); several spellings are accepted.
HEADERS = {
    "name": ("申请人", "申请人姓名", "姓名", "申请人姓名/单位名称", "单位名称", "名称"),
    "id_number": ("证件号码", "身份证号", "身份证号码", "统一社会信用代码", "证件号"),
    "phone": ("联系电话", "电话", "手机", "手机号"),
    "address": ("地址", "联系地址", "住址"),
    "type": ("申请人类型", "类型"),
    "contact_person": ("联系人",),
}
REQUIRED = ("name", "id_number", "phone")
TYPE_WORDS = {
    "自然人": "person",
    "个人": "person",
    "法人": "organisation",
    "法人或其他组织": "organisation",
    "单位": "organisation",
}
MAX_FILE_BYTES = 5 * 1024 * 1024


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number Excel stored as a number
    return str(value).strip()


def _header_map(cells):
    wanted = {alias: field for field, aliases in HEADERS.items() for alias in aliases}
    mapping = {}
    for index, cell in enumerate(cells):
        field = wanted.get(_text(cell).replace(" ", ""))
        if field and field not in mapping.values():
            mapping[index] = field
    missing = [HEADERS[f][0] for f in REQUIRED if f not in mapping.values()]
    if missing:
        raise ValidationError(
            {
                "file": [
                    _("表头缺少以下列：%(cols)s（第1行须为表头，如：申请人姓名、证件号码、联系电话、地址）。")
                    % {"cols": "、".join(missing)}
                ]
            }
        )
    return mapping


def _rows(numbered, max_rows):
    """[(line, [cells])] → [(line, {field: text})], header first."""
    numbered = [(line, cells) for line, cells in numbered if any(_text(c) for c in cells)]
    if not numbered:
        raise ValidationError({"file": [_("表格是空的。")]})
    mapping = _header_map(numbered[0][1])
    rows = []
    for line, cells in numbered[1:]:
        row = {field: _text(cells[i]) if i < len(cells) else "" for i, field in mapping.items()}
        kind = row.get("type")
        if kind:
            row["type"] = TYPE_WORDS.get(kind, kind)
        else:
            row.pop("type", None)
        rows.append((line, row))
    if not rows:
        raise ValidationError({"file": [_("表格只有表头，没有办件行。")]})
    if len(rows) > max_rows:
        raise ValidationError(
            {"file": [_("一次最多受理 %(max)s 件，本表有 %(n)s 行。") % {"max": max_rows, "n": len(rows)}]}
        )
    return rows


def _decode(data):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError({"file": [_("无法识别文件编码，请另存为 UTF-8 或 GB18030 编码的 CSV，或 xlsx。")]})


def read_text(text, *, max_rows):
    """A pasted table or a CSV file's text: tab-separated if the header has a tab, else commas."""
    lines = text.splitlines()
    delimiter = "\t" if lines and "\t" in lines[0] else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return _rows([(i, cells) for i, cells in enumerate(reader, start=1)], max_rows)


def read_upload(upload, *, max_rows):
    """(source, rows) from an uploaded .xlsx or .csv file."""
    name = (upload.name or "").lower()
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError({"file": [_("文件不能超过 5 MB。")]})
    data = upload.read()
    if name.endswith(".csv"):
        return "csv", read_text(_decode(data), max_rows=max_rows)
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ValidationError({"file": [_("无法读取该 xlsx 文件，请确认它是 Excel 表格。")]}) from exc
        sheet = book.worksheets[0]
        numbered = [(i, list(cells)) for i, cells in enumerate(sheet.iter_rows(values_only=True), start=1)]
        book.close()
        return "xlsx", _rows(numbered, max_rows)
    raise ValidationError({"file": [_("只接受 xlsx 或 csv 文件。")]})
