from django.apps import AppConfig


class RegulatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "regulators"
    verbose_name = "审管互动"

    def ready(self):
        from approvals import policies
        from approvals.constants import Action
        from regulators import subscribers  # noqa: F401 - registers the case-event subscribers
        from regulators.selectors import open_joint_review_hold

        # An open joint review (联合审查/联合踏勘) holds the decision back.
        policies.register_hold(Action.DECIDE, open_joint_review_hold)
