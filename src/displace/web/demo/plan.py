"""The demo story, planned: every deal with its owner, evidence, stages and their dates, its
closing to come, next steps, comments and calls. Pure and seeded: the same story files and the
same day give the same plan.

Each deal draws from a random stream of its own (`random.Random(f"{seed}/{key}/…")`), so adding
a deal or a kind of activity never changes what the others drew. How a closed deal ends is not
planned here: it depends on the win probability the app computes (`closings.decide`); the plan
only holds the draws that decide it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from displace.core.forecast import this_and_next
from displace.web.demo.evidence import Drawn, Person, draw_evidence, features_of
from displace.web.demo.story import (
    STAGES,
    CallTemplate,
    DataTable,
    GapKind,
    Incumbent,
    Market,
    Rep,
    Story,
)

__all__ = ["Call", "Comment", "FollowUp", "PlannedDeal", "plan_anchor", "plan_story"]


@dataclass(frozen=True)
class FollowUp:
    """A next step: due on `due`, added at `added`, done at `done` (None: still to do)."""

    title: str
    due: date
    added: datetime
    done: datetime | None = None


@dataclass(frozen=True)
class Comment:
    """A comment by the manager or the deal's owner."""

    by: str  # manager | owner
    text: str
    at: datetime


@dataclass(frozen=True)
class Call:
    """A call held on `at`, from a template filled with the deal's parties."""

    template: CallTemplate
    at: datetime


@dataclass
class PlannedDeal:
    """One deal of the story, as the loader will store it with the app's actions."""

    key: str
    owner: str
    market: Market
    incumbent: Incumbent
    core: dict[str, Any]  # the deal file, at its last stage (or the one it closes from)
    path: list[tuple[str, datetime]]  # the open stages it entered, when; the first is creation
    value: int
    expected_close: date
    met: Person
    maker: str  # how a call names the decision-maker
    gap: GapKind | None
    features: frozenset[str]
    written: bool = False  # a hand-written deal of team.toml
    closes_at: datetime | None = None  # a deal that closed: when
    draws: tuple[float, float] = (0.0, 0.0)  # the uniforms deciding won, and lost or no decision
    follow_ups: list[FollowUp] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)

    def rng(self, seed: int, aspect: str) -> random.Random:
        """This deal's own random stream for one aspect of it."""
        return random.Random(f"{seed}/{self.key}/{aspect}")


def plan_story(story: Story, anchors: Sequence[PlannedDeal], now: datetime) -> list[PlannedDeal]:
    """The hand-written deals (`anchors`, planned by the caller), then the drawn ones: open,
    then closed; each with its activity, and the calls of the open ones."""
    master = random.Random(story.seed)
    prospects = {m: master.sample(names, len(names)) for m, names in story.prospects.items()}
    reps = sorted(story.reps)
    deals = list(anchors)
    open_count = int(story.number("deals", "open"))
    for n, stage in enumerate(_spread(story, "open_stages", open_count, master)):
        deals.append(_drawn_deal(story, f"open-{n + 1:03}", reps[n % len(reps)], stage,
                                 prospects, now, closing=False))
    owners = _turns({rep: story.reps[rep].closed for rep in reps})
    for n, stage in enumerate(_spread(story, "closed_from", len(owners), master)):
        deals.append(_drawn_deal(story, f"closed-{n + 1:03}", owners[n], stage, prospects,
                                 now, closing=True))
    for deal in deals:
        _comments(story, deal, now)
        if deal.closes_at is None and not deal.written:
            _follow_ups(story, deal, now)
    _calls(story, [d for d in deals if d.closes_at is None and not d.written], now)
    return deals


def _spread(story: Story, key: str, count: int, rng: random.Random) -> list[str]:
    """`count` stages in the proportions of story.toml's weights (largest remainders first),
    shuffled."""
    weights = story.params.table("deals").weights(key, STAGES)
    total = sum(weights.values())
    exact = {stage: count * w / total for stage, w in weights.items()}
    counts = {stage: math.floor(x) for stage, x in exact.items()}
    for stage in sorted(exact, key=lambda s: counts[s] - exact[s])[:count - sum(counts.values())]:
        counts[stage] += 1
    stages = [stage for stage in STAGES for _ in range(counts.get(stage, 0))]
    rng.shuffle(stages)
    return stages


