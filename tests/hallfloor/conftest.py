import pytest

from tests.hallfloor.floor_factories import reset_hardware


@pytest.fixture(autouse=True)
def _fresh_hardware():
    reset_hardware()
    yield
    reset_hardware()
