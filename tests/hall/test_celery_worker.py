"""A countdown task runs in a real worker process on the configured broker."""

import time
import uuid

from hall.tasks import write_heartbeat


def test_countdown_task_runs_in_a_real_worker_after_its_countdown(celery_worker, tmp_path):
    target = tmp_path / "heartbeat.txt"
    token = uuid.uuid4().hex
    sent_at = time.monotonic()
    write_heartbeat.apply_async(args=[str(target), token], countdown=2)

    while time.monotonic() - sent_at < 30 and not target.exists():
        time.sleep(0.05)
    ran_after = time.monotonic() - sent_at

    assert target.exists(), celery_worker.log()
    assert target.read_text() == token
    # Eager mode (or a worker ignoring the countdown) would have run it at once.
    assert ran_after >= 1.9


def test_the_embedded_broker_keeps_its_control_folder_out_of_the_checkout(celery_worker, settings):
    """The pidbox and exchange tables live with the broker under var/, never in a tracked folder."""
    from pathlib import Path

    root = Path(settings.BASE_DIR)
    assert not (root / "control").exists()
    if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        return
    control = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["control_folder"])
    assert Path(settings.VAR_DIR) in control.parents
    assert any(control.glob("*.exchange")), celery_worker.log()