def _turns(counts: Mapping[str, int]) -> list[str]:
    """Each name as many times as counted, taking turns while each has some left."""
    left, out = dict(counts), []
    while any(left.values()):
        for name in sorted(left):
            if left[name]:
                out.append(name)
                left[name] -= 1
    return out


def _drawn_deal(story: Story, key: str, owner: str, stage: str,
                prospects: Mapping[str, list[str]], now: datetime, *, closing: bool
                ) -> PlannedDeal:
    """A deal of the story: its evidence and figures from its own stream, its dates from
    another (so that a later day moves the dates and changes nothing else)."""
    rep = story.reps[owner]
    market = story.markets[rep.market]
    rng = random.Random(f"{story.seed}/{key}")
    incumbents = [i for i in story.incumbents if i.market == market.id]
    incumbent = rng.choices(incumbents, weights=[i.weight for i in incumbents])[0]
    shift = story.params.table("strength").table("by_stage").get(stage, (int, float))
    strength = min(1.0, max(0.0, rng.random() + shift))
    drawn = draw_evidence(story, rng, rep=rep, market=market, incumbent=incumbent,
                          prospect=prospects[market.id].pop(), stage=stage, strength=strength)
    core = _core(story, rng, drawn, market, stage, strength, rep.optimism, rep.noise)
    draws = (rng.random(), rng.random())
    stages = _stages(rng, stage, strength)
    times = random.Random(f"{story.seed}/{key}/dates")
    start, end, closes_at = _span(story, times, rep, now, closing=closing)
    return PlannedDeal(
        key=key, owner=owner, market=market, incumbent=incumbent, core=core,
        path=_dated(times, stages, start, end), value=_value(rng, market),
        expected_close=closes_at.date() if closes_at else _expected_close(story, key, now.date()),
        met=drawn.met, maker=_maker_name(story, drawn, market), gap=drawn.gap,
        features=features_of(story, core), closes_at=closes_at, draws=draws)


def _span(story: Story, rng: random.Random, rep: Rep, now: datetime, *,
          closing: bool) -> tuple[datetime, datetime, datetime | None]:
    """When a deal started, last changed stage and (a closed deal) closed: never before its
    rep joined the team."""
    time = story.params.table("time")
    if closing:
        shortest, longest = time.pair("closed_open_days")
        latest = min(time.number("closed_since"), rep.on_team_days - shortest)
        closes_at = _at(now, rng.uniform(time.number("closed_until"), latest), rng)
        start = max(now - timedelta(days=rep.on_team_days),
                    closes_at - timedelta(days=rng.uniform(shortest, longest)))
        return start, closes_at - timedelta(days=1), closes_at
    start = _at(now, rng.uniform(30, min(time.number("open_since"), rep.on_team_days)), rng)
    end = max(start + timedelta(days=1),
              now - timedelta(days=rng.uniform(time.number("open_quiet_days"), 40)))
    return start, end, None


def _core(story: Story, rng: random.Random, drawn: Drawn, market: Market, stage: str,
          strength: float, optimism: float, noise: float) -> dict[str, Any]:
    forecasting = story.params.table("forecasting")
    confidence = (forecasting.get("base", (int, float)) + optimism
                  + forecasting.get("lift", (int, float)) * strength
                  + forecasting.get("stage_lift", (int, float)) * STAGES.index(stage)
                  + noise * rng.gauss(0.0, 1.0))
    return {"schema": "displace.deal/1",
            "title": rng.choice(story.deal_titles[market.language]).format(
                prospect=drawn.parts["prospect"]["name"]),
            "language": market.language, "stage": stage,
            "rep_confidence": round(min(0.95, max(0.05, confidence)) * 20) / 20,
            **drawn.parts}


