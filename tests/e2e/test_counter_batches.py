"""批量受理 in the browser: a 109-row spreadsheet (plus three bad rows) uploaded at the window
becomes 109 cases, the bad rows are reported by line, and the batch moves on together."""

import time

import pytest
from playwright.sync_api import expect

from approvals.models import Case
from batches.models import Batch
from tests.batches.sheets import teacher_rows, xlsx_upload
from tests.e2e.conftest import screenshot
from tests.e2e.workbench_people import login, make_hall
from tests.factories import make_item

pytestmark = pytest.mark.e2e


def test_109_row_spreadsheet_becomes_109_cases_and_bad_rows_are_reported(page, transactional_db, tmp_path):
    hall = make_hall()
    item = make_item(department=hall.dept, code="SCJG-JSZG", name="教师资格证书变更", materials=1)
    upload = xlsx_upload(teacher_rows(112, bad_lines=(7, 58, 113)))
    path = tmp_path / upload.name
    path.write_bytes(upload.read())

    login(page, hall.desk)
    page.get_by_role("link", name="批量受理").first.click()
    page.get_by_label("办理事项").select_option(label=str(item))
    page.get_by_label("提交单位/申请人").fill("示范县实验中学")
    page.get_by_label("上传表格（xlsx 或 csv）").set_input_files(str(path))
    started = time.monotonic()
    page.get_by_role("button", name="校验并登记").click(timeout=180_000)
    expect(page.locator("#batch-summary")).to_contain_text("已登记 109 件", timeout=120_000)
    print(f"upload → 109 cases shown in {time.monotonic() - started:.1f}s")
    expect(page.locator("#row-errors tr.row-error")).to_have_count(3)
    expect(page.locator("#row-errors")).to_contain_text("第 7 行")
    expect(page.locator("#row-errors")).to_contain_text("第 58 行")
    expect(page.locator("#row-errors")).to_contain_text("第 113 行")
    expect(page.locator("#batch-cases tbody tr")).to_have_count(109)
    screenshot(page, "batches-detail")
    batch = Batch.objects.get()
    assert Case.objects.filter(batch_entry__batch=batch).count() == 109

    page.locator("#batch-receive-materials button").click(timeout=180_000)
    expect(page.locator(".messages")).to_contain_text("成功 109 件", timeout=120_000)
    page.locator("#batch-dispatch button").click(timeout=180_000)
    expect(page.locator(".messages")).to_contain_text("成功 109 件", timeout=120_000)
    assert Case.objects.filter(batch_entry__batch=batch, state="dispatched").count() == 109

    page.get_by_role("link", name="合并回执").click()
    expect(page.locator("#batch-receipt tbody tr")).to_have_count(109)
    screenshot(page, "batches-receipt")
