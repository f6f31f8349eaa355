from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"
    verbose_name = "好差评"

    def ready(self):
        from evaluations import subscribers  # noqa: F401 - registers the case-event subscribers
        from evaluations.messaging_links import rating_invitation
        from messaging.extensions import provide

        provide("rating", rating_invitation)
