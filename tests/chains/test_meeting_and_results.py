from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from approvals import services as s
from approvals.models import Case
from approvals.services.publishing import deliver_all_pending
from chains.constants import ApplicationState
from chains.meetings import meeting_conclude, meeting_record_opinion, meeting_schedule
from chains.models import ChainTerms, IndustryLicence
from chains.services import chain_application_submit, chain_deliver_all
from hall.constants import Role
from tests.chains.helpers import chain_files, grant, make_chain
from tests.factories import Cast, make_applicant_user, make_staff

pytestmark = pytest.mark.django_db


def _in_review(case, cast):
    case = s.case_take_in(case=case, by=cast.desk)
    case = s.case_dispatch(case=case, by=cast.desk)
    return s.case_acknowledge(case=case, by=cast.chief)


def test_meeting_of_three_departments_sends_one_combined_notice_and_returns_the_cases():
    chain, items = make_chain(code="gcjs")
    app = chain_application_submit(chain=chain, by=make_applicant_user(), channel="online", files=chain_files())
    casts = {i.department_id: Cast(i.department) for i in items}
    cases = [_in_review(r.case, casts[r.case.department_id]) for r in app.runs.select_related("case")]
    desk = casts[items[0].department_id].desk
    departments = [i.department for i in items]
    meeting = meeting_schedule(
        application=app,
        title="施工许可联审",
        starts_at=timezone.now() + timedelta(days=1),
        departments=departments,
        cases=cases,
        by=desk,
    )
    with pytest.raises(ValidationError):  # not every department has spoken yet
        meeting_conclude(meeting=meeting, outcome="return", by=desk)
    meeting_record_opinion(meeting=meeting, opinion="agree", by=casts[items[0].department_id].chief)
    meeting_record_opinion(
        meeting=meeting,
        opinion="supplement",
        missing_materials=["消防设计说明"],
        by=casts[items[1].department_id].reviewer,
    )
    meeting_record_opinion(
        meeting=meeting,
        opinion="supplement",
        missing_materials=["排水接驳方案", "绿化方案"],
        by=casts[items[2].department_id].chief,
    )
    with pytest.raises(ValidationError):  # missing materials: the outcome cannot be "advance"
        meeting_conclude(meeting=meeting, outcome="advance", by=desk)
    meeting_conclude(meeting=meeting, outcome="return", conclusion="补正后再议", by=desk)
    notices = list(app.notices.filter(kind="meeting").order_by("id"))
    combined = notices[-1].text
    assert "公安局：消防设计说明" in combined and "税务局：排水接驳方案、绿化方案" in combined
    assert len([n for n in notices if "一次性告知" in n.text]) == 1
    assert set(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("state", flat=True)) == {"suspended"}


def test_meeting_opinion_only_from_an_invited_department():
    chain, items = make_chain(code="gcjs2")
    app = chain_application_submit(chain=chain, by=make_applicant_user(), channel="online", files=chain_files())
    cases = [r.case for r in app.runs.select_related("case")]
    meeting = meeting_schedule(
        application=app,
        title="联审",
        starts_at=timezone.now(),
        departments=[i.department for i in items],
        cases=cases,
        by=make_staff(),
    )
    from tests.factories import make_department

    outsider = make_staff(role=Role.CHIEF, department=make_department())
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        meeting_record_opinion(meeting=meeting, opinion="agree", by=outsider)


def _finish(app):
    for run in app.runs.select_related("case"):
        case = grant(run.case)
        s.case_issue(case=case, by=Cast(case.department).reviewer)
    deliver_all_pending()
    app.refresh_from_db()
    return app


def test_one_pickup_hands_out_every_result_and_prints_one_receipt(client):
    chain, _ = make_chain(code="kbqy-pickup")
    user = make_applicant_user()
    app = chain_application_submit(chain=chain, by=user, channel="online", files=chain_files())
    app = _finish(app)
    assert app.state == ApplicationState.FINISHED
    clerk = make_staff(role=Role.DELIVERY)
    first = app.runs.first().case
    chain_deliver_all(application=app, by=clerk, collector_id_number=first.applicant_id_number)
    deliver_all_pending()
    app.refresh_from_db()
    assert app.state == ApplicationState.DELIVERED
    assert set(app.runs.values_list("case__state", flat=True)) == {"delivered"}
    client.force_login(clerk)
    receipt = client.get(reverse("chains:receipt", kwargs={"number": app.number})).content.decode()
    assert receipt.count("-ZZ") == 3 and "送达回证" in receipt


