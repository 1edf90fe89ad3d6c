"""The archive commands on data folders of their own (SQLite): `displace backup`, taken while the
app writes, is consistent and `restore` brings it back record for record into a fresh folder
(an older backup is migrated after loading); `export-team` and `import-team` move a team to
another workspace; `migrate` says what it applied; every refusal is one line, exit status 2."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

DISPLACE = Path(sys.executable).with_name("displace")
Runner = Callable[..., "subprocess.CompletedProcess[str]"]

# Loads the demo team into the data folder in DISPLACE_DATA_DIR.
LOAD_DEMO = """
from displace.web.bootstrap import start_django
start_django()
from displace.web.demo import load_demo_team
load_demo_team()
"""
# Prints every record of every model as JSON (content types and permissions by natural key).
EVERY_RECORD = """
import json
from displace.web.bootstrap import start_django
start_django(migrate=False)
from django.apps import apps
out = {}
for model in apps.get_models(include_auto_created=True):
    label = model._meta.label_lower
    if label in ("contenttypes.contenttype", "auth.permission"):
        out[label] = sorted(map(list, (o.natural_key() for o in model._base_manager.all())))
    else:
        out[label] = [repr(sorted(r.items())) for r in model._base_manager.order_by("pk").values()]
print(json.dumps(out))
"""
# Writes, while it runs, a comment and a follow-up in one transaction, again and again.
KEEP_WRITING = """
import sys, time
from displace.web.bootstrap import start_django
start_django()
from datetime import date
from django.db import transaction
from displace.web.deals.models import Deal
from displace.web.deals.actions import add_comment
from displace.web.followups.actions import add_follow_up
deal = Deal.objects.order_by("pk").first()
print("writing", flush=True)
end = time.monotonic() + float(sys.argv[1])
while time.monotonic() < end:
    with transaction.atomic():
        add_comment(deal, "pair", by=deal.owner)
        add_follow_up(deal, "pair", date.today(), by=deal.owner)
