import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from approvals.constants import Action, CaseState
from approvals.models import Case, CaseEvent
from batches import services, sheets
from batches.models import Batch
from hall.constants import Role
from tests.batches.sheets import HEADER, csv_upload, teacher_rows, xlsx_upload
from tests.factories import Cast, make_applicant_user, make_department, make_item, make_staff, resident_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept(db):
    return make_department(code="jyj", name="教育局")


@pytest.fixture
def cast(dept):
    return Cast(dept)


@pytest.fixture
def item(dept):
    return make_item(department=dept, name="教师资格证书变更", materials=1)


def read(upload):
    return sheets.read_upload(upload, max_rows=500)


def test_109_rows_from_xlsx_become_109_cases_in_one_go_and_bad_rows_are_reported_by_line(item, cast):
    source, rows = read(xlsx_upload(teacher_rows(112, bad_lines=(5, 40, 113))))
    assert source == "xlsx" and len(rows) == 112
    started = time.monotonic()
    batch = services.batch_create(item=item, by=cast.desk, rows=rows, submitter="示范县第一中学", source=source)
    elapsed = time.monotonic() - started
    print(f"109 cases in {elapsed:.2f}s")
    assert batch.rows_total == 112 and batch.rows_created == 109
    assert [e["line"] for e in batch.errors] == [5, 40, 113]
    assert "证件号码" in str(batch.errors[0]["errors"]) or "id_number" in batch.errors[0]["errors"]
    cases = Case.objects.filter(batch_entry__batch=batch)
    assert cases.count() == 109 and set(cases.values_list("state", flat=True)) == {CaseState.RECEIVED}
    assert CaseEvent.objects.filter(case__in=cases, action=Action.CREATE).count() == 109
    assert elapsed < 60


def test_csv_in_gb18030_and_utf8_and_pasted_table(item, cast):
    for encoding in ("gb18030", "utf-8-sig"):
        source, rows = read(csv_upload(teacher_rows(3), encoding=encoding))
        assert source == "csv" and rows[0][1]["name"] == "教师001"
    pasted = "\t".join(HEADER) + "\n" + "\t".join(["张老师", resident_id(), "13900000001", "示范县"]) + "\n\n"
    rows = sheets.read_text(pasted, max_rows=10)
    assert rows == [
        (2, {"name": "张老师", "id_number": rows[0][1]["id_number"], "phone": "13900000001", "address": "示范县"})
    ]


def test_a_header_without_the_needed_columns_or_a_wrong_file_is_a_clear_error():
    with pytest.raises(ValidationError, match="证件号码"):
        read(xlsx_upload(teacher_rows(2), header=["申请人姓名", "备注", "联系电话"]))
    from tests.factories import pdf_upload

    with pytest.raises(ValidationError, match="xlsx 或 csv"):
        read(pdf_upload())
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError, match="xlsx"):
        read(SimpleUploadedFile("坏.xlsx", b"not a zip"))


def test_duplicate_id_in_one_batch_is_reported_on_the_second_line(item, cast):
    rows = teacher_rows(3)
    rows[2][1] = rows[0][1]
    _source, parsed = read(xlsx_upload(rows))
    batch = services.batch_create(item=item, by=cast.desk, rows=parsed, submitter="一中", source="xlsx")
    assert batch.rows_created == 2 and batch.errors[0]["line"] == 4
    assert "第 2 行" in batch.errors[0]["errors"]["id_number"][0]


def test_no_valid_row_creates_nothing(item, cast):
    _s, rows = read(xlsx_upload(teacher_rows(2, bad_lines=(2, 3))))
    with pytest.raises(ValidationError) as exc:
        services.batch_create(item=item, by=cast.desk, rows=rows, submitter="一中", source="xlsx")
    assert [e["line"] for e in exc.value.row_errors] == [2, 3]
    assert not Batch.objects.exists() and not Case.objects.exists()


def test_only_a_window_for_the_department_may_register_a_batch(item, cast):
    _s, rows = read(xlsx_upload(teacher_rows(1)))
    with pytest.raises(PermissionDenied):
        services.batch_create(item=item, by=cast.reviewer, rows=rows, submitter="一中", source="xlsx")