def test_pickup_waits_until_every_result_is_issued():
    chain, _ = make_chain(code="kbqy-wait")
    app = chain_application_submit(chain=chain, by=make_applicant_user(), channel="online", files=chain_files())
    run = app.runs.select_related("case").first()
    case = grant(run.case)
    s.case_issue(case=case, by=Cast(case.department).reviewer)
    with pytest.raises(ValidationError) as exc:
        chain_deliver_all(
            application=app, by=make_staff(role=Role.DELIVERY), collector_id_number=case.applicant_id_number
        )
    assert "公章刻制备案" in str(exc.value)


def test_industry_licence_qr_page_lists_each_permit_with_its_state(client):
    chain, _ = make_chain(code="kbld", name="开便利店一件事")
    ChainTerms.objects.create(chain=chain, industry_licence=True, licence_name="便利店行业综合许可证")
    app = _finish(
        chain_application_submit(chain=chain, by=make_applicant_user(), channel="online", files=chain_files())
    )
    licence = IndustryLicence.objects.get(application=app)
    runs = list(app.runs.select_related("case__result").order_by("position"))
    # One permit expired, one revoked (as a revocation app would mark the case), one valid.
    result = runs[0].case.result
    result.valid_until = timezone.localdate() - timedelta(days=1)
    result.save(update_fields=["valid_until"])
    Case.objects.filter(pk=runs[1].case.pk).update(state="revoked")
    page = client.get(reverse("chains:licence", kwargs={"code": licence.verification_code}))  # public: no login
    html = page.content.decode()
    assert page.status_code == 200 and "便利店行业综合许可证" in html
    assert "permit--expired" in html and "permit--revoked" in html and "permit--valid" in html
    assert "已撤销" in html and "已过期" in html and "有效" in html
    assert client.get(reverse("chains:licence", kwargs={"code": "nope"})).status_code == 404


def test_meeting_pages_scoping_and_printable_minutes(client):
    from tests.factories import make_department

    chain, items = make_chain(code="gcjs3")
    app = chain_application_submit(chain=chain, by=make_applicant_user(), channel="online", files=chain_files())
    cases = [r.case for r in app.runs.select_related("case")]
    desk = make_staff()
    client.force_login(desk)
    new = reverse("chains:meeting-new", kwargs={"number": app.number})
    assert client.get(new).status_code == 200
    bad = client.post(new, {"title": "", "starts_at": "nonsense"})
    assert bad.status_code == 400 and "请填写会议名称" in bad.content.decode()
    response = client.post(
        new,
        {
            "title": "联审会议",
            "starts_at": "2030-01-02T09:30",
            "departments": [str(i.department_id) for i in items],
            "cases": [str(c.pk) for c in cases],
        },
    )
    assert response.status_code == 302
    meeting_url = response["Location"]
    chief = Cast(items[1].department).chief
    client.force_login(chief)
    assert client.get(meeting_url).status_code == 200
    opinion = client.post(
        meeting_url + "opinion/", {"opinion": "supplement", "missing_materials": "消防设计说明\n"}, follow=True
    )
    assert "意见已记录" in opinion.content.decode()
    minutes = client.get(meeting_url + "minutes/").content.decode()
    assert "联审会议纪要" in minutes and "消防设计说明" in minutes and "data-print" in minutes
    client.force_login(make_staff(role=Role.CHIEF, department=make_department()))
    assert client.get(meeting_url).status_code == 404
    assert client.get(meeting_url + "minutes/").status_code == 404
    client.logout()
    assert client.get(meeting_url).status_code == 302
    client.force_login(make_applicant_user())
    assert client.get(meeting_url).status_code == 403  # staff pages: applicants are refused
