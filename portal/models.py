"""The applicant's material library (材料共享库)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.constants import LibrarySource


def library_upload_to(instance, filename):
    # Named by content hash: one stored file per applicant per content.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"library/{instance.owner_id}/{instance.sha256}.{extension}"


class LibraryMaterial(models.Model):
    """One file an applicant has uploaded, or a result the hall issued them; kept once per content."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("所有人"), on_delete=models.CASCADE, related_name="library_materials"
    )
    name = models.CharField(_("材料名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to=library_upload_to, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveBigIntegerField(_("文件大小"))
    source = models.CharField(_("来源"), max_length=10, choices=LibrarySource.choices, default=LibrarySource.UPLOAD)
    result_number = models.CharField(_("证照编号"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("入库时间"), default=timezone.now)

    class Meta:
        verbose_name = _("材料库文件")
        verbose_name_plural = _("材料库文件")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["owner", "sha256"], name="library_unique_content")]
        indexes = [models.Index(fields=["owner", "-created_at"], name="library_owner_recent")]

    def __str__(self):
        return self.name
