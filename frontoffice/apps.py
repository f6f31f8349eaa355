from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontOfficeConfig(AppConfig):
    """前台规则: 首问负责与导询, 窗口无权否决, 平台对话框, 前台受理文件袋."""

    name = "frontoffice"
    verbose_name = _("前台规则（首问负责、窗口无权否决、平台对话框、文件袋）")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from frontoffice import hooks

        hooks.install()
