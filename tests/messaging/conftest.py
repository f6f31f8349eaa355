import pytest

from tests.factories import Cast, make_department, make_item


@pytest.fixture
def dept(db):
    return make_department(code="scjg", name="市场监管局")


@pytest.fixture
def item(dept):
    return make_item(department=dept, name="食品经营许可", materials=2, promised_limit_days=5)


@pytest.fixture
def instant_item(dept):
    return make_item(department=dept, name="个体工商户登记", kind="instant", materials=1, steps=())


@pytest.fixture
def cast(dept):
    return Cast(dept)


@pytest.fixture
def sms_log(settings, tmp_path):
    settings.HALL_SMS_BACKEND = "file"
    settings.HALL_SMS_FILE_PATH = str(tmp_path / "sms.log")
    return tmp_path / "sms.log"


@pytest.fixture
def gateway(settings):
    from tests.messaging.fake_gateway import FakeGateway

    with FakeGateway() as fake:
        settings.HALL_SMS_BACKEND = "http"
        settings.HALL_SMS_GATEWAY_URL = fake.url
        settings.HALL_SMS_GATEWAY_KEY = fake.key
        settings.HALL_SMS_SIGNATURE = "示范县政务服务中心"
        settings.HALL_SMS_GATEWAY_CONNECT_TIMEOUT = 1
        settings.HALL_SMS_GATEWAY_READ_TIMEOUT = 1
        settings.HALL_SMS_MAX_RETRIES = 2
        yield fake


@pytest.fixture
def item_with_result(dept):
    return make_item(department=dept, materials=2, result_name="食品经营许可证")
