"""Zip archives with a manifest: every member listed with its size and SHA-256.

Members are streamed into the zip through a hash, and `manifest.json` goes in last. Reading
checks everything before anything is used: the archive's format, that each member's name is
a plain relative path, that every listed member is there with its hash, and that nothing
unlisted rides along. An archive is written to a temporary file beside its destination and
renamed into place, so a failed write leaves no half-written archive behind.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import IO, Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder

from displace.core.errors import DisplaceError

__all__ = [
    "MANIFEST",
    "ArchiveError",
    "ArchiveReader",
    "ArchiveWriter",
    "ExactJSONEncoder",
    "MemberSink",
    "displace_version",
    "open_archive",
    "write_archive_file",
]

MANIFEST = "manifest.json"
# The other formats Displace writes, to point someone who hands one to the wrong command to
# the right one.
KNOWN_FORMATS = {
    "displace.backup": "a backup of a whole workspace: use displace restore",
    "displace.team-export": "a team's export: use displace import-team",
}
_CHUNK = 1 << 20
T = TypeVar("T")


class ArchiveError(DisplaceError):
    """An archive that cannot be used, or a target it must not be written into."""


def displace_version() -> str:
    """The installed Displace's version, recorded in every archive it writes."""
    try:
        return version("displace")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's rounds them to
    milliseconds, as JavaScript does), so that a record restored is the record backed up."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class MemberSink:
    """A member being written: takes text or bytes, hashes and counts them on the way."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._hash = hashlib.sha256()
        self.size = 0
        self.lines = 0

    def write(self, data: str | bytes) -> int:
        chunk = data.encode("utf-8") if isinstance(data, str) else data
        self._hash.update(chunk)
        self._raw.write(chunk)
        self.size += len(chunk)
        self.lines += chunk.count(b"\n")
        return len(data)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()


class ArchiveWriter:
    """Writes members into a zip and, on `finish`, the manifest that lists them."""

    def __init__(self, target: IO[bytes]) -> None:
        self._zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED,
                                    allowZip64=True)
        self.members: dict[str, dict[str, Any]] = {}

    @contextmanager
    def member(self, name: str) -> Iterator[MemberSink]:
        """Stream one member: write to the sink the block receives."""
        _check_name(name, "(writing)")
        info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        with self._zip.open(info, "w", force_zip64=True) as raw:
            sink = MemberSink(raw)
            yield sink
        self.members[name] = {"bytes": sink.size, "sha256": sink.sha256}

    def add_text(self, name: str, text: str) -> None:
        """One member holding `text` as UTF-8."""
        with self.member(name) as sink:
            sink.write(text)

    def add_bytes(self, name: str, data: bytes) -> None:
        """One member holding `data`."""
        with self.member(name) as sink:
            sink.write(data)

    def add_json(self, name: str, value: Any) -> None:
        """One member holding `value` as indented JSON (dates and decimals as Django writes
        them: ISO 8601 and strings)."""
        self.add_text(name, json.dumps(value, cls=ExactJSONEncoder, ensure_ascii=False,
                                       indent=2) + "\n")

    def add_file(self, name: str, path: Path) -> None:
        """One member copied from a file."""
        with self.member(name) as sink, path.open("rb") as source:
            while chunk := source.read(_CHUNK):
                sink.write(chunk)

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        """Close the zip; after a failure, quietly (the caller throws the file away)."""
        if self._zip.fp is None:
            return  # finished
        try:
            self._zip.close()
        except (OSError, ValueError):
            if kind is None:
                raise

    def finish(self, manifest: dict[str, Any]) -> None:
        """Write `manifest.json` (the given fields plus the members) and close the zip."""
        document = {**manifest, "members": dict(sorted(self.members.items()))}
        text = json.dumps(document, cls=ExactJSONEncoder, ensure_ascii=False, indent=2)
        self._zip.writestr(MANIFEST, text + "\n")
        self._zip.close()


def write_archive_file(path: Path, write: Callable[[ArchiveWriter], T]) -> T:
    """Write an archive to `path` through `write`, which must call `finish`; refuses to
    replace an existing file, and leaves nothing at `path` when `write` fails."""
    if path.exists():
        raise ArchiveError(f"{path}: already exists; choose a new file name")
    if not path.parent.is_dir():
        raise ArchiveError(f"{path.parent}: no such folder")
    handle, temporary = tempfile.mkstemp(prefix=".displace-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as target, ArchiveWriter(target) as writer:
            result = write(writer)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return result


class ArchiveReader:
    """An archive whose manifest and members have all been checked (see `open_archive`)."""

    def __init__(self, path: Path, archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
        self.path = path
        self.manifest = manifest
        self._zip = archive

    def names(self, prefix: str) -> list[str]:
        """The members whose name starts with `prefix`, sorted."""
        return sorted(n for n in self.manifest["members"] if n.startswith(prefix))

    def has(self, name: str) -> bool:
        return name in self.manifest["members"]

    @contextmanager
    def open_binary(self, name: str) -> Iterator[IO[bytes]]:
        with self._zip.open(name) as raw:
            yield raw

    def read_text(self, name: str) -> str:
        try:
            return self._zip.read(name).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ArchiveError(f"{self.path}: {name} is not UTF-8 text ({exc.reason} at byte "
                               f"{exc.start})") from None

    def read_json(self, name: str) -> Any:
        try:
            return json.loads(self.read_text(name))
        except json.JSONDecodeError as exc:
            raise ArchiveError(f"{self.path}: {name} is not valid JSON (line {exc.lineno}: "
                               f"{exc.msg})") from None

    def extract(self, name: str, target: Path) -> None:
        """Copy one member to the file `target` (its folders are created)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        with self._zip.open(name) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, _CHUNK)


