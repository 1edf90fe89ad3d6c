"""`displace close` and `displace reopen` on a fresh data folder: the deal's owner by default,
`--as` for a manager or an admin, one line and exit status 2 for anything wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

DISPLACE = Path(sys.executable).with_name("displace")
DEAL = Path(__file__).resolve().parents[2] / "examples" / "deals"
BILLS_DEAL = DEAL / "greater-smithville-vs-giant-national.toml"
PASSWORD = "s3cret-pass-2026"
Runner = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def run(tmp_path: Path) -> Runner:
    """`displace …` against SQLite of its own, with a rep's deal, her manager and a stranger."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",
                                                            "DJANGO_SETTINGS_MODULE")}
    env["DISPLACE_DATA_DIR"] = str(tmp_path / "data")

    def displace(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(DISPLACE), *args], capture_output=True, text=True, env=env,
                              timeout=120)

    for user, role, team in (("lan", "rep", "North"), ("hoa", "manager", "North"),
                             ("tuan", "manager", "South")):
        made = displace("createuser", user, "--role", role, "--team", team, "--password",
                        PASSWORD)
        assert made.returncode == 0, made.stderr
    imported = displace("import-deal", str(BILLS_DEAL), "--owner", "lan")
    assert imported.stdout.startswith("Imported deal 1:"), imported.stderr
    return displace


def test_a_deal_is_closed_reopened_and_closed_again_from_the_command_line(run: Runner) -> None:
    closed = run("close", "1", "--outcome", "lost", "--reason", "incumbent-matched-price",
                 "--countered", "yes", "--counter-move", "matched_price", "--lost-to",
                 "incumbent", "--note", "Giant National matched the rate.")
    assert closed.returncode == 0, closed.stderr
    assert closed.stdout.startswith("Closed deal 1 (") and "as lost" in closed.stdout
    again = run("close", "1", "--outcome", "won", "--reason", "other")
    assert again.returncode == 2 and "reopen it" in again.stderr
    reopened = run("reopen", "1", "--stage", "proposal", "--as", "hoa")
    assert reopened.returncode == 0, reopened.stderr
    assert "at proposal" in reopened.stdout
    won = run("close", "1", "--outcome", "won", "--reason", "counter-rehearsed", "--as", "hoa")
    assert won.returncode == 0, won.stderr
    exported = run("export-deal", "1")
    assert 'stage = "won"' in exported.stdout


WRONG = [
    ("close", "1", "--outcome", "won", "--reason", "incumbent-matched-price"),
    ("close", "1", "--outcome", "no_decision", "--reason", "other", "--lost-to", "nobody"),
    ("close", "1", "--outcome", "won", "--reason", "other", "--as", "tuan"),
    ("close", "1", "--outcome", "won", "--reason", "other", "--as", "nobody"),
    ("close", "9", "--outcome", "won", "--reason", "other"),
    ("reopen", "1", "--stage", "gap"),
]


def test_anything_wrong_is_one_line_and_exit_status_2(run: Runner) -> None:
    for args in WRONG:
        result = run(*args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)
        assert result.stderr.startswith("displace: "), (args, result.stderr)
    unknown = run("close", "1", "--outcome", "maybe", "--reason", "other")
    assert unknown.returncode == 2 and "'maybe' is not one of" in unknown.stderr
