from django.apps import AppConfig


class HomevisitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "homevisits"
    verbose_name = "上门办"
