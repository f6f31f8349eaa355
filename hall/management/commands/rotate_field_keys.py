"""Re-encrypt every encrypted column under the current key (the first of HALL_FIELD_KEYS).

Rotation: put the new key first in HALL_FIELD_KEYS (keep the old ones after it), deploy, run
this command, then drop the old keys. Blind indexes are recomputed too, so the same run
moves them to a new HALL_BLIND_INDEX_KEY (old values must still decrypt).
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from hall.fields import encrypted_field_names, rewrite_encrypted_rows
from hall.security_signals import security_event


class Command(BaseCommand):
    help = "用当前密钥（HALL_FIELD_KEYS 第一个）重新加密证件号码和电话等加密字段，并重算盲索引。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size=500, **options):
        counts = {}
        for model in apps.get_models():
            if not encrypted_field_names(model):
                continue
            with transaction.atomic():
                counts[model._meta.label] = rewrite_encrypted_rows(model, batch_size=batch_size)
            self.stdout.write(f"{model._meta.label}: {counts[model._meta.label]}")
        security_event.send(
            sender=self.__class__,
            kind="field-keys-rotated",
            user=None,
            request=None,
            outcome="success",
            details={"target_type": "database", "target": "encrypted-fields", "rows": counts},
        )
        self.stdout.write(self.style.SUCCESS(f"已用当前密钥重新加密 {sum(counts.values())} 行。"))
