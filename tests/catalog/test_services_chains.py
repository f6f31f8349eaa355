import pytest
from django.core.exceptions import ValidationError

from catalog.models import Chain, ChainStep
from catalog.selectors import chain_list, chain_stages
from catalog.services import chain_set_dependencies
from tests.catalog.factories import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    chain = Chain.objects.create(code="kcg", name="开餐馆")
    for position in (1, 2, 3):
        ChainStep.objects.create(chain=chain, position=position, item=make_item(name=f"事项{position}"))
    return chain


def _waits(chain):
    return {s.position: sorted(w.position for w in s.waits_for.all()) for s in chain.steps.all()}


def test_serial_dependencies_are_stored_and_staged(chain):
    chain_set_dependencies(chain=chain, dependencies={2: [1], 3: [2]})
    assert _waits(chain) == {1: [], 2: [1], 3: [2]}
    stages = chain_stages(chain_list().get(pk=chain.pk))
    assert [[s.position for s in stage] for stage in stages] == [[1], [2], [3]]


def test_steps_without_predecessors_run_in_parallel(chain):
    chain_set_dependencies(chain=chain, dependencies={3: [1, 2]})
    stages = chain_stages(chain_list().get(pk=chain.pk))
    assert [[s.position for s in stage] for stage in stages] == [[1, 2], [3]]


def test_a_cycle_is_refused_and_nothing_changes(chain):
    chain_set_dependencies(chain=chain, dependencies={2: [1]})
    with pytest.raises(ValidationError) as caught:
        chain_set_dependencies(chain=chain, dependencies={1: [3], 2: [1], 3: [2]})
    assert "前置环节形成循环" in caught.value.messages[0]
    assert "1.事项1" in caught.value.messages[0]
    assert _waits(chain) == {1: [], 2: [1], 3: []}


def test_waiting_for_itself_or_a_missing_step_is_refused(chain):
    with pytest.raises(ValidationError, match="不能等待它自己"):
        chain_set_dependencies(chain=chain, dependencies={2: [2]})
    with pytest.raises(ValidationError, match="第9步不存在"):
        chain_set_dependencies(chain=chain, dependencies={2: [9]})
