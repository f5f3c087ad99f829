"""The API: authentication by session or token, the one error envelope in Thai and English."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from saphan.api import api
from saphan.core.models import ApiToken, Office
from saphan.core.tests.factories import PASSWORD, person

pytestmark = pytest.mark.django_db

ENVELOPE_KEYS = {"code", "message", "message_th", "message_en", "fields"}


def test_unauthenticated_gets_the_envelope(client: Client) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    error = response.json()["error"]
    assert set(error) == ENVELOPE_KEYS
    assert error["code"] == "not_authenticated"
    assert error["message"] == error["message_th"] == "กรุณาเข้าสู่ระบบ หรือส่งโทเค็น API ที่ใช้งานได้"
    assert error["message_en"] == "Sign in or send a valid API token."


def test_english_on_request(client: Client) -> None:
    response = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.json()["error"]["message"] == "Sign in or send a valid API token."
    response = client.get("/api/v1/me?lang=en")
    assert response.json()["error"]["message"] == "Sign in or send a valid API token."
    response = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response.json()["error"]["message"] == "กรุณาเข้าสู่ระบบ หรือส่งโทเค็น API ที่ใช้งานได้"


def test_validation_error_names_each_field_and_rule(client: Client) -> None:
    response = client.post(
        "/api/v1/check",
        data=json.dumps({"national_id": "1101700203451", "phone": "12", "date": "31/02/2563"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert set(error["fields"]) == {"national_id", "phone", "date"}
    assert [e["code"] for e in error["fields"]["national_id"]] == ["id_checksum"]
    assert [e["code"] for e in error["fields"]["phone"]] == ["phone_format"]
    assert [e["code"] for e in error["fields"]["date"]] == ["date_invalid"]
    date_error = error["fields"]["date"][0]
    assert date_error["message_th"] == "ไม่มีวันที่ “31/02/2563” ในปฏิทิน"
    assert date_error["message_en"] == "“31/02/2563” does not exist in the calendar."


def test_schema_errors_use_the_envelope(client: Client) -> None:
    response = client.post("/api/v1/check", data="{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert set(response.json()["error"]) == ENVELOPE_KEYS


def test_check_normalises(client: Client) -> None:
    response = client.post(
        "/api/v1/check",
        data=json.dumps(
            {"national_id": "1-1017-00203-45-0", "phone": "+66 81 234 5678", "date": "16 ม.ค. 2563"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {
        "national_id": "1101700203450",
        "phone": "0812345678",
        "postal_code": None,
        "date": "2020-01-16",
        "date_display_th": "16 ม.ค. 2563",
        "date_display_en": "16 Jan 2563 BE",
    }


def test_not_found_and_forbidden(client: Client) -> None:
    person("chumphon.officer", "PIO86", "officer")
    client.login(username="chumphon.officer", password=PASSWORD)
    assert client.get("/api/v1/offices/NOPE").json()["error"]["code"] == "not_found"
    response = client.patch(
        "/api/v1/offices/PIO86",
        data=json.dumps({"phone": "077511097"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert Office.objects.get(code="PIO86").phone == ""


def test_token_authentication_and_revocation(client: Client) -> None:
    person("chumphon.manager", "PIO86", "manager")
    client.login(username="chumphon.manager", password=PASSWORD)
    created = client.post(
        "/api/v1/tokens", data=json.dumps({"name": "script"}), content_type="application/json"
    )
    assert created.status_code == 201
    key = created.json()["key"]
    assert ApiToken.objects.get().key_hash != key  # only the hash is kept
    client.logout()

    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert me["username"] == "chumphon.manager"
    assert me["provinces_viewable"] == ["86"]
    assert me["memberships"] == [
        {"office": "PIO86", "office_name_th": "สำนักงานอุตสาหกรรมจังหวัดชุมพร", "role": "manager"}
    ]
    assert client.get("/api/v1/me", HTTP_X_API_KEY=key).status_code == 200

    patched = client.patch(
        "/api/v1/offices/PIO86",
        data=json.dumps(
            {"phone": "077-511-097", "subdistrict_code": "860101", "postal_code": "86000"}
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert patched.status_code == 200
    assert (patched.json()["phone"], patched.json()["subdistrict_code"]) == (
        "077-511-097",
        "860101",
    )

    token_id = ApiToken.objects.get().pk
    client.login(username="chumphon.manager", password=PASSWORD)
    assert client.delete(f"/api/v1/tokens/{token_id}").status_code == 204
    client.logout()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_office_patch_checks_postal_code_against_subdistrict(client: Client) -> None:
    person("chumphon.manager", "PIO86", "manager")
    client.login(username="chumphon.manager", password=PASSWORD)
    response = client.patch(
        "/api/v1/offices/PIO86",
        data=json.dumps({"subdistrict_code": "860101", "postal_code": "86120"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert [e["code"] for e in fields["postal_code"]] == ["postal_code_subdistrict"]
    assert Office.objects.get(code="PIO86").subdistrict_id is None


def test_list_query_count_does_not_grow_with_rows(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    person("dip.manager", "DIP", "manager")
    client.login(username="dip.manager", password=PASSWORD)
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/offices?page=1").json()
    assert data["count"] == 90 and len(data["items"]) == 50
    with django_assert_max_num_queries(8):
        client.get("/api/v1/people")


def test_committed_openapi_is_current() -> None:
    committed = json.loads((Path(settings.BASE_DIR) / "docs" / "openapi.json").read_text())
    assert committed == json.loads(json.dumps(api.get_openapi_schema())), (
        "docs/openapi.json is stale: run `make openapi`"
    )
    assert committed["openapi"].startswith("3.")


def test_a_token_writes_with_csrf_checks_on_and_a_session_still_needs_its_token() -> None:
    """As real clients meet it: Django's test client skips CSRF unless told not to."""
    person("chumphon.manager", "PIO86", "manager")
    strict = Client(enforce_csrf_checks=True)
    strict.login(username="chumphon.manager", password=PASSWORD)
    body = json.dumps({"name": "script"})
    refused = strict.post("/api/v1/tokens", data=body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    assert refused.json()["error"]["message_th"] != refused.json()["error"]["message_en"]
    strict.get("/")  # the page sets the CSRF cookie a browser would send back
    created = strict.post(
        "/api/v1/tokens",
        data=body,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=strict.cookies["csrftoken"].value,
    )
    assert created.status_code == 201
    key = created.json()["key"]
    program = Client(enforce_csrf_checks=True)
    for header in ({"HTTP_AUTHORIZATION": f"Bearer {key}"}, {"HTTP_X_API_KEY": key}):
        patched = program.patch(
            "/api/v1/offices/PIO86",
            data=json.dumps({"phone": "077-511-097"}),
            content_type="application/json",
            **header,
        )
        assert patched.status_code == 200, patched.content
    assert Office.objects.get(code="PIO86").phone == "077-511-097"
    wrong = program.patch(
        "/api/v1/offices/PIO86",
        data=json.dumps({"phone": "077-000-000"}),
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer sph_wrong",
    )
    assert wrong.status_code in (401, 403)
    assert Office.objects.get(code="PIO86").phone == "077-511-097"
