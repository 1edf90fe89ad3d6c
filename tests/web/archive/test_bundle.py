"""Archives are read only when all of them checks out, and written whole or not at all."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from displace.web.archive.bundle import (
    ArchiveError,
    ArchiveWriter,
    open_archive,
    write_archive_file,
)
from tests.web.archive.conftest import rewrite_archive

FORMAT = "displace.backup/1"


def written(path: Path) -> Path:
    def write(writer: ArchiveWriter) -> None:
        writer.add_text("notes/a.txt", "Xin chào\n")
        writer.add_json("kinds.json", [{"id": 1}])
        writer.finish({"format": FORMAT})

    write_archive_file(path, write)
    return path


def test_it_reads_back_what_it_wrote_after_checking_every_member(tmp_path: Path) -> None:
    with open_archive(written(tmp_path / "a.zip"), FORMAT) as archive:
        assert archive.read_text("notes/a.txt") == "Xin chào\n"
        assert archive.read_json("kinds.json") == [{"id": 1}]
        assert archive.names("notes/") == ["notes/a.txt"]


@pytest.mark.parametrize(("change", "fix", "message"), [
    (lambda m: m.update({"notes/a.txt": b"Hello\n"}), False, r"notes/a\.txt is damaged"),
    (lambda m: m.pop("kinds.json"), False, r"kinds\.json is listed in manifest\.json but missing"),
    (lambda m: m.update({"extra.txt": b"x"}), False, r"extra\.txt is not listed"),
    (lambda m: m.update({"../escape.txt": b"x"}), True, r"member name '\.\./escape\.txt'"),
    (lambda m: m.update({"/etc/passwd": b"x"}), True, r"member name '/etc/passwd'"),
])
def test_it_refuses_an_archive_changed_after_it_was_written(
    tmp_path: Path, change: object, fix: bool, message: str
) -> None:
    path = written(tmp_path / "a.zip")
    rewrite_archive(path, change, fix_checksums=fix)  # type: ignore[arg-type]
    with pytest.raises(ArchiveError, match=message), open_archive(path, FORMAT):
        pass


def test_it_says_what_a_file_is_when_it_is_not_the_archive_expected(tmp_path: Path) -> None:
    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("hello", encoding="utf-8")
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(newer, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "displace.backup/2",
                                                      "members": {}}))
    no_manifest = tmp_path / "other.zip"
    with zipfile.ZipFile(no_manifest, "w") as archive:
        archive.writestr("readme.txt", "hi")
    for path, message in ((tmp_path / "missing.zip", "no such file"),
                          (not_zip, "not a zip archive"),
                          (newer, "format 'displace.backup/2': this Displace reads"),
                          (no_manifest, "no manifest.json")):
        with pytest.raises(ArchiveError, match=message), open_archive(path, FORMAT):
            pass


def test_it_never_replaces_a_file_and_leaves_nothing_when_writing_fails(tmp_path: Path) -> None:
    target = written(tmp_path / "a.zip")
    with pytest.raises(ArchiveError, match="already exists"):
        written(target)

    def fail(writer: ArchiveWriter) -> None:
        writer.add_text("half.txt", "half")
        raise ArchiveError("the database went away")

    with pytest.raises(ArchiveError, match="went away"):
        write_archive_file(tmp_path / "b.zip", fail)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.zip"]
