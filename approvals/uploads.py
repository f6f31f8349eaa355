"""Checks on uploaded material files: type by magic bytes, size limit, content hash, and no
decompression bombs (an image too many pixels large, a PDF whose streams expand past a limit).

Every refusal names the `file` field, so an API answers `{"file": [...]}` and a form shows the
message next to the file input.
"""

import hashlib
import re
import zlib
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


class UploadContentRefused(ValidationError):
    """A decompression bomb: the file is small, what it expands to is not."""


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
        raise _file_error(
            UploadTypeNotAllowed, _("只能上传 PDF、JPG 或 PNG 文件，且文件内容须与类型相符。"), "file_type"
        )
    _magic, content_type, extensions = match
    if "." in name and not any(name.endswith(ext) for ext in extensions):
        raise _file_error(UploadTypeNotAllowed, _("文件扩展名与文件内容不符。"), "file_extension")
    digest = hashlib.sha256()
    file.seek(0)
    total = 0
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
        total += len(chunk)
        if total > limit:
            raise _too_large(limit)
        digest.update(chunk)
    file.seek(0)
    if content_type == "application/pdf":
        _check_pdf_expansion(file)
    else:
        _check_image_dimensions(file)
    file.seek(0)
    return CheckedUpload(content_type=content_type, sha256=digest.hexdigest(), size=total)


def _file_error(cls, message, code):
    return cls({"file": [ValidationError(message, code=code)]})


def _too_large(limit):
    return _file_error(
        UploadTooLarge, _("上传文件不能超过 %(mb)s MB。") % {"mb": f"{limit / 1024 / 1024:g}"}, "file_too_large"
    )


def _check_image_dimensions(file):
    """Refuse an image with more pixels than the hall allows, reading only its header.

    Pillow reads the dimensions without decoding a pixel; it refuses (DecompressionBombError)
    past twice its own limit, and the hall's limit (by default Pillow's) is checked here. A
    header Pillow cannot read is left to the type check (nothing will decode it either).
    """
    from PIL import Image, UnidentifiedImageError

    limit = settings.HALL_UPLOAD_MAX_PIXELS
    try:
        with Image.open(file) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        width = height = None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return
    finally:
        file.seek(0)
    if width is None or width * height > limit:
        size = f"{width}×{height}" if width else _("超大")
        raise _file_error(
            UploadContentRefused,
            _("图片尺寸过大（%(size)s 像素），像素总数不能超过 %(mp)s 万，请缩小后重新上传。")
            % {"size": size, "mp": f"{limit / 10000:.0f}"},
            "image_too_many_pixels",
        )


# A stream's data starts after the keyword `stream` and its end of line (not `endstream`).
_PDF_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_CHUNK = 64 * 1024  # compressed bytes fed per step
_STEP = 1024 * 1024  # most bytes inflated per step (then counted and dropped)


def _check_pdf_expansion(file):
    """Refuse a PDF whose Flate streams together expand past HALL_UPLOAD_MAX_PDF_EXPANDED_BYTES.

    Each stream is inflated incrementally (zlib with a cap on the output of every step) and
    the output is counted and thrown away, so a bomb costs at most the limit in CPU and a
    chunk in memory. Streams that are not zlib data (JPEG images, plain text) count nothing.
    """
    limit = settings.HALL_UPLOAD_MAX_PDF_EXPANDED_BYTES
    data = file.read()
    expanded = 0
    for match in _PDF_STREAM.finditer(data):
        expanded += _inflated_size(data, match.end(), limit - expanded)
        if expanded > limit:
            raise _file_error(
                UploadContentRefused,
                _("PDF 文件解压后超过 %(mb)s MB，可能是异常文件，请重新生成或压缩后再上传。")
                % {"mb": f"{limit / 1024 / 1024:g}"},
                "pdf_expands_too_much",
            )


def _inflated_size(data, start, budget):
    """How many bytes the zlib stream at `start` inflates to, counting no further than budget + 1."""
    inflater = zlib.decompressobj()
    produced, position = 0, start
    try:
        while position < len(data) and not inflater.eof and produced <= budget:
            pending = data[position : position + _CHUNK]
            position += len(pending)
            while pending and produced <= budget and not inflater.eof:
                out = inflater.decompress(pending, min(_STEP, budget - produced + 1))
                if not out and inflater.unconsumed_tail == pending:
                    return produced  # no progress: not zlib data after all
                produced += len(out)
                pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # not (or no longer) zlib data: what came out so far still counts
    return produced
