"""What the 一卡通 learns from case events (registered in ProjectsConfig.ready): a node follows the
state of the cases linked to it."""

from approvals.events import subscribe
from projects.constants import NodeState
from projects.models import ProjectNode


@subscribe("projects.nodes")
def follow_linked_cases(message):
    if not message.state_changed:
        return
    from projects.services import node_refresh

    for node in ProjectNode.objects.select_for_update().filter(cases__id=message.case_id).exclude(state=NodeState.DONE):
        node_refresh(node=node, at=message.at)
