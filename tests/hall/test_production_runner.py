"""The production runner keeps the worker and beat alive without taking the web down (issue 21, item 2).

`scripts/serve-production.sh` used to `wait -n` for any of its three processes and then stop
all of them: a worker killed by a Redis restart took gunicorn (and /healthz) with it. Now the
worker and beat run under `scripts/keep-running.sh`, which starts a process again when it exits.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
KEEP_RUNNING = ROOT / "scripts" / "keep-running.sh"


def _wait_for(predicate, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_keep_running_starts_a_process_again_each_time_it_exits(tmp_path):
    runs = tmp_path / "runs.txt"
    supervisor = subprocess.Popen(
        ["bash", str(KEEP_RUNNING), "demo", "sh", "-c", f"echo run >> {runs}; exit 3"],
        env={**os.environ, "RESTART_DELAY": "0.1"},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _wait_for(lambda: runs.exists() and len(runs.read_text().split()) >= 3)
        assert supervisor.poll() is None
    finally:
        supervisor.terminate()
    _out, err = supervisor.communicate(timeout=10)
    assert supervisor.returncode == 0
    assert "demo exited with status 3; starting it again" in err


def test_stopping_keep_running_stops_its_process_too(tmp_path):
    pid_file = tmp_path / "child.pid"
    supervisor = subprocess.Popen(
        ["bash", str(KEEP_RUNNING), "demo", "sh", "-c", f"echo $$ > {pid_file}; exec sleep 60"],
        env={**os.environ, "RESTART_DELAY": "0.1"},
    )
    assert _wait_for(lambda: pid_file.exists() and pid_file.read_text().strip())
    child = int(pid_file.read_text())
    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.wait(timeout=10) == 0

    def gone():
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return True
        return False

    assert _wait_for(gone, timeout=10)


def test_serve_production_supervises_worker_and_beat_and_waits_only_for_the_web():
    script = (ROOT / "scripts" / "serve-production.sh").read_text()
    lines = [line for line in script.splitlines() if not line.lstrip().startswith("#")]
    worker = next(line for line in lines if "celery -A hall worker" in line)
    beat = next(line for line in lines if "celery -A hall beat" in line)
    assert "keep-running.sh worker" in worker and "keep-running.sh beat" in beat
    assert not any("wait -n" in line for line in lines)


def test_compose_restarts_a_dead_worker_or_beat_and_the_web_does_not_depend_on_them():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for name in ("worker", "beat", "web"):
        assert services[name]["restart"] in ("always", "unless-stopped"), name
    assert not {"worker", "beat"} & set(services["web"].get("depends_on", {}))


def test_compose_scales_web_and_worker_behind_one_proxy_with_shared_object_storage():
    """Issue 22: web and worker are stateless, so `--scale web=N --scale worker=M` works."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert "ports" not in services["web"] and "ports" not in services["worker"]  # no fixed host port
    assert services["proxy"]["ports"] == ["8000:8000"]
    # Files go to object storage, not to a volume only one host could mount.
    for name in ("web", "worker"):
        assert not services[name].get("volumes"), name
        assert services[name]["environment"]["HALL_S3_BUCKET"]
    # Migrations run once, in their own job, before web and worker start.
    assert "migrate" in services["migrate"]["command"]
    for name in ("web", "worker", "beat"):
        assert "migrate" not in " ".join(services[name]["command"]), name
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "resolver 127.0.0.11" in nginx and "set $web http://web:8000;" in nginx
