"""Create the PostgreSQL role the application runs as (run with the owner's DATABASE_URL, after migrate)."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from audit import dbroles


class Command(BaseCommand):
    help = (
        "在 PostgreSQL 上创建（或更新）应用程序使用的数据库角色：可读写业务表，"
        "但对日志表只能查询和追加，不能清空、修改表结构或停用触发器。须以属主身份在 migrate 之后运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", default=settings.HALL_APP_DB_ROLE)
        parser.add_argument(
            "--password-env",
            default="HALL_APP_DB_PASSWORD",
            help="name of the environment variable holding the role's password (none: leave it as it is)",
        )

    def handle(self, *args, role, password_env, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("SQLite：无需创建数据库角色。")
            return
        if role == connection.settings_dict.get("USER"):
            raise CommandError("应用角色不能与属主（迁移所用的角色）相同。")
        password = os.environ.get(password_env) or None
        with transaction.atomic():
            dbroles.apply(connection, role=role, password=password)
        self.stdout.write(self.style.SUCCESS(f"数据库角色 {role} 已就绪：日志表只能查询和追加。"))
