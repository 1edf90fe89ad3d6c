"""Capability catalogues and question playbooks, per industry, loaded from data files.

A catalogue lists what suppliers in an industry can deliver, each capability with its kind
(`concession`, `service`, `structural`), its commonality among competitors and the days an
incumbent typically needs to match it, plus phrases (vi, en) that recognise it in free text.
A playbook holds gap questions: a specific, proactive service, a question that presumes the
prospect already receives it, and what to listen for.

Files live in `src/displace/data/catalogues/<industry>.toml` and
`src/displace/data/playbooks/<industry>.toml`. An admin adds or overrides entries with extra
data folders laid out the same way (`<dir>/catalogues/…`, `<dir>/playbooks/…`): an entry with
the id of a shipped one replaces it, a new id is appended.

Phrases match whole words, case- and diacritic-insensitively (`displace.core.text.fold`), with
any run of spaces, a hyphen or a slash between words; the last word of an English phrase also
matches its plural ("fee" finds "fees"). Where phrases overlap, the longest one wins.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from displace.core.errors import DisplaceError
from displace.core.messages import messages_of
from displace.core.text import fold, normalise

__all__ = [
    "KINDS",
    "LANGUAGES",
    "Capability",
    "Catalogue",
    "CatalogueError",
    "Kind",
    "Playbook",
    "PlaybookQuestion",
    "list_industries",
    "load_catalogue",
    "load_playbook",
]

Kind = Literal["concession", "service", "structural"]
KINDS: tuple[Kind, ...] = ("concession", "service", "structural")
LANGUAGES: tuple[str, ...] = ("en", "vi")  # every text must exist in both
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CatalogueError(DisplaceError):
    """A capability catalogue or playbook file that does not load or validate (raised with a
    `Message`: English on the command line, the reader's language in the library editor)."""


_say = messages_of("catalogue")  # the messages of data/i18n/catalogue.toml


_THE_FILE = _say("where.file")


@dataclass(frozen=True)
class Capability:
    """Something a supplier can deliver, with how common and how quickly matched it is."""

    id: str
    kind: Kind
    commonality: float  # share of competitors that claim it, 0..1
    match_days: int  # typical days for an incumbent to match it
    name: dict[str, str] = field(hash=False)
    phrases: dict[str, tuple[str, ...]] = field(hash=False)
    industry: str


@dataclass(frozen=True)
class PlaybookQuestion:
    """A gap question about one specific, proactive service."""

    id: str
    capability: str
    fits: tuple[str, ...]
    service: dict[str, str] = field(hash=False)
    ask: dict[str, str] = field(hash=False)
    listen_for: dict[str, str] = field(hash=False)
    industry: str


@dataclass(frozen=True)
class Catalogue:
    """The capabilities of one industry, with phrase matching on free text."""

    industry: str
    name: dict[str, str] = field(hash=False)
    capabilities: tuple[Capability, ...]

    def get(self, capability_id: str) -> Capability | None:
        """The capability with this id, or None."""
        return next((c for c in self.capabilities if c.id == capability_id), None)

    def match(self, text: str, lang: str | None = None) -> list[tuple[Capability, int, int]]:
        """Capabilities whose phrases occur in `text` (NFC), with start and end offsets in it."""
        pattern, owners = self._matchers.get(lang) or self._compile(lang)
        found: list[tuple[Capability, int, int]] = []
        for m in pattern.finditer(fold(text)):
            if m.lastindex is not None:
                found.append((owners[m.lastindex - 1], m.start(), m.end()))
        return found

    @cached_property
    def _matchers(self) -> dict[str | None, tuple[re.Pattern[str], list[Capability]]]:
        return {}

    def _compile(self, lang: str | None) -> tuple[re.Pattern[str], list[Capability]]:
        entries: list[tuple[str, Capability]] = []
        for cap in self.capabilities:
            for phrase_lang, phrases in cap.phrases.items():
                if lang is None or phrase_lang == lang:
                    entries.extend((_phrase_regex(p, phrase_lang), cap) for p in phrases)
        # Longest first: at one position the alternation takes the first that fits.
        entries.sort(key=lambda e: -len(e[0]))
        body = "|".join(f"({regex})" for regex, _ in entries) or "(?!)"
        compiled = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
        self._matchers[lang] = (compiled, [cap for _, cap in entries])
        return self._matchers[lang]


@dataclass(frozen=True)
class Playbook:
    """The gap questions of one industry."""

    industry: str
    questions: tuple[PlaybookQuestion, ...]

    def get(self, question_id: str) -> PlaybookQuestion | None:
        """The question with this id, or None."""
        return next((q for q in self.questions if q.id == question_id), None)

    def for_situation(
        self, tags: Iterable[str], lang: str = "en", limit: int = 5
    ) -> list[PlaybookQuestion]:
        """Questions sharing most tags (a capability id counts as a tag); file order on ties."""
        wanted = set(tags)
        usable = [q for q in self.questions if q.ask.get(lang)]
        if not wanted:
            return usable[:limit]
        scored = [(len(wanted & {*q.fits, q.capability}), i, q) for i, q in enumerate(usable)]
        ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))
        return [q for _, _, q in ranked[:limit]]


