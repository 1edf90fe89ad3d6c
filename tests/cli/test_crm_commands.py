"""`displace import-deals` and `displace export-deals` on a fresh data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

DISPLACE = Path(sys.executable).with_name("displace")
Runner = Callable[..., "subprocess.CompletedProcess[str]"]
PASSWORD = "s3cret-pass-2026"

HEADER = "Record ID,Deal Name,Amount,Deal Stage,Close Date,Deal owner,Associated Company"
ROWS = [
    "101,Cold-chain insurance,\"12,500\",Appointment Scheduled,2026-12-31,lan@north.example,"
    "Lan Anh Logistics",
    "102,Payroll banking,lots,Qualified To Buy,2027-01-15,lan@north.example,Minh Phat",
    "103,Fleet cover,9000,Negotiation,2026-11-30,nobody@elsewhere.example,Hoa Sen",
]


@pytest.fixture
def run(tmp_path: Path) -> Runner:
    """Run `displace …` against SQLite in a folder of its own, with a manager and a rep."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DISPLACE_JOBS_INLINE")}
    env["DISPLACE_DATA_DIR"] = str(tmp_path / "data")

    def displace(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(DISPLACE), *args], capture_output=True, text=True, env=env,
                              timeout=120)

    for user, role in (("lan", "rep"), ("hoa", "manager")):
        made = displace("createuser", user, "--role", role, "--team", "North", "--email",
                        f"{user}@north.example", "--password", PASSWORD)
        assert made.returncode == 0, made.stderr
    return displace


def _csv(tmp_path: Path, *rows: str) -> str:
    path = tmp_path / "deals.csv"
    path.write_bytes(("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8"))
    return str(path)


def test_a_file_with_errors_stores_nothing_and_exits_2(run: Runner, tmp_path: Path) -> None:
    done = run("import-deals", _csv(tmp_path, *ROWS), "--from", "hubspot")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "deals.csv: line 3, amount: " in done.stderr
    assert "deals.csv: line 4, stage: " in done.stderr
    assert "Nothing was stored" in done.stderr and "--good-rows" in done.stderr
    assert "Appointment Scheduled" in done.stderr  # the stage table
    exported = run("export-deals", "--to", "generic")
    assert exported.returncode == 0 and exported.stdout.count("\n") == 1  # the header only


def test_it_imports_the_good_rows_and_updates_them_on_a_second_run(
    run: Runner, tmp_path: Path,
) -> None:
    first = run("import-deals", _csv(tmp_path, *ROWS), "--from", "hubspot", "--good-rows",
                "--stage-map", "Negotiation=vision", "--owner", "lan")
    assert first.returncode == 0, first.stderr
    assert "Imported 2 new deal(s) and updated 0 into team North" in first.stdout
    again = run("import-deals", _csv(tmp_path, ROWS[0].replace("12,500", "13,000")),
                "--from", "hubspot")
    assert again.returncode == 0, again.stderr
    assert "Imported 0 new deal(s) and updated 1" in again.stdout
    exported = run("export-deals", "--to", "hubspot")
    assert exported.returncode == 0, exported.stderr
    lines = exported.stdout.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Record ID,Deal Name,Pipeline,Deal Stage,Amount")
    assert len(lines) == 3
    row = next(line for line in lines if line.startswith("101,"))
    assert "13000" in row and "appointmentscheduled" in row and "lan@north.example" in row
    assert next(line for line in lines if line.startswith("103,")).count("presentationscheduled")


def test_a_dry_run_shows_the_preview_and_stores_nothing(run: Runner, tmp_path: Path) -> None:
    done = run("import-deals", _csv(tmp_path, ROWS[0]), "--from", "hubspot", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "1 row(s): 1 new, 0 update(s), 0 error(s)" in done.stderr
    assert "Dry run: nothing was stored." in done.stdout
    assert run("export-deals", "--to", "generic").stdout.count("\n") == 1


def test_export_writes_a_file_when_asked(run: Runner, tmp_path: Path) -> None:
    assert run("import-deals", _csv(tmp_path, ROWS[0]), "--from", "hubspot").returncode == 0
    target = tmp_path / "out.csv"
    done = run("export-deals", "--to", "salesforce", "-o", str(target), "--team", "North")
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith("\ufeff".encode())
    assert "Cold-chain insurance" in target.read_text(encoding="utf-8-sig")


BAD_OPTIONS = [
    (("--from", "hubspot", "--team", "Nowhere"), "--team 'Nowhere': no such team"),
    (("--from", "hubspot", "--owner", "nobody"), "--owner 'nobody': no such user"),
    (("--from", "hubspot", "--stage-map", "Negotiation"), "expected NAME=VALUE"),
    (("--from", "hubspot", "--column", "budget=Amount"), "budget"),
    (("--from", "hubspot", "--industry", "mining"), "Industry mining"),
    (("--from", "excel"), "'excel' is not one of"),
]


def test_bad_options_get_one_line_and_exit_status_2(run: Runner, tmp_path: Path) -> None:
    for args, expected in BAD_OPTIONS:
        done = run("import-deals", _csv(tmp_path, ROWS[0]), *args)
        assert done.returncode == 2, (args, done.stdout)
        assert expected in done.stderr and "Traceback" not in done.stderr, args


def test_an_unreadable_file_gets_one_line_and_exit_status_2(
    run: Runner, tmp_path: Path,
) -> None:
    workbook = tmp_path / "deals.xlsx"
    workbook.write_bytes(b"PK\x03\x04 not a csv")
    for path in (workbook, tmp_path / "missing.csv"):
        done = run("import-deals", str(path), "--from", "hubspot")
        assert done.returncode == 2
        assert path.name in done.stderr and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
