"""The submission's short path: the form checked on shared fields (the same rules, errors and
cleaned data as the full form, which is built only to be drawn), and the case's rows written in
one statement on PostgreSQL — also outside any transaction, where a repeated tracking code
leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from saphan.complaints.forms import FORM_SALT, ReportForm
from saphan.complaints.models import CaseEvent, Complainant, Complaint, StatePeriod
from saphan.complaints.services import intake as intake_services
from saphan.complaints.services.common import CODE_ALPHABET
from saphan.complaints.tests.helpers import contact, intake, jpeg, report_form
from saphan.core.tests.indexes import redundant_indexes, unique_columns

pytestmark = pytest.mark.django_db


def _data(**overrides: Any) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in report_form(**overrides).items():
        query[key] = value() if callable(value) else value
    return query


CASES: dict[str, dict[str, Any]] = {
    "valid": {},
    "valid, postal code of the subdistrict": {"postal_code": "๘๖๐๐๐"},
    "postal code of elsewhere": {"postal_code": "10200"},
    "postal code not five digits": {"postal_code": "8600"},
    "description too long": {"description": "ก" * 4001},
    "unknown category, time and frequency": {
        "category": "x",
        "time_of_day": "x",
        "frequency": "x",
    },
    "latitude not a number": {"latitude": "north"},
    "longitude with too many digits": {"longitude": "99.1712345"},
    "establishment not a number": {"establishment": "abc"},
    "name too long": {"name": "ก" * 201},
    "trap filled": {"website": "http://spam.example"},
    "sent too fast": {"started": lambda: signing.dumps(int(time.time()), salt=FORM_SALT)},
    "stamp forged": {"started": "123:abc"},
    "valid for the form, empty (the service names what is missing)": {
        "category": "",
        "description": "",
        "province": "",
        "district": "",
    },
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("language", ["th", "en"])
def test_the_lean_form_keeps_the_full_forms_rules_errors_and_data(case: str, language: str) -> None:
    with translation.override(language):
        data = _data(**CASES[case])
        full = ReportForm(data.copy(), MultiValueDict())
        lean = ReportForm.lean(data.copy(), MultiValueDict())
        assert lean.is_valid() is full.is_valid()
        assert lean.errors.get_json_data() == full.errors.get_json_data()
        assert lean.cleaned_data == full.cleaned_data
        drawn = lean.drawable()
        assert type(drawn) is ReportForm and drawn is not lean
        assert drawn.errors.get_json_data() == full.errors.get_json_data()
        assert str(drawn) == str(full)  # the same fields, widgets and narrowed picker
    expected_valid = case.startswith("valid")
    assert full.is_valid() is expected_valid


def test_the_lean_form_with_photos_and_unbound() -> None:
    files = MultiValueDict({"photos": [jpeg("a.jpg"), jpeg("b.jpg")]})
    lean = ReportForm.lean(_data(), files)
    assert lean.is_valid()
    assert [f.name for f in lean.cleaned_data["photos"]] == ["a.jpg", "b.jpg"]
    empty = ReportForm.lean(None, None)
    assert (empty.is_bound, empty.is_valid(), empty.errors) == (False, False, {})
    drawn = empty.drawable()
    assert drawn.is_bound is False and "started" in drawn.initial
    assert ReportForm(None).drawable().__class__ is ReportForm


def test_the_lean_path_has_what_it_skips() -> None:
    """The report form has no disabled field (the lean check would hand it to Django's own)
    and no `clean_<field>` method today; the next test shows both would still be honoured."""
    form = ReportForm()
    assert not any(field.disabled for field in form.fields.values())
    assert not [name for name in form.fields if hasattr(form, f"clean_{name}")]


def test_the_lean_form_honours_field_methods_and_disabled_fields() -> None:
    class Shouting(ReportForm):
        def clean_description(self) -> str:
            text = self.cleaned_data["description"]
            if "spam" in text:
                raise ValidationError("no spam")
            return str(text).upper()

    class Fixed(ReportForm):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.fields["category"].disabled = True
            self.fields["category"].initial = "noise"

    for form_class, data, expected in [
        (Shouting, _data(description="ควันดำทุกเช้า"), ("description", "ควันดำทุกเช้า".upper())),
        (Fixed, _data(category="odour"), ("category", "noise")),
    ]:
        full, lean = form_class(data.copy()), form_class.lean(data.copy())
        assert lean.is_valid() and full.is_valid()
        assert lean.cleaned_data == full.cleaned_data
        assert lean.cleaned_data[expected[0]] == expected[1]
    spam = _data(description="spam spam")
    full, lean = Shouting(spam.copy()), Shouting.lean(spam.copy())
    assert (lean.is_valid(), full.is_valid()) == (False, False)
    assert lean.errors.get_json_data() == full.errors.get_json_data()
    assert lean.errors["description"] == ["no spam"]


def test_lean_forms_share_the_fields_and_do_not_change_them() -> None:
    data = _data()
    first = ReportForm.lean(data, None)
    second = ReportForm.lean(_data(category="x"), None)
    assert first.fields is second.fields
    before = {name: (type(f), f.required, dict(f.widget.attrs)) for name, f in first.fields.items()}
    assert first.is_valid() and not second.is_valid()
    assert first.cleaned_data["category"] == "odour" and "category" in second.errors
    after = {name: (type(f), f.required, dict(f.widget.attrs)) for name, f in first.fields.items()}
    assert before == after
    assert ReportForm(data).fields is not first.fields


class _Draws:
    """An rng whose first eight draws spell `first`, then `then` (a tracking code each)."""

    def __init__(self, *codes: str) -> None:
        self.letters = [c for code in codes for c in code]

    def choice(self, alphabet: str) -> str:
        assert alphabet == CODE_ALPHABET
        return self.letters.pop(0)


def _counts() -> tuple[int, int, int, int]:
    return (
        Complaint.objects.count(),
        StatePeriod.objects.count(),
        Complainant.objects.count(),
        CaseEvent.objects.count(),
    )


def _repeat_drawn_again() -> None:
    first = intake_services.complaint_submit(
        intake=intake(), contact=contact(), rng=_Draws("AAAABBBB")
    )
    assert first.complaint.code == "AAAA-BBBB"
    with CaptureQueriesContext(connection) as sent:
        second = intake_services.complaint_submit(
            intake=intake(category="noise"),
            contact=contact(name="สมชาย"),
            rng=_Draws("AAAABBBB", "CCCCDDDD"),
        )
    assert second.complaint.code == "CCCC-DDDD"
    assert _counts() == (2, 2, 2, 2)
    case = Complaint.objects.get(code="CCCC-DDDD")
    assert (case.category, case.people.get().name, case.periods.get().state) == (
        "noise",
        "สมชาย",
        "received",
    )
    assert case.events.get().kind == "received"
    assert second.complainant.complaint_id == second.complaint.pk == case.pk
    statements = [
        q["sql"].split()[0]
        for q in sent.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT"))
    ]
    # The refused attempt (on PostgreSQL it writes nothing and fails no statement; on SQLite
    # its first INSERT fails), the check that the code exists, the next.
    if connection.vendor == "postgresql":
        assert statements == ["WITH", "SELECT", "WITH"]
    else:
        assert statements == ["INSERT", "SELECT", "INSERT", "INSERT", "INSERT", "INSERT"]


def test_a_repeated_tracking_code_is_drawn_again_inside_a_transaction() -> None:
    assert connection.in_atomic_block
    _repeat_drawn_again()


@pytest.mark.django_db(transaction=True)
def test_a_repeated_tracking_code_is_drawn_again_outside_a_transaction(
    reference_data: None,
) -> None:
    """The web request's own case: on PostgreSQL one statement with no BEGIN or COMMIT of
    Django's; the refused one wrote nothing."""
    assert not connection.in_atomic_block
    _repeat_drawn_again()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one statement: PostgreSQL")
def test_a_repeated_code_writes_nothing_and_no_statement_fails(reference_data: None) -> None:
    """A failed statement would be logged by the server with every value (the complainant's
    name among them) and would abort the surrounding transaction: the statement skips the
    row instead, and the transaction goes on."""
    from django.db import IntegrityError

    from saphan.core.rows import insert_linked

    first = intake_services.complaint_submit(
        intake=intake(), contact=contact(name="สมชาย"), rng=_Draws("AAAABBBB")
    )
    again = Complaint.objects.get(pk=first.complaint.pk)
    person = Complainant.objects.get(pk=first.complainant.pk)
    for obj in (again, person):
        obj.pk, obj._state.adding = None, True
    person.name = "สมหญิง"
    with pytest.raises(IntegrityError):
        insert_linked(again, [(person, "complaint_id")])
    assert (again.pk, person.pk) == (None, None)
    assert connection.in_atomic_block  # the test's transaction, with no savepoint around
    assert _counts() == (1, 1, 1, 1)
    assert list(Complainant.objects.values_list("name", flat=True)) == ["สมชาย"]


@pytest.mark.django_db(transaction=True)
def test_a_case_alone_is_one_statement_and_its_objects_are_saved(reference_data: None) -> None:
    intake_services.complaint_submit(intake=intake(), contact=contact())  # warms the caches
    with CaptureQueriesContext(connection) as sent:
        done = intake_services.complaint_submit(
            intake=intake(health_details="ไอ", health_consent=True),
            contact=contact(email="me@example.org"),
        )
    case, person = done.complaint, done.complainant
    stored = Complaint.objects.get(pk=case.pk)
    assert (stored.code, stored.status, stored.state_due) == (case.code, "received", case.state_due)
    assert stored.open311_token == case.open311_token and stored.updated_at == case.updated_at
    assert (case._state.adding, person._state.adding) == (False, False)
    assert Complainant.objects.get(pk=person.pk).health_details == "ไอ"
    assert StatePeriod.objects.get(complaint=case).due_date == case.state_due
    assert CaseEvent.objects.get(complaint=case).data == {"channel": "web"}
    statements = [
        (q["sql"].split()[0], re.findall(r'INSERT INTO "(\w+)"', q["sql"]))
        for q in sent.captured_queries
        if q["sql"].split()[0] not in {"BEGIN", "COMMIT"}
    ]
    rows = ["complaints_complaint", "complaints_stateperiod", "complaints_complainant"]
    rows.append("complaints_caseevent")
    # The message to the reporter, queued once the case is written.
    task = ("INSERT", ["django_tasks_database_dbtaskresult"])
    if connection.vendor == "postgresql":
        assert statements == [("WITH", rows), task]
    else:
        assert statements == [*(("INSERT", [table]) for table in rows), task]
    with CaptureQueriesContext(connection) as later:
        assert person.complaint is case and done.complainant.complaint_id == case.pk
    assert later.captured_queries == []
    assert (case._state.db, person._state.db) == ("default", "default")


def _outcome(prepare: Any, field: Any, obj: Any) -> str:
    try:
        return repr(prepare(field, obj))
    except Exception as exc:
        return type(exc).__name__


def _django(field: Any, obj: Any) -> Any:
    return field.get_db_prep_save(field.pre_save(obj, True), connection)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one statement: PostgreSQL")
def test_the_statements_values_are_djangos() -> None:
    """Values passed as they are (None, str, bool, ids) are what get_db_prep_save gives."""
    from saphan.core import rows

    values: list[Any] = [None, "", "abc", "86", True, False, 0, 5, Decimal("10.5")]
    values += [dt.date(2026, 12, 6), dt.datetime(2026, 12, 6, 9, 30, tzinfo=dt.UTC)]
    values += [dt.datetime(2026, 12, 6, 9, 30), uuid.UUID(int=7), {"channel": "web"}]
    compared = 0
    for model in (Complaint, StatePeriod, Complainant, CaseEvent):
        for field in rows._insert_fields(model):
            if field.name == "updated_at":  # set to now by pre_save: compared below
                continue
            for value in values:
                obj = model()
                setattr(obj, field.attname, value)
                expected = _outcome(_django, field, obj)
                assert _outcome(rows._db_value, field, obj) == expected, (field, value)
                compared += 1
    assert compared == (35 + 5 + 14 + 10 - 1) * len(values)  # with the three complaint_id
    case = Complaint()
    assert rows._db_value(Complaint._meta.get_field("updated_at"), case) == case.updated_at


@pytest.mark.django_db(transaction=True)
def test_the_web_submission_outside_a_transaction_counts_and_refuses(
    reference_data: None, settings: Any
) -> None:
    """As in production (no transaction around the request): on PostgreSQL the rate counter is
    a statement committed without waiting for the disk, then the case is one statement; the
    third request of the address is refused with the case not written, and every request is
    counted. The setting does not outlive the counter's own statement."""
    from django.test import Client

    from saphan.complaints.models import RateCounter

    settings.SAPHAN_COMPLAINTS_RATE_LIMITS = "report:2/600,report_day:100/86400"
    client = Client()
    form = {key: value for key, value in _data().items()}
    with CaptureQueriesContext(connection) as sent:
        assert client.post("/report/", form).status_code == 302
    first = [q["sql"] for q in sent.captured_queries]
    assert client.post("/report/", form).status_code == 302
    refused = client.post("/report/", form)
    assert refused.status_code == 429
    assert Complaint.objects.count() == 2
    assert sorted(RateCounter.objects.values_list("count", flat=True)) == [3, 3]
    if connection.vendor == "postgresql":
        assert "set_config('synchronous_commit', 'off', true)" in first[0]
        assert [sql.split()[0] for sql in first[-2:]] == ["WITH", "INSERT"]  # the case; its task
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone() == ("on",)
    else:
        assert "synchronous_commit" not in first[0]
    assert first[0].startswith('INSERT INTO "complaints_ratecounter"')


def test_the_tracking_pages_version_moves_with_each_public_change() -> None:
    """The cache key's version is the case's updated_at as the database gives it, by one plain
    statement: no space in it (cache keys), None for an unknown code."""
    from saphan.complaints.selectors.public import public_version
    from saphan.complaints.services.common import event_add
    from saphan.complaints.tests.helpers import submit

    case = submit().complaint
    with CaptureQueriesContext(connection) as asked:
        first = public_version(case.code)
    assert len(asked.captured_queries) == 1
    assert first is not None and " " not in first and first.startswith(str(case.updated_at.year))
    assert public_version(case.code) == first
    event_add(case, "update", public=True, text="ตรวจแล้ว")
    assert public_version(case.code) not in {None, first}
    assert public_version("ZZZZ-ZZZZ") is None


SUBMISSION_TABLES = [
    Complaint._meta.db_table,
    StatePeriod._meta.db_table,
    Complainant._meta.db_table,
    CaseEvent._meta.db_table,
]


def test_the_tables_a_submission_writes_carry_no_redundant_index() -> None:
    # On PostgreSQL each foreign key's own index and Django's LIKE-pattern twin of a text key
    # were redundant with a composite index or the unique constraint: 10 of 31 went, and two
    # plain indexes (district, subdistrict) came in their place (0003).
    assert redundant_indexes(SUBMISSION_TABLES) == {}
    assert unique_columns(Complaint._meta.db_table) == [["code"], ["open311_token"]]


def _prepared() -> list[tuple[str, int]]:
    """The statements this connection keeps prepared: the table each writes first, and how
    many times each ran on its generic plan (not planned again)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans FROM pg_prepared_statements")
        found = cursor.fetchall()
    return sorted((re.findall(r'INSERT INTO "(\w+)"', sql)[0], plans) for sql, plans in found)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_submissions_statements_are_planned_once_per_connection(
    reference_data: None, settings: Any
) -> None:
    """The rate counter and the case's one statement are prepared on the server: after the
    server's five trial plans, each submission runs them without planning; the values stored
    are the form's. DB_PREPARE=0 sends them as Django sends any query."""
    from django.test import Client

    settings.SAPHAN_COMPLAINTS_RATE_LIMITS = "report:100/600,report_day:100/86400"
    connection.close()  # a connection of its own: nothing prepared yet
    client, form = Client(), dict(_data().items())
    for _n in range(8):
        assert client.post("/report/", form).status_code == 302
    assert _prepared() == [("complaints_complaint", 3), ("complaints_ratecounter", 3)]
    # Django's own queries stay as Django set the connection: never counted for preparing.
    assert connection.connection.prepare_threshold is None
    latest = Complaint.objects.latest("id")
    assert (latest.category, latest.province_id, latest.latitude) == (
        form["category"],
        form["province"],
        Decimal(str(form["latitude"])),
    )
    assert latest.events.get().data == {"channel": "web"}
    connection.close()
    settings.SAPHAN_DB_PREPARE = False
    assert client.post("/report/", form).status_code == 302
    assert _prepared() == []
    assert Complaint.objects.count() == 9
