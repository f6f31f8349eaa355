from django.apps import AppConfig


class KeyaccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keyaccounts"
    verbose_name = "绿色通道（业务大户室）"