def _phrase_regex(phrase: str, lang: str) -> str:
    words = fold(normalise(phrase)).replace("-", " ").replace("/", " ").split()
    parts = [re.escape(w) for w in words]
    if lang == "en" and parts and parts[-1][-1].isalpha():
        parts[-1] += "(?:e?s)?"
    return r"(?:\s+|\s*[-/]\s*)".join(parts)


# ---------------------------------------------------------------- loading


def list_industries(extra_dirs: Sequence[Path] = ()) -> list[str]:
    """Industry ids that have a catalogue, shipped or in the extra folders."""
    roots = (DATA_DIR, *extra_dirs)
    return sorted({p.stem for root in roots for p in (Path(root) / "catalogues").glob("*.toml")})


def load_catalogue(industry: str, extra_dirs: Sequence[Path] = ()) -> Catalogue:
    """The validated catalogue of `industry`, with entries from extra data folders merged in."""
    return _load_catalogue(industry, tuple(Path(d) for d in extra_dirs))


def load_playbook(industry: str, extra_dirs: Sequence[Path] = ()) -> Playbook:
    """The validated playbook of `industry`; every question must name a catalogue capability."""
    return _load_playbook(industry, tuple(Path(d) for d in extra_dirs))


@lru_cache(maxsize=64)
def _load_catalogue(industry: str, extra_dirs: tuple[Path, ...]) -> Catalogue:
    files = _files("catalogues", industry, extra_dirs)
    names: dict[str, str] = {}
    merged: dict[str, Capability] = {}
    for path in files:
        doc = _read(path, industry)
        _check_keys(doc, path, _THE_FILE, {"industry", "name", "capability"}, {"industry"})
        if "name" in doc:
            names = _texts(doc["name"], path, _THE_FILE, "name")
        for i, raw in enumerate(_entries(doc, "capability", path)):
            cap = _capability(raw, path, i, industry)
            merged[cap.id] = cap
    if not names:
        raise CatalogueError(_say("file.name", path=files[0]))
    catalogue = Catalogue(industry, names, tuple(merged.values()))
    _check_phrases_unique(catalogue, files)
    return catalogue


@lru_cache(maxsize=64)
def _load_playbook(industry: str, extra_dirs: tuple[Path, ...]) -> Playbook:
    catalogue = _load_catalogue(industry, extra_dirs)
    merged: dict[str, PlaybookQuestion] = {}
    for path in _files("playbooks", industry, extra_dirs):
        doc = _read(path, industry)
        _check_keys(doc, path, _THE_FILE, {"industry", "question"}, {"industry"})
        for i, raw in enumerate(_entries(doc, "question", path)):
            question = _question(raw, path, i, industry)
            _check_capability(question, catalogue, path, i)
            merged[question.id] = question
    return Playbook(industry, tuple(merged.values()))


def _files(folder: str, industry: str, extra_dirs: tuple[Path, ...]) -> list[Path]:
    if not _ID_RE.match(industry):
        raise CatalogueError(_say("industry.bad_id", industry=repr(industry)))
    found = [
        p for root in (DATA_DIR, *extra_dirs) if (p := root / folder / f"{industry}.toml").is_file()
    ]
    if not found:
        known = ", ".join(list_industries(extra_dirs)) or _say("none")
        raise CatalogueError(_say(f"industry.no_{folder[:-1]}", industry=repr(industry),
                                  known=known))
    return found


