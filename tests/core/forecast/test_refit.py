"""The refit of a team's weights: refusals, regularisation towards the shipped weights, the
cross-validated penalty, determinism, and that every term of the model is learned from."""

from __future__ import annotations

import math
import random
import subprocess
import sys
from collections.abc import Mapping

import pytest

from displace.core.deal.weights import FAMILIES
from displace.core.forecast import (
    ClosedForecast,
    ForecastError,
    explanations,
    refit,
    render_refit_text,
)
from displace.core.forecast.config import ForecastConfig

PRIOR = math.log(0.08 / 0.92)


def _deals(n: int, truth: Mapping[str, float], *, seed: int = 1,
           vary: tuple[str, ...] = ("decision", "offer", "gaps", "vision", "findings",
                                    "risks")) -> list[ClosedForecast]:
    """Closed deals whose outcome follows logistic(sum of truth[f] * term f): terms drawn
    in ranges like the model's, outcomes drawn with a seeded generator."""
    rng = random.Random(seed)
    ranges = {"decision": (-1.5, 0.9), "offer": (0.0, 1.2), "gaps": (-0.5, 3.0),
              "vision": (0.0, 0.72), "findings": (0.0, 0.9), "risks": (-3.0, 0.0)}
    out = []
    for i in range(n):
        terms = {f: 0.0 for f in FAMILIES}
        terms["prior"] = PRIOR
        for f in vary:
            terms[f] = rng.uniform(*ranges[f])
        z = sum(truth.get(f, 1.0) * v for f, v in terms.items())
        won = rng.random() < 1.0 / (1.0 + math.exp(-z))
        out.append(ClosedForecast(i, f"rep{i % 3}", won, terms=terms))
    return out


SHIPPED = {f: 1.0 for f in FAMILIES}
FAR = {"prior": 0.5, "decision": 2.0, "offer": 0.3, "gaps": 2.0, "vision": 1.0,
       "findings": 1.0, "risks": 0.4}


def test_fewer_than_thirty_closed_deals_are_refused_with_a_reason() -> None:
    deals = _deals(29, SHIPPED)
    with pytest.raises(ForecastError) as caught:
        refit(deals)
    assert str(caught.value).startswith("Only 29 closed deals")
    assert "at least 30" in str(caught.value)
    assert "ít nhất 30" in caught.value.in_language("vi")


def test_deals_without_terms_do_not_count_towards_the_thirty() -> None:
    deals = _deals(30, SHIPPED)
    deals[0] = ClosedForecast(0, "rep0", True, terms={})
    with pytest.raises(ForecastError, match="Only 29"):
        refit(deals)


@pytest.mark.parametrize(("won", "key", "words"), [(True, "refit.only_won", "were won"),
                                                    (False, "refit.only_lost", "None of")])
def test_a_single_outcome_is_refused(won: bool, key: str, words: str) -> None:
    deals = [ClosedForecast(i, "a", won, terms={"prior": PRIOR, "gaps": i / 10})
             for i in range(40)]
    with pytest.raises(ForecastError) as caught:
        refit(deals)
    assert caught.value.key == key and words in str(caught.value)
    assert "thắng" in caught.value.in_language("vi")


def test_it_recovers_weights_far_from_the_shipped_ones_with_many_deals() -> None:
    result = refit(_deals(3000, FAR))
    for family in ("decision", "gaps", "offer", "risks"):
        assert result.multipliers[family] == pytest.approx(FAR[family], abs=0.35), family
    assert result.held_out.log_loss_new < result.held_out.log_loss_old
    assert result.held_out.brier_new < result.held_out.brier_old


def test_with_little_data_the_penalty_keeps_the_weights_near_the_shipped_ones() -> None:
    fixed = ForecastConfig(penalties=(10.0,))
    few = refit(_deals(40, FAR, seed=3), config=fixed)
    many = refit(_deals(3000, FAR, seed=3), config=fixed)

    def distance(m: Mapping[str, float]) -> float:
        return sum((m[f] - 1.0) ** 2 for f in FAMILIES)

    assert distance(few.multipliers) < distance(many.multipliers) / 4
    assert all(abs(few.multipliers[f] - 1.0) < 0.5 for f in FAMILIES)


def test_cross_validation_picks_a_weak_penalty_when_the_data_disagree_with_the_weights(
) -> None:
    assert refit(_deals(3000, FAR)).penalty <= 10.0


def test_cross_validation_picks_a_strong_penalty_when_the_shipped_weights_are_right() -> None:
    assert refit(_deals(300, SHIPPED, seed=5)).penalty >= 100.0


