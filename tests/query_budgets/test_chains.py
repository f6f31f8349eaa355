"""Budgets of 一件事 applications: staff list and board, the applicant's list, details and API;
the merged material lists, 联审 meetings and the industry licence's public page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals import services as s
from approvals.services.publishing import deliver_all_pending
from catalog.models import Chain, ChainStep, MaterialRequirement
from chains.meetings import meeting_schedule
from chains.models import ChainTerms, IndustryLicence
from chains.selectors import merged_materials
from chains.services import chain_application_submit
from hall.constants import Role
from tests.chains.helpers import chain_files, grant, make_chain
from tests.factories import Cast, make_applicant_user, make_department, make_item, make_staff, pdf_upload
from tests.query_budgets.budget import assert_budget
from tests.query_budgets.conftest import api_client, page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    return make_chain()[0]


@pytest.fixture
def applicant():
    return make_applicant_user()


def applications(n, *, chain, user=None):
    def make():
        return [
            chain_application_submit(
                chain=chain, by=user or make_applicant_user(), channel="online", files=chain_files()
            )
            for _ in range(n)
        ]

    return make


@pytest.mark.parametrize(
    "route,role",
    [
        ("chains:staff-list", Role.SUPERVISOR),
        ("chains:staff-list", Role.FRONT_DESK),  # the front desk also sees the chains to register
        ("chains:board", Role.SUPERVISOR),
        ("api-chain-applications", Role.SUPERVISOR),
        ("api-chain-applications", Role.FRONT_DESK),
    ],
)
def test_staff_lists(chain, route, role):
    applications(2, chain=chain)()
    client = (api_client if route.startswith("api-") else page_client)(make_staff(role=role))
    assert_budget(client, route, add_rows=applications(4, chain=chain))


def test_portal_list(chain, applicant):
    applications(2, chain=chain, user=applicant)()
    more = applications(4, chain=chain, user=applicant)
    assert_budget(page_client(applicant), "chains:portal-list", add_rows=more)


@pytest.mark.parametrize(
    "route", ["chains:staff-detail", "chains:receipt", "api-chain-application", "chains:portal-detail"]
)
def test_detail(chain, applicant, route):
    app = applications(1, chain=chain, user=applicant)()[0]
    user = applicant if route == "chains:portal-detail" else make_staff(role=Role.SUPERVISOR)
    if route == "chains:receipt":
        user = make_staff(role=Role.FRONT_DESK)

    def other():  # the same chain's page for a second application (the chain's size is fixed)
        return reverse(route, kwargs={"number": applications(1, chain=chain, user=applicant)()[0].number})

    client = (api_client if route.startswith("api-") else page_client)(user)
    assert_budget(client, route, kwargs={"number": app.number}, add_rows=other)


def big_chain(steps, *, code, licence=False):
    """A chain of `steps` items in as many departments, sharing the material names chain_files() has."""
    names = (["设立登记申请书", "身份证明"], ["营业执照", "身份证明"], ["营业执照", "经办人身份证明"])
    chain = Chain.objects.create(code=code, name=f"一件事{code}")
    for position in range(1, steps + 1):
        item = make_item(department=make_department(), materials=0, name=f"事项{position}")
        for i, name in enumerate(names[position % 3]):
            MaterialRequirement.objects.create(item=item, position=i + 1, name=name, required=True)
        ChainStep.objects.create(chain=chain, position=position, item=item)
    if licence:
        ChainTerms.objects.create(chain=chain, industry_licence=True, licence_name="行业综合许可证")
    return chain


@pytest.mark.parametrize(
    "route,who", [("api-chain-materials", "staff"), ("chains:apply", "applicant"), ("chains:register", "desk")]
)
def test_chain_forms(applicant, route, who):
    """The merged material list: the same count for a chain of 2 steps and one of 6."""
    small = big_chain(2, code="small")
    user = {"staff": make_staff(role=Role.SUPERVISOR), "applicant": applicant, "desk": make_staff(role=Role.FRONT_DESK)}
    client = (api_client if route.startswith("api-") else page_client)(user[who])

    def bigger():
        return reverse(route, kwargs={"code": big_chain(6, code="big").code})

    assert_budget(client, route, kwargs={"code": small.code}, add_rows=bigger)


def files_for(chain):
    return {m.name: pdf_upload(f"{m.name}.pdf") for m in merged_materials(chain=chain)}


def meeting_of(steps, *, code):
    chain = big_chain(steps, code=code)
    app = chain_application_submit(chain=chain, by=make_applicant_user(), channel="online", files=files_for(chain))
    cases = [r.case for r in app.runs.select_related("case__department")]
    meeting = meeting_schedule(
        application=app,
        title="联审",
        starts_at=timezone.now() + timedelta(days=1),
        departments=[c.department for c in cases],
        cases=cases,
        by=make_staff(role=Role.HALL_ADMIN),
    )
    return app, meeting


@pytest.mark.parametrize("route", ["chains:meeting-new", "chains:meeting", "chains:meeting-minutes"])
def test_meetings(route):
    """A meeting of 2 departments, then one of 6."""
    app, meeting = meeting_of(2, code="small")

    def key(app, meeting):
        return {"number": app.number} if route == "chains:meeting-new" else {"pk": meeting.pk}

    def bigger():
        return reverse(route, kwargs=key(*meeting_of(6, code="big")))

    client = page_client(make_staff(role=Role.HALL_ADMIN))
    assert_budget(client, route, kwargs=key(app, meeting), add_rows=bigger)


def licensed(steps, *, code):
    chain = big_chain(steps, code=code, licence=True)
    app = chain_application_submit(chain=chain, by=make_applicant_user(), channel="online", files=files_for(chain))
    for run in app.runs.select_related("case"):
        case = grant(run.case)
        s.case_issue(case=case, by=Cast(case.department).reviewer)
    deliver_all_pending()
    return IndustryLicence.objects.get(application=app)


def test_licence_page():
    """The public QR page: one permit per item, 2 then 6."""
    first = licensed(2, code="small")

    def bigger():
        return reverse("chains:licence", kwargs={"code": licensed(6, code="big").verification_code})

    assert_budget(page_client(None), "chains:licence", kwargs={"code": first.verification_code}, add_rows=bigger)
