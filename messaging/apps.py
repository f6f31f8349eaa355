from django.apps import AppConfig


class MessagingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "messaging"
    verbose_name = "办件消息"

    def ready(self):
        from messaging import subscribers  # noqa: F401 - registers the case-event subscriber
