from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Sign-in security: lockout, two-factor sign-in, password policy, sessions and tokens."""

    name = "accounts"
    verbose_name = _("登录安全")

    def ready(self):
        from accounts import receivers  # noqa: F401
