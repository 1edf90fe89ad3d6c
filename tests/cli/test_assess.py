"""`displace assess`: formats, languages, output files and clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from displace.cli.assess import command
from tests.core.deal.builders import BILL, GENERAL_VI, INSURANCE_VI, READY


def _main(*args: str) -> subprocess.CompletedProcess[str]:
    code = "from displace.cli.main import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )


def test_it_prints_a_text_assessment() -> None:
    result = CliRunner().invoke(command, [str(READY)])
    assert result.exit_code == 0, result.output
    assert "READY to propose" in result.output


def test_it_writes_json_to_a_file_in_vietnamese(tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    result = CliRunner().invoke(
        command, [str(BILL), "--format", "json", "--lang", "vi", "-o", str(out), "--seed", "7"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["lang"] == "vi" and data["seed"] == 7 and data["ready"] is False


def test_it_uses_the_deal_files_language_by_default() -> None:
    result = CliRunner().invoke(command, [str(INSURANCE_VI), "--format", "html"])
    assert result.exit_code == 0
    assert '<html lang="vi">' in result.output


def test_a_deal_in_another_industry_is_assessed_against_the_general_catalogue() -> None:
    result = CliRunner().invoke(command, [str(GENERAL_VI), "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["deal"]["industry"] == "other"
    items = [*data["offer_items"], *data["claims"]]
    classes = {i["capability"]: i["classification"] for i in items}
    assert classes == {"process-audit": "differentiator", "price-discount": "matchable",
                       "certifications": "parity"}
    assert data["next_questions"]


def test_a_bad_deal_file_exits_2_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        BILL.read_text(encoding="utf-8").replace('match_speed = "fast"', 'match_speed = "quick"'),
        encoding="utf-8",
    )
    result = _main("assess", str(bad))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "incumbent.match_speed: expected one of fast, typical, slow" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_conversation_exits_2_with_one_line(tmp_path: Path) -> None:
    result = _main("assess", str(READY), "--conversation", str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert "nope.txt: no such conversation file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_deal_file_nested_five_thousand_deep_exits_2_with_one_line(tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = _main("assess", str(deep))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "nested too deeply" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_confidence_of_nan_exits_2_naming_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "nan.toml"
    text = BILL.read_text(encoding="utf-8")
    bad.write_text(text.replace("rep_confidence = 0.8", "rep_confidence = nan"),
                   encoding="utf-8")
    result = _main("assess", str(bad))
    assert result.returncode == 2
    assert "rep_confidence: expected a finite number" in result.stderr
