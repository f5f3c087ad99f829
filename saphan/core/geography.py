"""Thai geography from the `geothai` package: provinces, districts, subdistricts, postal codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import geothai
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from saphan.core.jobs import JobContext, job_handler, job_start
from saphan.core.models import District, Job, Office, PostalCode, Province, Subdistrict
from saphan.core.scoping import Action, scope_for

Progress = Callable[[int, int, str], None]


def geography_counts() -> dict[str, int]:
    return {
        "provinces": Province.objects.count(),
        "districts": District.objects.count(),
        "subdistricts": Subdistrict.objects.count(),
        "postal_codes": PostalCode.objects.count(),
    }


def geography_is_loaded() -> bool:
    counts = geography_counts()
    expected_subdistricts = sum(
        len(geothai.subdistricts(d.code))
        for p in geothai.provinces()
        for d in geothai.districts(p.code)
    )
    return (
        counts["provinces"] == len(geothai.provinces())
        and counts["subdistricts"] == expected_subdistricts
    )


def geography_load(progress: Progress | None = None) -> dict[str, int]:
    """Insert or update every area; idempotent, so running it again changes nothing.

    One transaction per province, so progress shows and a retry after a failure is safe.
    """
    provinces = geothai.provinces()
    Province.objects.bulk_create(
        [Province(code=p.code, name_th=p.name_th, name_en=p.name_en) for p in provinces],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name_th", "name_en"],
    )
    postal_pairs: list[tuple[str, str]] = []
    for index, p in enumerate(provinces, start=1):
        districts = geothai.districts(p.code)
        subdistricts = [s for d in districts for s in geothai.subdistricts(d.code)]
        with transaction.atomic():
            _load_province(p.code, districts, subdistricts)
        postal_pairs.extend((code, s.code) for s in subdistricts for code in s.postal_codes)
        if progress is not None:
            progress(index, len(provinces), p.name_th)
    with transaction.atomic():
        existing = set(PostalCode.objects.values_list("code", "subdistrict_id"))
        wanted = set(postal_pairs)
        PostalCode.objects.bulk_create(
            [PostalCode(code=c, subdistrict_id=s) for c, s in sorted(wanted - existing)],
            batch_size=2000,
        )
        for code, subdistrict_id in existing - wanted:
            PostalCode.objects.filter(code=code, subdistrict_id=subdistrict_id).delete()
    return geography_counts()


def _load_province(
    province_code: str,
    districts: list[geothai.District],
    subdistricts: list[geothai.Subdistrict],
) -> None:
    District.objects.bulk_create(
        [
            District(code=d.code, province_id=province_code, name_th=d.name_th, name_en=d.name_en)
            for d in districts
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["province", "name_th", "name_en"],
    )
    Subdistrict.objects.bulk_create(
        [
            Subdistrict(
                code=s.code,
                district_id=s.district_code,
                province_id=s.province_code,
                name_th=s.name_th,
                name_en=s.name_en,
                postal_codes=" ".join(s.postal_codes),
            )
            for s in subdistricts
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["district", "province", "name_th", "name_en", "postal_codes"],
    )


def geography_reload_start(*, user: Any, office: Office | None) -> Job:
    """Nation-wide administrators reload the geography as a background job."""
    if not scope_for(user).covers_all(Action.ADMINISTER):
        raise PermissionDenied(_("Only nation-wide administrators reload the geography."))
    return job_start(
        kind="core.geography_load",
        user=user,
        office=office,
        message=str(_("Waiting for the worker…")),
    )


@job_handler("core.geography_load", label=_("Reload geography"))
def geography_load_job(ctx: JobContext) -> dict[str, int]:
    def report(done: int, total: int, name: str) -> None:
        ctx.progress(done, total, name)

    return geography_load(report)
