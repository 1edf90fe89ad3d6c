"""Counting a coach against labels: sentences and files, hits, misses and false alarms."""

from __future__ import annotations

from dataclasses import replace

from displace import analyze_conversation
from displace.core.corpus import parse_corpus_text, render_transcript
from displace.core.corpus.evaluate import evaluate
from displace.core.model import Finding, Report
from tests.core.corpus.test_load import GOOD_TURN, _file

CONVERSATION = parse_corpus_text(_file(GOOD_TURN))
LAST = len(CONVERSATION.turns) - 1


def _finding(behaviour: str, quote: str, turn: int = LAST) -> Finding:
    return Finding(behaviour, "risk", "medium", turn, 0, len(quote), quote, "seller", "Lan",
                   "test", "", "")


def _coach_that_finds(*findings: Finding) -> object:
    def analyse(text: str) -> Report:
        report = analyze_conversation(text.encode(), input_format="plain")
        return replace(report, findings=findings)

    return analyse


def test_a_finding_on_a_labelled_sentence_is_a_hit_in_both_views() -> None:
    result = evaluate([CONVERSATION], _coach_that_finds(  # type: ignore[arg-type]
        _finding("parity-claim", "nine branches")))
    sentence, file = result.sentences[("en", "parity-claim")], result.files[("en", "parity-claim")]
    assert (sentence.true_positive, sentence.false_positive, sentence.false_negative) == (1, 0, 0)
    assert (file.true_positive, file.false_negative) == (1, 0)
    assert result.total("files").false_positive == 0


def test_a_finding_elsewhere_is_a_false_alarm_and_the_label_a_miss() -> None:
    result = evaluate([CONVERSATION], _coach_that_finds(  # type: ignore[arg-type]
        _finding("parity-claim", "How are they treating you?"),
        _finding("trial-close", "Line 0.", turn=0)))
    sentence = result.sentences[("en", "parity-claim")]
    assert (sentence.true_positive, sentence.false_positive, sentence.false_negative) == (0, 1, 1)
    # per file, parity-claim was present and something was found: a hit; trial-close a false alarm
    assert result.files[("en", "parity-claim")].true_positive == 1
    assert result.files[("en", "trial-close")].false_positive == 1
    assert result.total("files").false_alarm_rate == 1 / 19


def test_the_real_coach_is_measured_on_the_transcript_a_user_would_paste() -> None:
    seen: list[str] = []

    def analyse(text: str) -> Report:
        seen.append(text)
        return analyze_conversation(text.encode(), input_format="plain")

    result = evaluate([CONVERSATION], analyse)
    assert seen == [render_transcript(CONVERSATION)]
    assert seen[0].startswith("Lan: Line 0.\nMr. Binh: Line 1.\n")
    assert result.files[("en", "parity-claim")].true_positive == 1
    assert result.unreadable == []
