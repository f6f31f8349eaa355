"""The calendar admin: the years' status page, loading a year from a file or a pasted form,
editing a day, and the loud warning on the admin index when next year is missing."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog import clock
from catalog.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db
BJ = ZoneInfo("Asia/Shanghai")
NOV_22 = datetime(2026, 11, 22, 10, 0, tzinfo=BJ)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("hall-admin", password="x")
    client.force_login(user)
    return client


def test_admin_index_warns_when_next_year_is_missing(admin_client):
    with time_machine.travel(NOV_22, tick=False):
        page = admin_client.get("/admin/").content.decode()
    assert "2027年工作日历尚未导入" in page
    assert "/admin/catalog/calendaryear/" in page


def test_no_warning_early_in_the_year(admin_client):
    with time_machine.travel(datetime(2026, 6, 1, 10, 0, tzinfo=BJ), tick=False):
        page = admin_client.get("/admin/").content.decode()
    assert "尚未导入" not in page


def test_status_page_lists_official_and_provisional_years(admin_client):
    with time_machine.travel(NOV_22, tick=False):
        page = admin_client.get("/admin/catalog/calendaryear/").content.decode()
    assert 'data-year="2027"' in page and "暂定（未导入官方数据）" in page
    assert "官方（chinese-calendar 软件包）" in page
    assert "2027年工作日历尚未导入" in page


def test_importing_a_file_makes_the_year_official(admin_client):
    upload = SimpleUploadedFile("2027.csv", "date,is_workday,note\n2027-01-01,0,元旦\n".encode(), "text/csv")
    response = admin_client.post("/admin/catalog/calendaryear/import/", {"file": upload})
    assert response.status_code == 302
    record = CalendarYear.objects.get(year=2027)
    assert record.origin == "file" and record.filename == "2027.csv" and record.loaded_by.username == "hall-admin"
    assert not clock.is_provisional(date(2027, 6, 1))
    with time_machine.travel(NOV_22, tick=False):
        assert "尚未导入" not in admin_client.get("/admin/").content.decode()


def test_import_errors_are_shown_with_line_numbers_and_nothing_is_loaded(admin_client):
    response = admin_client.post(
        "/admin/catalog/calendaryear/import/", {"text": "2027-01-01,0,元旦\n2027-01-32,0,x", "year": "2027"}
    )
    assert response.status_code == 200
    assert "第2行：日期“2027-01-32”无效" in response.content.decode()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_import_form_needs_a_file_or_text(admin_client):
    response = admin_client.post("/admin/catalog/calendaryear/import/", {})
    assert "请上传日历文件或粘贴 CSV 内容。" in response.content.decode()


def test_reload_a_package_year_from_the_status_page(admin_client):
    CalendarDay.objects.filter(date__year=2024).delete()
    response = admin_client.post("/admin/catalog/calendaryear/2024/load-package/")
    assert response.status_code == 302
    assert CalendarDay.objects.filter(date__year=2024, source="official").count() > 30


def test_editing_a_day_in_the_admin_makes_it_an_admin_day(admin_client):
    row = CalendarDay.objects.get(date=date(2026, 2, 16))
    response = admin_client.post(
        f"/admin/catalog/calendarday/{row.pk}/change/", {"is_workday": "on", "note": "窗口值班"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.source == "admin" and row.is_workday and clock.is_workday(date(2026, 2, 16))


def test_adding_a_day_in_the_admin(admin_client):
    response = admin_client.post("/admin/catalog/calendarday/add/", {"date": "2026-03-04", "note": "台风停止办公"})
    assert response.status_code == 302
    assert not clock.is_workday(date(2026, 3, 4))
    assert CalendarDay.objects.get(date=date(2026, 3, 4)).source == "admin"


def test_changelist_shows_the_warning_and_filters_by_year(admin_client):
    with time_machine.travel(NOV_22, tick=False):
        page = admin_client.get("/admin/catalog/calendarday/", {"year": "2026"}).content.decode()
    assert "2027年工作日历尚未导入" in page
    assert "春节调休上班" in page


def test_official_days_cannot_be_deleted_but_admin_days_can(admin_client):
    official = CalendarDay.objects.get(date=date(2026, 2, 16))
    assert admin_client.get(f"/admin/catalog/calendarday/{official.pk}/delete/").status_code == 403
    mine = CalendarDay.objects.create(date=date(2026, 3, 4), is_workday=False, source="admin")
    response = admin_client.post(f"/admin/catalog/calendarday/{mine.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert clock.is_workday(date(2026, 3, 4))


def test_staff_without_calendar_rights_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/catalog/calendaryear/import/").status_code == 403


def test_bulk_delete_resets_admin_days_and_refuses_official_ones(admin_client):
    mine = CalendarDay.objects.create(date=date(2026, 3, 4), is_workday=False, source="admin")
    official = CalendarDay.objects.get(date=date(2026, 2, 16))
    url = "/admin/catalog/calendarday/"
    refused = admin_client.post(
        url, {"action": "delete_selected", "_selected_action": [mine.pk, official.pk], "post": "yes"}
    )
    assert refused.status_code == 403
    response = admin_client.post(url, {"action": "delete_selected", "_selected_action": [mine.pk], "post": "yes"})
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(pk=mine.pk).exists()
    assert CalendarDay.objects.filter(pk=official.pk).exists()
    assert clock.is_workday(date(2026, 3, 4))
