"""Retention (网络安全法 Art. 21: at least six months): archive old audit rows to a file, then purge.

The archive is JSON lines with each row's prev_hash and hash, so it verifies by itself
(`manage.py verify_audit --archive FILE`). An AuditAnchor keeps the last archived row's hash:
the first row left in the table links to it, so the chain still verifies after the purge.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from audit import chain
from audit.constants import Kind
from audit.models import AuditAnchor, AuditEntry
from audit.services import _lock_head, record
from audit.verify import sha256_file

MIN_RETENTION_DAYS = 180


def retention_days():
    days = int(settings.HALL_AUDIT_RETENTION_DAYS)
    if days < MIN_RETENTION_DAYS:
        raise ImproperlyConfigured(
            f"HALL_AUDIT_RETENTION_DAYS={days}：审计日志至少保存 {MIN_RETENTION_DAYS} 天（网络安全法第二十一条）。"
        )
    return days


def _row(entry):
    return {
        "seq": entry.seq,
        "at": chain.utc_iso(entry.at),
        "user_id": entry.user_id,
        "username": entry.username,
        "client_ip": entry.client_ip,
        "user_agent": entry.user_agent,
        "kind": entry.kind,
        "target_type": entry.target_type,
        "target": entry.target,
        "outcome": entry.outcome,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def _purge_through(last_seq):
    if connection.vendor == "postgresql":
        # The owner's SECURITY DEFINER function: the application role cannot DELETE directly.
        with connection.cursor() as cursor:
            cursor.execute("SELECT audit_purge_through(%s)", [last_seq])
            return cursor.fetchone()[0]
    return AuditEntry.objects.filter(seq__lte=last_seq)._raw_delete(AuditEntry.objects.db)


def archive_and_purge(*, now=None, archive_dir=None):
    """Archive every row older than the retention to a new file, then purge them. Returns the anchor or None."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    archive_dir = Path(archive_dir or settings.HALL_AUDIT_ARCHIVE_DIR)
    with transaction.atomic():
        _lock_head()  # no row is appended while the oldest ones leave
        # Only a run of old rows from the start of the chain: the first young row ends it.
        first_young = AuditEntry.objects.filter(at__gte=cutoff).order_by("seq").values_list("seq", flat=True).first()
        old = AuditEntry.objects.filter(at__lt=cutoff).order_by("seq")
        if first_young is not None:
            old = old.filter(seq__lt=first_young)
        rows = list(old)
        if not rows:
            return None
        archive_dir.mkdir(parents=True, exist_ok=True)
        first, last = rows[0], rows[-1]
        path = archive_dir / f"audit-{first.seq:012d}-{last.seq:012d}-{now:%Y%m%dT%H%M%S}.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for entry in rows:
                handle.write(json.dumps(_row(entry), ensure_ascii=False, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        anchor = AuditAnchor.objects.create(
            last_seq=last.seq,
            last_hash=last.hash,
            first_seq=first.seq,
            rows=len(rows),
            archive=str(path),
            archive_sha256=sha256_file(path),
        )
        purged = _purge_through(last.seq)
        record(
            kind=Kind.AUDIT_ARCHIVED,
            username="system",
            target_type="archive",
            target=path.name,
            details={"first_seq": first.seq, "last_seq": last.seq, "rows": len(rows), "purged": purged},
        )
    return anchor
