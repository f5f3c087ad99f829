"""Outside accounts: a representative sees and acts only for the establishment it represents."""

from __future__ import annotations

import pytest
from django.test import Client

from saphan.core.errors import ApplicationError
from saphan.core.models import AccountKind, User
from saphan.core.scoping import Action, scope_for
from saphan.core.tests.factories import PASSWORD, person
from saphan.registry import selectors, services
from saphan.registry.models import Establishment, EstablishmentRepresentative
from saphan.registry.tests.factories import establishment

pytestmark = pytest.mark.django_db


def _rep(manager: User, est: Establishment, username: str = "rep.palm") -> User:
    services.representative_add(
        user=manager,
        establishment=est,
        username=username,
        first_name="มานี",
        email=f"{username}@example.test",
        password=PASSWORD,
    )
    return User.objects.get(username=username)


def test_manager_adds_an_outside_account_that_sees_only_its_establishment() -> None:
    manager = person("m", "PIO86", "manager")
    ours = establishment("บริษัท ชุมพรปาล์ม จำกัด")
    other = establishment("บริษัท ข้างบ้าน จำกัด")
    rep = _rep(manager, ours)
    assert rep.kind == AccountKind.OUTSIDE
    scope = scope_for(rep)
    assert scope.establishments == frozenset({ours.pk})
    assert scope.acts_for(ours.pk) and not scope.acts_for(other.pk)
    assert list(selectors.establishment_base_for_user(rep).values_list("pk", flat=True)) == [
        ours.pk
    ]
    # Seeing is not changing: the province's records stay closed to it.
    assert list(selectors.establishment_base_for_user(rep, Action.CHANGE)) == []
    assert not scope.allows("86", Action.VIEW)


def test_officer_may_not_add_a_representative_and_nothing_is_written() -> None:
    officer = person("o", "PIO86", "officer")
    est = establishment()
    with pytest.raises(ApplicationError) as caught:
        services.representative_add(
            user=officer, establishment=est, username="x", first_name="x", password=PASSWORD
        )
    assert caught.value.status == 403
    assert not User.objects.filter(username="x").exists()
    assert EstablishmentRepresentative.objects.count() == 0


def test_staff_account_cannot_become_a_representative() -> None:
    manager = person("m", "PIO86", "manager")
    person("staff.one", "PIO86", "officer")
    with pytest.raises(ApplicationError) as caught:
        services.representative_add(
            user=manager, establishment=establishment(), username="staff.one", first_name="x"
        )
    assert caught.value.code == "validation_error"
    assert [e.code for e in caught.value.fields["username"]] == ["staff_account"]


def test_new_account_needs_a_valid_password() -> None:
    manager = person("m", "PIO86", "manager")
    with pytest.raises(ApplicationError) as caught:
        services.representative_add(
            user=manager, establishment=establishment(), username="new", first_name="x"
        )
    assert [e.code for e in caught.value.fields["password"]] == ["required"]
    with pytest.raises(ApplicationError) as caught:
        services.representative_add(
            user=manager,
            establishment=establishment(),
            username="new",
            first_name="x",
            password="12345",
        )
    assert "password" in caught.value.fields
    assert not User.objects.filter(username="new").exists()


def test_representatives_are_personal_data_and_the_record_page_shows_them_to_officers() -> None:
    manager = person("m", "PIO86", "manager")
    viewer = person("v", "PIO86", "viewer")
    est = establishment()
    _rep(manager, est)
    assert selectors.establishment_representatives(viewer, est) == []
    client = Client()
    client.login(username="m", password=PASSWORD)
    page = client.get(est.get_absolute_url()).content.decode()
    assert "rep.palm" in page
    client.login(username="v", password=PASSWORD)
    assert "rep.palm" not in client.get(est.get_absolute_url()).content.decode()


def test_representative_page_flow_add_and_remove() -> None:
    manager = person("m", "PIO86", "manager")
    est = establishment()
    client = Client()
    client.login(username="m", password=PASSWORD)
    response = client.post(
        f"/registry/{est.pk}/representatives/",
        {"username": "rep.a", "first_name": "มานี", "password": PASSWORD},
    )
    assert response.status_code == 302
    rep = EstablishmentRepresentative.objects.get(establishment=est)
    assert rep.user.username == "rep.a" and rep.created_by == manager
    client.post(f"/registry/{est.pk}/representatives/{rep.pk}/remove/")
    assert EstablishmentRepresentative.objects.count() == 0
    # The representative now sees nothing.
    assert scope_for(User.objects.get(username="rep.a")).establishments == frozenset()


def test_representative_signs_in_and_opens_its_own_record_only() -> None:
    manager = person("m", "PIO86", "manager")
    ours, other = establishment("ของเรา"), establishment("ของคนอื่น")
    _rep(manager, ours)
    client = Client()
    assert client.login(username="rep.palm", password=PASSWORD)
    assert client.get(ours.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(f"/registry/{ours.pk}/edit/").status_code in (403, 404)
