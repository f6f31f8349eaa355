"""Retention: rows older than HALL_AUDIT_RETENTION_DAYS are archived (JSON lines) then purged,
and both the archive and what is left still verify."""

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from audit import retention
from audit.models import AuditAnchor, AuditEntry
from audit.services import record
from audit.verify import verify_all, verify_archive

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def old_and_new():
    with time_machine.travel(timezone.now() - timedelta(days=200), tick=False):
        old = [record(kind="login", username=f"old{i}") for i in range(3)]
    new = [record(kind="login", username=f"new{i}") for i in range(2)]
    return old, new


def test_old_rows_are_archived_then_purged_and_the_chain_still_verifies(old_and_new, tmp_path):
    old, new = old_and_new
    anchor = retention.archive_and_purge(archive_dir=tmp_path)
    assert (anchor.first_seq, anchor.last_seq, anchor.rows) == (old[0].seq, old[-1].seq, 3)
    assert anchor.last_hash == old[-1].hash
    assert not AuditEntry.objects.filter(seq__lte=old[-1].seq).exists()
    assert AuditEntry.objects.filter(seq__in=[e.seq for e in new]).count() == 2
    assert AuditEntry.objects.filter(kind="audit-archived").exists()

    lines = [json.loads(line) for line in Path(anchor.archive).read_text(encoding="utf-8").splitlines()]
    assert [line["username"] for line in lines] == ["old0", "old1", "old2"]
    assert all("hash" in line and "prev_hash" in line for line in lines)
    problems = []
    assert verify_archive(anchor.archive, problems.append) == (3, old[-1].hash) and problems == []
    out = StringIO()
    call_command("verify_audit", archive=anchor.archive, stdout=out)
    assert "归档文件完整" in out.getvalue()

    run = verify_all()
    assert run.ok, run.problems
    assert retention.archive_and_purge(archive_dir=tmp_path) is None  # nothing more is old


def test_a_changed_archive_is_found(old_and_new, tmp_path):
    anchor = retention.archive_and_purge(archive_dir=tmp_path)
    archive = Path(anchor.archive)
    archive.write_text(archive.read_text(encoding="utf-8").replace('"old1"', '"mallory"'), encoding="utf-8")
    problems = []
    verify_archive(anchor.archive, problems.append)
    assert len(problems) == 1 and "被修改" in problems[0]
    with pytest.raises(CommandError):
        call_command("verify_audit", archive=anchor.archive, stdout=StringIO())
    assert any("归档文件" in p for p in verify_all().problems)


def test_nothing_young_is_purged(tmp_path):
    record(kind="login", username="today")
    assert retention.archive_and_purge(archive_dir=tmp_path) is None
    assert AuditEntry.objects.filter(username="today").exists()
    assert not AuditAnchor.objects.exists()


@override_settings(HALL_AUDIT_RETENTION_DAYS=90)
def test_a_retention_under_180_days_is_refused(old_and_new, tmp_path):
    with pytest.raises(ImproperlyConfigured):
        retention.archive_and_purge(archive_dir=tmp_path)
    assert AuditEntry.objects.filter(username="old0").exists()


def test_the_beat_schedule_runs_the_purge():
    from django.conf import settings

    assert settings.HALL_AUDIT_RETENTION_DAYS == 185
    assert any(e["task"] == "audit.archive_and_purge" for e in settings.CELERY_BEAT_SCHEDULE.values())


def test_check_refuses_a_short_retention_and_deploy_warns_about_development_keys(settings):
    from audit.checks import production_keys, retention_floor

    settings.HALL_AUDIT_RETENTION_DAYS = 179
    assert [e.id for e in retention_floor(None)] == ["audit.E001"]
    settings.HALL_AUDIT_RETENTION_DAYS = 185
    assert retention_floor(None) == []
    assert {w.id for w in production_keys(None)} == {"audit.W001", "audit.W002"}
    settings.HALL_FIELD_KEYS = ["cHJvZHVjdGlvbi1maWVsZC1rZXktZm9yLXRlc3QtMDA="]
    settings.HALL_BLIND_INDEX_KEY = "a-real-one"
    assert production_keys(None) == []
