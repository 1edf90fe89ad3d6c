"""Read and validate corpus files: one labelled conversation per TOML file (corpus/README.md).

A label names a behaviour and the exact words of its turn that show it. The validator refuses
what would teach the classifier something false: a label on words that are not in the turn, a
behaviour the speaker's role cannot show, a turn by a speaker nobody declared.
"""

from __future__ import annotations

import hashlib
import itertools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from displace.core.coach.behaviours import behaviour_table
from displace.core.errors import DisplaceError
from displace.core.model import ROLES, Role

__all__ = [
    "CHANNELS",
    "LABELLED",
    "CorpusConversation",
    "CorpusError",
    "CorpusTurn",
    "Label",
    "for_training",
    "load_corpus",
    "load_corpus_file",
    "parse_corpus_text",
    "training_use",
]

# Every reported behaviour but two: the seller's talk share is measured, not read from a
# sentence, and naming the incumbent is a name, not a way of speaking.
_NOT_LABELLED = frozenset({"seller-dominates", "incumbent-mention"})
LABELLED: frozenset[str] = frozenset(
    b.id for b in behaviour_table().values() if not b.internal and b.id not in _NOT_LABELLED
)
CHANNELS = ("phone", "video", "asr", "chat", "in-person", "notes")
MIN_TURNS, MAX_TURNS = 15, 60
TEST_SHARE = 64  # of 256: about a quarter of the conversations, chosen by their id's hash
_TOP_KEYS = {"id", "language", "batch", "industry", "channel", "tags", "incumbent", "summary",
             "speakers", "turns"}
_TURN_KEYS = {"speaker", "text", "labels"}
_LABEL_KEYS = {"behaviour", "text", "at"}


class CorpusError(DisplaceError):
    """A corpus file that does not validate; the message names the file and the key."""


@dataclass(frozen=True)
class Label:
    """A behaviour shown by the words text[start:end] of one turn."""

    behaviour: str
    start: int
    end: int


@dataclass(frozen=True)
class CorpusTurn:
    """One turn as written, with its speaker's true role and its labels."""

    index: int
    speaker: str
    role: Role
    text: str
    labels: tuple[Label, ...]

    def quote(self, label: Label) -> str:
        """The words of the turn a label points at."""
        return self.text[label.start:label.end]


@dataclass(frozen=True)
class CorpusConversation:
    """One labelled conversation of the corpus."""

    id: str
    language: str
    batch: int
    industry: str
    channel: str
    tags: tuple[str, ...]
    incumbent: str
    summary: str
    speakers: dict[str, Role]
    turns: tuple[CorpusTurn, ...]
    path: str

    @property
    def split(self) -> str:
        """'train' or 'test', fixed by the id alone so that nobody picks the test set."""
        digest = hashlib.sha256(self.id.encode("utf-8")).digest()
        return "test" if digest[0] < TEST_SHARE else "train"

    def behaviours(self) -> set[str]:
        """The behaviours labelled anywhere in the conversation."""
        return {label.behaviour for turn in self.turns for label in turn.labels}

    def labels(self) -> Iterable[tuple[CorpusTurn, Label]]:
        """Every label with its turn, in conversation order."""
        for turn in self.turns:
            for label in turn.labels:
                yield turn, label


def training_use(root: Path) -> dict[int, str]:
    """Per batch, what training may use of it ("train split", "all"; absent: nothing), from
    `corpus/batches.toml`: a batch joins training only after it was measured unseen."""
    path = Path(root) / "batches.toml"
    if not path.is_file():
        return {1: "train split"}
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"{path}: not valid TOML: {exc}") from None
    out: dict[int, str] = {}
    for key, entry in raw.get("batch", {}).items():
        use = entry.get("train", "none") if isinstance(entry, dict) else "none"
        if use not in ("train split", "all", "none") or not str(key).isdigit():
            raise CorpusError(f"{path}: batch.{key}.train: expected 'train split', 'all' or "
                              f"'none', found {use!r}")
        if use != "none":
            out[int(key)] = use
    return out


def for_training(conversation: CorpusConversation, use: dict[int, str]) -> bool:
    """Whether training may read the conversation."""
    found = use.get(conversation.batch)
    return found == "all" or (found == "train split" and conversation.split == "train")


def load_corpus(root: Path, *, batches: Iterable[int] | None = None) -> list[CorpusConversation]:
    """Every conversation under `root` (its en/ and vi/ folders), sorted by id; validated."""
    wanted = set(batches) if batches is not None else None
    conversations = [load_corpus_file(p) for p in sorted(Path(root).glob("*/*.toml"))]
    seen: dict[str, str] = {}
    for conversation in conversations:
        if conversation.id in seen:
            raise CorpusError(f"{conversation.path}: id {conversation.id!r} is already used by "
                              f"{seen[conversation.id]}")
        seen[conversation.id] = conversation.path
    return [c for c in conversations if wanted is None or c.batch in wanted]


