"""Create the PostgreSQL role the application runs as (run with the owner's DATABASE_URL, after migrate).

The role and its password come from HALL_APP_DATABASE_URL (the URL the application will use),
else from --role / HALL_APP_DB_ROLE and HALL_APP_DB_PASSWORD. Idempotent: run it after every
migrate so new tables are granted too.
"""

import os
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from audit import dbroles


class Command(BaseCommand):
    help = (
        "在 PostgreSQL 上创建（或更新）应用程序使用的数据库角色：可读写业务表，"
        "但对日志表只能查询和追加，不能清空、修改表结构或停用触发器。须以属主身份在每次 migrate 之后运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--role", help="role name (default: the user of HALL_APP_DATABASE_URL, else HALL_APP_DB_ROLE)"
        )

    def handle(self, *args, role=None, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("SQLite：无需创建数据库角色。")
            return
        password = os.environ.get("HALL_APP_DB_PASSWORD") or None
        app_url = os.environ.get("HALL_APP_DATABASE_URL")
        if app_url:
            parsed = urlparse(app_url)
            role = role or (unquote(parsed.username) if parsed.username else None)
            password = unquote(parsed.password) if parsed.password else password
        role = role or settings.HALL_APP_DB_ROLE
        if role == connection.settings_dict.get("USER"):
            raise CommandError("应用角色不能与属主（执行迁移的角色）相同。")
        with transaction.atomic():
            dbroles.apply(connection, role=role, password=password)
        self.stdout.write(
            self.style.SUCCESS(f"数据库角色 {role} 已就绪：日志表只能查询和追加，不能清空、修改或停用触发器。")
        )
