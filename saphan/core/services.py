"""Writes to core records: offices, memberships, API tokens, reference offices.

One transaction each."""

from __future__ import annotations

import hashlib
import json
import secrets
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.errors import ApplicationError
from saphan.core.models import ApiToken, Membership, Office, OfficeKind, Province, Role, User
from saphan.core.scoping import Action, scope_for, scope_forget

DATA_DIR = Path(__file__).parent / "data"

OFFICE_EDITABLE_FIELDS = (
    "name_th",
    "name_en",
    "address",
    "subdistrict",
    "postal_code",
    "phone",
    "email",
)


def _require_office_right(user: Any, office: Office, action: Action) -> None:
    if not scope_for(user).allows_office(office.pk, action):
        raise ApplicationError(
            _("You may not change this office."), code="permission_denied", status=403
        )


@transaction.atomic
def office_update(*, user: Any, office: Office, data: dict[str, Any]) -> Office:
    """Managers of an office, and administrators, edit its names, address and contact."""
    _require_office_right(user, office, Action.MANAGE)
    unknown = set(data) - set(OFFICE_EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %(fields)s"),
            code="fields_not_editable",
            params={"fields": ", ".join(sorted(unknown))},
        )
    for name, value in data.items():
        setattr(office, name, value)
    if office.subdistrict is not None and office.postal_code:
        codes = (office.subdistrict.postal_codes or "").split()
        if office.postal_code not in codes:
            raise ApplicationError.from_validation_error(
                ValidationError(
                    {
                        "postal_code": ValidationError(
                            _("Postal code %(code)s is not one of this subdistrict's (%(codes)s)."),
                            code="postal_code_subdistrict",
                            params={"code": office.postal_code, "codes": ", ".join(codes)},
                        )
                    }
                )
            )
    try:
        office.full_clean()
    except ValidationError as exc:
        raise ApplicationError.from_validation_error(exc) from exc
    office.save(update_fields=list(data))
    return office


@transaction.atomic
def membership_set(
    *, user: Any, person: User, office: Office, role: str, title: str = ""
) -> Membership:
    """Give a person a role in an office (administrators of that office, or of all)."""
    _require_office_right(user, office, Action.ADMINISTER)
    if role not in Role.values:
        raise ApplicationError(_("Unknown role: %(role)s"), code="role", params={"role": role})
    membership, _created = Membership.objects.update_or_create(
        user=person, office=office, defaults={"role": role, "title": title}
    )
    scope_forget(person)
    return membership


@transaction.atomic
def membership_remove(*, user: Any, membership: Membership) -> None:
    _require_office_right(user, membership.office, Action.ADMINISTER)
    membership.delete()
    scope_forget(membership.user)


def _hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token; the key is shown once and only its hash is kept."""
    name = name.strip()
    if not name:
        raise ApplicationError.from_validation_error(
            ValidationError({"name": ValidationError(_("Give the token a name."), code="required")})
        )
    key = "sph_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], key_hash=_hash_token(key), prefix=key[:8]
    )
    return token, key


def api_token_authenticate(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash_token(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> None:
    updated = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise ApplicationError(_("No such token."), code="not_found", status=404)


def user_set_language(*, user: Any, language: str) -> None:
    if getattr(user, "is_authenticated", False) and language in {"th", "en"}:
        User.objects.filter(pk=user.pk).update(preferred_language=language)


def _reference_offices() -> list[dict[str, Any]]:
    provinces = {p.code: p for p in Province.objects.all()}
    offices: list[dict[str, Any]] = [
        {
            "code": "MOI",
            "kind": OfficeKind.MINISTRY,
            "name_th": "กระทรวงอุตสาหกรรม",
            "name_en": "Ministry of Industry",
            "provinces": [],
        },
        {
            "code": "DIP",
            "kind": OfficeKind.DEPARTMENT,
            "name_th": "กรมส่งเสริมอุตสาหกรรม",
            "name_en": "Department of Industrial Promotion",
            "provinces": [],
        },
    ]
    centers = json.loads((DATA_DIR / "regional_centers.json").read_text(encoding="utf-8"))
    for center in centers["centers"]:
        seat = provinces[center["seat"]]
        offices.append(
            {
                "code": f"IPC{center['number']}",
                "kind": OfficeKind.REGIONAL,
                "name_th": f"ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ {center['number']} ({seat.name_th})",
                "name_en": (
                    f"Industrial Promotion Center Region {center['number']} ({seat.name_en})"
                ),
                "provinces": center["provinces"],
            }
        )
    for code, province in sorted(provinces.items()):
        offices.append(
            {
                "code": f"PIO{code}",
                "kind": OfficeKind.PROVINCIAL,
                "name_th": f"สำนักงานอุตสาหกรรมจังหวัด{province.name_th}",
                "name_en": f"{province.name_en} Provincial Industry Office",
                "provinces": [code],
            }
        )
    return offices


@transaction.atomic
def offices_load_reference() -> dict[str, int]:
    """Create the ministry, the department, the 11 regional centers and the 77 provincial
    offices if missing. Existing offices are left as administrators edited them."""
    if not Province.objects.exists():
        raise ApplicationError(
            _("Load the geography first (saphan geography)."), code="geography_missing"
        )
    created = 0
    for spec in _reference_offices():
        province_codes = spec.pop("provinces")
        office, was_created = Office.objects.get_or_create(code=spec["code"], defaults=spec)
        if was_created:
            office.provinces.set(province_codes)
            created += 1
    return {"created": created, "total": Office.objects.count()}
