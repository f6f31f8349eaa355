"""Count the events already in the log into DailyVolume (from now on the subscriber keeps it)."""

from zoneinfo import ZoneInfo

from django.db import migrations
from django.db.models import Count, Q
from django.db.models.functions import TruncDate

BEIJING = ZoneInfo("Asia/Shanghai")
KINDS = {
    "received": Q(action="take-in") | Q(action="create", to_state="received"),
    "accepted": Q(action__in=["acknowledge", "deem-accepted", "accept-on-the-spot"]),
    "decided": Q(action="decide"),
    "delivered": Q(action="deliver"),
}


def backfill(apps, schema_editor):
    CaseEvent = apps.get_model("approvals", "CaseEvent")
    DailyVolume = apps.get_model("supervision", "DailyVolume")
    rows = []
    for kind, condition in KINDS.items():
        grouped = (
            CaseEvent.objects.filter(condition)
            .annotate(day=TruncDate("at", tzinfo=BEIJING))
            .values("day", "case__department_id")
            .annotate(n=Count("id"))
        )
        rows += [
            DailyVolume(day=g["day"], department_id=g["case__department_id"], kind=kind, count=g["n"]) for g in grouped
        ]
    DailyVolume.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0002_daily_volume"),
        ("approvals", "0006_case_event_outbox"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
