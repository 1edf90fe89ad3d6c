"""The library: shipped catalogues, playbooks and rule packs, and admins' edits to them."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from displace.core.deal.catalogue import load_catalogue, load_playbook
from displace.core.errors import DisplaceError
from displace.web.library.models import LibraryEdit

__all__ = [
    "EDITABLE",
    "SECTIONS",
    "LibraryError",
    "LibraryFile",
    "library_dirs",
    "library_files",
    "read_entry",
    "save_entry",
]

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# Section -> folders under displace/data that hold it; missing folders are simply empty.
SECTIONS = {
    "catalogues": ("catalogues", "capabilities"),
    "playbooks": ("playbooks",),
    "rules": ("rules",),
}
SUFFIXES = {".toml", ".json", ".yaml", ".yml"}
# Catalogues and playbooks are edited here and used by every assessment. Rule packs are listed
# for reference; a team adds its own with `displace analyze --rules FILE`.
EDITABLE = {"catalogues", "playbooks"}


class LibraryError(DisplaceError):
    """An admin's edit that would break the library (the message says where and why)."""


@dataclass(frozen=True)
class LibraryFile:
    section: str
    path: str  # relative to displace/data, with forward slashes
    edited: bool

    @property
    def editable(self) -> bool:
        return self.section in EDITABLE


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
    """Keep an admin's version of a library file; the shipped file is never overwritten.

    The edit is loaded the way an assessment will load it first; one that does not load is
    refused with the loader's message and nothing is stored.
    """
    entry = _check(path)
    if not entry.editable:
        raise LibraryError(f"{path}: rule packs are listed here, not edited")
    _validate(entry, content)
    with transaction.atomic():
        edit, _ = LibraryEdit.objects.update_or_create(
            path=path, defaults={"content": content, "updated_by": by}
        )
    return edit


def _validate(entry: LibraryFile, content: str) -> None:
    with tempfile.TemporaryDirectory(prefix="displace-library-") as tmp:
        target = Path(tmp) / entry.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        industry = Path(entry.path).stem
        try:
            load_catalogue(industry, [Path(tmp)])
            if entry.section == "playbooks":
                load_playbook(industry, [Path(tmp)])
        except DisplaceError as exc:
            raise LibraryError(str(exc).replace(tmp, "(your edit)")) from None


def library_dirs() -> tuple[Path, ...]:
    """The admins' edits as a data folder the core loads after the shipped one.

    Written under the data folder, named after the edits' content, so a new edit gives a new
    folder (and the core's caches see it) while an unchanged library is written only once.
    """
    edits = list(
        LibraryEdit.objects.filter(path__regex=r"^(catalogues|capabilities|playbooks)/")
        .order_by("path")
        .values_list("path", "content")
    )
    if not edits:
        return ()
    digest = hashlib.sha256(repr(edits).encode("utf-8")).hexdigest()[:16]
    root = Path(settings.DATA_DIR) / "library" / digest
    if not root.is_dir():
        staging = Path(tempfile.mkdtemp(prefix=f"{digest}-", dir=root.parent.parent))
        for path, content in edits:
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        root.parent.mkdir(parents=True, exist_ok=True)
        try:
            staging.rename(root)  # atomic: other workers see the whole folder or none
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)  # another worker wrote it first
    return (root,)


def _check(path: str) -> LibraryFile:
    for entry in library_files():
        if entry.path == path:
            return entry
    raise DisplaceError(f"{path}: not a library file")
