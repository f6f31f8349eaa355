"""Enrol the demo's admin and supervisor in two-factor sign-in with a published secret.

Only for the demo (`make run` calls it after seed_demo): the secret below is public, so it
refuses to run unless DEBUG is on. `--code` prints the current 6-digit code instead, for a
visitor without an authenticator app.
"""

import base64

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

# The demo's published TOTP secret: the 20 bytes "hall-demo-2fa-2026!!".
DEMO_SECRET_HEX = "68616c6c2d64656d6f2d3266612d323032362121"
# The network demo's city and second-county supervisors too (issue 19).
DEMO_USERS = ("admin", "supervisor", "city_supervisor", "supervisor_dcx")


def demo_secret_base32():
    return base64.b32encode(bytes.fromhex(DEMO_SECRET_HEX)).decode().rstrip("=")


class Command(BaseCommand):
    help = "演示用：为 admin 和 supervisor 绑定公开的两步验证密钥（仅 DEBUG）；--code 显示当前动态码。"

    def add_arguments(self, parser):
        parser.add_argument("--code", action="store_true", help="只显示当前6位动态码")

    def handle(self, *args, code=False, **options):
        if not settings.DEBUG:
            raise CommandError("demo_otp 只用于演示环境（DEBUG=1）：它使用公开的密钥。")
        if code:
            self.stdout.write(f"{totp(bytes.fromhex(DEMO_SECRET_HEX), step=30, t0=0, digits=6):06d}")
            return
        users = get_user_model().objects.filter(username__in=DEMO_USERS)
        for user in users:
            if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                TOTPDevice.objects.create(user=user, name="demo", key=DEMO_SECRET_HEX, confirmed=True)
        self.stdout.write(
            f"  两步验证（{'、'.join(u.username for u in users)}）：验证器密钥 {demo_secret_base32()}；"
            f"或运行 .venv/bin/python manage.py demo_otp --code 查看当前动态码"
        )
