"""The corpus as the learned layer sees it: sentence units, their labels and the rules' hits.

Each conversation is read exactly as at run time — rendered to the transcript a user would
paste, read by the reader, scanned by the rules — so that training sees what analysis sees. A
call of the incumbent's own people (nobody sells for us) is read as the coach reads it once the
side model has told whose side they are on: with their turns as the incumbent's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from displace.core.coach import analyze
from displace.core.coach.analyze import scan_rules
from displace.core.coach.packs import compiled_packs
from displace.core.corpus import LABELLED, CorpusConversation, render_transcript
from displace.core.semantic.cache import EmbeddingCache
from displace.core.semantic.heads import features
from displace.core.semantic.layer import allowed, unit_vectors
from displace.core.semantic.side import as_incumbent, guessed_sellers
from displace.core.semantic.units import Unit, units_of
from displace.core.transcript import read_conversation

__all__ = ["HEADED", "Dataset", "build_dataset"]

# A head per labelled behaviour; those of the sequence checks (a missed cue, an accepted stall,
# a premature proposal) weigh the checks' findings, which come from the others' decisions.
HEADED: tuple[str, ...] = tuple(sorted(LABELLED))


@dataclass
class Dataset:
    """Rows are sentence units of many conversations."""

    features: Any  # (units, features) float32
    labels: Any  # (units, behaviours) bool: a label of the behaviour covers the unit
    rule_hits: Any  # (units, behaviours) bool: a rule of the behaviour matched the unit
    rules: list[tuple[int, int, str]]  # (unit, behaviour, rule id) of every rule's finding
    allowed: Any  # (units, behaviours) bool: the speaker's role may show the behaviour
    conversation: Any  # (units,) int: index into `ids`
    ids: list[str]
    present: Any  # (conversations, behaviours) bool: labelled anywhere in the conversation
    skipped: list[str]  # conversations whose turns the reader did not find one for one
    # whose side: units said by a seller or an incumbent (by the file), by an incumbent, and by
    # a speaker the reader only guessed to be the seller; per conversation, whether those
    # guessed sellers are all the incumbent's people (side.py)
    supplier: Any = None  # (units,) bool
    incumbent: Any = None  # (units,) bool
    guessed: Any = None  # (units,) bool
    prospect: Any = None  # (units,) bool: read as the prospect's
    turn: Any = None  # (units,) int: the unit's turn in its conversation
    incumbent_call: Any = None  # (conversations,) bool


def build_dataset(conversations: Sequence[CorpusConversation], cache: EmbeddingCache,
                  behaviours: Sequence[str] = HEADED) -> Dataset:
    """Units, features, labels and rule hits of every conversation the reader reads one for one."""
    compiled = compiled_packs()
    rows: list[tuple[Unit, int]] = []
    labels: list[list[bool]] = []
    hits: list[list[bool]] = []
    rules: list[tuple[int, int, str]] = []
    column = {b: i for i, b in enumerate(behaviours)}
    ids: list[str] = []
    present: list[list[bool]] = []
    skipped: list[str] = []
    sides: list[tuple[str, bool]] = []  # per unit: true role, said by a guessed seller
    incumbent_call: list[bool] = []
    for conversation in conversations:
        read = read_conversation(render_transcript(conversation), input_format="plain")
        if len(read.turns) != len(conversation.turns):
            skipped.append(conversation.id)
            continue
        guessed = guessed_sellers(read)
        theirs = bool(guessed) and all(conversation.speakers.get(s) == "incumbent"
                                       for s in guessed)
        if theirs:  # read as the coach reads it once the side model has told (side.py)
            read = as_incumbent(read, guessed, 0.0)
        scans, _ = scan_rules(read, compiled)
        # what the rules alone report, sequence checks included: the candidates a head weighs
        detections = analyze(read, learned=None).findings
        index = len(ids)
        ids.append(conversation.id)
        incumbent_call.append(theirs)
        present.append([b in conversation.behaviours() for b in behaviours])
        for unit in units_of(scans):
            turn = conversation.turns[unit.turn]
            rows.append((unit, index))
            sides.append((conversation.speakers.get(turn.speaker, "other"),
                          read.turns[unit.turn].speaker in guessed))
            labels.append([any(lb.behaviour == b and lb.start < unit.end and unit.start < lb.end
                               for lb in turn.labels) for b in behaviours])
            mine = [d for d in detections if d.turn_index == unit.turn
                    and d.start < unit.end and unit.start < d.end]
            hits.append([any(d.behaviour == b for d in mine) for b in behaviours])
            rules += [(len(rows) - 1, column[d.behaviour], d.rule) for d in mine
                      if d.behaviour in column]
    units = [u for u, _ in rows]
    sentence, context = unit_vectors(units, cache)
    return Dataset(
        features=features(units, sentence, context),
        labels=np.array(labels, dtype=bool).reshape(len(units), len(behaviours)),
        rule_hits=np.array(hits, dtype=bool).reshape(len(units), len(behaviours)),
        rules=sorted(set(rules)),
        allowed=np.array([[allowed(u, b) for b in behaviours] for u in units],
                         dtype=bool).reshape(len(units), len(behaviours)),
        conversation=np.array([i for _, i in rows], dtype=np.int32),
        ids=ids,
        present=np.array(present, dtype=bool).reshape(len(ids), len(behaviours)),
        skipped=skipped,
        supplier=np.array([r in ("seller", "incumbent") for r, _ in sides], dtype=bool),
        incumbent=np.array([r == "incumbent" for r, _ in sides], dtype=bool),
        guessed=np.array([g for _, g in sides], dtype=bool),
        prospect=np.array([u.role == "prospect" for u in units], dtype=bool),
        turn=np.array([u.turn for u in units], dtype=np.int32),
        incumbent_call=np.array(incumbent_call, dtype=bool),
    )
