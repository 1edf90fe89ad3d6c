"""The conversation coach: from a parsed conversation to a report of findings and metrics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Literal, cast

from displace.core.coach.behaviours import behaviour_table
from displace.core.coach.dedupe import dedupe
from displace.core.coach.detect import TurnScan, detection, match_turn
from displace.core.coach.facts import read_facts
from displace.core.coach.matcher import CompiledPack, PhraseHits
from displace.core.coach.metrics import scorecard
from displace.core.coach.named import named_detections
from displace.core.coach.packs import compiled_packs
from displace.core.coach.raw import Detection
from displace.core.coach.sentences import split_sentences
from displace.core.coach.sequences import anchored, sequence_detections
from displace.core.collector import cycle_collector_paused
from displace.core.errors import InputError
from displace.core.model import Conversation, Finding, Language, Report
from displace.core.semantic import Example, LearnedLayer, Mode, learned_layer, unavailable_reason
from displace.core.semantic.layer import (
    EXAMPLE_SIMILARITY,
    SEQUENCE_BEHAVIOURS,
    Judgement,
    allowed,
    decide_by_examples,
)
from displace.core.semantic.side import as_incumbent
from displace.core.semantic.units import Unit, units_of
from displace.core.text import count_words_each, has_vietnamese_marks

__all__ = ["analyze", "scan_rules"]

_SENTENCE_BEHAVIOURS = frozenset(b for b in behaviour_table() if b not in SEQUENCE_BEHAVIOURS)


def _hits(conversation: Conversation, packs: dict[str, CompiledPack]) -> list[PhraseHits]:
    """Every turn's phrase hits, scanning all the turns of a language in one pass."""
    hits: list[PhraseHits] = [{} for _ in conversation.turns]
    for language, compiled in packs.items():
        turns = [t for t in conversation.turns if t.language == language]
        if not turns:
            continue
        accented = [language == "vi" and has_vietnamese_marks(t.text) for t in turns]
        for turn, found in zip(
            turns, compiled.scan_many([t.text for t in turns], accented), strict=True
        ):
            hits[turn.index] = found
    return hits


def _scan(
    conversation: Conversation, packs: dict[str, CompiledPack]
) -> tuple[list[TurnScan], list[Detection]]:
    punctuated = any("?" in t.text for t in conversation.turns)
    hits = _hits(conversation, packs)
    scans: list[TurnScan] = []
    detections: list[Detection] = []
    previous: TurnScan | None = None
    for turn in conversation.turns:
        compiled = packs[turn.language]
        sentences = split_sentences(turn.text, compiled.pack.questions, punctuated)
        scan = match_turn(compiled, turn, sentences, hits[turn.index], previous)
        scans.append(scan)
        detections.extend(detection(turn, m) for m in scan.matches)
        previous = scan
    return scans, detections


def _report_language(conversation: Conversation, lang: str | None) -> Language:
    if lang is not None:
        if lang not in ("vi", "en"):
            raise InputError(f"unknown report language {lang!r}: expected 'vi' or 'en'")
        return cast(Language, lang)
    if conversation.language in ("vi", "en"):
        return cast(Language, conversation.language)
    langs = [t.language for t in conversation.turns]
    return "vi" if langs.count("vi") >= langs.count("en") else "en"


def _findings(
    conversation: Conversation, detections: list[Detection], lang: Language
) -> list[Finding]:
    table = behaviour_table()
    out = []
    for d in detections:
        behaviour = table[d.behaviour]
        if behaviour.internal:
            continue
        turn = conversation.turns[d.turn]
        out.append(
            Finding(
                behaviour=d.behaviour,
                polarity=behaviour.polarity,
                severity=d.severity or behaviour.severity,
                turn_index=d.turn,
                start=d.start,
                end=d.end,
                quote=turn.text[d.start : d.end],
                role=turn.role,
                speaker=turn.speaker,
                rule=d.rule,
                message=behaviour.message[lang],
                advice=behaviour.advice[lang],
                data=d.data,
            )
        )
    out.sort(key=lambda f: (f.turn_index, f.start, f.behaviour))
    return out


def scan_rules(
    conversation: Conversation, compiled: dict[str, CompiledPack]
) -> tuple[list[TurnScan], list[Detection]]:
    """Every turn's scan and the rules' detections, one per thing said (what the learned layer
    and the sequence checks then work on)."""
    scans, detections = _scan(conversation, compiled)
    joiners = {lang_: cp.pack.joiners for lang_, cp in compiled.items()}
    return scans, dedupe(detections, conversation.turns, joiners)


