"""Thai is complete: every string the code and templates mark for translation has a Thai text.

Catalogues: `saphan/locale` (core and registry) and each app's own `saphan/<app>/locale`."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR) / "saphan"
CATALOGUES = sorted(ROOT.glob("**/locale/th/LC_MESSAGES/django.po"))
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "ngettext", "ngettext_lazy"}
TRANSLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")
BLOCK_TAG = re.compile(
    r"{%\s*blocktranslate\b([^%]*)%}(.*?){%\s*(?:plural|endblocktranslate)\s*%}", re.S
)


def _entries() -> list[polib.POEntry]:
    return [entry for po in CATALOGUES for entry in polib.pofile(str(po))]


def _catalogue() -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in _entries()}


def _python_strings() -> set[str]:
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in GETTEXT_NAMES
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def _template_strings() -> set[str]:
    found: set[str] = set()
    for path in ROOT.rglob("templates/**/*.*"):
        text = path.read_text(encoding="utf-8")
        found.update(match[1] for match in TRANSLATE_TAG.findall(text))
        for _args, body in BLOCK_TAG.findall(text):
            found.add(re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", body.strip().replace("%", "%%")))
    return found


def test_every_entry_has_thai_and_none_is_fuzzy() -> None:
    missing = [
        e.msgid
        for e in _entries()
        if "fuzzy" in e.flags or not (e.msgstr or all(e.msgstr_plural.values()))
    ]
    assert missing == []


@pytest.mark.parametrize("source", ["python", "templates"])
def test_every_marked_string_is_in_the_catalogue(source: str) -> None:
    strings = _python_strings() if source == "python" else _template_strings()
    assert len(strings) > 20
    catalogue = _catalogue()
    assert sorted(s for s in strings if s not in catalogue) == []


def test_placeholders_survive_translation() -> None:
    pattern = re.compile(r"%\(\w+\)s")
    wrong = [
        e.msgid
        for e in _entries()
        if e.msgstr and sorted(pattern.findall(e.msgid)) != sorted(pattern.findall(e.msgstr))
    ]
    assert wrong == []


def test_no_string_has_two_thai_translations() -> None:
    """Django merges the catalogues and the first one holding a msgid wins for every app, so two
    catalogues giving one (context, msgid) different Thai show one app the other's words (an
    offer "Closed" read as ปิดกิจการ, a business closed). A different meaning needs a context."""
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for po in CATALOGUES:
        app = po.relative_to(ROOT).parts[0]
        for e in polib.pofile(str(po)):
            thai = e.msgstr or " | ".join(e.msgstr_plural[k] for k in sorted(e.msgstr_plural))
            seen.setdefault((e.msgctxt, e.msgid), {})[app] = thai
    clashes = {key: apps for key, apps in seen.items() if len(set(apps.values())) > 1}
    assert clashes == {}
    assert ("establishment status", "Closed") in seen
    assert len(CATALOGUES) == 4
