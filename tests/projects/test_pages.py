"""Pages: each is scoped (anonymous → login, other applicant / other agent / other department → 404)
and shows refusals as Chinese messages with 400/403/409, never a 500."""

from datetime import timedelta

import pytest
from django.urls import reverse

from hall import clock as hall_clock
from hall.constants import Role
from projects import services
from projects.constants import AuthorisationState, HelpKind, NodeKind
from tests.factories import make_applicant_user, make_department, make_staff, pdf_upload
from tests.projects.conftest import paper_authorisation

pytestmark = pytest.mark.django_db


def test_anonymous_goes_to_login(client):
    for name in ("projects:agent-queue", "projects:desk", "projects:projects", "projects:board", "projects:department"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]
    response = client.get(reverse("projects:my-agency"))
    assert response.status_code == 302 and "/online/login/" in response["Location"]


def test_applicant_asks_online_desk_assigns_applicant_confirms_agent_applies_then_revokes(
    client, applicant, agent, desk, item
):
    client.force_login(applicant)
    response = client.post(reverse("projects:ask"), {"kind": HelpKind.AGENCY, "item": item.pk, "note": "请帮我办理"})
    assert response.status_code == 302
    request = applicant.help_requests.get()
    assert request.due_at > request.created_at

    client.force_login(desk)
    page = client.get(reverse("projects:desk"))
    assert request.number in page.content.decode()
    assert client.post(reverse("projects:desk-assign", args=[request.pk]), {"agent": agent.pk}).status_code == 302
    again = client.post(reverse("projects:desk-assign", args=[request.pk]), {"agent": agent.pk})
    assert again.status_code == 409 and "不能再指派" in again.content.decode()
    auth = request.authorisations.get()

    client.force_login(applicant)
    assert client.post(reverse("projects:confirm", args=[auth.pk])).status_code == 302
    auth.refresh_from_db()
    assert auth.state == AuthorisationState.ACTIVE

    client.force_login(agent.user)
    response = client.post(reverse("projects:agent-apply", args=[auth.pk]), {"item": item.pk})
    assert response.status_code == 302
    case = applicant.applied_cases.get()
    requirement = case.materials.first().requirement_id
    client.post(
        reverse("projects:agent-case-material", args=[case.number]), {"requirement": requirement, "file": pdf_upload()}
    )
    assert client.post(reverse("projects:agent-case-submit", args=[case.number])).status_code == 302
    case.refresh_from_db()
    assert case.state == "submitted"

    client.force_login(applicant)
    detail = client.get(reverse("portal:case-detail", args=[case.number])).content.decode()
    assert "代办员" in detail and agent.certificate_number in detail
    assert client.post(reverse("projects:revoke", args=[auth.pk]), {"reason": "自行办理"}).status_code == 302

    client.force_login(agent.user)
    assert client.get(reverse("projects:agent-case", args=[case.number])).status_code == 404
    refused = client.post(reverse("projects:agent-apply", args=[auth.pk]), {"item": item.pk})
    assert refused.status_code == 409 and "已撤销" in refused.content.decode()
    assert "委托已撤销或过期" in client.get(reverse("projects:agent-queue")).content.decode()


def test_other_applicant_and_other_agent_get_404(client, applicant, agent, other_agent, desk, item):
    auth = paper_authorisation(applicant=applicant, agent=agent, by=desk, items=[item])
    case = services.agent_apply(authorisation=auth, item=item, by=agent.user)
    client.force_login(make_applicant_user())
    assert client.post(reverse("projects:revoke", args=[auth.pk])).status_code == 404
    assert client.post(reverse("projects:confirm", args=[auth.pk])).status_code == 404
    client.force_login(other_agent.user)
    assert client.get(reverse("projects:authorisation", args=[auth.pk])).status_code == 404
    assert client.get(reverse("projects:agent-case", args=[case.number])).status_code == 404
    assert client.post(reverse("projects:agent-apply", args=[auth.pk]), {"item": item.pk}).status_code == 404
    client.force_login(make_staff(role=Role.REVIEWER, department=make_department()))
    assert client.get(reverse("projects:authorisation", args=[auth.pk])).status_code == 404
    assert client.get(reverse("projects:desk")).status_code == 404


def test_bad_input_is_a_chinese_400(client, applicant, desk):
    client.force_login(applicant)
    response = client.post(reverse("projects:ask"), {"kind": HelpKind.AGENCY})
    assert response.status_code == 400 and "请选择需要帮办代办的事项或一件事" in response.content.decode()
    client.force_login(desk)
    response = client.post(
        reverse("projects:desk-request"), {"kind": "help", "applicant_name": "李四", "contact_phone": "12"}
    )
    assert response.status_code == 400


def test_project_pages_scoped_and_card_prints(client, hall_admin, supervisor):
    steward = make_staff(role=Role.HALL_ADMIN)
    dept = make_department(name="住建局")
    reviewer = make_staff(role=Role.REVIEWER, department=dept)
    project = services.project_create(
        name="智能制造产业园",
        investor="示范科技有限公司",
        amount="50000",
        location="高新区",
        planned_start=hall_clock.localdate() + timedelta(days=5),
        category="industrial",
        steward=steward,
        lead=supervisor,
        by=hall_admin,
    )
    node = services.node_add(
        project=project, kind=NodeKind.TASK, task_name="施工图审查", department=dept, days_before_start=30, by=steward
    )
    client.force_login(supervisor)
    card = client.get(reverse("projects:project", args=[project.pk])).content.decode()
    assert "施工图审查" in card and "红灯" in card
    response = client.post(reverse("projects:node-urge", args=[node.pk]), {"note": "限期完成"})
    assert response.status_code == 302
    printed = client.get(reverse("projects:project-print", args=[project.pk])).content.decode()
    assert "一卡通" in printed and "挂牌督办" in printed and "住建局" in printed
    assert client.get(reverse("projects:board")).status_code == 200
    assert client.get(reverse("projects:project-report", args=[project.pk]), {"quarter": "bad"}).status_code == 400
    client.force_login(reviewer)
    assert "限期完成" in client.get(reverse("projects:department")).content.decode()
    client.force_login(make_staff(role=Role.REVIEWER, department=make_department()))
    assert client.get(reverse("projects:project", args=[project.pk])).status_code == 404
    assert client.get(reverse("projects:project-print", args=[project.pk])).status_code == 404
    client.force_login(make_applicant_user())
    assert client.get(reverse("projects:project", args=[project.pk])).status_code == 404