def load_corpus_file(path: Path) -> CorpusConversation:
    """One corpus file, validated; CorpusError names the file and what is wrong."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
    conversation = parse_corpus_text(text, source=str(path))
    expected = Path(path).stem
    if conversation.id != expected:
        raise CorpusError(f"{path}: id: expected {expected!r} (the file's name), "
                          f"found {conversation.id!r}")
    if Path(path).parent.name != conversation.language:
        raise CorpusError(f"{path}: language {conversation.language!r} does not match its "
                          f"folder {Path(path).parent.name!r}")
    return conversation


def parse_corpus_text(text: str, *, source: str = "<corpus>") -> CorpusConversation:
    """Parse and validate the TOML text of one corpus conversation."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"{source}: not valid TOML: {exc}") from None
    _no_unknown_keys(data, _TOP_KEYS, source, "the top level")
    speakers = _speakers(data.get("speakers"), source)
    raw_turns = data.get("turns")
    if not isinstance(raw_turns, list) or not MIN_TURNS <= len(raw_turns) <= MAX_TURNS:
        found = len(raw_turns) if isinstance(raw_turns, list) else 0
        raise CorpusError(f"{source}: turns: expected {MIN_TURNS} to {MAX_TURNS} [[turns]], "
                          f"found {found}")
    turns = tuple(_turn(i, raw, speakers, source) for i, raw in enumerate(raw_turns))
    for before, after in itertools.pairwise(turns):
        if before.speaker == after.speaker:
            raise CorpusError(f"{source}: turns[{after.index}]: {after.speaker!r} speaks twice in "
                              "a row; join the two into one turn")
    channel = _text(data, "channel", source)
    if channel not in CHANNELS:
        raise CorpusError(f"{source}: channel: expected one of {', '.join(CHANNELS)}, "
                          f"found {channel!r}")
    language = _text(data, "language", source)
    if language not in ("en", "vi"):
        raise CorpusError(f"{source}: language: expected 'en' or 'vi', found {language!r}")
    batch = data.get("batch")
    if not isinstance(batch, int) or isinstance(batch, bool) or batch < 1:
        raise CorpusError(f"{source}: batch: expected a whole number from 1, found {batch!r}")
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise CorpusError(f"{source}: tags: expected a list of texts")
    return CorpusConversation(
        id=_text(data, "id", source), language=language, batch=batch,
        industry=_text(data, "industry", source), channel=channel, tags=tuple(tags),
        incumbent=_text(data, "incumbent", source), summary=str(data.get("summary", "")),
        speakers=speakers, turns=turns, path=source,
    )


def _text(data: Mapping[str, Any], key: str, source: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CorpusError(f"{source}: {key}: expected a non-empty text")
    return value


def _no_unknown_keys(data: Mapping[str, Any], allowed: set[str], source: str, where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise CorpusError(f"{source}: {where}: unknown key {unknown[0]!r}; expected one of "
                          f"{', '.join(sorted(allowed))}")


def _speakers(raw: object, source: str) -> dict[str, Role]:
    if not isinstance(raw, dict) or not raw:
        raise CorpusError(f"{source}: speakers: expected a table of speaker = role")
    for name, role in raw.items():
        if role not in ROLES:
            raise CorpusError(f"{source}: speakers.{name}: expected one of {', '.join(ROLES)}, "
                              f"found {role!r}")
    return cast(dict[str, Role], dict(raw))


def _turn(index: int, raw: object, speakers: Mapping[str, Role], source: str) -> CorpusTurn:
    where = f"turns[{index}]"
    if not isinstance(raw, dict):
        raise CorpusError(f"{source}: {where}: expected a table")
    _no_unknown_keys(raw, _TURN_KEYS, source, where)
    speaker, text = raw.get("speaker"), raw.get("text")
    if speaker not in speakers:
        raise CorpusError(f"{source}: {where}.speaker: expected one of "
                          f"{', '.join(map(repr, speakers))}, found {speaker!r}")
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{source}: {where}.text: expected a non-empty text")
    text = " ".join(text.split())  # line breaks in a long turn are only layout
    role = speakers[cast(str, speaker)]
    raw_labels = raw.get("labels", [])
    if not isinstance(raw_labels, list):
        raise CorpusError(f"{source}: {where}.labels: expected a list of {{behaviour, text}}")
    labels = [_label(f"{where}.labels[{i}]", item, text, role, source)
              for i, item in enumerate(raw_labels)]
    _no_duplicates(labels, where, source)
    return CorpusTurn(index, cast(str, speaker), role, text, tuple(labels))


def _label(where: str, raw: object, text: str, role: Role, source: str) -> Label:
    if not isinstance(raw, dict):
        raise CorpusError(f"{source}: {where}: expected {{ behaviour = ..., text = ... }}")
    _no_unknown_keys(raw, _LABEL_KEYS, source, where)
    behaviour, words, at = raw.get("behaviour"), raw.get("text"), raw.get("at", 1)
    if behaviour not in LABELLED:
        raise CorpusError(f"{source}: {where}.behaviour: expected one of "
                          f"{', '.join(sorted(LABELLED))}, found {behaviour!r}")
    allowed = behaviour_table()[cast(str, behaviour)].roles
    if role not in allowed:
        raise CorpusError(f"{source}: {where}: {behaviour} is said by "
                          f"{' or '.join(sorted(allowed))}, not by the {role}")
    if not isinstance(words, str) or not words.strip():
        raise CorpusError(f"{source}: {where}.text: expected some of the turn's words")
    words = " ".join(words.split())
    if not isinstance(at, int) or at < 1:
        raise CorpusError(f"{source}: {where}.at: expected a whole number from 1")
    start = _nth(text, words, at)
    if start < 0:
        raise CorpusError(f"{source}: {where}.text: {words!r} is not in the turn's text"
                          + (f" {at} times" if at > 1 else ""))
    return Label(cast(str, behaviour), start, start + len(words))


def _nth(text: str, words: str, n: int) -> int:
    start = -1
    for _ in range(n):
        start = text.find(words, start + 1)
        if start < 0:
            return -1
    return start


def _no_duplicates(labels: list[Label], where: str, source: str) -> None:
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a.behaviour == b.behaviour and a.start < b.end and b.start < a.end:
                raise CorpusError(f"{source}: {where}: two {a.behaviour} labels overlap; "
                                  "label each sentence once")
