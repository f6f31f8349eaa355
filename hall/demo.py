"""Demo accounts of the hall (the role-bearing staff profiles arrive with approvals)."""

from django.contrib.auth import get_user_model


def seed(*, stdout, password):
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"first_name": "管理员", "is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(password)
        admin.save()
    stdout.write(f"  账号 admin（大厅管理员）{'已创建' if created else '已存在'}")