def test_the_same_deals_give_the_same_weights() -> None:
    deals = _deals(200, FAR, seed=8)
    first, second = refit(deals), refit(list(deals))
    assert first.multipliers == second.multipliers
    assert first.to_dict() == second.to_dict()


def test_numpy_and_plain_python_take_the_same_steps() -> None:
    pytest.importorskip("numpy")
    deals = _deals(400, FAR, seed=9)
    fast, plain = refit(deals, engine="numpy"), refit(deals, engine="python")
    for family in FAMILIES:
        assert fast.multipliers[family] == pytest.approx(plain.multipliers[family], abs=1e-9)
    assert fast.penalty == plain.penalty


@pytest.mark.parametrize("family", FAMILIES)
def test_each_term_of_the_model_is_learned_from(family: str) -> None:
    # Only `family` varies and decides the outcomes (three times its shipped weight): a refit
    # that left it out of its features would keep its multiplier at 1.
    rng = random.Random(FAMILIES.index(family))
    deals = []
    for i in range(600):
        terms = {f: 0.0 for f in FAMILIES}
        terms[family] = rng.uniform(-2.0, 2.0)
        won = rng.random() < 1.0 / (1.0 + math.exp(-3.0 * terms[family]))
        deals.append(ClosedForecast(i, "a", won, terms=terms))
    result = refit(deals)
    assert result.multipliers[family] > 2.0
    others = [f for f in FAMILIES if f != family]
    assert all(result.multipliers[f] == pytest.approx(1.0) for f in others)
    assert family in result.moved()


def test_multipliers_stay_within_their_bounds() -> None:
    # Risks that go with winning: the unbounded fit would give them a negative weight.
    rng = random.Random(4)
    deals = []
    for i in range(400):
        risks = -rng.uniform(0.0, 3.0)
        won = rng.random() < 1.0 / (1.0 + math.exp(2.0 * risks + 1.0))
        deals.append(ClosedForecast(i, "a", won, terms={"prior": PRIOR, "risks": risks}))
    result = refit(deals, config=ForecastConfig(max_multiplier=3.0))
    assert result.multipliers["risks"] == 0.0
    assert all(0.0 <= m <= 3.0 for m in result.multipliers.values())
    assert any("no weight any more" in s for s in explanations(result.to_dict()))


def test_each_fold_is_scored_on_deals_left_out_of_its_fit() -> None:
    result = refit(_deals(500, FAR))
    assert len(result.folds) == 5
    assert sum(f.n for f in result.folds) == result.held_out.n == 500
    assert sum(f.won for f in result.folds) == result.won
    shares = [f.won / f.n for f in result.folds]
    assert max(shares) - min(shares) < 0.02  # each fold keeps the share of won deals


def test_the_old_scores_are_those_of_the_weights_in_use() -> None:
    deals = _deals(300, FAR)
    shipped = refit(deals)
    current = dict(shipped.multipliers)
    again = refit(deals, current=current)
    assert again.held_out.log_loss_old == pytest.approx(shipped.held_out.log_loss_new,
                                                        abs=0.02)
    assert again.current == pytest.approx(current)


def test_each_moved_weight_gets_a_sentence_saying_why_in_both_languages() -> None:
    data = refit(_deals(3000, FAR)).to_dict()
    assert "gaps" in data["moved"]
    english = explanations(data, "en")
    gaps = next(s for s in english if s.startswith("Gaps: more weight"))
    assert "in the deals you won" in gaps and "× 1.00" in gaps
    assert any(s.startswith("Khoảng trống: trọng số cao hơn") for s in explanations(data,
                                                                                        "vi"))
    assert english[-1].startswith("Penalty towards the shipped weights chosen by 5-fold")


def test_nothing_moved_says_so() -> None:
    data = refit(_deals(60, SHIPPED, seed=2)).to_dict()
    data["moved"] = []
    assert explanations(data)[0].startswith("No weight moved")


def test_the_text_report_lists_the_folds_and_the_reasons() -> None:
    text = render_refit_text(refit(_deals(300, FAR)).to_dict())
    assert text.splitlines()[0].split()[:3] == ["Fold", "Deals", "Won"]
    assert "All folds" in text and "gaps × " in text and "• Gaps: more weight" in text


def test_the_forecast_core_needs_neither_django_nor_numpy() -> None:
    code = (
        "import sys; sys.modules['numpy'] = None\n"  # as if the semantic extra were absent
        "from displace.core.forecast import ClosedForecast, calibrate, refit\n"
        "deals = [ClosedForecast(i, 'a', i % 3 == 0, rep_confidence=0.5, win_probability=0.4,"
        " terms={'prior': -2.4, 'gaps': (i % 7) / 3}) for i in range(60)]\n"
        "calibrate(deals); refit(deals)\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
