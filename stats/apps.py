from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stats"
    verbose_name = _("统计分析")

    def ready(self):
        from stats import subscribers  # noqa: F401 - registers the case-event subscriber
