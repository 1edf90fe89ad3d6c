"""The web app's commands on a fresh data folder: createuser, import-deal, export-deal."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

DISPLACE = Path(sys.executable).with_name("displace")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "deals"
BILLS_DEAL = EXAMPLE / "greater-smithville-vs-giant-national.toml"
Runner = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def run(tmp_path: Path) -> Runner:
    """Run `displace …` against SQLite in a folder of its own (never the suite's database)."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["DISPLACE_DATA_DIR"] = str(tmp_path / "data")

    def displace(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(DISPLACE), *args], capture_output=True, text=True, env=env, timeout=120
        )

    return displace


def test_a_rep_can_be_created_and_a_deal_imported_and_exported_again(run: Runner) -> None:
    created = run(
        "createuser", "minh", "--role", "rep", "--team", "Hanoi", "--password", "s3cret-pass-2026"
    )
    assert created.returncode == 0, created.stderr
    imported = run("import-deal", str(BILLS_DEAL), "--owner", "minh")
    assert imported.returncode == 0, imported.stderr
    deal_id = imported.stdout.split(":")[0].split()[-1]  # "Imported deal 7: <title>"
    exported = run("export-deal", deal_id)
    assert exported.returncode == 0, exported.stderr
    again = tomllib.loads(exported.stdout)
    original = tomllib.loads(BILLS_DEAL.read_text(encoding="utf-8"))
    assert again["incumbent"]["name"] == original["incumbent"]["name"]
    assert [o["text"] for o in again["offer"]] == [o["text"] for o in original["offer"]]


def test_bad_input_gets_one_line_and_exit_status_2(run: Runner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('schema = "displace.deal/1"\ntitle = 3\n', encoding="utf-8")
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "{a=" * 5000 + "1" + "}" * 5000 + "\n", encoding="utf-8")
    assert run("createuser", "minh", "--password", "s3cret-pass-2026").returncode == 0
    for args in (
        ("import-deal", str(broken), "--owner", "minh"),
        ("import-deal", str(deep), "--owner", "minh"),
        ("import-deal", str(BILLS_DEAL), "--owner", "nobody"),
        ("export-deal", "999"),
    ):
        result = run(*args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
