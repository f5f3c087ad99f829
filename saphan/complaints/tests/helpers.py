"""Helpers for the complaints tests: photos with location metadata, intake data, submissions."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from saphan.complaints.services import intake as intake_services

PLANTED_GPS = {1: "N", 2: (10.0, 29.0, 37.74), 3: "E", 4: (99.0, 10.0, 49.5)}


def jpeg(
    name: str = "photo.jpg",
    size: tuple[int, int] = (64, 48),
    gps: bool = True,
    orientation: int = 1,
) -> SimpleUploadedFile:
    """A JPEG with a camera maker, a GPS position and an orientation tag, as phones write them."""
    image = Image.new("RGB", size, (200, 100, 50))
    exif = Image.Exif()
    exif[0x010F] = "PlantedCamMaker"
    exif[0x0112] = orientation
    if gps:
        exif.get_ifd(0x8825).update(PLANTED_GPS)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png(name: str = "photo.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 0, 255, 128)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def intake(**overrides: Any) -> intake_services.Intake:
    data: dict[str, Any] = {
        "category": "dust",
        "description": "ฝุ่นลอยมาจากโรงงานทุกเช้า",
        "time_of_day": "morning",
        "frequency": "daily",
        "latitude": Decimal("10.493817"),
        "longitude": Decimal("99.180426"),
        "location_source": "pin",
        "province_code": "86",
        "district_code": "8601",
        "subdistrict_code": "860101",
    }
    data.update(overrides)
    return intake_services.Intake(**data)


def contact(**overrides: Any) -> intake_services.Contact:
    data: dict[str, Any] = {"name": "", "phone": "", "email": "", "line_id": ""}
    data.update(overrides)
    return intake_services.Contact(**data)


def submit(
    *, photos: list[Any] | None = None, who: dict[str, Any] | None = None, **overrides: Any
) -> intake_services.Submitted:
    return intake_services.complaint_submit(
        intake=intake(**overrides), contact=contact(**(who or {})), photos=photos or []
    )


def report_form(**overrides: Any) -> dict[str, Any]:
    """The public form as a phone sends it (a signed start 30 s ago, the trap empty)."""
    import time

    from django.core import signing

    from saphan.complaints.forms import FORM_SALT

    data: dict[str, Any] = {
        "category": "odour",
        "description": "กลิ่นเหม็นจากบ่อน้ำเสีย",
        "time_of_day": "evening",
        "frequency": "daily",
        "province": "86",
        "district": "8601",
        "subdistrict": "860101",
        "latitude": "10.501234",
        "longitude": "99.171234",
        "location_source": "gps",
        "email": "me@example.org",
        "wants_updates": "on",
        "started": signing.dumps(int(time.time()) - 30, salt=FORM_SALT),
        "website": "",
    }
    data.update(overrides)
    return data
