"""Writes to the registry: create, edit, verify, merge, contacts, representatives. One transaction
each; every one checks the person's scope and leaves nothing half-written."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.errors import ApplicationError
from saphan.core.models import AccountKind, Office, OfficeKind, User
from saphan.core.scoping import Action, scope_for, scope_forget
from saphan.core.validators import is_postal_code
from saphan.registry.models import (
    DETAIL_RELATIONS,
    EnterpriseProfile,
    Establishment,
    EstablishmentContact,
    EstablishmentRepresentative,
    EstablishmentStatus,
    FactoryLicence,
    MineConcession,
    SourceKind,
    VillageProfile,
)
from saphan.registry.models import detail_fields as model_detail_fields
from saphan.registry.quality import establishment_quality_refresh
from saphan.registry.search import establishment_search_text

ESTABLISHMENT_FIELDS = (
    "kind", "name_th", "name_en", "juristic_id", "activity", "house_no", "moo", "soi", "road",
    "subdistrict", "district", "province", "postal_code", "latitude", "longitude", "status",
)  # fmt: skip
DETAIL_MODELS: dict[str, type[Any]] = {
    "factory": FactoryLicence,
    "mine": MineConcession,
    "enterprise": EnterpriseProfile,
    "village": VillageProfile,
}


def detail_fields(relation: str) -> tuple[str, ...]:
    return model_detail_fields(DETAIL_MODELS[relation])


def _forbidden() -> ApplicationError:
    return ApplicationError(
        _("You may not change records of this province."), code="permission_denied", status=403
    )


def _invalid(field: str, message: Any, rule: str, **params: Any) -> ApplicationError:
    return ApplicationError.from_validation_error(
        ValidationError({field: ValidationError(message, code=rule, params=params or None)})
    )


def _place(est: Establishment, *, province_given: bool) -> None:
    """District and province follow the subdistrict; the postal code must be one of its own."""
    sub = est.subdistrict
    if sub is not None:
        if province_given and est.province_id != sub.province_id:
            raise _invalid(
                "subdistrict", _("This subdistrict is not in the chosen province."),
                "subdistrict_province",
            )  # fmt: skip
        est.district_id = sub.district_id
        est.province_id = sub.province_id
        # A malformed code is reported by its own validator; only a real one is cross-checked.
        if is_postal_code(est.postal_code) and est.postal_code not in sub.postal_codes.split():
            raise _invalid(
                "postal_code",
                _("Postal code %(code)s does not belong to %(name)s (its codes: %(codes)s)."),
                "postal_code_subdistrict",
                code=est.postal_code, name=sub.name_th, codes=sub.postal_codes,
            )  # fmt: skip
    if not est.province_id:
        raise _invalid("province", _("Choose the province (or the subdistrict)."), "required")
    if est.office_id is None:
        est.office = (
            Office.objects.filter(kind=OfficeKind.PROVINCIAL, provinces=est.province_id)
            .order_by("code")
            .first()
        )


def _clean(instance: Any, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ApplicationError.from_validation_error(exc) from exc


def _save_detail(est: Establishment, detail: dict[str, Any] | None) -> None:
    relation = DETAIL_RELATIONS.get(est.kind)
    if relation is None or detail is None:
        return
    model = DETAIL_MODELS[relation]
    unknown = set(detail) - set(detail_fields(relation))
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %(fields)s"),
            code="fields_not_editable",
            params={"fields": ", ".join(sorted(unknown))},
        )
    instance: Any = est.detail() or model(establishment=est)
    changed = [name for name, value in detail.items() if getattr(instance, name) != value]
    for name, value in detail.items():
        setattr(instance, name, value)
    if relation == "factory" and instance.fid == "":
        instance.fid = None  # unique but optional: absent is NULL, never ""
    _clean(instance, exclude=["establishment"])
    if instance._state.adding:
        instance.save()
    elif changed:
        instance.save(update_fields=changed)
    setattr(est, relation, instance)


def _refresh_derived(est: Establishment) -> None:
    text = establishment_search_text(est)
    if text != est.search_text:
        est.search_text = text
        Establishment.objects.filter(pk=est.pk).update(search_text=text)
    establishment_quality_refresh(est)


@transaction.atomic
def establishment_create(
    *, user: Any, data: dict[str, Any], detail: dict[str, Any] | None = None
) -> Establishment:
    unknown = set(data) - set(ESTABLISHMENT_FIELDS)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %(fields)s"),
            code="fields_not_editable",
            params={"fields": ", ".join(sorted(unknown))},
        )
    est = Establishment(**data, source_kind=SourceKind.PERSON)
    if getattr(user, "is_authenticated", False):
        est.source_person = user
    _place(est, province_given="province" in data)
    if not scope_for(user).allows(est.province_id, Action.CHANGE):
        raise _forbidden()
    _clean(est, exclude=["search_text"])
    est.save()
    _save_detail(est, detail)
    _refresh_derived(est)
    return est


@transaction.atomic
def establishment_update(
    *,
    user: Any,
    establishment: Establishment,
    data: dict[str, Any],
    detail: dict[str, Any] | None = None,
) -> Establishment:
    scope = scope_for(user)
    if not scope.allows(establishment.province_id, Action.CHANGE):
        raise _forbidden()
    if establishment.merged_into_id is not None:
        raise ApplicationError(
            _("This record was merged into another; edit that one."), code="merged"
        )
    unknown = set(data) - set(ESTABLISHMENT_FIELDS)
    if unknown or data.get("kind", establishment.kind) != establishment.kind:
        raise ApplicationError(
            _("These fields cannot be changed here: %(fields)s"),
            code="fields_not_editable",
            params={"fields": ", ".join(sorted(unknown | ({"kind"} if "kind" in data else set())))},
        )
    changed = [name for name, value in data.items() if getattr(establishment, name) != value]
    for name in changed:
        setattr(establishment, name, data[name])
    _place(establishment, province_given="province" in changed)
    if not scope.allows(establishment.province_id, Action.CHANGE):
        raise _forbidden()  # moving a record to a province one may not change
    _clean(establishment, exclude=["search_text"])
    if changed:
        establishment.save(update_fields=[*{*changed, "district", "province", "updated_at"}])
    _save_detail(establishment, detail)
    _refresh_derived(establishment)
    return establishment


@transaction.atomic
def establishment_verify(*, user: Any, establishment: Establishment) -> Establishment:
    """ "Verified today": the officer confirms the record is right as it stands."""
    if not scope_for(user).allows(establishment.province_id, Action.CHANGE):
        raise _forbidden()
    establishment.verified_at = timezone.now()
    establishment.save(update_fields=["verified_at", "updated_at"])
    establishment_quality_refresh(establishment)
    return establishment


@transaction.atomic
def establishment_merge(*, user: Any, keep: Establishment, other: Establishment) -> Establishment:
    """Two records of the same establishment become one. `other` stays, marked as merged into
    `keep` and closed, so both histories remain; blanks of `keep` are filled from `other`."""
    scope = scope_for(user)
    for record in (keep, other):
        if not scope.allows(record.province_id, Action.CHANGE):
            raise _forbidden()
    if keep.pk == other.pk:
        raise ApplicationError(_("A record cannot be merged with itself."), code="merge_self")
    if keep.kind != other.kind:
        raise ApplicationError(_("Only records of the same kind can be merged."), code="merge_kind")
    if keep.merged_into_id or other.merged_into_id:
        raise ApplicationError(_("One of these records is already merged."), code="merged")
    filled = []
    for name in ESTABLISHMENT_FIELDS:
        if name in {"kind", "status"}:
            continue
        if getattr(keep, name) in (None, "") and getattr(other, name) not in (None, ""):
            setattr(keep, name, getattr(other, name))
            filled.append(name)
    keep_detail: Any = keep.detail()
    other_detail: Any = other.detail()
    if other_detail is not None:
        if keep_detail is None:
            type(other_detail).objects.filter(pk=other.pk).update(establishment=keep)
        else:
            detail_changes = {}
            for name in detail_fields(keep.detail_relation or ""):
                if getattr(keep_detail, name) in (None, "") and getattr(other_detail, name) not in (
                    None,
                    "",
                ):
                    detail_changes[name] = getattr(other_detail, name)
            if "fid" in detail_changes:
                # FID is unique: it moves from the merged record to the kept one.
                type(other_detail).objects.filter(pk=other.pk).update(fid=None)
            for name, value in detail_changes.items():
                setattr(keep_detail, name, value)
            if detail_changes:
                keep_detail.save(update_fields=list(detail_changes))
    EstablishmentContact.objects.filter(establishment=other).update(establishment=keep)
    if keep.verified_at is None or (other.verified_at and other.verified_at > keep.verified_at):
        keep.verified_at = other.verified_at
        filled.append("verified_at")
    if filled:
        keep.save(update_fields=[*filled, "updated_at"])
    other.merged_into = keep
    other.status = EstablishmentStatus.CLOSED
    other.save(update_fields=["merged_into", "status", "updated_at"])
    other.quality_issues.all().delete()
    keep = Establishment.objects.get(pk=keep.pk)
    _refresh_derived(keep)
    return keep


@transaction.atomic
def contact_add(
    *, user: Any, establishment: Establishment, data: dict[str, Any]
) -> EstablishmentContact:
    if not scope_for(user).allows(establishment.province_id, Action.CHANGE):
        raise _forbidden()
    contact = EstablishmentContact(establishment=establishment, **data)
    _clean(contact, exclude=["establishment"])
    contact.save()
    return contact


@transaction.atomic
def contact_remove(*, user: Any, contact: EstablishmentContact) -> None:
    if not scope_for(user).allows(contact.establishment.province_id, Action.CHANGE):
        raise _forbidden()
    contact.delete()


@transaction.atomic
def representative_add(
    *,
    user: Any,
    establishment: Establishment,
    username: str,
    first_name: str,
    last_name: str = "",
    email: str = "",
    position: str = "",
    password: str = "",
) -> EstablishmentRepresentative:
    """Link an outside account to the establishment it acts for (creating the account if new).

    Managers of the record's province do this; the account sees and acts only for the
    establishments it represents.
    """
    if not scope_for(user).allows(establishment.province_id, Action.MANAGE):
        raise _forbidden()
    username = username.strip()
    if not username:
        raise _invalid("username", _("This field is required."), "required")
    account = User.objects.filter(username=username).first()
    if account is None:
        if not password:
            raise _invalid("password", _("A new account needs a password."), "required")
        account = User(
            username=username,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email.strip(),
            kind=AccountKind.OUTSIDE,
        )
        try:
            validate_password(password, account)
        except ValidationError as exc:
            raise ApplicationError.from_validation_error(
                ValidationError({"password": exc.error_list})
            ) from exc
        _clean(account, exclude=["password"])
        account.set_password(password)
        account.save()
    elif account.kind != AccountKind.OUTSIDE:
        raise _invalid(
            "username",
            _("%(username)s is an office staff account: representatives need an outside account."),
            "staff_account",
            username=username,
        )
    rep, _created = EstablishmentRepresentative.objects.get_or_create(
        user=account,
        establishment=establishment,
        defaults={"position": position.strip(), "created_by": user},
    )
    scope_forget(account)
    return rep


@transaction.atomic
def representative_remove(*, user: Any, representative: EstablishmentRepresentative) -> None:
    if not scope_for(user).allows(representative.establishment.province_id, Action.MANAGE):
        raise _forbidden()
    representative.delete()
