"""Existing accounts start the periodic-change clock at the upgrade, not at date_joined."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def start_clock(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    PasswordState = apps.get_model("accounts", "PasswordState")
    now = timezone.now()
    PasswordState.objects.bulk_create(
        [PasswordState(user_id=pk, changed_at=now) for pk in User.objects.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_password_state_and_sessions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(start_clock, migrations.RunPython.noop)]