"""


def runner(folder: Path) -> Runner:
    """Run `displace …` (or `python -c CODE` with `code=`) on the data folder `folder/<at>`."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}

    def displace(*args: str, at: str = "data", code: str = "") -> subprocess.CompletedProcess[str]:
        env = {**base, "DISPLACE_DATA_DIR": str(folder / at), "DISPLACE_JOBS_INLINE": "1"}
        command = [sys.executable, "-c", code, *args] if code else [str(DISPLACE), *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=180,
                              cwd=folder)

    return displace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with `data/` (the demo team, analysed), `backup.zip` of it and `records.json`
    (every record in it), made once for this module."""
    folder = tmp_path_factory.mktemp("demo")
    run = runner(folder)
    ok(run(code=LOAD_DEMO))
    ok(run("backup", "-o", "backup.zip"))
    (folder / "records.json").write_text(ok(run(code=EVERY_RECORD)), encoding="utf-8")
    return folder


@pytest.fixture
def run(tmp_path: Path, demo: Path) -> Runner:
    """`displace …` in a folder of the test's own, holding a copy of the demo's folder."""
    shutil.copytree(demo, tmp_path, dirs_exist_ok=True)
    return runner(tmp_path)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def members(path: Path, name: str) -> list[dict[str, object]]:
    with zipfile.ZipFile(path) as archive:
        return [json.loads(line) for line in archive.read(name).decode().splitlines()]


def records(tmp_path: Path) -> str:
    return (tmp_path / "records.json").read_text(encoding="utf-8")


def test_a_backup_restores_into_a_fresh_data_folder_record_for_record(
    run: Runner, tmp_path: Path
) -> None:
    restored = ok(run("restore", "backup.zip", at="fresh"))
    assert restored.startswith("Restored ") and "fresh" in restored
    assert ok(run(code=EVERY_RECORD, at="fresh")) == records(tmp_path)


def test_a_backup_taken_while_the_app_writes_sees_each_transaction_whole(
    run: Runner, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env["DISPLACE_DATA_DIR"] = str(tmp_path / "data")
    writer = subprocess.Popen([sys.executable, "-c", KEEP_WRITING, "3"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
        time.sleep(0.3)
        for n in range(2):
            ok(run("backup", "-o", f"during-{n}.zip"))
    finally:
        _, errors = writer.communicate(timeout=60)
    assert writer.returncode == 0, errors
    for n in range(2):
        archive = tmp_path / f"during-{n}.zip"
        comments = [c for c in members(archive, "database/deals.comment.jsonl")
                    if c["fields"]["text"] == "pair"]  # type: ignore[index]
        follow_ups = [f for f in members(archive, "database/followups.followup.jsonl")
                      if f["fields"]["title"] == "pair"]  # type: ignore[index]
        assert len(comments) == len(follow_ups) > 0


def test_a_backup_made_before_a_migration_is_loaded_at_its_schema_then_migrated(
    run: Runner, tmp_path: Path
) -> None:
    # As a backup written before django-axes added a column to its sign-in log (0009) and a
    # table (0010), and before Django's last auth migration: a sign-in record in the old shape.
    older = tmp_path / "older.zip"
    sign_in = {"model": "axes.accesslog", "pk": 7, "fields": {
        "user_agent": "Firefox", "ip_address": "10.0.0.8", "username": "bill",
        "http_accept": "*/*", "path_info": "/login/", "attempt_time": "2026-11-30T08:00:00Z",
        "logout_time": None}}
    with zipfile.ZipFile(tmp_path / "backup.zip") as source:
        members = {n: source.read(n) for n in source.namelist() if n != "manifest.json"}
        manifest = json.loads(source.read("manifest.json"))
    del members["database/axes.accessattemptexpiration.jsonl"]
    members["database/axes.accesslog.jsonl"] = (json.dumps(sign_in) + "\n").encode()
    manifest["migrations"]["axes"] = [m for m in manifest["migrations"]["axes"]
                                      if m < "0009"]
    manifest["migrations"]["auth"].remove("0012_alter_user_first_name_max_length")
    manifest["records"]["axes.accesslog"] = 1
    manifest["members"] = {n: {"bytes": len(d), "sha256": hashlib.sha256(d).hexdigest()}
                           for n, d in members.items()}
    with zipfile.ZipFile(older, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
        out.writestr("manifest.json", json.dumps(manifest))
    restored = ok(run("restore", str(older), at="fresh"))
    assert "Applied 3 migration(s) newer than the backup." in restored
    after = json.loads(ok(run(code=EVERY_RECORD, at="fresh")))
    (log,) = after.pop("axes.accesslog")
    assert "('session_hash', '')" in log and "('username', 'bill')" in log
    before = json.loads(records(tmp_path))
    before.pop("axes.accesslog")
    assert after == before
    assert "up to date" in ok(run("migrate", at="fresh"))


def test_migrate_says_what_it_applied(run: Runner) -> None:
    applied = ok(run("migrate", at="new"))
    assert applied.startswith("Applied ") and "deals.0001_initial" in applied
    assert ok(run("migrate", at="new")) == "The database is up to date.\n"


def test_every_refusal_is_one_line_with_exit_status_2(run: Runner, tmp_path: Path) -> None:
    (tmp_path / "notes.zip").write_text("not an archive", encoding="utf-8")
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(tmp_path / "backup.zip") as source, zipfile.ZipFile(damaged, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            out.writestr(name, data.replace(b"Kestrel", b"Falcon") if "deal" in name else data)
    cases = {
        ("restore", "missing.zip"): "no such file",
        ("restore", "notes.zip"): "not a zip archive",
        ("restore", "damaged.zip"): "is damaged: its SHA-256 does not match",
        ("restore", "backup.zip"): "the database already holds records",
        ("backup", "-o", "backup.zip"): "already exists",
        ("import-team", "backup.zip"): "this is a backup of a whole workspace",
    }
    for args, message in cases.items():
        result = run(*args, at="fresh" if args[1] == "damaged.zip" else "data")
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert message in result.stderr, (args, result.stderr)
    with closing(sqlite3.connect(tmp_path / "fresh" / "displace.sqlite3")) as fresh:
        assert fresh.execute("SELECT name FROM sqlite_master").fetchall() == []  # untouched
    assert sorted(p.name for p in (tmp_path / "fresh").iterdir()) == ["displace.sqlite3"]


def test_a_team_exported_from_one_workspace_is_imported_into_another(
    run: Runner, tmp_path: Path
) -> None:
    records = json.loads((tmp_path / "records.json").read_text(encoding="utf-8"))
    deals = f"{len(records['deals.deal'])} deals"  # the demo team's
    exported = ok(run("export-team", "Business banking", "-o", "team.zip"))
    assert "Exported team Business banking to team.zip: " in exported and deals in exported
    imported = ok(run("import-team", "team.zip", at="other"))
    assert imported.splitlines()[0].startswith(f"Imported team Business banking: {deals}")
    assert ("Created 5 person(s), inactive and without a password: bill, lan, minh, ruth, tom."
            in imported)
    again = run("import-team", "team.zip", at="other")
    assert again.returncode == 2 and "already has deals" in again.stderr
    renamed = ok(run("import-team", "team.zip", "--team", "Banking copy", at="other"))
    assert "Matched 5 person(s) already here by username" in renamed
    unknown = run("export-team", "Nobody's team")
    assert unknown.returncode == 2
    assert unknown.stderr == "displace: team \"Nobody's team\": no such team\n"
