"""Closed deals with the forecasts recorded before they closed, for the forecast's tests.

Built row by row with the ORM (hundreds of them, in milliseconds): the snapshots are what the
deals' stage changes write; tests/web/forecast/test_closed.py checks the same reading on deals
closed through the deal actions.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import AbstractUser
from django.utils import timezone

from displace.core.deal.weights import FAMILIES
from displace.web.deals.models import Deal, Stage, StageSnapshot

PRIOR = math.log(0.08 / 0.92)
CloseDeals = Callable[..., list[Deal]]


def terms_for(rng: random.Random) -> dict[str, float]:
    """A deal's terms in the ranges the model gives them."""
    return {"prior": PRIOR, "decision": rng.choice([0.9, -1.5, -0.15]),
            "offer": rng.uniform(0.0, 1.2), "gaps": rng.uniform(-0.5, 3.0),
            "vision": 0.12 * rng.randint(0, 6), "findings": rng.choice([0.0, 0.2, 0.5]),
            "risks": -rng.uniform(0.0, 2.0)}


@pytest.fixture
def close_deals(people: dict[str, AbstractUser]) -> CloseDeals:
    """`close_deals(owner, n, *, seed, gaps_weight, ...)`: n closed deals of the owner, each with
    a snapshot at its last open stage; outcomes drawn as if gaps counted `gaps_weight` times
    their shipped weight (and the prior were 0, so both outcomes occur)."""

    def make(owner: str = "alice", n: int = 40, *, seed: int = 1, gaps_weight: float = 3.0,
             rep_confidence: float | None = 0.8, recorded: bool = True,
             stage: str | None = None) -> list[Deal]:
        rng = random.Random(seed)
        person = people[owner]
        closed_at = timezone.now() - timedelta(days=1)
        deals, snapshots = [], []
        for i in range(n):
            terms = terms_for(rng)
            z = sum(v for f, v in terms.items() if f not in ("prior", "gaps"))
            z += gaps_weight * terms["gaps"] - 1.5
            won = rng.random() < 1.0 / (1.0 + math.exp(-z))
            outcome = stage or (Stage.WON if won else rng.choice([Stage.LOST,
                                                                  Stage.NO_DECISION]))
            deal = Deal.objects.create(
                title=f"{owner} closed {seed}-{i}", prospect=f"Prospect {i}", owner=person,
                team_id=person.profile.team_id, stage=outcome, closed_at=closed_at,
                win_probability=0.3)
            deals.append(deal)
            if recorded:
                snapshots.append(StageSnapshot(
                    deal=deal, at=closed_at - timedelta(days=3), stage=Stage.PROPOSAL,
                    previous_stage=Stage.GAP, rep_confidence=rep_confidence,
                    win_probability=1.0 / (1.0 + math.exp(-sum(terms.values()))),
                    terms={f: round(terms[f], 4) for f in FAMILIES}))
        StageSnapshot.objects.bulk_create(snapshots)
        return deals

    return make
