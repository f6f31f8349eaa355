import pytest

from tests.network.helpers import build_network


@pytest.fixture
def net(db):
    return build_network()
