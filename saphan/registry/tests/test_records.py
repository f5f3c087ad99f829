"""Records: create and edit with field-level validation, scope, verify, merge keeping both
histories, contacts as personal data."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client

from saphan.core.errors import ApplicationError
from saphan.core.models import Office, Subdistrict
from saphan.core.tests.factories import PASSWORD, person
from saphan.registry import selectors, services
from saphan.registry.models import Establishment, EstablishmentContact, FactoryLicence
from saphan.registry.tests.factories import establishment

pytestmark = pytest.mark.django_db


def _data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "factory",
        "name_th": "บริษัท ทดสอบ จำกัด",
        "subdistrict": Subdistrict.objects.get(code="860101"),
        "postal_code": "86000",
        "juristic_id": "0865551000012",
    }
    data.update(overrides)
    return data


def test_create_fills_place_office_search_and_quality() -> None:
    officer = person("o", "PIO86", "officer")
    est = services.establishment_create(
        user=officer,
        data=_data(latitude=Decimal("10.5"), longitude=Decimal("99.2")),
        detail={"registration_no": "จ3-9(6)-100/51ชพ", "fid": "10860000125417",
                "type_code": "00906", "factory_class": 3},
    )  # fmt: skip
    est.refresh_from_db()
    assert (est.district_id, est.province_id, est.office_id) == (
        "8601", "86", Office.objects.get(code="PIO86").pk
    )  # fmt: skip
    assert est.source_kind == "person" and est.source_person == officer
    assert est.search_text.splitlines() == [
        "บริษัท ทดสอบ จำกัด", "0865551000012", "จ3-9(6)-100/51ชพ", "10860000125417"
    ]  # fmt: skip
    assert est.factory.fid == "10860000125417"
    assert est.quality_checked_at is not None


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"juristic_id": "0865551000018"}, "juristic_id", "id_checksum"),
        ({"postal_code": "86120"}, "postal_code", "postal_code_subdistrict"),
        ({"postal_code": "99999"}, "postal_code", "postal_code_format"),
        ({"latitude": Decimal("95")}, "latitude", "max_value"),
        ({"name_th": ""}, "name_th", "blank"),
        ({"subdistrict": None}, "province", "required"),
    ],
)
def test_bad_input_names_the_field_and_rule_and_writes_nothing(
    overrides: dict[str, object], field: str, code: str
) -> None:
    officer = person("o", "PIO86", "officer")
    with pytest.raises(ApplicationError) as caught:
        services.establishment_create(user=officer, data=_data(**overrides))
    assert [e.code for e in caught.value.fields[field]] == [code]
    assert Establishment.objects.count() == 0


def test_bad_detail_rolls_back_the_record() -> None:
    officer = person("o", "PIO86", "officer")
    with pytest.raises(ApplicationError) as caught:
        services.establishment_create(user=officer, data=_data(), detail={"fid": "123"})
    assert [e.code for e in caught.value.fields["fid"]] == ["fid_format"]
    assert Establishment.objects.count() == 0 and FactoryLicence.objects.count() == 0


def test_scope_create_and_edit() -> None:
    officer = person("o", "PIO86", "officer")
    viewer = person("v", "PIO86", "viewer")
    lampang = Subdistrict.objects.get(code="520101")
    with pytest.raises(ApplicationError) as caught:
        services.establishment_create(user=officer, data=_data(subdistrict=lampang, postal_code=""))
    assert caught.value.status == 403
    est = establishment()
    with pytest.raises(ApplicationError):
        services.establishment_update(user=viewer, establishment=est, data={"name_th": "x"})
    with pytest.raises(ApplicationError):  # moving it out of one's province is refused too
        services.establishment_update(
            user=officer, establishment=est, data={"subdistrict": lampang, "postal_code": ""}
        )
    assert Establishment.objects.get(pk=est.pk).name_th == "บริษัท ชุมพรปาล์ม จำกัด"
    assert Establishment.objects.get(pk=est.pk).province_id == "86"


def test_chumphon_officer_sees_nothing_of_lampang() -> None:
    officer = person("o", "PIO86", "officer")
    here = establishment("ชุมพร 1")
    establishment("ลำปาง 1", subdistrict="520101")
    visible = selectors.establishment_list_for_user(officer, selectors.EstablishmentFilters())
    assert [e.pk for e in visible] == [here.pk]
    region = person("r", "IPC1", "officer")
    visible = selectors.establishment_list_for_user(region, selectors.EstablishmentFilters())
    assert [e.name_th for e in visible] == ["ลำปาง 1"]


def test_verify_sets_currency_at_once() -> None:
    officer = person("o", "PIO86", "officer")
    est = establishment(verified_at=None)
    services.establishment_verify(user=officer, establishment=est)
    est.refresh_from_db()
    assert est.currency == 100
    assert est.verified_at is not None
    assert not est.quality_issues.filter(rule__startswith="currency.").exists()


def test_merge_keeps_both_histories_and_moves_contacts() -> None:
    officer = person("o", "PIO86", "officer")
    keep = services.establishment_create(user=officer, data=_data(juristic_id=""))
    other = services.establishment_create(
        user=officer,
        data=_data(name_th="บจก. ทดสอบ", road="เพชรเกษม"),
        detail={"fid": "10860000125417"},
    )
    services.contact_add(
        user=officer, establishment=other, data={"name": "สมชาย ใจดี", "phone": "0812345678"}
    )
    merged = services.establishment_merge(user=officer, keep=keep, other=other)
    other.refresh_from_db()
    assert (merged.juristic_id, merged.road) == ("0865551000012", "เพชรเกษม")
    assert merged.factory.fid == "10860000125417"
    assert (other.merged_into_id, other.status) == (keep.pk, "closed")
    assert list(EstablishmentContact.objects.values_list("establishment_id", flat=True)) == [
        keep.pk
    ]
    history = selectors.establishment_history(merged)
    assert any(row.get("merged_from") == other for row in history)
    assert any("merged_from" not in row for row in history)
    visible = selectors.establishment_list_for_user(officer, selectors.EstablishmentFilters())
    assert [e.pk for e in visible] == [keep.pk]
    with pytest.raises(ApplicationError):
        services.establishment_merge(user=officer, keep=keep, other=other)


def test_contacts_are_for_officers_of_the_province(client: Client) -> None:
    est = establishment()
    EstablishmentContact.objects.create(establishment=est, name="มาลี ทองดี", phone="0812345678")
    person("viewer", "PIO86", "viewer")
    person("officer", "PIO86", "officer")
    person("region", "IPC10", "officer")
    client.login(username="viewer", password=PASSWORD)
    assert "มาลี" not in client.get(est.get_absolute_url()).content.decode()
    data = client.get(f"/api/v1/registry/establishments/{est.pk}").json()
    assert (data["contacts"], data["operator_name"]) == (None, None)
    for who in ("officer", "region"):
        client.logout()
        client.login(username=who, password=PASSWORD)
        assert "มาลี ทองดี" in client.get(est.get_absolute_url()).content.decode()
        data = client.get(f"/api/v1/registry/establishments/{est.pk}").json()
        assert data["contacts"][0]["name"] == "มาลี ทองดี"


def test_create_and_patch_through_the_api(client: Client) -> None:
    person("officer", "PIO86", "officer")
    client.login(username="officer", password=PASSWORD)
    body = {
        "kind": "mine",
        "name_th": "เหมืองหินปูนทดสอบ",
        "subdistrict_code": "860101",
        "postal_code": "86000",
        "detail": {"concession_no": "30000/15000", "minerals": "หินปูน", "expires_on": "30/06/2593"},
    }
    created = client.post(
        "/api/v1/registry/establishments", json.dumps(body), content_type="application/json"
    )
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["detail"]["expires_on"] == "2050-06-30"
    assert data["province_code"] == "86"
    bad = client.patch(
        f"/api/v1/registry/establishments/{data['id']}",
        json.dumps({"postal_code": "86120", "detail": {"expires_on": "31/02/2593"}}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    fields = bad.json()["error"]["fields"]
    assert [e["code"] for e in fields["detail.expires_on"]] == ["date_invalid"]
    assert Establishment.objects.get(pk=data["id"]).mine.expires_on == dt.date(2050, 6, 30)
