from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "网上办事大厅"

    def ready(self):
        from portal import receivers  # noqa: F401 - connects the receivers