def _maker_name(story: Story, drawn: Drawn, market: Market) -> str:
    """How a call names who can change bank: as the rep greets them (Vietnamese) or by name,
    else by their role."""
    if drawn.maker is not None:
        return drawn.maker.greet if market.language == "vi" else drawn.maker.name
    return str(story.call_words[market.language].get("maker_unknown", str))


def _at(now: datetime, days_ago: float, rng: random.Random) -> datetime:
    """A moment `days_ago` before `now`, in working hours, never after `now`."""
    moment = (now - timedelta(days=days_ago)).replace(
        hour=rng.randint(8, 17), minute=rng.choice((0, 10, 20, 30, 40, 50)), second=0,
        microsecond=0)
    return min(moment, now - timedelta(minutes=5))


def _stages(rng: random.Random, stage: str, strength: float) -> list[str]:
    """The stages a deal entered on its way to `stage`: a weak deal skips some (a proposal
    before any vision)."""
    return [s for s in STAGES[:STAGES.index(stage) + 1]
            if s in ("discovery", stage) or rng.random() >= 0.45 * (1 - strength)]


def _dated(rng: random.Random, stages: list[str], start: datetime,
           end: datetime) -> list[tuple[str, datetime]]:
    """The stages with the dates they were entered, the first on `start`, the others until
    `end`."""
    span = max((end - start).total_seconds(), 3600.0 * len(stages))
    offsets = sorted(rng.uniform(0.05, 1.0) * span for _ in stages[1:])
    return [(s, start + timedelta(seconds=o)) for s, o in zip(stages, [0.0, *offsets],
                                                              strict=True)]


def _value(rng: random.Random, market: Market) -> int:
    low, high = market.value
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    step = 1000 if market.currency == "USD" else 10_000_000
    return max(step, round(value / step) * step)


def _expected_close(story: Story, key: str, today: date) -> date:
    """Between a few days from now and the end of the next quarter."""
    rng = random.Random(f"{story.seed}/{key}/expected-close")
    _current, following = this_and_next(today)
    first = int(story.params.table("time").number("close_from_days"))
    return today + timedelta(days=rng.randint(first, (following.end - today).days - 1))


def _follow_ups(story: Story, deal: PlannedDeal, now: datetime) -> None:
    doc, rng = story.follow_ups, deal.rng(story.seed, "follow-ups")
    if rng.random() < doc.number("none", 0.0, 1.0):
        return
    low, high = doc.pair("due")
    titles = doc.table("titles").strings(deal.market.language)
    fill = _fill(deal)
    started = deal.path[0][1]
    if rng.random() < doc.number("done", 0.0, 1.0):
        done = started + (now - started) * rng.uniform(0.3, 0.8)
        deal.follow_ups.append(FollowUp(rng.choice(titles).format(**fill), done.date(),
                                        done - timedelta(days=6), done))
    due = now.date() + timedelta(days=rng.randint(int(low), int(high)))
    added = max(started, now - timedelta(days=rng.uniform(3, 20)))
    deal.follow_ups.append(FollowUp(rng.choice(titles).format(**fill), due, added))


def _comments(story: Story, deal: PlannedDeal, now: datetime) -> None:
    rng = deal.rng(story.seed, "comments")
    first, last = deal.path[0][1], deal.closes_at or now
    for rule in story.comments:
        if rule.when in deal.features and rng.random() < rule.share:
            lang = "en" if rule.by == "manager" else deal.market.language
            at = first + (last - first) * rng.uniform(0.2, 0.95)
            deal.comments.append(Comment(rule.by, rule.text[lang].format(**_fill(deal)), at))


def _fill(deal: PlannedDeal) -> dict[str, str]:
    return {"contact": deal.met.greet, "maker": deal.maker, "incumbent": deal.incumbent.name,
            "prospect": deal.core["prospect"]["name"]}


