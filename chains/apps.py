from django.apps import AppConfig


class ChainsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "chains"
    verbose_name = "一件事"

    def ready(self):
        from chains import subscribers  # noqa: F401 - registers the case-event subscriber
