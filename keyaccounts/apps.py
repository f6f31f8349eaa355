from django.apps import AppConfig


class KeyaccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keyaccounts"
    verbose_name = "绿色通道（业务大户室）"

    def ready(self):
        from approvals import flags
        from keyaccounts import subscribers  # noqa: F401 - registers the case-event subscriber
        from keyaccounts.selectors import key_account_flags

        flags.register("keyaccounts", key_account_flags)
