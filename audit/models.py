"""The security audit log (等保 2.0 §8.1.4.3): append-only, hash-chained, kept and archived.

Each AuditEntry carries the hash of the previous one; the chain head (one locked row) says
where the chain ends, so a removed last row is found too. Rows older than the retention are
archived to a file and purged; an AuditAnchor keeps the last purged row's hash so what is left
still verifies. VerificationRun stores each `verify_audit` run for the admin.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit import chain
from audit.constants import GENESIS, Kind, Outcome


class AppendOnlyError(Exception):
    """Audit rows are never updated or deleted (only purged after archiving, by the purge task)."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(gettext("审计日志只能追加，不能修改。"))

    def delete(self):
        raise AppendOnlyError(gettext("审计日志只能追加，不能删除。"))


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(gettext("审计日志只能追加，不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(gettext("审计日志只能追加，不能删除。"))


class AuditEntry(AppendOnlyModel):
    """One security-relevant action: who, when, from where, what, on what, with what outcome."""

    seq = models.PositiveBigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    # No database constraint: deleting a user must not touch (update) the audit rows.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    client_ip = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=200, blank=True)
    kind = models.CharField(_("事件"), max_length=40, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=40, blank=True)
    target = models.CharField(_("对象"), max_length=150, blank=True, db_index=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64)

    class Meta:
        verbose_name = _("安全审计日志")
        verbose_name_plural = _("安全审计日志")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["user", "at"], name="audit_user_at")]

    def __str__(self):
        return f"#{self.seq} {self.kind} {self.username}"

    @property
    def kind_label(self):
        try:
            return Kind(self.kind).label
        except ValueError:
            return self.kind

    def content(self):
        return entry_content(
            {
                "seq": self.seq,
                "at": self.at,
                "user_id": self.user_id,
                "username": self.username,
                "client_ip": self.client_ip,
                "user_agent": self.user_agent,
                "kind": self.kind,
                "target_type": self.target_type,
                "target": self.target,
                "outcome": self.outcome,
                "details": self.details,
            }
        )

    def compute_hash(self):
        return chain.link(self.prev_hash, self.content())


def entry_content(row):
    """The hashed content of an audit row given as a mapping (a model's fields or an archive line)."""
    return {
        "seq": row["seq"],
        "at": chain.utc_iso(row["at"]),
        "user": row["user_id"],
        "username": row["username"] or "",
        "ip": row["client_ip"] or "",
        "agent": row["user_agent"] or "",
        "kind": row["kind"],
        "target_type": row["target_type"] or "",
        "target": row["target"] or "",
        "outcome": row["outcome"],
        "details": row["details"] or {},
    }


class AuditChainHead(models.Model):
    """The one row locked to append: the last sequence number and hash of the chain."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self):
        return f"#{self.last_seq} {self.last_hash[:12]}"


class AuditAnchor(AppendOnlyModel):
    """Where the kept chain starts after a purge: the last purged row and the archive holding it."""

    at = models.DateTimeField(_("时间"), default=timezone.now)
    last_seq = models.PositiveBigIntegerField(_("已归档至序号"))
    last_hash = models.CharField(_("该条哈希"), max_length=64)
    first_seq = models.PositiveBigIntegerField(_("本次归档起始序号"))
    rows = models.PositiveIntegerField(_("归档条数"))
    archive = models.CharField(_("归档文件"), max_length=255)
    archive_sha256 = models.CharField(_("归档文件 SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("审计归档锚点")
        verbose_name_plural = _("审计归档锚点")
        ordering = ["-last_seq"]

    def __str__(self):
        return f"≤#{self.last_seq} {self.archive}"


class VerificationRun(models.Model):
    """The result of one `manage.py verify_audit` run (shown in the admin)."""

    at = models.DateTimeField(_("校验时间"), default=timezone.now, db_index=True)
    ok = models.BooleanField(_("完整"))
    audit_rows = models.PositiveIntegerField(_("安全审计日志条数"), default=0)
    event_rows = models.PositiveIntegerField(_("办件事件条数"), default=0)
    problems = models.JSONField(_("发现的问题"), default=list, blank=True)
    seconds = models.FloatField(_("耗时（秒）"), default=0)

    class Meta:
        verbose_name = _("审计日志校验记录")
        verbose_name_plural = _("审计日志校验记录")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {'OK' if self.ok else 'FAIL'}"
