"""A second look at the turns that name the incumbent, once the facts know its name.

A rule may use the phrase "@incumbent": the incumbent's name as the facts read it, so that
"Northgate are hopeless" is badmouthing as much as "they are hopeless". The name is known only
once every turn is read, so the turns that name it are matched again with the name as one more
hit, and what fired only because of the name is added.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from displace.core.coach.detect import TurnScan, detection, match_rules
from displace.core.coach.matcher import CompiledPack
from displace.core.coach.raw import Detection

__all__ = ["named_detections"]


def _known(d: Detection, found: Sequence[Detection]) -> bool:
    """Whether `found` already has `d`'s behaviour in the same sentence or on the same words."""
    return any(
        e.turn == d.turn
        and e.behaviour == d.behaviour
        and ((e.sentence is not None and e.sentence == d.sentence)
             or (e.start < d.end and d.start < e.end))
        for e in found
    )


def named_detections(
    scans: Sequence[TurnScan],
    packs: Mapping[str, CompiledPack],
    mentions: Sequence[Detection],
    found: Sequence[Detection],
) -> list[Detection]:
    """What the rules using "@incumbent" find in the turns that name it (`mentions`), less what
    is `found` already."""
    out: list[Detection] = []
    by_turn: dict[int, list[Detection]] = defaultdict(list)
    for e in found:
        by_turn[e.turn].append(e)
    for mention in mentions:
        scan = scans[mention.turn]
        compiled = packs[scan.turn.language]
        if compiled.incumbent_id is None or not any(
            all(not group.isdisjoint(scan.hits) for group in needs)
            for needs in compiled.naming_needs
        ):
            continue  # no rule could fire by name here: no second look
        hits = {**scan.hits, compiled.incumbent_id: [(mention.start, mention.end)]}
        previous = scans[mention.turn - 1] if mention.turn > 0 else None
        again = match_rules(
            compiled, scan.turn, scan.sentences, hits, previous, compiled.naming_rules
        )
        same_turn = by_turn[mention.turn]  # one mention a turn: what this turn adds joins it
        for m in again:
            d = detection(scan.turn, m)
            if not _known(d, same_turn):
                out.append(d)
                same_turn.append(d)
    return out
