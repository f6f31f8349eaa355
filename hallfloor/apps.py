from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallFloorConfig(AppConfig):
    """The hall floor: business areas, tickets and calling, appointments, pre-review, lockers."""

    name = "hallfloor"
    verbose_name = _("大厅现场（取号叫号、预约、预审、智能文件柜）")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hallfloor import subscribers  # noqa: F401  (registers the case-event subscribers)