@contextmanager
def open_archive(path: Path, expected_format: str) -> Iterator[ArchiveReader]:
    """Open an archive of `expected_format` ("displace.backup/1") after checking all of it;
    any problem is an ArchiveError naming the file and the member."""
    path = Path(path)
    if not path.is_file():
        raise ArchiveError(f"{path}: no such file" if not path.exists()
                           else f"{path}: not a file; expected a .zip archive")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveError(f"{path}: not a zip archive ({exc}); expected an archive "
                           "Displace wrote") from None
    with archive:
        manifest = _manifest(path, archive, expected_format)
        _check_members(path, archive, manifest)
        yield ArchiveReader(path, archive, manifest)


def _manifest(path: Path, archive: zipfile.ZipFile, expected: str) -> dict[str, Any]:
    try:
        raw = archive.read(MANIFEST)
    except KeyError:
        raise ArchiveError(f"{path}: no {MANIFEST}; not an archive Displace wrote") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveError(f"{path}: {MANIFEST} is damaged ({exc})") from None
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArchiveError(f"{path}: {MANIFEST} is not valid JSON ({exc})") from None
    if not isinstance(manifest, dict):
        raise ArchiveError(f"{path}: {MANIFEST}: expected a JSON object")
    found = manifest.get("format")
    if found != expected:
        raise ArchiveError(f"{path}: {_wrong_format(found, expected)}")
    members = manifest.get("members")
    if not isinstance(members, dict) or not all(
        isinstance(m, dict) and isinstance(m.get("sha256"), str)
        and isinstance(m.get("bytes"), int) for m in members.values()
    ):
        raise ArchiveError(f"{path}: {MANIFEST}: members: expected each member's bytes and "
                           "sha256")
    return manifest


def _wrong_format(found: object, expected: str) -> str:
    family, _, _version = expected.partition("/")
    if isinstance(found, str) and found.partition("/")[0] == family:
        return (f"format {found!r}: this Displace reads {expected!r}; use the Displace "
                "version that wrote it, or a newer one")
    if isinstance(found, str) and found.partition("/")[0] in KNOWN_FORMATS:
        return f"this is {KNOWN_FORMATS[found.partition('/')[0]]}"
    return f"format {found!r}: expected {expected!r}"


def _check_members(path: Path, archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    listed: dict[str, dict[str, Any]] = manifest["members"]
    present = {info.filename for info in archive.infolist() if not info.is_dir()}
    unlisted = sorted(present - set(listed) - {MANIFEST})
    if unlisted:
        raise ArchiveError(f"{path}: {unlisted[0]} is not listed in {MANIFEST}; the archive "
                           "was changed after it was written")
    for name, expected in sorted(listed.items()):
        _check_name(name, str(path))
        if name not in present:
            raise ArchiveError(f"{path}: {name} is listed in {MANIFEST} but missing")
        digest, size = _digest(path, archive, name)
        if digest != expected["sha256"] or size != expected["bytes"]:
            raise ArchiveError(f"{path}: {name} is damaged: its SHA-256 does not match "
                               f"{MANIFEST}")


def _digest(path: Path, archive: zipfile.ZipFile, name: str) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    try:
        with archive.open(name) as member:
            while chunk := member.read(_CHUNK):
                sha.update(chunk)
                size += len(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ArchiveError(f"{path}: {name} is damaged ({exc})") from None
    return sha.hexdigest(), size


def _check_name(name: str, where: str) -> None:
    """A member's name is a plain relative path: it can never land outside a target folder."""
    pure = PurePosixPath(name)
    if (not name or "\\" in name or pure.is_absolute() or ".." in pure.parts
            or ":" in pure.parts[0] or name != pure.as_posix()):
        raise ArchiveError(f"{where}: member name {name!r}: expected a relative path inside "
                           "the archive")
