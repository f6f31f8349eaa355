"""The check the network adds to delivery (approvals.guards), without approvals importing it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from approvals import guards
from approvals.constants import Action, DeliveryMethod
from hall.models import Hall
from network.selectors import result_has_arrived


def result_must_have_arrived(*, case, by, method="", **context):
    """就近取件: a result decided at another hall is handed over on paper only once it has arrived."""
    if case.hall_id == case.decision_hall_id or method == DeliveryMethod.ELECTRONIC:
        return
    if result_has_arrived(case):
        return
    names = dict(Hall.objects.filter(pk__in=[case.hall_id, case.decision_hall_id]).values_list("pk", "name"))
    raise ValidationError(
        {
            "result": [
                _("办理结果尚未从%(source)s送达%(target)s，出件窗口签收结果后才能送达申请人。")
                % {"source": names.get(case.decision_hall_id, ""), "target": names.get(case.hall_id, "")}
            ]
        }
    )


def register_all():
    guards.register(Action.DELIVER, result_must_have_arrived)
