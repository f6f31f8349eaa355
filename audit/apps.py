from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("安全审计")

    def ready(self):
        from audit import checks, receivers  # noqa: F401 - registers the checks, connects the receivers
