from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "supervision"
    verbose_name = "督查督办"

    def ready(self):
        from approvals.actions import register
        from supervision import subscribers  # noqa: F401 - registers the case-event subscribers
        from supervision.actions import URGE

        register(URGE)
