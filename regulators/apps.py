from django.apps import AppConfig


class RegulatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "regulators"
    verbose_name = "审管互动"

    def ready(self):
        from approvals import guards
        from approvals.constants import Action
        from regulators import subscribers  # noqa: F401 - registers the case-event subscribers
        from regulators.selectors import refuse_decision_during_joint_review

        # An open joint review (联合审查/联合踏勘) holds the decision back.
        guards.register(Action.DECIDE, refuse_decision_during_joint_review)