def test_move_all_together_each_with_its_own_event_and_failures_per_case(item, cast):
    _s, rows = read(xlsx_upload(teacher_rows(4)))
    batch = services.batch_create(item=item, by=cast.desk, rows=rows, submitter="一中", source="xlsx")
    first = batch.entries.order_by("line").first().case
    from approvals.services import case_withdraw

    case_withdraw(case=first, by=cast.desk, reason="申请人撤回")
    run = services.batch_run(batch=batch, action="receive-materials", by=cast.desk)
    assert run.succeeded == 3 and run.failures[0]["case"] == first.number
    run = services.batch_run(batch=batch, action="dispatch", by=cast.desk, data={"note": "批量推送"})
    assert run.succeeded == 3 and len(run.failures) == 1 and "已撤回" in run.failures[0]["message"] or run.failures
    dispatched = Case.objects.filter(batch_entry__batch=batch, state=CaseState.DISPATCHED)
    assert dispatched.count() == 3
    assert CaseEvent.objects.filter(case__in=dispatched, action=Action.DISPATCH).count() == 3
    run = services.batch_run(batch=batch, action="acknowledge", by=cast.reviewer)
    assert run.succeeded == 3
    for _ in range(2):
        services.batch_run(batch=batch, action="advance", by=cast.reviewer)
    denied = services.batch_run(batch=batch, action="decide", by=cast.reviewer, data={"outcome": "granted"})
    assert denied.succeeded == 0 and "无权" in denied.failures[1]["message"] or "岗位" in denied.failures[1]["message"]
    run = services.batch_run(batch=batch, action="decide", by=cast.chief, data={"outcome": "granted"})
    assert run.succeeded == 3
    assert Case.objects.filter(batch_entry__batch=batch, state=CaseState.GRANTED).count() == 3


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_api_upload_run_and_scoping(item, cast):
    response = api(cast.desk).post(
        "/api/v1/batches/",
        {"item": item.code, "submitter": "一中", "file": csv_upload(teacher_rows(3, bad_lines=(3,)))},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["rows_created"] == 2 and body["errors"][0]["line"] == 3
    url = f"/api/v1/batches/{body['id']}/"
    run = api(cast.desk).post(url + "run/", {"action": "receive-materials"}, format="json")
    assert run.status_code == 200 and run.json()["succeeded"] == 2
    assert api(cast.reviewer).get(url).status_code == 200
    other = make_staff(role=Role.REVIEWER, department=make_department())
    for user in (other, make_applicant_user()):
        assert api(user).get(url).status_code == 404
        assert api(user).post(url + "run/", {"action": "dispatch"}, format="json").status_code == 404
        assert api(user).get("/api/v1/batches/").json()["count"] == 0
    assert api().get(url).status_code in (401, 403)
    bad = api(cast.desk).post(
        "/api/v1/batches/",
        {"item": item.code, "submitter": "一中", "file": csv_upload(teacher_rows(1), name="a.txt")},
        format="multipart",
    )
    assert bad.status_code == 400 and "xlsx 或 csv" in str(bad.json())


def test_pages_create_show_errors_and_scope(item, cast, client):
    assert client.get("/workbench/batches/").status_code == 302
    client.force_login(cast.desk)
    response = client.post(
        "/workbench/batches/",
        {"item": item.pk, "submitter": "一中", "file": xlsx_upload(teacher_rows(3, bad_lines=(4,)))},
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "第 4 行" in text and "已登记 2 件" in text
    batch = Batch.objects.get()
    receipt = client.get(f"/workbench/batches/{batch.pk}/receipt/").content.decode()
    assert all(e.case.number in receipt for e in batch.entries.all())
    client.force_login(make_staff(role=Role.REVIEWER, department=make_department()))
    assert client.get(f"/workbench/batches/{batch.pk}/").status_code == 404
    assert client.get("/workbench/batches/nope/").status_code == 404
