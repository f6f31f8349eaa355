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


class LibraryAttachment(models.Model):
    """A case material whose file is a library file: the case uses the applicant's stored copy.

    The link is what makes the file the library's, not where it is stored: approvals never
    deletes a file it has lent (CaseMaterial.owns_file), and the link goes when the case
    material gets a file of its own (portal.receivers).
    """

    # Read by approvals.models.CaseMaterial.owns_file, which knows no app by name.
    lends_case_material_file = True

    case_material = models.OneToOneField(
        "approvals.CaseMaterial",
        verbose_name=_("办件材料"),
        on_delete=models.CASCADE,
        related_name="library_attachment",
    )
    library_material = models.ForeignKey(
        LibraryMaterial, verbose_name=_("材料库文件"), on_delete=models.PROTECT, related_name="attachments"
    )
    attached_at = models.DateTimeField(_("选用时间"), default=timezone.now)

    class Meta:
        verbose_name = _("材料库文件的使用")
        verbose_name_plural = _("材料库文件的使用")

    def __str__(self):
        return f"{self.library_material} → {self.case_material}"
