import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "hall.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-real-secret-" + "x7Q!pz#9Lm" * 5,
        "ALLOWED_HOSTS": "zwfw.example.gov.cn",
        "HALL_FIELD_KEYS": "cHJvZHVjdGlvbi1maWVsZC1rZXktZm9yLXRlc3QtMDA=",
        "HALL_BLIND_INDEX_KEY": "a-real-blind-index-key-" + "Qx8" * 8,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hall_defaults_to_chinese_and_beijing_time(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ
    assert ("en", "English") in settings.LANGUAGES
    assert int(os.environ.get("HALL_AUTO_ACCEPT_SECONDS", 600)) == settings.HALL_AUTO_ACCEPT_SECONDS
