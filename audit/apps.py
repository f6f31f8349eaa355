from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("安全审计")

    def ready(self):
        from audit import receivers  # noqa: F401 - connects the receivers
