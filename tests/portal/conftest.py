import pytest

from hall.constants import ApplicantType
from tests.factories import Cast, make_applicant_user, make_department, make_item


@pytest.fixture
def dept(db):
    return make_department(code="scjg", name="市场监管局")


@pytest.fixture
def item(dept):
    return make_item(department=dept, materials=2, optional_materials=1, result_name="食品经营许可证")


@pytest.fixture
def cast(dept):
    return Cast(dept)


@pytest.fixture
def applicant(db):
    return make_applicant_user(username="applicant", name="张三")


@pytest.fixture
def applicant2(db):
    return make_applicant_user(username="applicant2", applicant_type=ApplicantType.ORGANISATION)


@pytest.fixture
def client_of(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _fresh_progress_throttle():
    """Failed progress queries are counted per address in the (possibly shared Redis) cache."""
    from django.core.cache import cache

    cache.delete("portal:progress-fail:127.0.0.1")
    yield
    cache.delete("portal:progress-fail:127.0.0.1")
