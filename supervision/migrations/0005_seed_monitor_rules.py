"""The six 电子监察 rules, enabled with the hall's usual thresholds (editable in the admin)."""

from django.db import migrations

RULES = [
    # code, threshold, initial level, working days before an unexplained finding escalates
    ("over_promised_limit", 0, "warning", 1),
    ("step_over_limit", 0, "warning", 1),
    ("untouched", 3, "warning", 1),
    ("refusal_without_reason", 10, "warning", 1),
    ("denial_without_reason", 10, "warning", 1),
    ("window_missed", 0, "warning", 1),
]


def seed(apps, schema_editor):
    MonitorRule = apps.get_model("supervision", "MonitorRule")
    for code, threshold, level, days in RULES:
        MonitorRule.objects.get_or_create(
            code=code, defaults={"threshold": threshold, "initial_level": level, "escalate_days": days}
        )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0004_electronic_supervision")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
