import pytest
from rest_framework.test import APIClient

from fees import services
from hall.constants import Role
from supervision.monitoring_models import Finding
from tests.factories import make_applicant_user, make_case, make_department, make_staff

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_charge_and_refund_through_the_api(paid_item, cast):
    case = make_case(item=paid_item, cast=cast)
    quote = api(cast.desk).get(f"/api/v1/fees/cases/{case.number}/quote/")
    assert quote.status_code == 200 and quote.json()["amount"] == "80.00"
    made = api(cast.desk).post(f"/api/v1/fees/cases/{case.number}/charges/", {"method": "cash"}, format="json")
    assert made.status_code == 201, made.content
    number = made.json()["number"]
    refused = api(cast.desk).post(f"/api/v1/fees/charges/{number}/refund/", {"reason": ""}, format="json")
    assert refused.status_code == 400
    done = api(cast.desk).post(f"/api/v1/fees/charges/{number}/refund/", {"reason": "多收"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "refunded"


def test_free_item_charge_is_a_clear_400_and_a_finding(free_item, cast):
    case = make_case(item=free_item, cast=cast)
    response = api(cast.desk).post(f"/api/v1/fees/cases/{case.number}/charges/", {"method": "cash"}, format="json")
    assert response.status_code == 400
    assert "不收费事项" in response.json()["item"][0]
    assert Finding.objects.filter(case=case, rule="fee_on_free_item").exists()


def test_scoping_other_department_other_applicant_anonymous_get_404(paid_item, cast):
    applicant = make_applicant_user()
    case = make_case(item=paid_item, cast=cast, channel="online", applicant=applicant, state="received")
    charge = services.charge_at_window(case=case, by=cast.desk, method="cash")
    other_reviewer = make_staff(role=Role.REVIEWER, department=make_department())
    for user in (other_reviewer, make_applicant_user()):
        assert api(user).get(f"/api/v1/fees/charges/{charge.number}/").status_code == 404
        assert api(user).get(f"/api/v1/fees/cases/{case.number}/quote/").status_code == 404
        assert api(user).post(f"/api/v1/fees/cases/{case.number}/charges/", {"method": "cash"}).status_code == 404
        assert api(user).get("/api/v1/fees/charges/").json()["count"] == 0
    assert api().get(f"/api/v1/fees/charges/{charge.number}/").status_code in (401, 403)
    assert api(applicant).get(f"/api/v1/fees/charges/{charge.number}/").status_code == 200
    assert api(cast.reviewer).get(f"/api/v1/fees/charges/{charge.number}/").status_code == 200


def test_pages_scoped_and_refusal_shown(paid_item, free_item, cast, client):
    case = make_case(item=paid_item, cast=cast)
    free_case = make_case(item=free_item, cast=cast)
    assert client.get(f"/workbench/fees/cases/{case.number}/").status_code == 302  # anonymous → login
    client.force_login(cast.desk)
    page = client.get(f"/workbench/fees/cases/{case.number}/")
    assert "按件定额：80.00 元" in page.content.decode()
    paid = client.post(f"/workbench/fees/cases/{case.number}/", {"method": "cash", "quantity": 1})
    assert paid.status_code == 302 and "/fees/receipts/SF" in paid["Location"]
    receipt = client.get(paid["Location"])
    assert "¥80.00" in receipt.content.decode()
    refused = client.post(f"/workbench/fees/cases/{free_case.number}/", {"method": "cash", "quantity": 1})
    assert refused.status_code == 400 and "不收费事项" in refused.content.decode()
    applicant = make_applicant_user()
    client.force_login(applicant)
    assert client.get(paid["Location"]).status_code == 404
    other_desk = make_staff(role=Role.FRONT_DESK, department=make_department(), window="specialised")
    client.force_login(other_desk)
    assert client.get(f"/workbench/fees/cases/{case.number}/").status_code == 404
    assert client.get(paid["Location"]).status_code == 404


def test_applicant_pays_online_in_the_online_hall(paid_item, cast, client, settings):
    settings.HALL_FEES_PAYMENT_PROVIDER = "fees.providers.DemoProvider"
    applicant = make_applicant_user()
    case = make_case(item=paid_item, cast=cast, channel="online", applicant=applicant, state="received")
    url = f"/online/fees/{case.number}/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(make_applicant_user())
    assert client.get(url).status_code == 404
    client.force_login(applicant)
    assert "应缴金额：80.00 元" in client.get(url).content.decode()
    assert client.post(url, {"do": "start"}).status_code == 302
    assert "我已支付" in client.get(url).content.decode()
    assert client.post(url, {"do": "confirm"}).status_code == 302
    page = client.get(url).content.decode()
    assert "已收费" in page
