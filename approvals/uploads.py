"""Checks on uploaded material files: type by magic bytes, size limit, content hash."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Magic bytes of the types a hall accepts: PDF and the two common image formats.
_SIGNATURES = [
    (b"%PDF-", "application/pdf", {".pdf"}),
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}),
]


class UploadTooLarge(ValidationError):
    """The file exceeds HALL_UPLOAD_MAX_BYTES; the API answers 413."""

    http_status = 413


class UploadTypeNotAllowed(ValidationError):
    pass


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    sha256: str
    size: int


def check_upload(file):
    """Return the file's type, SHA-256 and size, or raise a Chinese ValidationError."""
    limit = settings.HALL_UPLOAD_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise _too_large(limit)
    file.seek(0)
    head = file.read(16)
    name = (getattr(file, "name", "") or "").lower()
    match = next((sig for sig in _SIGNATURES if head.startswith(sig[0])), None)
    if match is None:
        raise UploadTypeNotAllowed(_("只能上传 PDF、JPG 或 PNG 文件，且文件内容须与类型相符。"), code="file_type")
    _magic, content_type, extensions = match
    if "." in name and not any(name.endswith(ext) for ext in extensions):
        raise UploadTypeNotAllowed(_("文件扩展名与文件内容不符。"), code="file_extension")
    digest = hashlib.sha256()
    file.seek(0)
    total = 0
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
        total += len(chunk)
        if total > limit:
            raise _too_large(limit)
        digest.update(chunk)
    file.seek(0)
    return CheckedUpload(content_type=content_type, sha256=digest.hexdigest(), size=total)


def _too_large(limit):
    return UploadTooLarge(
        _("上传文件不能超过 %(mb)s MB。") % {"mb": f"{limit / 1024 / 1024:g}"},
        code="file_too_large",
    )
