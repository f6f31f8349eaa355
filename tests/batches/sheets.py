"""Spreadsheets for the batch tests, made in the test (openpyxl / csv)."""

import csv
import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.factories import bad_resident_id, resident_id

HEADER = ["申请人姓名", "证件号码", "联系电话", "地址"]


def teacher_rows(n, *, bad_lines=()):
    """n rows; the rows on `bad_lines` (file line numbers, header = 1) carry a wrong ID number."""
    rows = []
    for i in range(n):
        line = i + 2
        number = bad_resident_id() if line in bad_lines else resident_id(i, born=date(1980, 1, 1) + timedelta(days=i))
        rows.append([f"教师{i + 1:03d}", number, f"139{i:08d}", "示范县教育路8号"])
    return rows


def xlsx_upload(rows, name="教师资格证变更.xlsx", header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        name, buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def csv_upload(rows, name="名单.csv", encoding="gb18030", header=HEADER):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")