def _read(path: Path, industry: str) -> dict[str, Any]:
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(_say("file.toml", path=path, reason=exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(_say("file.not_utf8", path=path, reason=exc)) from None
    if doc.get("industry") != industry:
        raise CatalogueError(_say("file.industry", path=path, expected=repr(industry),
                                  got=repr(doc.get("industry"))))
    return doc


def _entries(doc: dict[str, Any], key: str, path: Path) -> list[dict[str, Any]]:
    raw = doc.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise CatalogueError(_say("file.entries", path=path, field=key))
    return raw


def _check_keys(
    raw: dict[str, Any], path: Path, where: object, allowed: set[str], required: set[str]
) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise CatalogueError(_say("key.unknown", path=path, where=where,
                                  unknown=repr(unknown[0]), allowed=", ".join(sorted(allowed))))
    missing = sorted(required - set(raw))
    if missing:
        raise CatalogueError(_say("key.missing", path=path, where=where,
                                  missing=repr(missing[0])))


def _entry_name(kind: str, index: int, raw: dict[str, Any]) -> str:
    ident = raw.get("id")
    return f"{kind}[{index}] {ident!r}" if isinstance(ident, str) else f"{kind}[{index}]"


def _capability(raw: dict[str, Any], path: Path, index: int, industry: str) -> Capability:
    where = _entry_name("capability", index, raw)
    keys = {"id", "kind", "commonality", "match_days", "name", "phrases"}
    _check_keys(raw, path, where, keys, keys)
    kind = raw["kind"]
    if kind not in KINDS:
        raise CatalogueError(_say("key.kind", path=path, where=where, kinds=", ".join(KINDS),
                                  got=repr(kind)))
    commonality = raw["commonality"]
    if isinstance(commonality, bool) or not isinstance(commonality, int | float):
        commonality = -1.0
    if not 0 <= commonality <= 1:
        raise CatalogueError(_say("key.commonality", path=path, where=where,
                                  got=repr(raw["commonality"])))
    days = raw["match_days"]
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise CatalogueError(_say("key.match_days", path=path, where=where, got=repr(days)))
    return Capability(
        id=_ident(raw["id"], path, where),
        kind=kind,
        commonality=float(commonality),
        match_days=days,
        name=_texts(raw["name"], path, where, "name"),
        phrases=_phrases(raw["phrases"], path, where),
        industry=industry,
    )


def _question(raw: dict[str, Any], path: Path, index: int, industry: str) -> PlaybookQuestion:
    where = _entry_name("question", index, raw)
    keys = {"id", "capability", "fits", "service", "ask", "listen_for"}
    _check_keys(raw, path, where, keys, keys)
    fits = raw["fits"]
    if (
        not isinstance(fits, list)
        or not fits
        or not all(isinstance(t, str) and _ID_RE.match(t) for t in fits)
    ):
        raise CatalogueError(_say("key.fits", path=path, where=where, got=repr(fits)))
    ask = _texts(raw["ask"], path, where, "ask")
    for lang, text in ask.items():
        if not text.rstrip().endswith("?"):
            raise CatalogueError(_say("key.ask", path=path, where=where, lang=lang))
    return PlaybookQuestion(
        id=_ident(raw["id"], path, where),
        capability=_ident(raw["capability"], path, where, "capability"),
        fits=tuple(fits),
        service=_texts(raw["service"], path, where, "service"),
        ask=ask,
        listen_for=_texts(raw["listen_for"], path, where, "listen_for"),
        industry=industry,
    )


def _ident(value: object, path: Path, where: object, key: str = "id") -> str:
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise CatalogueError(_say("key.id", path=path, where=where, field=key, got=repr(value)))
    return value


def _texts(value: object, path: Path, where: object, key: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise CatalogueError(_say("key.texts", path=path, where=where, field=key))
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise CatalogueError(_say("key.text_missing", path=path, where=where, field=key,
                                      lang=lang, language=repr(lang)))
    if not all(isinstance(t, str) and t.strip() for t in value.values()):
        raise CatalogueError(_say("key.text_empty", path=path, where=where, field=key))
    return {lang: normalise(text).strip() for lang, text in value.items()}


def _phrases(value: object, path: Path, where: object) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise CatalogueError(_say("key.phrases", path=path, where=where))
    for lang in sorted({*LANGUAGES, *value}):
        items = value.get(lang)
        if (
            not isinstance(items, list)
            or not items
            or not all(isinstance(p, str) and p.strip() for p in items)
        ):
            raise CatalogueError(_say("key.phrase_list", path=path, where=where, lang=lang,
                                      language=repr(lang)))
    return {lang: tuple(normalise(p).strip() for p in items) for lang, items in value.items()}


def _check_phrases_unique(catalogue: Catalogue, files: list[Path]) -> None:
    # A phrase owned by two capabilities would make matching depend on file order.
    owner: dict[str, str] = {}
    for cap in catalogue.capabilities:
        for phrases in cap.phrases.values():
            for phrase in phrases:
                key = " ".join(fold(phrase).replace("-", " ").replace("/", " ").split())
                if owner.setdefault(key, cap.id) != cap.id:
                    raise CatalogueError(_say(
                        "phrase.twice", path=", ".join(map(str, files)),
                        capability=repr(cap.id), phrase=repr(phrase), other=repr(owner[key])))


def _check_capability(
    question: PlaybookQuestion, catalogue: Catalogue, path: Path, index: int
) -> None:
    where = f"question[{index}] {question.id!r}"
    cap = catalogue.get(question.capability)
    if cap is None:
        raise CatalogueError(_say("question.unknown_capability", path=path, where=where,
                                  industry=repr(catalogue.industry),
                                  got=repr(question.capability)))
    if cap.kind == "concession":
        raise CatalogueError(_say("question.concession", path=path, where=where,
                                  capability=repr(cap.id)))
