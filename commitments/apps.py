from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "commitments"
    verbose_name = "告知承诺"

    def ready(self):
        from commitments import guards, subscribers  # noqa: F401 - register the guards and subscribers

        guards.register_all()
