"""Factories for registry records."""

from __future__ import annotations

from typing import Any

from saphan.core.models import Subdistrict
from saphan.registry.models import Establishment, FactoryLicence, SourceKind
from saphan.registry.search import establishment_search_text


def establishment(
    name: str = "บริษัท ชุมพรปาล์ม จำกัด",
    *,
    subdistrict: str = "860101",
    kind: str = "factory",
    factory: dict[str, Any] | None = None,
    **fields: Any,
) -> Establishment:
    """A record in a subdistrict (default ท่าตะเภา, เมืองชุมพร), saved as the demo would."""
    sub = Subdistrict.objects.get(code=subdistrict)
    fields.setdefault("postal_code", sub.postal_codes.split()[0])
    est = Establishment.objects.create(
        kind=kind,
        name_th=name,
        subdistrict=sub,
        district_id=sub.district_id,
        province_id=sub.province_id,
        source_kind=SourceKind.DEMO,
        **fields,
    )
    if factory is not None:
        FactoryLicence.objects.create(establishment=est, **factory)
    est.search_text = establishment_search_text(est)
    est.save(update_fields=["search_text"])
    return est
