import pytest
from django.urls import reverse

from chains.models import ChainApplication
from chains.services import chain_application_submit
from hall.constants import Role
from tests.chains.helpers import chain_files, make_chain
from tests.factories import make_applicant_user, make_department, make_staff, pdf_upload, resident_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied():
    chain, items = make_chain()
    user = make_applicant_user()
    app = chain_application_submit(chain=chain, by=user, channel="online", files=chain_files())
    return chain, items, user, app


def test_guide_page_links_to_online_application(client):
    chain, _ = make_chain()
    page = client.get(reverse("catalog:chain-detail", kwargs={"code": chain.code}))
    assert reverse("chains:apply", kwargs={"code": chain.code}) in page.content.decode()


def test_applicant_applies_online_with_each_shared_material_once(client):
    chain, _ = make_chain()
    user = make_applicant_user()
    client.force_login(user)
    url = reverse("chains:apply", kwargs={"code": chain.code})
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and html.count('type="file"') == 4  # 6 requirements, 4 materials
    data = {f"material-{n}": pdf_upload(f"m{n}.pdf") for n in range(1, 5)}
    response = client.post(url, data)
    app = ChainApplication.objects.get(applicant_user=user)
    assert response.status_code == 302 and response["Location"].endswith(app.number + "/")
    detail = client.get(response["Location"]).content.decode()
    assert "公章刻制备案" in detail and "营业执照" in detail


def test_missing_material_is_a_400_with_its_name(client):
    chain, _ = make_chain()
    client.force_login(make_applicant_user())
    response = client.post(reverse("chains:apply", kwargs={"code": chain.code}), {"material-1": pdf_upload()})
    assert response.status_code == 400
    assert "营业执照" in response.content.decode()
    assert not ChainApplication.objects.exists()


def test_portal_detail_scoping(client, applied):
    _, _, user, app = applied
    url = reverse("chains:portal-detail", kwargs={"number": app.number})
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(make_applicant_user())
    assert client.get(url).status_code == 404  # another applicant
    client.force_login(user)
    assert client.get(url).status_code == 200


def test_staff_detail_scoping(client, applied):
    _, items, _, app = applied
    url = reverse("chains:staff-detail", kwargs={"number": app.number})
    assert client.get(url).status_code == 302
    client.force_login(make_staff(role=Role.REVIEWER, department=make_department()))
    assert client.get(url).status_code == 404  # a department with no item in the chain
    client.force_login(make_staff(role=Role.REVIEWER, department=items[1].department))
    page = client.get(url)
    assert page.status_code == 200 and "公章刻制备案" in page.content.decode()
    client.force_login(make_staff(role=Role.SUPERVISOR))
    assert client.get(url).status_code == 200


def test_desk_registers_a_chain_in_one_registration(client):
    chain, _ = make_chain()
    clerk = make_staff()
    client.force_login(clerk)
    url = reverse("chains:register", kwargs={"code": chain.code})
    assert client.get(url).status_code == 200
    data = {
        "applicant_type": "person",
        "applicant_name": "李四",
        "applicant_id_number": resident_id(),
        "applicant_phone": "13812345678",
        **{f"paper-{n}": "original" for n in range(1, 5)},
    }
    response = client.post(url, data)
    assert response.status_code == 302
    app = ChainApplication.objects.get()
    assert app.runs.filter(case__state="received").count() == 3
    bad = client.post(url, {"applicant_name": ""})
    assert bad.status_code == 400


def test_an_applicant_cannot_use_the_desk_registration(client):
    chain, _ = make_chain()
    client.force_login(make_applicant_user())
    assert client.get(reverse("chains:register", kwargs={"code": chain.code})).status_code == 403


def test_board_shows_running_red_yellow_and_compression(client, applied):
    from datetime import timedelta

    from chains.models import ChainApplication

    _, _, _, app = applied
    ChainApplication.objects.filter(pk=app.pk).update(deadline_at=app.submitted_at - timedelta(hours=1))
    url = reverse("chains:board")
    assert client.get(url).status_code == 302
    client.force_login(make_staff(role=Role.REVIEWER, department=make_department()))
    assert client.get(url).status_code == 403
    client.force_login(make_staff(role=Role.SUPERVISOR))
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="chains-running">1<' in html and 'id="chains-red">1<' in html
    # 5 + 5 + 5 promised days in parallel → 5 days against 60 legal days: 92% shorter.
    assert "92%" in html


def test_lists_show_only_what_each_may_see(client, applied):
    chain, items, user, app = applied
    client.force_login(make_staff())  # comprehensive desk: every chain, and the register links
    page = client.get(reverse("chains:staff-list")).content.decode()
    assert app.number in page and reverse("chains:register", kwargs={"code": chain.code}) in page
    client.force_login(make_staff(role=Role.REVIEWER, department=make_department()))
    assert app.number not in client.get(reverse("chains:staff-list")).content.decode()
    client.force_login(user)
    assert app.number in client.get(reverse("chains:portal-list")).content.decode()
    client.force_login(make_applicant_user())
    assert app.number not in client.get(reverse("chains:portal-list")).content.decode()
    client.logout()
    assert client.get(reverse("chains:portal-list")).status_code == 302
    assert client.get(reverse("chains:staff-list")).status_code == 302
