"""Thai geography from geothai: complete, idempotent, and the address picker's lookups."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from saphan.core.geography import geography_counts, geography_load
from saphan.core.models import District, Office, PostalCode, Province, Subdistrict

pytestmark = pytest.mark.django_db


def test_counts() -> None:
    assert Province.objects.count() == 77
    assert District.objects.count() == 928
    assert Subdistrict.objects.count() == 7436


def test_loading_again_changes_nothing() -> None:
    before = geography_counts()
    Province.objects.filter(code="86").update(name_th="แก้ผิด")
    after = geography_load()
    assert after == before
    assert Province.objects.get(code="86").name_th == "ชุมพร"


def test_names_and_codes() -> None:
    chumphon = Province.objects.get(code="86")
    assert (chumphon.name_th, chumphon.name_en) == ("ชุมพร", "Chumphon")
    mueang = District.objects.get(code="8601")
    assert (mueang.name_th, mueang.province_id) == ("เมืองชุมพร", "86")
    tha_taphao = Subdistrict.objects.get(code="860101")
    assert (tha_taphao.name_th, tha_taphao.district_id, tha_taphao.postal_codes) == (
        "ท่าตะเภา",
        "8601",
        "86000",
    )


def test_postal_code_lookup_api(client: Client) -> None:
    from saphan.core.tests.factories import PASSWORD, person

    person("o", "PIO86")
    client.login(username="o", password=PASSWORD)
    rows = client.get("/api/v1/geo/postal-codes/86120").json()
    codes = {r["code"] for r in rows}
    expected = set(PostalCode.objects.filter(code="86120").values_list("subdistrict_id", flat=True))
    assert codes == expected
    assert "860102" in codes  # ปากน้ำ spans 86000 and 86120
    assert all(r["province_code"] == "86" for r in rows)


def test_address_picker_fragments(client: Client) -> None:
    body = client.get("/geo/districts/", {"province": "86"}).content.decode()
    assert body.count("<option") == District.objects.filter(province_id="86").count() + 1
    assert 'value="8601"' in body and "เมืองชุมพร" in body
    body = client.get("/geo/subdistricts/", {"district": "8601"}).content.decode()
    assert 'value="860101"' in body
    body = client.get("/geo/postal/", {"postal_code": "86120"}).content.decode()
    assert 'data-subdistrict="860102"' in body
    body = client.get("/geo/postal/", {"postal_code": "99999"}).content.decode()
    assert "ไม่มีตำบลที่ใช้รหัสไปรษณีย์นี้" in body


def _option_labels(body: str) -> list[str]:
    import re

    return [label.strip() for label in re.findall(r'<option value="\d+"[^>]*>([^<]*)<', body)]


CHUMPHON_TH = ["ท่าแซะ", "ทุ่งตะโก", "ปะทิว", "พะโต๊ะ", "เมืองชุมพร", "ละแม", "สวี", "หลังสวน"]
CHUMPHON_EN = ["Lamae", "Lang Suan", "Mueang Chumphon", "Pathio", "Phato", "Sawi", "Tha Sae",
               "Thung Tako"]  # fmt: skip


def test_address_picker_lists_places_in_the_pages_order(client: Client) -> None:
    # Thai dictionary order reads a leading vowel after its consonant: เมืองชุมพร under ม, not
    # after every other name (plain Unicode order put it last); English names A–Z.
    body = client.get("/geo/districts/", {"province": "86"}).content.decode()
    assert _option_labels(body) == CHUMPHON_TH
    client.cookies["saphan_language"] = "en"
    body = client.get("/geo/districts/", {"province": "86"}).content.decode()
    assert _option_labels(body) == CHUMPHON_EN


def test_address_picker_form_selects_in_the_pages_order() -> None:
    from django.utils import translation

    from saphan.core.forms import AddressPickerMixin

    def labels(form: AddressPickerMixin, name: str) -> list[str]:
        field: Any = form.fields[name]
        return [label for value, label in field.choices if value]

    form = AddressPickerMixin(data={"province": "86"})
    assert labels(form, "district") == CHUMPHON_TH
    provinces = labels(form, "province")
    assert provinces[8:15] == ["ชลบุรี", "ชัยนาท", "ชัยภูมิ", "ชุมพร", "เชียงราย", "เชียงใหม่", "ตรัง"]
    with translation.override("en"):
        form = AddressPickerMixin(data={"province": "86"})
        assert labels(form, "district") == CHUMPHON_EN


def test_geography_api_lists_in_the_pages_order(client: Client) -> None:
    from saphan.core.tests.factories import PASSWORD, person

    person("o", "PIO86")
    client.login(username="o", password=PASSWORD)
    rows = client.get("/api/v1/geo/provinces/86/districts").json()
    assert [r["name_th"] for r in rows] == CHUMPHON_TH


def test_numbers_in_names_are_ordered_as_numbers() -> None:
    from saphan.core.thai import places_in_order

    names = ["ศูนย์ภาคที่ 10", "ศูนย์ภาคที่ 2", "ศูนย์ภาคที่ 1", "ศูนย์ภาคที่ ๑๑"]
    offices = [Office(pk=i, name_th=name, name_en="") for i, name in enumerate(names)]
    assert [o.name_th for o in places_in_order(offices)] == [
        "ศูนย์ภาคที่ 1", "ศูนย์ภาคที่ 2", "ศูนย์ภาคที่ 10", "ศูนย์ภาคที่ ๑๑",
    ]  # fmt: skip
