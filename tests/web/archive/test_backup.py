"""Backup and restore: every record and file comes back, into an empty workspace only, and a
damaged archive or a record that does not fit leaves nothing behind.

These tests use the database the suite runs on (SQLite here; PostgreSQL when DATABASE_URL is
set): one code path serves both engines.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection

from displace.core.coach.teaching import teachable_behaviours
from displace.web.accounts.actions import calendar_secret, issue_api_token
from displace.web.archive.actions import restore_backup
from displace.web.archive.backup import BACKUP_FORMAT, stored_files, write_backup
from displace.web.archive.bundle import ArchiveError, write_archive_file
from displace.web.conversations.actions import accept_finding_as_evidence
from displace.web.conversations.models import Finding
from displace.web.deals.actions import add_comment
from displace.web.deals.models import Comment, Deal
from displace.web.demo import demo_logins, load_demo_team
from displace.web.examples.actions import mark_finding_wrong
from displace.web.library.actions import library_dirs, read_entry, save_entry
from tests.web.archive.conftest import every_record, rewrite_archive

pytestmark = pytest.mark.django_db(transaction=True)

CATALOGUE = "catalogues/sme-banking.toml"


def fill_workspace() -> None:
    """The demo team, with something of every kind Displace stores."""
    load_demo_team()
    ruth, bill, admin = (User.objects.get(username=n) for n in ("ruth", "bill", "admin"))
    deal = Deal.objects.filter(owner=bill).order_by("pk").first()
    assert deal is not None
    add_comment(deal, "Who signs the switch? Ask before the proposal.", by=ruth)
    stated = Finding.objects.filter(behaviour="prospect-stated-gap").first()
    assert stated is not None, "the demo calls have a gap stated by the prospect"
    accept_finding_as_evidence(stated, by=stated.conversation.deal.owner)
    wrong = Finding.objects.filter(behaviour__in=teachable_behaviours()).first()
    assert wrong is not None
    mark_finding_wrong(wrong, by=bill)
    save_entry(CATALOGUE, read_entry(CATALOGUE) + "\n# our own note\n", by=admin)
    assert library_dirs(), "the library's written folder is a stored file"
    bill.user_permissions.add(Permission.objects.get(codename="view_deal"))
    issue_api_token(bill)
    calendar_secret(bill)


def backup_to(path: Path) -> Path:
    write_archive_file(path, write_backup)
    return path


def files_in(folder: Path) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in stored_files(folder)}


def test_a_backup_restored_into_an_empty_workspace_gives_back_every_record_and_file(
    data_dir: Path, empty_workspace: Callable[[], None], tmp_path: Path
) -> None:
    fill_workspace()
    records, files = every_record(), files_in(data_dir)
    archive = backup_to(tmp_path / "backup.zip")
    empty_workspace()
    assert not Deal.objects.exists() and not files_in(data_dir)
    summary = restore_backup(archive)
    assert every_record() == records
    assert files_in(data_dir) == files and summary.files == len(files) > 0
    assert summary.records["deals.deal"] == len(records["deals.deal"]) >= 60
    assert summary.upgraded == 0


def test_a_restored_workspace_gives_new_records_new_ids(
    data_dir: Path, empty_workspace: Callable[[], None], tmp_path: Path
) -> None:
    fill_workspace()
    archive = backup_to(tmp_path / "backup.zip")
    empty_workspace()
    restore_backup(archive)
    restored = set(Comment.objects.values_list("pk", flat=True))
    deal = Deal.objects.order_by("pk").first()
    assert deal is not None and restored
    comment = add_comment(deal, "After the restore.", by=deal.owner)
    assert comment.pk not in restored  # PostgreSQL: the sequences moved past restored ids


def test_a_backup_lists_every_member_with_its_checksum_and_the_schema(
    data_dir: Path, tmp_path: Path
) -> None:
    fill_workspace()
    with zipfile.ZipFile(backup_to(tmp_path / "backup.zip")) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
    assert manifest["format"] == BACKUP_FORMAT
    assert manifest["database"] == connection.vendor
    assert set(manifest["members"]) == names - {"manifest.json"}
    assert "database/deals.deal.jsonl" in names
    assert any(n.startswith("files/library/") for n in names)
    assert "0001_initial" in manifest["migrations"]["deals"]
    assert manifest["records"]["auth.user"] == len(demo_logins())
    assert not any(n.endswith((".sqlite3", "embeddings.sqlite3")) for n in names)


def test_it_refuses_to_restore_into_a_database_that_holds_records(
    data_dir: Path, tmp_path: Path
) -> None:
    fill_workspace()
    archive = backup_to(tmp_path / "backup.zip")
    before = every_record()
    with pytest.raises(ArchiveError, match="already holds records"):
        restore_backup(archive)
    assert every_record() == before


def test_it_refuses_to_restore_into_a_data_folder_that_holds_files(
    data_dir: Path, empty_workspace: Callable[[], None], tmp_path: Path
) -> None:
    fill_workspace()
    archive = backup_to(tmp_path / "backup.zip")
    empty_workspace()
    (data_dir / "notes.txt").write_text("someone's file", encoding="utf-8")
    with pytest.raises(ArchiveError, match=r"data folder already holds files \(.*notes.txt\)"):
        restore_backup(archive)
    assert not User.objects.exists()


def test_a_damaged_archive_is_refused_before_anything_is_written(
    data_dir: Path, empty_workspace: Callable[[], None], tmp_path: Path
) -> None:
    fill_workspace()
    archive = backup_to(tmp_path / "backup.zip")
    empty_workspace()

    def tamper(members: dict[str, bytes]) -> None:
        members["database/deals.deal.jsonl"] = members["database/deals.deal.jsonl"].replace(
            b"42000000", b"99000000")

    rewrite_archive(archive, tamper, fix_checksums=False)
    with pytest.raises(ArchiveError, match=r"deals.deal.jsonl is damaged: its SHA-256"):
        restore_backup(archive)
    assert not User.objects.exists() and not Deal.objects.exists()
    assert list(data_dir.iterdir()) == []


def test_a_record_that_does_not_fit_rolls_back_every_record_before_it(
    data_dir: Path, empty_workspace: Callable[[], None], tmp_path: Path
) -> None:
    fill_workspace()
    archive = backup_to(tmp_path / "backup.zip")
    empty_workspace()

    def give_a_deal_to_nobody(members: dict[str, bytes]) -> None:  # people load, then not
        deals = members["database/deals.deal.jsonl"]
        members["database/deals.deal.jsonl"] = deals.replace(b'["bill"]', b'["nobody"]', 1)

    rewrite_archive(archive, give_a_deal_to_nobody)
    with pytest.raises(ArchiveError, match=r"deals.deal.jsonl, record 1: .*nothing was restored"):
        restore_backup(archive)
    assert not User.objects.exists() and not Deal.objects.exists()
    assert list(data_dir.iterdir()) == []


def test_a_team_export_is_not_taken_for_a_backup(data_dir: Path, tmp_path: Path) -> None:
    archive = tmp_path / "team.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("manifest.json", json.dumps(
            {"format": "displace.team-export/1", "members": {}}))
    with pytest.raises(ArchiveError, match="a team's export: use displace import-team"):
        restore_backup(archive)


def test_a_backup_leaves_out_the_database_and_the_embeddings_cache(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = data_dir / "embeddings.sqlite3"
    monkeypatch.setenv("DISPLACE_EMBEDDING_CACHE", str(cache))
    for name in ("embeddings.sqlite3", "embeddings.sqlite3-wal", ".displace-x.part"):
        (data_dir / name).write_bytes(b"cache")
    (data_dir / "library" / "abc").mkdir(parents=True)
    (data_dir / "library" / "abc" / "kept.toml").write_text("x = 1\n", encoding="utf-8")
    assert [name for name, _ in stored_files(data_dir)] == ["library/abc/kept.toml"]
