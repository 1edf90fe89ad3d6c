"""The demo story's data (data/demo/story/*.toml and its call templates), read and checked.

Nothing here touches the database or draws anything: `load_story` turns the files into frozen
records, and a file that does not fit stops the load with its name, the key and what was
expected (DemoDataError).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Any

from displace.core.errors import DisplaceError
from displace.core.outcomes import COUNTER_MOVES, LOST_TO, OUTCOMES, shipped_reasons

__all__ = [
    "DEMO_DIR",
    "FEATURES",
    "LANGUAGES",
    "STAGES",
    "STORY_DIR",
    "CallTemplate",
    "CommentRule",
    "DataTable",
    "DemoDataError",
    "GapKind",
    "Incumbent",
    "Market",
    "Rep",
    "Rule",
    "Story",
    "Text",
    "load_story",
    "read_team",
]

STORY_DIR = Path(__file__).resolve().parents[2] / "data" / "demo" / "story"
# The demo team's people and hand-written deals (team.toml and the deal files beside it).
DEMO_DIR = STORY_DIR.parent / "team"
LANGUAGES = ("en", "vi")
# The open stages in funnel order (web.deals.models.OPEN_STAGES, without importing models).
STAGES = ("discovery", "gap", "vision", "commitment", "proposal")
# What a deal can hold that the outcome and comment rules ask about (see outcomes.toml).
FEATURES = ("any", "owned_gap", "stated_gap", "no_stated_gap", "rehearsed", "vision",
            "no_maker", "concessions", "differentiator", "proposal")
ROLES = ("decision-maker", "influencer", "user", "gatekeeper")
# The placeholders each kind of text may hold.
DEAL_FIELDS = ("contact", "maker", "incumbent", "prospect")
CALL_FIELDS = ("rep_label", "rep", "contact_label", "contact", "prospect", "incumbent",
               "our_bank", "tenure", "maker", "gap_question", "gap_quote", "impact",
               "vision_what", "vision_how", "meeting", "meeting_short")

Text = Mapping[str, str]  # {"en": ..., "vi": ...}


class DemoDataError(DisplaceError):
    """A demo data file that does not fit: the message names the file, the key, what was
    expected and what was found."""


class DataTable:
    """A table of a TOML file that names its file and key path in every error."""

    def __init__(self, data: Mapping[str, Any], file: str, path: str = "") -> None:
        self.data, self.file, self.path = data, file, path

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, expected: str, found: object) -> DemoDataError:
        """The error for `key`: expected this, found that."""
        return DemoDataError(f"{self.file}: {self._where(key)}: expected {expected}, "
                             f"found {found!r}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        """The value of `key`, of type `kind` (a bool is never a number)."""
        if key not in self.data:
            if default is ...:
                raise self.fail(key, _kind_name(kind), "nothing")
            return default
        value = self.data[key]
        if isinstance(value, bool) and bool not in _kinds(kind):
            raise self.fail(key, _kind_name(kind), value)
        if not isinstance(value, kind):
            raise self.fail(key, _kind_name(kind), value)
        return value

    def number(self, key: str, least: float = 0.0, most: float = float("inf"),
               default: Any = ...) -> float:
        """A number within [least, most]."""
        value = float(self.get(key, (int, float), default))
        if not least <= value <= most:
            raise self.fail(key, f"a number from {least} to {most}", value)
        return value

    def pair(self, key: str) -> tuple[float, float]:
        """Two numbers, least first."""
        value = self.get(key, list)
        if (len(value) != 2 or not all(isinstance(v, int | float) and not isinstance(v, bool)
                                       for v in value) or value[0] > value[1]):
            raise self.fail(key, "[least, most]", value)
        return float(value[0]), float(value[1])

    def strings(self, key: str, default: Any = ...) -> tuple[str, ...]:
        """A list of non-empty strings."""
        value = self.get(key, list, default)
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, "a list of non-empty strings", value)
        return tuple(value)

    def choice(self, key: str, allowed: Sequence[str], default: Any = ...) -> str:
        """One of `allowed`."""
        value = self.get(key, str, default)
        if value not in allowed:
            raise self.fail(key, f"one of {', '.join(allowed)}", value)
        return str(value)

    def text(self, key: str, languages: Sequence[str] = LANGUAGES,
             fields: Sequence[str] = ()) -> Text:
        """A text in each of `languages`: { en = "…", vi = "…" }, with no {placeholder} but
        `fields`."""
        table = self.table(key)
        return {lang: table.filled(lang, table.get(lang, str), fields) for lang in languages}

    def filled(self, key: str, text: str, fields: Sequence[str]) -> str:
        """`text` (the value of `key`), checked to hold no {placeholder} but `fields`."""
        try:
            found = [name for _lit, name, _spec, _conv in Formatter().parse(text)
                     if name is not None]
        except ValueError:
            raise self.fail(key, "text whose { } pair up", text) from None
        for name in found:
            if name not in fields:
                expected = ", ".join("{" + f + "}" for f in fields) or "no placeholder"
                raise self.fail(key, f"placeholders among {expected}", "{" + name + "}")
        return text

    def table(self, key: str) -> DataTable:
        """A sub-table."""
        return DataTable(self.get(key, dict), self.file, self._where(key))

    def tables(self, key: str) -> list[DataTable]:
        """An array of tables, each naming its index in errors."""
        found = self.get(key, list)
        if not found or not all(isinstance(t, dict) for t in found):
            raise self.fail(key, "one or more [[" + key + "]] tables", found)
        return [DataTable(t, self.file, f"{self._where(key)}[{i}]") for i, t in enumerate(found)]

    def weights(self, key: str, allowed: Sequence[str]) -> dict[str, float]:
        """A table of weights (>= 0, not all 0) keyed by `allowed` names."""
        table = self.table(key)
        out = {name: table.number(name) for name in table.data if name in allowed}
        unknown = sorted(set(table.data) - set(allowed))
        if unknown:
            raise table.fail(unknown[0], f"one of {', '.join(allowed)}", unknown[0])
        if not out or sum(out.values()) <= 0:
            raise self.fail(key, "weights that are not all 0", table.data)
        return out


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {int: "a whole number", float: "a number", str: "text", list: "a list",
             dict: "a table", bool: "true or false"}
    return " or ".join(names.get(k, k.__name__) for k in _kinds(kind))


@dataclass(frozen=True)
class Rep:
    """A rep of team.toml with the market they sell in and how they forecast."""

    username: str
    name: str  # how they introduce themselves on a call
    market: str
    on_team_days: float  # their deals started since
    closed: int  # how many of their deals have closed
    optimism: float
    noise: float


@dataclass(frozen=True)
class Market:
    """Where a deal is sold: its language, currency, our bank and what our bank delivers."""

    id: str
    language: str
    currency: str
    our_bank: str
    value: tuple[float, float]
    capabilities: tuple[str, ...]


@dataclass(frozen=True)
class Incumbent:
    """A bank the team meets, as the deals, the calls and its competitor page describe it."""

    name: str
    market: str
    weight: float
    tenure: tuple[float, float]
    origins: tuple[str, ...]
    delivers: tuple[str, ...]
    match_speed: str
    counter_moves: Mapping[str, float]
    seen: tuple[str, ...]
    notes: str


@dataclass(frozen=True)
class GapKind:
    """A gap a prospect can state, and what answers it (evidence.toml's [[gap]])."""

    capability: str
    markets: tuple[str, ...]
    summary: Text
    quote: Text
    impact: Text
    question: Text
    offer: Text
    vision: Mapping[str, Text]  # what, how, when


@dataclass(frozen=True)
class Rule:
    """Why a deal closed: a reason that fits what the deal holds (outcomes.toml)."""

    outcome: str
    reason: str
    when: str
    counter_move: str
    lost_to: str
    weight: float
    note: Text


@dataclass(frozen=True)
class CommentRule:
    """A comment some deals get (activity.toml)."""

    by: str
    when: str
    share: float
    text: Text


@dataclass(frozen=True)
class CallTemplate:
    """A call's transcript with placeholders for the deal's parties (calls.toml)."""

    file: str
    language: str
    quality: str  # good | poor
    needs: str  # "" | stated | owned: what the deal must hold for this call to be about it
    text: str


@dataclass(frozen=True)
class Story:
    """Everything the demo's story is drawn from."""

    seed: int
    params: DataTable  # story.toml's [deals], [time], [outcome], [strength], [forecasting]
    reps: Mapping[str, Rep]
    markets: Mapping[str, Market]
    incumbents: tuple[Incumbent, ...]
    prospects: Mapping[str, tuple[str, ...]]  # market -> names
    people: Mapping[str, DataTable]  # market -> given/family names
    titles: Mapping[str, tuple[tuple[str, str], ...]]  # market -> (title, role)
    gaps: tuple[GapKind, ...]
    assumed: tuple[tuple[str, Text], ...]  # (capability, summary)
    concessions: tuple[tuple[str, Text], ...]  # (capability, text)
    claims: tuple[tuple[str, Text], ...]
    decision: DataTable
    deal_titles: Mapping[str, tuple[str, ...]]  # language -> a deal's titles ({prospect})
    rules: tuple[Rule, ...]
    countered: float
    follow_ups: DataTable
    comments: tuple[CommentRule, ...]
    calls: tuple[CallTemplate, ...]
    call_words: Mapping[str, DataTable]  # language -> a call's title, how it names a meeting

    def number(self, section: str, key: str) -> float:
        """A number of story.toml, e.g. ("deals", "open")."""
        return self.params.table(section).number(key)


def read_team() -> DataTable:
    """The demo team's file: its people and its hand-written deals."""
    try:
        with (DEMO_DIR / "team.toml").open("rb") as file:
            return DataTable(tomllib.load(file), "data/demo/team/team.toml")
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DemoDataError(f"data/demo/team/team.toml: cannot be read ({exc})") from None


def _shown(folder: Path, name: str) -> str:
    """A file's name as errors give it: from data/ for the shipped story."""
    return f"data/demo/story/{name}" if folder == STORY_DIR else str(folder / name)


def _read(folder: Path, name: str) -> DataTable:
    try:
        with (folder / name).open("rb") as file:
            return DataTable(tomllib.load(file), _shown(folder, name))
    except OSError as exc:
        raise DemoDataError(f"{_shown(folder, name)}: cannot be read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise DemoDataError(f"{_shown(folder, name)}: not valid TOML ({exc})") from None


@lru_cache(maxsize=2)
def load_story(folder: Path = STORY_DIR) -> Story:
    """Read and check every file of the story (the shipped one, or one laid out like it)."""
    story = _read(folder, "story.toml")
    if story.get("schema", str) != "displace.demo-story/1":
        raise story.fail("schema", '"displace.demo-story/1"', story.data.get("schema"))
    markets_doc = _read(folder, "markets.toml")
    markets = {m.id: m for m in map(_market, markets_doc.tables("market"))}
    reps = {name: _rep(name, doc, markets) for name, doc in
            ((n, story.table("reps").table(n)) for n in story.table("reps").data)}
    incumbents = tuple(_incumbent(doc, markets) for doc in markets_doc.tables("incumbent"))
    prospects_doc, evidence, outcomes = (_read(folder, "prospects.toml"),
                                         _read(folder, "evidence.toml"),
                                         _read(folder, "outcomes.toml"))
    activity, calls = _read(folder, "activity.toml"), _read(folder, "calls.toml")
    _check_params(story)
    rules = tuple(map(_rule, outcomes.tables("rule")))
    _check_rules(outcomes, rules, incumbents)
    return Story(
        seed=story.get("seed", int), params=story, reps=reps, markets=markets,
        incumbents=incumbents, prospects=_prospects(prospects_doc, markets),
        people={m: prospects_doc.table("people").table(m) for m in markets},
        titles=_titles(prospects_doc, markets),
        gaps=tuple(_gap(doc, markets) for doc in evidence.tables("gap")),
        assumed=tuple((d.get("capability", str), d.text("summary"))
                      for d in evidence.tables("assumed")),
        concessions=tuple((d.get("capability", str), d.text("text"))
                          for d in evidence.tables("concession")),
        claims=tuple((d.get("capability", str), d.text("text")) for d in evidence.tables("claim")),
        decision=_decision(evidence.table("decision")),
        deal_titles={lang: _texts(evidence.table("titles"), lang, ("prospect",))
                     for lang in LANGUAGES},
        rules=rules,
        countered=outcomes.table("lost").number("countered", 0.0, 1.0),
        follow_ups=_follow_ups(activity.table("follow_ups")),
        comments=tuple(map(_comment, activity.tables("comment"))),
        calls=tuple(_call(doc, folder / "calls") for doc in calls.tables("call")),
        call_words={lang: _call_words(calls.table("words").table(lang)) for lang in LANGUAGES},
    )


def _check_params(story: DataTable) -> None:
    deals, time = story.table("deals"), story.table("time")
    deals.number("open", 0, 500)
    deals.number("calls", 0, 500)
    deals.weights("open_stages", STAGES)
    deals.weights("closed_from", STAGES)
    for key in ("closed_since", "closed_until", "open_since", "open_quiet_days",
                "close_from_days", "call_weeks"):
        time.number(key, 0, 3650)
    time.pair("closed_open_days")
    outcome = story.table("outcome")
    outcome.number("sharpness", 0.1, 5.0)
    outcome.number("shift", -5.0, 5.0)
    outcome.number("no_decision", 0.0, 1.0)
    outcome.number("no_decision_unknown_maker", 0.0, 1.0)
    by_stage = story.table("strength").table("by_stage")
    for stage in STAGES:
        by_stage.number(stage, -1.0, 1.0)
    forecasting = story.table("forecasting")
    for key in ("base", "lift", "stage_lift"):
        forecasting.number(key, -1.0, 1.0)


def _check_rules(doc: DataTable, rules: Sequence[Rule], incumbents: Sequence[Incumbent]) -> None:
    """Every way a deal can end has a reason that fits any deal: each outcome, and a loss after
    each counter-move an incumbent makes or after none."""
    wanted = {("won", ""), ("no_decision", ""), ("lost", "")} | {
        ("lost", move) for i in incumbents for move in i.counter_moves}
    for outcome, move in sorted(wanted):
        if not any(r.outcome == outcome and r.counter_move == move and r.when == "any"
                   for r in rules):
            raise doc.fail("rule", f"a rule for {outcome}" + (f" after {move}" if move else "")
                           + " that fits any deal (no `when`)", "none")


def _rep(username: str, doc: DataTable, markets: Mapping[str, Market]) -> Rep:
    return Rep(username, doc.get("name", str), doc.choice("market", list(markets)),
               doc.number("on_team_days", 60, 3650), int(doc.number("closed", 0, 500)),
               doc.number("optimism", -1.0, 1.0), doc.number("noise", 0.0, 1.0))


def _market(doc: DataTable) -> Market:
    language = doc.choice("language", LANGUAGES)
    return Market(doc.get("id", str), language, doc.choice("currency", ("USD", "VND")),
                  doc.get("our_bank", str), doc.pair("value"), doc.strings("capabilities"))


def _incumbent(doc: DataTable, markets: Mapping[str, Market]) -> Incumbent:
    return Incumbent(
        name=doc.get("name", str), market=doc.choice("market", list(markets)),
        weight=doc.number("weight"), tenure=doc.pair("tenure"), origins=doc.strings("origins"),
        delivers=doc.strings("delivers"),
        match_speed=doc.choice("match_speed", ("fast", "typical", "slow")),
        counter_moves=doc.weights("counter_moves", COUNTER_MOVES), seen=doc.strings("seen"),
        notes=doc.get("notes", str, ""))


def _prospects(doc: DataTable, markets: Mapping[str, Market]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {m: [] for m in markets}
    for entry in doc.tables("prospect"):
        name = entry.get("name", str)
        market = entry.choice("market", list(markets))
        if name in found[market]:
            raise entry.fail("name", "a prospect named once", name)
        found[market].append(name)
    return {m: tuple(names) for m, names in found.items()}


def _titles(doc: DataTable,
            markets: Mapping[str, Market]) -> dict[str, tuple[tuple[str, str], ...]]:
    found: dict[str, list[tuple[str, str]]] = {m: [] for m in markets}
    for entry in doc.tables("title"):
        found[entry.choice("market", list(markets))].append(
            (entry.get("title", str), entry.choice("role", ROLES)))
    for market, titles in found.items():
        if not any(role == "decision-maker" for _t, role in titles) or not any(
                role != "decision-maker" for _t, role in titles):
            raise doc.fail("title", f"titles of {market} with and without a decision-maker",
                           titles)
    return {m: tuple(titles) for m, titles in found.items()}


def _gap(doc: DataTable, markets: Mapping[str, Market]) -> GapKind:
    vision = doc.table("vision")
    gap = GapKind(
        capability=doc.get("capability", str), markets=doc.strings("markets"),
        summary=doc.text("summary"), quote=doc.text("quote", fields=("incumbent",)),
        impact=doc.text("impact"), question=doc.text("question", fields=("incumbent",)),
        offer=doc.text("offer"),
        vision={part: vision.text(part) for part in ("what", "how", "when")})
    for market in gap.markets:
        if market not in markets or gap.capability not in markets[market].capabilities:
            raise doc.fail("markets", "markets whose bank delivers " + gap.capability, market)
    return gap


def _rule(doc: DataTable) -> Rule:
    outcome = doc.choice("outcome", OUTCOMES)
    reason = doc.get("reason", str)
    if shipped_reasons().find(outcome, reason) is None:
        raise doc.fail("reason", f"a reason of data/outcomes/reasons.toml for {outcome}", reason)
    lost = outcome == "lost"
    return Rule(outcome, reason, doc.choice("when", FEATURES, "any"),
                doc.choice("counter_move", ("", *COUNTER_MOVES), "") if lost else "",
                doc.choice("lost_to", LOST_TO, "incumbent") if lost else "",
                doc.number("weight", 0.0, 100.0, 1.0), doc.text("note", fields=("incumbent",)))


def _comment(doc: DataTable) -> CommentRule:
    by = doc.choice("by", ("manager", "owner"))
    return CommentRule(by, doc.choice("when", FEATURES, "any"), doc.number("share", 0.0, 1.0),
                       doc.text("text", ("en",) if by == "manager" else LANGUAGES, DEAL_FIELDS))


def _texts(doc: DataTable, key: str, fields: Sequence[str]) -> tuple[str, ...]:
    """A list of texts, each holding no placeholder but `fields`."""
    return tuple(doc.filled(f"{key}[{i}]", text, fields)
                 for i, text in enumerate(doc.strings(key)))


def _decision(doc: DataTable) -> DataTable:
    for table in ("willing", "unwilling"):
        for lang in LANGUAGES:
            _texts(doc.table(table), lang, ())
    doc.text("who", fields=("maker",))
    return doc


def _follow_ups(doc: DataTable) -> DataTable:
    doc.number("none", 0.0, 1.0)
    doc.number("done", 0.0, 1.0)
    low, high = doc.pair("due")
    if low < -400 or high > 400:
        raise doc.fail("due", "days from -400 to 400", [low, high])
    for lang in LANGUAGES:
        _texts(doc.table("titles"), lang, DEAL_FIELDS)
    return doc


def _call_words(doc: DataTable) -> DataTable:
    for key, count in (("weekdays", 7), ("months", 12)):
        if len(doc.strings(key)) != count:
            raise doc.fail(key, f"{count} names", doc.data[key])
    doc.filled("title", doc.get("title", str), ("contact",))
    doc.filled("maker_unknown", doc.get("maker_unknown", str), ())
    for key in ("meeting", "meeting_short"):
        doc.filled(key, doc.get(key, str), ("weekday", "day", "month"))
    return doc


def _call(doc: DataTable, folder: Path) -> CallTemplate:
    name = doc.get("file", str)
    path = folder / name
    if path.parent != folder or not path.is_file():
        raise doc.fail("file", "the name of a file in calls/", name)
    return CallTemplate(name, doc.choice("language", LANGUAGES), doc.choice(
        "quality", ("good", "poor")), doc.choice("needs", ("", "stated", "owned"), ""),
        doc.filled("file", path.read_text(encoding="utf-8"), CALL_FIELDS))
