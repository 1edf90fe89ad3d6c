"""`displace calibrate`: the calibration report as text or JSON, and the refit of a team's
weights (--refit, --accept), or a one-line refusal with exit status 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_teach import Runner, runner

# Closed deals with the forecasts recorded before they closed, written with the ORM into the
# workspace (no command closes deals in bulk): outcomes follow the gaps more than the shipped
# weights say, so a refit has something to find.
SEED = """
import math, random, sys
from datetime import timedelta
import django
django.setup()
from django.contrib.auth.models import User
from django.utils import timezone
from displace.web.deals.models import Deal, StageSnapshot
owner = User.objects.get(username=sys.argv[1])
rng = random.Random(int(sys.argv[3]))
at = timezone.now() - timedelta(days=1)
for i in range(int(sys.argv[2])):
    terms = {"prior": math.log(0.08 / 0.92), "decision": rng.choice([0.9, -1.5]),
             "offer": rng.uniform(0, 1.2), "gaps": rng.uniform(-0.5, 3.0), "vision": 0.24,
             "findings": 0.2, "risks": -rng.uniform(0, 2)}
    won = rng.random() < 1 / (1 + math.exp(1.5 - 3 * terms["gaps"] - terms["decision"]))
    deal = Deal.objects.create(title=f"Closed {i}", prospect="P", owner=owner,
                               team_id=owner.profile.team_id, stage="won" if won else "lost",
                               closed_at=at)
    StageSnapshot.objects.create(deal=deal, at=at - timedelta(days=2), stage="proposal",
                                 rep_confidence=0.8, terms=terms,
                                 win_probability=1 / (1 + math.exp(-sum(terms.values()))))
"""


def seed(data_dir: Path, owner: str, n: int, rng_seed: int = 1) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DISPLACE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="displace.web.settings")
    done = subprocess.run([sys.executable, "-c", SEED, owner, str(n), str(rng_seed)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Runner, Path]:
    """ruth manages North, bill is a rep there with 60 closed deals, ada is the admin; South
    (sam) has 5 closed deals."""
    data_dir = tmp_path_factory.mktemp("calibrate") / "data"
    run = runner(data_dir)
    for name, role, team in (("ruth", "manager", "North"), ("bill", "rep", "North"),
                             ("sam", "manager", "South"), ("ada", "admin", "")):
        args = ["createuser", name, "--role", role, "--password", "s3cret-pass-2026"]
        created = run(*args, *(["--team", team] if team else []))
        assert created.returncode == 0, created.stderr
    seed(data_dir, "bill", 60)
    seed(data_dir, "sam", 5, rng_seed=2)
    return run, data_dir


def test_it_prints_the_calibration_as_a_table(workspace: tuple[Runner, Path]) -> None:
    run, _ = workspace
    result = run("calibrate", "--team", "North")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["Rep", "Deals", "Won"]
    assert lines[1].startswith("North") and lines[2].startswith("bill")
    assert " 60 " in lines[1]


def test_it_prints_the_apis_keys_as_json_in_vietnamese_if_asked(
    workspace: tuple[Runner, Path],
) -> None:
    run, _ = workspace
    result = run("calibrate", "--team", "South", "--format", "json", "--lang", "vi")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["team"] == "South" and data["n"] == 5 and data["too_few"] is True
    for key in ("brier_rep", "brier_evidence", "log_loss_rep", "log_loss_evidence", "bins"):
        assert key in data
    assert data["reps"][0]["rep"] == "sam"
    assert any("quá ít để đánh giá" in w for w in data["warnings"])


def test_a_refit_is_stored_as_a_proposal_and_accepted_with_accept(
    workspace: tuple[Runner, Path],
) -> None:
    run, _ = workspace
    proposed = run("calibrate", "--team", "North", "--refit")
    assert proposed.returncode == 0, proposed.stderr
    assert "weights refitted on 60 closed deals" in proposed.stdout
    assert "All folds" in proposed.stdout and "• Gaps: more weight" in proposed.stdout
    assert "not in use" in proposed.stdout
    accepted = run("calibrate", "--team", "North", "--refit", "--accept", "--by", "ada",
                   "--format", "json")
    assert accepted.returncode == 0, accepted.stderr
    data = json.loads(accepted.stdout)
    assert data["accepted"] is True and data["version"] >= 2
    assert data["multipliers"]["gaps"] > 1.2


@pytest.mark.parametrize(("args", "message"), [
    (("--team", "South", "--refit"), "displace: Only 5 closed deals have a forecast"),
    (("--team", "South", "--refit", "--lang", "vi"), "displace: Chỉ có 5 thương vụ"),
    (("--team", "North", "--refit", "--by", "bill"), "only an admin refits"),
    (("--team", "North", "--refit", "--by", "nobody"), "--by 'nobody': no such user"),
    (("--team", "Nowhere",), "--team 'Nowhere': no such team"),
    ((), "--team: name the team, the workspace has several"),
])
def test_it_refuses_in_one_line(workspace: tuple[Runner, Path], args: tuple[str, ...],
                                message: str) -> None:
    run, _ = workspace
    result = run("calibrate", *args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_accept_goes_with_refit(workspace: tuple[Runner, Path]) -> None:
    run, _ = workspace
    result = run("calibrate", "--team", "North", "--accept")
    assert result.returncode == 2 and "--accept goes with --refit" in result.stderr


def test_it_computes_the_report_as_it_runs_not_the_one_the_pages_keep(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    run = runner(data_dir)
    created = run("createuser", "tess", "--role", "manager", "--password", "s3cret-pass-2026",
                  "--team", "East")
    assert created.returncode == 0, created.stderr
    seed(data_dir, "tess", 3)
    first = run("calibrate", "--format", "json")
    seed(data_dir, "tess", 2, rng_seed=2)  # within the minute a page would keep the report
    second = run("calibrate", "--format", "json")
    assert second.returncode == 0, second.stderr
    assert (json.loads(first.stdout)["n"], json.loads(second.stdout)["n"]) == (3, 5)
