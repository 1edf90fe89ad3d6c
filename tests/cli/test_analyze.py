"""`displace analyze` end to end: exit codes, one-line errors, formats, folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from displace.cli.demo import demo_path
from displace.cli.main import _register, cli

SELLER_CALL = (
    "Rep: Hello, I'm Sam from Lakeside Bank. We have been serving businesses since 1972.\n"
    "Customer: Hi Sam. We have been with Pinecrest Bank for six years.\n"
    "Rep: How is Pinecrest treating you?\n"
    "Customer: Generally fine, nothing significant.\n"
)


@pytest.fixture(scope="module", autouse=True)
def registered() -> None:
    _register()


def run(*args: str) -> Result:
    # A wide terminal, so that table cells do not wrap in the middle of what the tests look for.
    return CliRunner(env={"COLUMNS": "240"}).invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def call_file(tmp_path: Path) -> Path:
    path = tmp_path / "call.txt"
    path.write_text(SELLER_CALL, encoding="utf-8")
    return path


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def test_it_prints_a_text_report_and_exits_0_when_it_finds_risks(call_file: Path) -> None:
    result = run("analyze", str(call_file), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "Conversation coaching report" in result.stdout
    assert "What went well" in result.stdout


def test_it_writes_json_that_parses_with_the_schema_version(call_file: Path) -> None:
    result = run("analyze", str(call_file), "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema"] == "displace.report/1"
    assert [s["role"] for s in doc["speakers"]] == ["seller", "prospect"]


def test_it_writes_the_report_to_the_file_given_with_o(call_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run("analyze", str(call_file), "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_it_uses_the_role_options(tmp_path: Path) -> None:
    path = tmp_path / "named.txt"
    path.write_text("Sam: We can cut your fees by half.\nRay: Let me think about it.\n",
                    encoding="utf-8")
    result = run("analyze", str(path), "--format", "json", "--seller", "sam",
                 "--prospect", "RAY")
    doc = json.loads(result.stdout)
    assert {s["label"]: (s["role"], s["role_source"]) for s in doc["speakers"]} == {
        "Sam": ("seller", "hint"), "Ray": ("prospect", "hint")}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("missing.txt", None),
        ("empty.txt", b""),
        ("blank.txt", b"   \n\n  \n"),
        ("binary.txt", b"Rep: \x81\x8d\x8f\x90\x9d\x00\x00\xff\xfe\x00\x81\x8d"),
    ],
)
def test_it_exits_2_with_one_line_on_bad_input(tmp_path: Path, name: str,
                                               content: bytes | None) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run("analyze", str(path))
    assert result.exit_code == 2
    assert name in one_line(result.stderr)
    assert result.stdout == ""


def test_it_exits_2_on_an_unknown_input_format(call_file: Path) -> None:
    result = run("analyze", str(call_file), "--input-format", "docx-ish")
    assert result.exit_code == 2
    assert "docx-ish" in one_line(result.stderr)


def test_a_folder_gives_one_report_per_file_and_a_summary(tmp_path: Path) -> None:
    folder = tmp_path / "calls"
    (folder / "june").mkdir(parents=True)
    (folder / "a.txt").write_text(SELLER_CALL, encoding="utf-8")
    (folder / "june" / "b.md").write_text(SELLER_CALL, encoding="utf-8")
    (folder / "ignored.pdf").write_bytes(b"%PDF")
    result = run("analyze", str(folder), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Conversation coaching report") == 2
    summary = result.stdout[result.stdout.rindex("Summary"):]
    assert "a.txt" in summary and "b.md" in summary and "Seller talk share" in summary
    doc = json.loads(run("analyze", str(folder), "--format", "json").stdout)
    assert doc["schema"] == "displace.report-set/1"
    assert [Path(row["source"]).name for row in doc["summary"]] == ["a.txt", "b.md"]


def test_a_bad_file_among_many_is_reported_and_the_others_still_analysed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SELLER_CALL, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("analyze", str(good), str(empty), "--format", "json")
    assert result.exit_code == 2
    assert "empty.txt" in one_line(result.stderr)
    doc = json.loads(result.stdout)
    assert len(doc["reports"]) == 1
    assert doc["errors"][0]["source"].endswith("empty.txt")


def test_many_html_reports_go_to_a_folder_with_an_index(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(SELLER_CALL, encoding="utf-8")
    out = tmp_path / "reports"
    result = run("analyze", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format",
                 "html", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.html", "b.html", "index.html"]
    assert 'href="a.html"' in (out / "index.html").read_text(encoding="utf-8")


def test_many_html_reports_without_a_folder_are_refused(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(SELLER_CALL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path), "--format", "html"])
    assert result.exit_code == 2
    assert "-o FOLDER" in result.stderr


def test_the_installed_command_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    displace = Path(sys.executable).with_name("displace")
    proc = subprocess.run([str(displace), "analyze", str(tmp_path / "nope.txt")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "nope.txt" in one_line(proc.stderr)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_demo_command_coaches_the_shipped_conversation(lang: str) -> None:
    result = run("demo", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    heading = {"vi": "Rủi ro cao", "en": "High risk"}[lang]
    assert heading in result.stdout


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_shipped_demo_conversations_exist_in_both_languages(lang: str) -> None:
    for good in (False, True):
        text = demo_path(lang, good=good).read_text(encoding="utf-8")
        assert len(text.splitlines()) >= 12


def test_a_folder_without_transcripts_exits_2(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    result = run("analyze", str(tmp_path))
    assert result.exit_code == 2
    assert "no transcript" in one_line(result.stderr)


def test_a_broken_rule_pack_stops_with_one_line(call_file: Path, tmp_path: Path) -> None:
    pack = tmp_path / "mine.toml"
    pack.write_text("[trial-close\npolarity = ", encoding="utf-8")
    displace = Path(sys.executable).with_name("displace")
    proc = subprocess.run([str(displace), "analyze", str(call_file), "--rules", str(pack)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "mine.toml" in one_line(proc.stderr)


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_device_or_a_fifo_exits_2_at_once_instead_of_reading_for_ever(
    kind: str, tmp_path: Path
) -> None:
    path = Path("/dev/zero")
    if kind == "fifo":
        path = tmp_path / "call.txt"
        os.mkfifo(path)
    result = run("analyze", str(path))
    assert result.exit_code == 2
    assert "is not a regular file" in one_line(result.stderr)


def test_a_json_transcript_with_a_five_thousand_digit_number_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "call.json"
    path.write_text('[{"speaker": "Rep", "text": "Hi", "start": ' + "9" * 5000 + "}]",
                    encoding="utf-8")
    result = run("analyze", str(path))
    assert result.exit_code == 2
    assert "a number of 5,000 digits" in one_line(result.stderr)


def test_a_folder_is_analysed_in_several_processes_in_file_order(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(SELLER_CALL, encoding="utf-8")
    (tmp_path / "b2.txt").write_bytes(b"\x00\x01 not text")
    out = tmp_path / "out.json"
    result = run("analyze", str(tmp_path), "--jobs", "2", "--format", "json", "-o", str(out))
    assert result.exit_code == 2  # one file could not be read; the others were analysed
    assert "b2.txt: looks like a binary file" in result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [Path(r["source"]).name for r in doc["reports"]] == ["a.txt", "b.txt", "c.txt"]
    assert [Path(e["source"]).name for e in doc["errors"]] == ["b2.txt"]


def test_a_worker_processs_report_comes_back_with_its_warnings(tmp_path: Path) -> None:
    # Two speakers no table knows: the reader warns that it guessed the seller.
    guessed = ("Minh: How are deliveries going for you these days?\n"
               "Lan: Mostly on time.\n"
               "Minh: We can give you a free month if you switch.\n")
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(guessed, encoding="utf-8")
    out = tmp_path / "out.json"
    result = run("analyze", str(tmp_path), "--jobs", "2", "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert all(any(w.startswith("guessed that speaker 'Minh'") for w in r["warnings"])
               for r in doc["reports"])
