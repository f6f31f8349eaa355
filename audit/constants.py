from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What happened. Senders of hall.security_signals.security_event may use other slugs too."""

    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出登录")
    LOGIN_FAILED = "login-failed", _("登录失败")
    LOCKED_OUT = "locked-out", _("账号锁定")
    USER_CREATED = "user-created", _("创建账号")
    PASSWORD_CHANGED = "password-changed", _("修改密码")
    PERMISSION_CHANGED = "permission-changed", _("权限变更")
    ROLE_CHANGED = "role-changed", _("岗位角色变更")
    PERSONAL_DATA_VIEWED = "personal-data-viewed", _("查看个人信息")
    FILE_DOWNLOADED = "file-downloaded", _("下载办件文件")
    EXPORT = "export", _("导出数据")
    AUDIT_ARCHIVED = "audit-archived", _("审计日志归档清理")
    AUDIT_VERIFIED = "audit-verified", _("审计日志校验")
    FIELD_KEYS_ROTATED = "field-keys-rotated", _("个人信息加密密钥轮换")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")


# The hash before the first row of a chain (and of each case's event chain).
GENESIS = "0" * 64