def _calls(story: Story, deals: Iterable[PlannedDeal], now: datetime) -> None:
    """Spread the story's calls over the open deals, each rep's in turn: a good call where the
    prospect stated a gap, a poor one elsewhere."""
    rng = random.Random(f"{story.seed}/calls")
    by_rep: dict[str, list[PlannedDeal]] = {}
    for deal in sorted(deals, key=lambda d: d.key):
        by_rep.setdefault(deal.owner, []).append(deal)
    for queue in by_rep.values():
        rng.shuffle(queue)
    weeks = story.params.table("time").number("call_weeks")
    wanted, turn = int(story.number("deals", "calls")), 0
    while wanted and any(by_rep.values()):
        queue = by_rep[sorted(by_rep)[turn % len(by_rep)]]
        turn += 1
        if not queue:
            continue
        deal = queue.pop()
        earliest = max(deal.path[0][1], now - timedelta(weeks=weeks))
        if earliest > now - timedelta(days=2):
            continue
        at = _at(now, (now - earliest).total_seconds() / 86400 * rng.uniform(0.03, 0.97), rng)
        deal.calls.append(Call(_template(story, deal, rng), max(at, earliest)))
        wanted -= 1


def _template(story: Story, deal: PlannedDeal, rng: random.Random) -> CallTemplate:
    """The call a deal's evidence tells of: the whole method when a decision-maker is known and
    the prospect stated a gap, a good discovery call when only the gap is known, a poor call
    (credentials, price, a trial close) when the prospect never stated one."""
    if deal.gap is None:
        wanted = ("poor", "")
    elif "no_maker" in deal.features:
        wanted = ("good", "stated")
    else:
        wanted = ("good", "owned")
    same = [t for t in story.calls if t.language == deal.market.language]
    return rng.choice([t for t in same if (t.quality, t.needs) == wanted] or same)


def plan_anchor(story: Story, entry: DataTable, core: dict[str, Any], now: datetime) -> PlannedDeal:
    """A hand-written deal of team.toml (`entry`) with its deal file's contents (`core`)."""
    owner = entry.choice("owner", sorted(story.reps))
    market = story.markets[story.reps[owner].market]
    name = core["incumbent"]["name"]
    incumbent = next((i for i in story.incumbents if i.name == name), None)
    if incumbent is None or incumbent.market != market.id:
        raise entry.fail("file", f"a deal against an incumbent of markets.toml in {market.id}",
                         name)
    contacts = core["prospect"].get("contacts", [])
    if not contacts:
        raise entry.fail("file", "a deal file with a contact to hold calls with", "none")
    first = contacts[0]
    met = Person(first["name"], entry.get("greet", str), first.get("title", ""),
                 first.get("decision_role", "unknown"))
    maker = (entry.get("maker", str, "") or core.get("decision", {}).get("maker")
             or str(story.call_words[market.language].get("maker_unknown", str)))
    stated = next((g["capability"] for g in core.get("gaps", [])
                   if g.get("evidence", {}).get("quote")), None)
    gap = next((g for g in story.gaps if g.capability == stated), None)
    rng = random.Random(f"{story.seed}/{entry.path}")
    start = now - timedelta(days=entry.number("since_days", 2, 400))
    features = features_of(story, core)
    deal = PlannedDeal(
        key=entry.path, owner=owner, market=market, incumbent=incumbent, core=core,
        path=_dated(rng, _stages(rng, core.get("stage", "discovery"),
                                 0.0 if gap is None else 1.0), start, now - timedelta(days=2)),
        value=int(entry.number("value", 0)),
        expected_close=now.date() + timedelta(days=entry.number("close_in_days", 0, 400)),
        met=met, maker=maker, gap=gap, features=features, written=True)
    days = min(story.params.table("time").number("call_weeks") * 7,
               entry.number("since_days", 2, 400)) - 1
    for template in entry.strings("calls", ()):
        found = next((t for t in story.calls if t.file == template), None)
        if found is None:
            raise entry.fail("calls", "templates listed in calls.toml", template)
        deal.calls.append(Call(found, _at(now, rng.uniform(1, days), rng)))
    for follow_up in entry.tables("follow_ups") if entry.data.get("follow_ups") else ():
        due = now.date() + timedelta(days=follow_up.number("due_in_days", -400, 400))
        deal.follow_ups.append(FollowUp(follow_up.get("title", str), due,
                                        now - timedelta(days=rng.uniform(1, 10))))
    return deal
