"""Password rules of 等保 2.0 level 3 beside Django's own (length, common list, similarity).

Listed in AUTH_PASSWORD_VALIDATORS; `PasswordAgeRecorder` validates nothing but is told by
Django whenever a password is set, which starts the periodic-change clock.
"""

import string

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_CLASSES = (
    ("lower", lambda ch: ch in string.ascii_lowercase),
    ("upper", lambda ch: ch in string.ascii_uppercase),
    ("digit", lambda ch: ch.isdigit()),
    ("symbol", lambda ch: not ch.isalnum() and not ch.isspace()),
)


def character_classes(password):
    """How many of lower case, upper case, digits and symbols the password uses."""
    return sum(1 for _name, test in _CLASSES if any(test(ch) for ch in password))


class CharacterClassesValidator:
    """At least `min_classes` of: lower-case letters, upper-case letters, digits, symbols."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                ngettext(
                    "密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 类。",
                    "密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 类。",
                    self.min_classes,
                )
                % {"n": self.min_classes},
                code="password_too_few_classes",
            )

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 类。") % {"n": self.min_classes}


class UsernameNotContainedValidator:
    """The password must not contain the login name (in any letter case)."""

    min_username_length = 3

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").strip().lower()
        if len(username) >= self.min_username_length and username in password.lower():
            raise ValidationError(_("密码不能包含登录账号。"), code="password_contains_username")

    def get_help_text(self):
        return _("密码不能包含登录账号。")


class PasswordAgeRecorder:
    """Records when a password was set; Django calls `password_changed` after each save."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        from accounts.models import PasswordState

        PasswordState.objects.update_or_create(user=user, defaults={"changed_at": timezone.now()})
        from accounts.policy import forget_facts

        forget_facts(user)  # read the new date next time

    def get_help_text(self):
        return ""