@cycle_collector_paused
def analyze(
    conversation: Conversation,
    *,
    lang: str | None = None,
    extra_rule_packs: Sequence[Path] = (),
    dominance_threshold: float = 0.65,
    learned: LearnedLayer | Literal["auto"] | None = "auto",
    mode: Mode = "combined",
    examples: Sequence[Example] = (),
) -> Report:
    """Detect every behaviour of the DESIGN.md table in a conversation and build its report.

    `learned` is the learned layer ("auto": the process's own, when it can run here; None:
    rules alone); `mode` picks rules, the model or both; `examples` are a team's confirmed
    examples, which decide before both.
    """
    if not 0.0 < dominance_threshold < 1.0:
        raise InputError(f"dominance threshold must be between 0 and 1, got {dominance_threshold}")
    report_lang = _report_language(conversation, lang)
    compiled = compiled_packs(extra_rule_packs)  # once: it checks the extra files on disk
    scans, detections = scan_rules(conversation, compiled)
    layer = learned_layer() if learned == "auto" else learned
    judgement = None
    if layer is not None:
        layer = replace(layer, examples=tuple(examples)) if examples else layer
        judgement = layer.judge(scans, mode)
        side = judgement.incumbent_side(conversation)
        if side is not None:  # nobody sells for us here: read the call again as the incumbent's
            conversation = as_incumbent(conversation, *side)
            scans, detections = scan_rules(conversation, compiled)
            judgement = layer.judge(scans, mode)
        detections = judgement.decide(detections, _SENTENCE_BEHAVIOURS)
    elif examples:
        detections = decide_by_examples(
            units_of(scans), detections, [e for e in examples if e.behaviour not in
                                          SEQUENCE_BEHAVIOURS])
    packs = {lang_: cp.pack for lang_, cp in compiled.items()}
    words = count_words_each([t.text for t in conversation.turns])
    metrics = scorecard(scans, words)
    stopwords = {lang_: pack.stopwords for lang_, pack in packs.items()}
    sequences = sequence_detections(
        scans, detections, metrics, threshold=dominance_threshold, words=words, stopwords=stopwords
    )
    if judgement is not None:  # the sequence checks ran on the combined decisions
        sequences = anchored(scans, detections,
                             judgement.decide(sequences, SEQUENCE_BEHAVIOURS))
    elif examples:
        sequences = decide_by_examples(
            units_of(scans), sequences, [e for e in examples if e.behaviour in
                                         SEQUENCE_BEHAVIOURS])
    detections += sequences
    facts, mentions = read_facts(scans, packs, detections)
    late = named_detections(scans, compiled, mentions, detections) + mentions
    if examples:
        units = judgement.units if judgement is not None else units_of(scans)
        late = _quieted(late, units, examples, judgement)
    detections += late
    return Report(
        conversation=conversation,
        findings=tuple(_findings(conversation, detections, report_lang)),
        metrics=metrics,
        facts=facts,
        warnings=conversation.warnings,
        lang=report_lang,
        coach=_coach_info(layer, learned, mode),
    )


def _quieted(late: list[Detection], units: Sequence[Unit], examples: Sequence[Example],
             judgement: Judgement | None) -> list[Detection]:
    """`late` (found once the incumbent's name is known, after the examples decided) less what
    a team's negative example says is not there: "Northgate are hopeless" taught as not
    badmouthing stays quiet like "they are hopeless"."""
    negatives = [e for e in examples if not e.positive]
    if not negatives or not late:
        return late
    if judgement is None or judgement.vectors is None:
        return decide_by_examples(units, late, negatives)
    similarity = judgement.vectors @ judgement.layer.cache.embed([e.text for e in negatives]).T
    quiet = {(unit.turn, unit.start, unit.end, example.behaviour)
             for i, unit in enumerate(units) for j, example in enumerate(negatives)
             if similarity[i, j] >= EXAMPLE_SIMILARITY and allowed(unit, example.behaviour)}
    return [d for d in late if not any(
        turn == d.turn and start < d.end and d.start < end and behaviour == d.behaviour
        for turn, start, end, behaviour in quiet)]


def _coach_info(layer: LearnedLayer | None, learned: object, mode: str) -> dict[str, object]:
    """What read the conversation: the rules, the learned layer (or why it did not)."""
    if layer is not None:
        return {"rules": mode != "model", "model": layer.name if mode != "rules" else None}
    note = unavailable_reason() if learned == "auto" else "switched off by the caller"
    return {"rules": True, "model": None, "model_note": note}
