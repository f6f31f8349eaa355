"""Reading a year from a CSV/JSON file: all-or-nothing, every error with its line, in Chinese."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from catalog.calendar_files import parse_calendar_file


def parse(text, **kwargs):
    return parse_calendar_file(content=text.encode(kwargs.pop("encoding", "utf-8")), **kwargs)


def test_csv_with_header_comments_and_blank_lines():
    year, days = parse("date,is_workday,note\n# 2027年安排\n\n2027-02-06,上班,春节调休上班\n2027-01-01,0,元旦\n")
    assert year == 2027
    assert [(d.date, d.is_workday, d.note) for d in days] == [
        (date(2027, 1, 1), False, "元旦"),
        (date(2027, 2, 6), True, "春节调休上班"),
    ]


def test_csv_saved_by_excel_in_gbk():
    year, days = parse("日期,是否上班,说明\n2027-01-01,否,元旦\n", encoding="gb18030")
    assert year == 2027 and days[0].note == "元旦" and days[0].is_workday is False


def test_every_bad_line_is_reported_with_its_number():
    text = "date,is_workday,note\n2027-01-01,0,元旦\n2027-02-30,1,x\n2027-03-01,maybe,\n2027-01-01,0,重复\n"
    with pytest.raises(ValidationError) as caught:
        parse(text)
    assert caught.value.messages == [
        "第3行：日期“2027-02-30”无效，应为 YYYY-MM-DD。",
        "第4行：是否上班“maybe”无法识别，请填写 1（上班）或 0（休息）。",
        "第5行：日期2027-01-01重复。",
    ]


def test_days_outside_the_year_are_refused():
    with pytest.raises(ValidationError) as caught:
        parse("2027-01-01,0,元旦\n2026-12-31,0,x\n", year=2027)
    assert caught.value.messages == ["第2行：日期2026-12-31不属于2027年。"]
    with pytest.raises(ValidationError, match="多个年度"):
        parse("2027-01-01,0,元旦\n2028-01-01,0,元旦\n")


def test_json_object_or_list():
    data = {"year": 2027, "days": [{"date": "2027-10-01", "is_workday": False, "note": "国庆节"}]}
    year, days = parse(json.dumps(data, ensure_ascii=False), filename="2027.json")
    assert year == 2027 and days[0].date == date(2027, 10, 1)
    year, days = parse(json.dumps([{"date": "2027-10-09", "is_workday": 1}]))
    assert days[0].is_workday is True
    with pytest.raises(ValidationError) as caught:
        parse(json.dumps([{"date": "2027-10-09"}, "x"]))
    assert caught.value.messages[0].startswith("第1项：是否上班")
    assert caught.value.messages[1].startswith("第2项：日期")


def test_empty_or_broken_files():
    with pytest.raises(ValidationError, match="没有任何日期"):
        parse("date,is_workday,note\n")
    with pytest.raises(ValidationError, match="JSON 格式错误"):
        parse('{"days": [', filename="x.json")
    with pytest.raises(ValidationError, match="文件过大"):
        parse("2027-01-01,0,x\n" * 50000)
