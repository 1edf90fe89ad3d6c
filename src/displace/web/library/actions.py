"""The library: shipped catalogues, playbooks and rule packs, and admins' edits to them.

The shipped rule packs are listed for reference; a team's own phrases go in its team packs
(`rules/team-en.toml`, `rules/team-vi.toml`), which every analysis in the workspace adds.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from displace.core.coach.packs import compiled_packs
from displace.core.deal.catalogue import load_catalogue, load_playbook
from displace.core.errors import DisplaceError
from displace.core.limits import limit
from displace.core.messages import Message
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
    "team_rule_packs",
]

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# Section -> folders under displace/data that hold it; missing folders are simply empty.
SECTIONS = {
    "catalogues": ("catalogues", "capabilities"),
    "playbooks": ("playbooks",),
    "rules": ("rules",),
}
SUFFIXES = {".toml", ".json", ".yaml", ".yml"}
# Catalogues and playbooks are edited here and used by every assessment. The shipped rule packs
# are listed for reference; a team adds its own phrases in its team packs, one per language.
EDITABLE = {"catalogues", "playbooks"}
TEAM_PACKS = {"rules/team-en.toml": "en", "rules/team-vi.toml": "vi"}


class LibraryError(DisplaceError):
    """An admin's edit that would break the library (the message says where and why, in the
    reader's language when the core's loader raised it with a `Message`).

    `draft` is the temporary file or folder the edit was checked in: shown as "(your edit)".
    """

    def __init__(self, message: object, *, draft: str = "") -> None:
        super().__init__(message)
        self.draft = draft

    def __str__(self) -> str:
        return self._named(super().__str__(), "(your edit)")

    def in_language(self, language: str) -> str:
        """The loader's message in `language`, the edit named in that language too."""
        message = self.args[0] if self.args else ""
        if not isinstance(message, Message):
            return str(self)  # written in the reader's language already (gettext)
        with translation.override(language):
            return self._named(str(message.in_language(language)), _("(your edit)"))

    def _named(self, text: str, name: str) -> str:
        return text.replace(self.draft, name) if self.draft else text

    @classmethod
    def loading(cls, error: DisplaceError, draft: str) -> LibraryError:
        """The core loader's `error` about the edit checked at `draft`."""
        return cls(error.args[0] if error.args else str(error), draft=draft)


@dataclass(frozen=True)
class LibraryFile:
    section: str
    path: str  # relative to displace/data, with forward slashes
    edited: bool

    @property
    def editable(self) -> bool:
        return self.section in EDITABLE or self.path in TEAM_PACKS


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
    found += [LibraryFile("rules", path, path in edited) for path in TEAM_PACKS]
    return found


def read_entry(path: str) -> str:
    """The file's text as an admin last saved it, or as shipped."""
    _check(path)
    edit = LibraryEdit.objects.filter(path=path).first()
    if edit is not None:
        return edit.content
    if path in TEAM_PACKS:
        language = TEAM_PACKS[path]
        name = {"en": "English", "vi": "Tiếng Việt"}[language]
        start = (DATA_DIR / "rules" / "team-template.txt").read_text(encoding="utf-8")
        return start.format(language=language, language_name=name)
    return (DATA_DIR / path).read_text(encoding="utf-8")


def save_entry(path: str, content: str, *, by: User) -> LibraryEdit:
    """Keep an admin's version of a library file; the shipped file is never overwritten.

    The edit is loaded the way an assessment will load it first; one that does not load is
    refused with the loader's message and nothing is stored.
    """
    entry = _check(path)
    if not entry.editable:
        english, vietnamese = TEAM_PACKS
        raise LibraryError(_("%(path)s: the shipped rule packs are listed here, not edited; add "
                             "your team's phrases in %(english)s or %(vietnamese)s") % {
            "path": path, "english": english, "vietnamese": vietnamese})
    most = limit("library.bytes")
    if len(content.encode("utf-8")) > most:
        raise LibraryError(_("%(path)s: the text is over the %(limit)s-byte limit for a library "
                             "file.") % {"path": path, "limit": f"{most:,}"})
    _validate(entry, content)
    with transaction.atomic():
        edit, _created = LibraryEdit.objects.update_or_create(
            path=path, defaults={"content": content, "updated_by": by}
        )
    return edit


def _validate(entry: LibraryFile, content: str) -> None:
    if entry.path in TEAM_PACKS:
        _validate_team_pack(entry.path, content)
        return
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
            raise LibraryError.loading(exc, tmp) from None


def library_dirs() -> tuple[Path, ...]:
    """The admins' catalogue and playbook edits as a data folder the core loads after the
    shipped one (none when nothing was edited)."""
    root = _written(r"^(catalogues|capabilities|playbooks)/")
    return (root,) if root is not None else ()


def team_rule_packs() -> tuple[Path, ...]:
    """The team packs an admin has saved, as files for the coach's extra rule packs."""
    root = _written(r"^rules/team-")
    if root is None:
        return ()
    return tuple(root / path for path in sorted(TEAM_PACKS) if (root / path).is_file())


def _written(paths: str) -> Path | None:
    """The edits whose path matches `paths`, written under the data folder (None: no edits).

    The folder is named after the edits' content, so a new edit gives a new folder (and the
    core's caches see it) while an unchanged library is written only once.
    """
    edits = list(
        LibraryEdit.objects.filter(path__regex=paths)
        .order_by("path")
        .values_list("path", "content")
    )
    if not edits:
        return None
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
    return root


def _validate_team_pack(path: str, content: str) -> None:
    """Load the team pack the way the coach will, on top of the shipped packs."""
    language = TEAM_PACKS[path]
    with tempfile.TemporaryDirectory(prefix="displace-library-") as tmp:
        target = (Path(tmp) / Path(path).name).resolve()  # as the loader names it
        target.write_text(content, encoding="utf-8")
        try:
            compiled = compiled_packs([target])
        except DisplaceError as exc:
            raise LibraryError.loading(exc, str(target)) from None
        if str(target) not in compiled[language].pack.source:
            raise LibraryError(_('(your edit): %(path)s holds the %(language)s rules: expected '
                                 'language = "%(language)s"') % {"path": path,
                                                                 "language": language})


def _check(path: str) -> LibraryFile:
    for entry in library_files():
        if entry.path == path:
            return entry
    raise DisplaceError(f"{path}: not a library file")
