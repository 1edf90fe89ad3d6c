"""A user's patterns cannot pin a processor: refused on load, stopped at a time limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from displace import RulePackError
from displace.core.coach.packs import compiled_packs
from displace.core.coach.patterns import Guarded, check_user_pattern
from displace.core.coach.rulepack import load_pack
from tests.core.coach.conftest import analyse


def _pack(tmp_path: Path, token: str = "", fact: str = "") -> Path:
    path = tmp_path / "team.toml"
    tokens = f"[tokens]\ncode = '{token}'\n" if token else ""
    facts = f"[facts]\nincumbent = ['''{fact}''']\n" if fact else ""
    rule = ('[[rule]]\nid = "team.code"\nbehaviour = "parity-claim"\nall = [["#code"]]\n'
            if token else "")
    path.write_text(f'language = "en"\n{tokens}{facts}{rule}', encoding="utf-8")
    return path


@pytest.mark.parametrize(("pattern", "reason"), [
    ("(a+)+$", "repeats a group that itself holds an unbounded repeat"),
    (r"(\w+\s?)*x", "repeats a group that itself holds an unbounded repeat"),
    (r"(a)\1", "uses a back-reference"),
    ("(a|aa)+$", "takes more than 200 ms"),
    ("[", "is not a valid pattern"),
])
def test_it_refuses_a_users_pattern_that_could_run_for_ever(pattern: str, reason: str) -> None:
    with pytest.raises(RulePackError, match=reason):
        check_user_pattern(pattern, "team.toml: [tokens].code")


@pytest.mark.parametrize("pattern", [
    r"\bref-\d{3}\b",
    r"(?i:we bank with\s+)(?P<name>\w+(?:\s+\w+){0,3})",
    r"\bhợp đồng\b",
])
def test_it_accepts_an_ordinary_users_pattern(pattern: str) -> None:
    check_user_pattern(pattern, "team.toml: [tokens].code")


def test_a_pack_with_an_explosive_token_is_refused_with_its_file_and_name(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match=r"team\.toml: \[tokens\]\.code: '\(a\+\)\+\$'"):
        load_pack(_pack(tmp_path, token="(a+)+$"))


def test_a_pack_with_an_explosive_fact_pattern_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match=r"\[facts\]\.incumbent"):
        load_pack(_pack(tmp_path, fact=r"(?P<name>(\w+\s?)+)$"))


def test_a_guarded_pattern_is_stopped_at_the_time_limit_with_a_clear_error() -> None:
    slow = Guarded("(a|aa)+$", "team.toml")  # built directly: the load check would refuse it
    with pytest.raises(RulePackError, match=r"team\.toml: the pattern .* took more than 200 ms"):
        slow.finditer("a" * 5000 + "!")


def test_a_users_tokens_run_guarded_and_the_shipped_ones_do_not(tmp_path: Path) -> None:
    shipped = compiled_packs()["en"]
    with_team = compiled_packs([_pack(tmp_path, token=r"\bref-\d{3}\b")])["en"]
    assert not isinstance(shipped.tokens, Guarded)
    assert isinstance(with_team.tokens, Guarded)
    assert r"\bref-\d{3}\b" in with_team.pack.user_patterns


def test_a_users_safe_token_still_fires(tmp_path: Path) -> None:
    pack = _pack(tmp_path, token=r"\bref-\d{3}\b")
    report = analyse("Rep: We can offer ref-123 today.\nBuyer: Okay.", rules=[pack])
    assert "en:team.code" in {f.rule for f in report.findings}
