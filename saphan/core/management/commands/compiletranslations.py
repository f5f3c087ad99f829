"""saphan compiletranslations: .po → .mo with polib (no GNU gettext needed on the machine)."""

from pathlib import Path
from typing import Any

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_dirs() -> list[Path]:
    """The project's locale folder and each Saphan app's own (`saphan/<app>/locale`)."""
    found = [Path(p) for p in settings.LOCALE_PATHS]
    for app in apps.get_app_configs():
        if app.name.startswith("saphan.") and (Path(app.path) / "locale").is_dir():
            found.append(Path(app.path) / "locale")
    return found


class Command(BaseCommand):
    help = "Compile the project's translation catalogues."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for locale_dir in catalogue_dirs():
            for po_path in locale_dir.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
        self.stdout.write(f"translations: {count} catalogue(s) compiled")
