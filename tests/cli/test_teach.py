"""`displace teach FILE`: a file of examples stored as a team's confirmed examples, or refused
with one line naming the file, the example and the field, and nothing stored."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

DISPLACE = Path(sys.executable).with_name("displace")
Runner = Callable[..., "subprocess.CompletedProcess[str]"]

GOOD = '''
[[example]]
text = "We never know our cash position before Friday payroll."
behaviour = "prospect-stated-gap"

[[example]]
text = "Honestly they are fine."
behaviour = "status-quo-signal"
positive = false
'''


def runner(data_dir: Path) -> Runner:
    """Run `displace …` against SQLite in `data_dir` (never the suite's database)."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["DISPLACE_DATA_DIR"] = str(data_dir)

    def displace(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(DISPLACE), *args], capture_output=True, text=True, env=env, timeout=120
        )

    return displace


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Runner, Path]:
    """One workspace for the refusals: ruth manages North, bill is a rep there, sam manages
    South. Nothing refused is ever stored in it."""
    data_dir = tmp_path_factory.mktemp("workspace") / "data"
    run = runner(data_dir)
    for name, role, team in (("ruth", "manager", "North"), ("bill", "rep", "North"),
                             ("sam", "manager", "South")):
        created = run("createuser", name, "--role", role, "--team", team,
                      "--password", "s3cret-pass-2026")
        assert created.returncode == 0, created.stderr
    return run, data_dir


def stored(data_dir: Path) -> list[tuple[str, str, int, str, str | None]]:
    """The examples in the workspace: text, behaviour, positive, status, who confirmed."""
    with sqlite3.connect(data_dir / "displace.sqlite3") as db:
        return db.execute(
            "SELECT e.text, e.behaviour, e.positive, e.status, u.username "
            "FROM examples_example e LEFT JOIN auth_user u ON u.id = e.confirmed_by_id "
            "ORDER BY e.id").fetchall()


def file_of(tmp_path: Path, text: str, name: str = "team.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_it_stores_a_files_examples_as_the_teams_confirmed_examples(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    run = runner(data_dir)
    assert run("createuser", "ruth", "--role", "manager", "--team", "North",
               "--password", "s3cret-pass-2026").returncode == 0
    taught = run("teach", str(file_of(tmp_path, GOOD)), "--team", "North", "--by", "ruth")
    assert taught.returncode == 0, taught.stderr
    assert "Taught 2 example(s) to North." in taught.stdout
    assert stored(data_dir) == [
        ("We never know our cash position before Friday payroll.", "prospect-stated-gap", 1,
         "confirmed", "ruth"),
        ("Honestly they are fine.", "status-quo-signal", 0, "confirmed", "ruth"),
    ]
    again = run("teach", str(file_of(tmp_path, GOOD)))  # the only team; the same examples
    assert again.returncode == 0, again.stderr
    assert len(stored(data_dir)) == 2


BAD_FILES = [
    ("[[example]]\ntext = 'x'\nbehaviour = 'stal'\n", "example 1: behaviour: 'stal'"),
    (GOOD + "[[example]]\nbehaviour = 'stall'\n", "example 3: text:"),
    (GOOD + "[[example]]\ntext = 'x'\nbehaviour = 'stall'\npositive = 1\n",
     "example 3: positive: expected true or false"),
    ("[[example]]\ntext = 'x'\nbehaviour = 'stall'\ncolour = 'red'\n",
     "example 1: unknown field 'colour'"),
    ("[[example]\n", "not valid TOML"),
    ("", "no examples"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_a_bad_file_gets_one_line_naming_the_example_and_field_and_stores_nothing(
    workspace: tuple[Runner, Path], tmp_path: Path, text: str, message: str
) -> None:
    run, data_dir = workspace
    path = file_of(tmp_path, text)
    result = run("teach", str(path), "--team", "North")
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert f"displace: {path}: " in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert stored(data_dir) == []


@pytest.mark.parametrize(("args", "message"), [
    (("--team", "Nowhere"), "--team 'Nowhere': no such team"),
    ((), "--team: name the team to teach, the workspace has several"),
    (("--team", "North", "--by", "nobody"), "--by 'nobody': no such user"),
    (("--team", "North", "--by", "bill"), "--by 'bill': only the team's manager or an admin"),
    (("--team", "South", "--by", "ruth"), "--by 'ruth': only the team's manager or an admin"),
])
def test_it_refuses_an_unknown_team_or_someone_who_cannot_confirm(
    workspace: tuple[Runner, Path], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    run, data_dir = workspace
    result = run("teach", str(file_of(tmp_path, GOOD)), *args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith(f"displace: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert stored(data_dir) == []


def test_a_missing_file_gets_one_line(workspace: tuple[Runner, Path], tmp_path: Path) -> None:
    run, _ = workspace
    result = run("teach", str(tmp_path / "missing.toml"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"displace: {tmp_path / 'missing.toml'}: no such file of " \
                                    "examples"
