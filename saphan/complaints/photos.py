"""Photos from the public: the content must be a picture (not just the name), the size is
limited, and what is kept is a re-encoded JPEG — location, camera and other metadata are gone."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTOS = 5
MAX_SIDE = 2048
MAX_PIXELS = 50_000_000  # a 50-megapixel camera; more is a decompression bomb
ACCEPTED = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}


@dataclass(frozen=True)
class PreparedPhoto:
    content: bytes
    width: int
    height: int


def max_bytes() -> int:
    return int(settings.SAPHAN_COMPLAINTS_PHOTO_MAX_MB) * 1024 * 1024


def photo_prepare(upload: Any, number: int = 1) -> PreparedPhoto:
    """Check one uploaded file and return its clean JPEG; ValidationError names the photo."""
    name = {"number": number}
    size = getattr(upload, "size", None)
    if size is None or size > max_bytes():
        raise ValidationError(
            _("Photo %(number)s is larger than %(limit)s MB: send a smaller one."),
            code="photo_size",
            params={**name, "limit": settings.SAPHAN_COMPLAINTS_PHOTO_MAX_MB},
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
        if kind not in ACCEPTED:
            raise ValidationError(
                _("Photo %(number)s is a %(kind)s file: send a JPEG, PNG or WebP picture."),
                code="photo_type",
                params={**name, "kind": kind or "?"},
            )
        if width * height > MAX_PIXELS:
            raise ValidationError(
                _("Photo %(number)s has too many pixels: send a smaller picture."),
                code="photo_pixels",
                params=name,
            )
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            # Turn it upright from the camera's orientation tag before the tags are dropped.
            upright = ImageOps.exif_transpose(image) or image
            clean = upright.convert("RGB")
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise ValidationError(
            _("Photo %(number)s is not a picture we can read: send a JPEG, PNG or WebP photo."),
            code="photo_type",
            params=name,
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Photo %(number)s is damaged or incomplete: take or choose it again."),
            code="photo_broken",
            params=name,
        ) from None
    clean.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    # A new file from the pixels alone: no EXIF, no GPS, no XMP, no comments.
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return PreparedPhoto(out.getvalue(), clean.width, clean.height)
