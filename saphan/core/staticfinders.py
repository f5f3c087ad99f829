"""Serves the Thai web font (Sarabun) from its PyPI package as static/fonts/…, nothing copied."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fontpkg_sarabun
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

FONT_DIR = Path(fontpkg_sarabun.__file__).parent / "files"
FONT_FILES = (
    "Sarabun-Regular.ttf",
    "Sarabun-Bold.ttf",
    "Sarabun-Italic.ttf",
    "Sarabun-SemiBold.ttf",
)
PREFIX = "fonts"


class FontFinder(BaseFinder):
    def __init__(self, *args: object, **kwargs: object) -> None:
        self.storage = FileSystemStorage(location=str(FONT_DIR))
        self.storage.prefix = PREFIX  # type: ignore[attr-defined]

    def check(self, **kwargs: object) -> list[Any]:
        return []

    def find(  # type: ignore[override]
        self, path: str, find_all: bool = False, **kwargs: object
    ) -> str | list[str]:
        directory, _, name = path.rpartition("/")
        if directory == PREFIX and name in FONT_FILES:
            found = str(FONT_DIR / name)
            return [found] if find_all else found
        return [] if find_all else ""

    def list(self, ignore_patterns: object) -> Iterator[tuple[str, FileSystemStorage]]:
        for name in FONT_FILES:
            yield name, self.storage
