from django.apps import AppConfig


class KeyaccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keyaccounts"
    verbose_name = "绿色通道（业务大户室）"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from approvals import flags
        from keyaccounts import subscribers  # noqa: F401 - registers the case-event subscriber
        from keyaccounts.models import KeyAccount
        from keyaccounts.selectors import forget_account_names, key_account_flags

        flags.register("keyaccounts", key_account_flags)
        post_save.connect(forget_account_names, sender=KeyAccount, dispatch_uid="keyaccounts-forget-names")
        post_delete.connect(forget_account_names, sender=KeyAccount, dispatch_uid="keyaccounts-forget-names-del")
