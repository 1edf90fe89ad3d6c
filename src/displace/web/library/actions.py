"""The library: shipped catalogues, playbooks and rule packs, and admins' edits to them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User

from displace.core.errors import DisplaceError
from displace.web.library.models import LibraryEdit

__all__ = ["SECTIONS", "LibraryFile", "library_files", "read_entry", "save_entry"]

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# Section -> folders under displace/data that hold it; missing folders are simply empty.
SECTIONS = {
    "catalogues": ("catalogues", "capabilities"),
    "playbooks": ("playbooks",),
    "rules": ("rules",),
}
SUFFIXES = {".toml", ".json", ".yaml", ".yml"}


@dataclass(frozen=True)
class LibraryFile:
    section: str
    path: str  # relative to displace/data, with forward slashes
    edited: bool


def library_files() -> list[LibraryFile]:
    """Every library file shipped with Displace, marking those an admin has edited."""
    edited = set(LibraryEdit.objects.values_list("path", flat=True))
    found = []
    for section, folders in SECTIONS.items():
        for folder in folders:
            root = DATA_DIR / folder
            if not root.is_dir():
                continue
            for file in sorted(root.rglob("*")):
                if file.is_file() and file.suffix in SUFFIXES:
                    rel = file.relative_to(DATA_DIR).as_posix()
                    found.append(LibraryFile(section, rel, rel in edited))
    return found


def read_entry(path: str) -> str:
    """The file's text as an admin last saved it, or as shipped."""
    _check(path)
    edit = LibraryEdit.objects.filter(path=path).first()
    return edit.content if edit else (DATA_DIR / path).read_text(encoding="utf-8")


def save_entry(path: str, content: str, *, by: User) -> LibraryEdit:
    """Keep an admin's version of a library file; the shipped file is never overwritten."""
    _check(path)
    edit, _ = LibraryEdit.objects.update_or_create(
        path=path, defaults={"content": content, "updated_by": by}
    )
    return edit


def _check(path: str) -> None:
    if path not in {f.path for f in library_files()}:
        raise DisplaceError(f"{path}: not a library file")
