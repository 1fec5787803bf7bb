"""Uploaded files: checked by what they contain, stored under random names, served only by scoped views.

A file's name and the type the browser claims are the uploader's to choose, so neither decides
anything here: a photo is whatever Pillow can open and verify as JPEG, PNG or WebP, a scan is a
PDF by its magic bytes or such a photo. An SVG or an HTML page is neither, so it is refused at
the door; and should an old file of another kind be on disk, it is served as a download that
the browser may not sniff or run (``serve_upload``).
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from org.ids import is_digits

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_SCAN_BYTES = 10 * 1024 * 1024
# Pillow's format name → the extension a stored photo gets, and the type it is served as.
PHOTO_FORMATS = {"JPEG": (".jpg", "image/jpeg"), "PNG": (".png", "image/png"), "WEBP": (".webp", "image/webp")}
PDF_MAGIC = b"%PDF-"
CONTENT_TYPES = {ext: ctype for ext, ctype in PHOTO_FORMATS.values()} | {
    ".pdf": "application/pdf",
    ".jpeg": "image/jpeg",
}
# A photo of 40 megapixels is a phone's best; beyond that it is a decompression bomb.
MAX_PIXELS = 40_000_000
# For the odd file served raw: no script, no plugins, nothing loaded from anywhere.
SANDBOX_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@deconstructible
class RandomName:
    """``upload_to`` for user files: ``<prefix>/2026/03/<32 hex digits><ext>``.

    The uploader's file name says nothing on disk or in a URL (no guessing other files, no
    path tricks, no Chinese names that break a backup tool); the original name, where it
    matters, is kept in a field of its own.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.strip("/")

    def __call__(self, instance: Any, filename: str) -> str:
        ext = PurePath(filename).suffix.lower()
        ext = ext if ext.isascii() and len(ext) <= 6 and ext[1:].isalnum() else ""
        return f"{self.prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.prefix == self.prefix


def _size(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    return size


def _head(upload: IO[bytes], count: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(count)
    upload.seek(0)
    return head


def photo_format(upload: IO[bytes]) -> str | None:
    """Pillow's name for an image it can open and verify among PHOTO_FORMATS, else None."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            fmt = image.format
            if image.width * image.height > MAX_PIXELS:
                return None
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return fmt if fmt in PHOTO_FORMATS else None


def check_photo(upload: Any) -> str:
    """Refuse anything but a real JPEG, PNG or WebP photo of at most 10 MB; returns its extension."""
    if _size(upload) > MAX_PHOTO_BYTES:
        raise ValidationError(_("A photo may be at most 10 MB."), code="too_big")
    fmt = photo_format(upload)
    if fmt is None:
        raise ValidationError(_("This file is not a photo (JPG, PNG or WebP)."), code="not_a_photo")
    return PHOTO_FORMATS[fmt][0]


def check_scan(upload: Any) -> str:
    """Refuse anything but a PDF or a photo of at most 10 MB; returns its extension."""
    if _size(upload) > MAX_SCAN_BYTES:
        raise ValidationError(_("The scan may be at most 10 MB."), code="too_big")
    if _head(upload).startswith(PDF_MAGIC):
        return ".pdf"
    fmt = photo_format(upload)
    if fmt is None:
        raise ValidationError(_("Upload the scan as PDF, JPG or PNG."), code="not_a_scan")
    return PHOTO_FORMATS[fmt][0]


def sniffed_type(file: IO[bytes]) -> str:
    """What a stored file really is, from its first bytes: a PDF, a photo, or unknown bytes."""
    head = _head(file)
    if head.startswith(PDF_MAGIC):
        return "application/pdf"
    fmt = photo_format(file)
    return PHOTO_FORMATS[fmt][1] if fmt else "application/octet-stream"


def serve_upload(field: FieldFile, *, filename: str = "") -> FileResponse:
    """A stored upload for a view that has already checked the user may see it.

    Photos and PDFs open in the browser; anything else (a file from before uploads were
    checked) is a download. The type comes from the content, never from the name, and
    ``nosniff`` stops the browser from guessing another.
    """
    handle = field.open("rb")
    content_type = sniffed_type(handle)
    name = filename or PurePath(field.name or "").name
    extension = {ctype: ext for ext, ctype in CONTENT_TYPES.items() if ext != ".jpeg"}.get(content_type, "")
    if extension and not name.lower().endswith(extension):
        name += extension
    inline = content_type != "application/octet-stream"
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    if content_type == "application/pdf":
        # The browser's PDF viewer is its own sandbox; the page policy would only stop it from showing.
        response._csp_exempt = True  # type: ignore[attr-defined]
    else:
        response["Content-Security-Policy"] = SANDBOX_POLICY
    return response


# A checked spreadsheet that no row holds (a signed token carries its name to the confirmation) waits here;
# the clean-up job removes it after RETENTION_PENDING_UPLOAD_HOURS (org.retention). Subfolders are the import
# batches' own (imports/hazards/…), which their rows hold.
PENDING_FOLDER = "imports"


def pending_upload_name(user: Any) -> str:
    """The storage name of a user's checked upload waiting for its confirmation: ``imports/<user id>-<hex>.xlsx``.

    The owner's id leads the name so that the cap on a user's pending uploads counts it.
    """
    return f"{PENDING_FOLDER}/{user.pk}-{uuid.uuid4().hex}.xlsx"


def pending_upload_owner(name: str) -> int | None:
    """The user id a name of pending_upload_name starts with; None for an older name without one."""
    head = PurePath(name).name.split("-", 1)[0]
    return int(head) if is_digits(head) and "-" in PurePath(name).name else None
