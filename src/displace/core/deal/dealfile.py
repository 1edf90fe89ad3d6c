"""Deal files: TOML in the `displace.deal/1` format, validated against the shipped JSON Schema.

Errors name the file, the key path (`gaps[0].evidence.quote`) and what was expected.
`deal_to_dict` leaves out what is empty or at its default, so that a dumped deal loads back equal.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import tomli_w
from jsonschema import Draft202012Validator, ValidationError

from displace.core.deal.model import (
    DEAL_SCHEMA,
    Claim,
    Contact,
    Deal,
    Decision,
    Gap,
    GapEvidence,
    Incumbent,
    OfferItem,
    OurSide,
    Prospect,
    Vision,
)
from displace.core.errors import DealFileError
from displace.core.files import read_limited
from displace.core.limits import limit, nesting_depth, non_finite_path
from displace.core.messages import Count, Message, messages_of

__all__ = [
    "SCHEMA_PATH",
    "deal_from_dict",
    "deal_to_dict",
    "deal_to_toml",
    "load_deal",
    "parse_deal",
]

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "data" / "deal-schema.json"


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def load_deal(path: Path) -> Deal:
    """Read and validate a deal file; errors name the file, the key and what was expected."""
    data = read_limited(Path(path), limit("deal_file.bytes"), "deal file", DealFileError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DealFileError(_say("file.not_utf8", source=path, reason=exc)) from None
    return parse_deal(text, source=str(path))


def parse_deal(text: str, *, source: str = "<deal>") -> Deal:
    """Parse the TOML text of a deal file and validate it."""
    most = limit("deal_file.bytes")
    if len(text) > most:
        raise DealFileError(_say("file.too_long", source=source, limit=Count(most)))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DealFileError(_say("file.toml", source=source, reason=exc)) from None
    except RecursionError:
        raise DealFileError(_say("file.too_deep", source=source,
                                 most=limit("deal_file.nesting"))) from None
    return deal_from_dict(data, source=source)


def deal_from_dict(data: Mapping[str, Any], *, source: str = "<deal>") -> Deal:
    """Validate a mapping against the deal schema and build the Deal."""
    _check_shape(data, source)
    errors = sorted(_validator().iter_errors(dict(data)), key=_error_order)
    if errors:
        first = errors[0]
        raise DealFileError(_say("problem", source=source, problem=_describe(first)),
                            key_path=_field_path(first),
                            check=str(first.validator), expected=first.validator_value)
    _check_references(data, source)
    return _build(data, source)


def _check_shape(data: object, source: str) -> None:
    """What the schema cannot say: a bounded nesting depth and finite numbers."""
    most = limit("deal_file.nesting")
    if nesting_depth(data, stop_at=most + 1) > most:
        raise DealFileError(_say("file.nested", source=source, most=most))
    where = non_finite_path(data)
    if where is not None:
        raise DealFileError(_say("file.not_finite", source=source, where=where))


def _error_order(error: ValidationError) -> tuple[int, str]:
    return (len(error.absolute_path), key_path(error.absolute_path))


def key_path(parts: Sequence[str | int] | Any) -> str:
    """A key path as people write it: `gaps[0].evidence.quote`."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the top level"


def _field_path(error: ValidationError) -> str:
    """The key path of the value at fault; for a missing key, the path of that key."""
    where = key_path(error.absolute_path)
    expected: Any = error.validator_value
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = next((k for k in expected if k not in error.instance), "")
        return f"{where}.{missing}" if error.absolute_path else str(missing)
    return "" if where == "the top level" else where


_say = messages_of("dealfile")  # the messages of data/i18n/dealfile.toml


def _describe(error: ValidationError) -> Message:
    path = key_path(error.absolute_path)
    where: object = path if error.absolute_path else _say("where.top")
    check = error.validator
    found: Any = error.instance
    expected: Any = error.validator_value
    schema: Any = error.schema
    if check == "required":
        missing = next((k for k in expected if k not in found), expected[0])
        return _say("schema.required", where=where, missing=missing)
    if check == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        unknown = sorted(set(found) - set(allowed))
        return _say("schema.unknown_key", where=where, unknown=_shown(unknown[0]),
                    allowed=", ".join(allowed))
    if check == "const":
        return _say("schema.const", where=where, expected=repr(expected), found=_shown(found))
    if check == "enum":
        return _say("schema.enum", where=where, choices=", ".join(map(str, expected)),
                    found=_shown(found))
    if check == "type":
        wanted = _say(f"type.{expected}") if isinstance(expected, str) else str(expected)
        return _say("schema.type", where=where, expected=wanted,
                    found_type=_type_name_of(found), found=_shown(found))
    if check == "pattern":
        return _say("schema.pattern", where=where, found=_shown(found))
    if check in {"minimum", "maximum"}:
        return _say(f"schema.{check}", where=where, limit=Count(expected), found=_shown(found))
    if check == "minLength":
        return _say("schema.min_length", where=where)
    if check == "maxLength":
        return _say("schema.max_length", where=where, limit=Count(expected),
                    found=Count(len(found)))
    if check == "maxItems":
        return _say("schema.max_items", where=where, limit=Count(expected),
                    found=Count(len(found)))
    return _say("schema.other", where=where, reason=error.message)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _type_name_of(value: object) -> object:
    if isinstance(value, bool):
        return _say("found.boolean")
    if isinstance(value, str):
        return _say("found.text")
    if isinstance(value, int | float):
        return _say("found.number")
    if isinstance(value, list):
        return _say("found.list")
    return _say("found.table") if isinstance(value, dict) else type(value).__name__


def _check_references(data: Mapping[str, Any], source: str) -> None:
    # Who stated or owns a gap, and who decides, must be people at the prospect: that is
    # what makes a gap "stated by the prospect" rather than assumed by the rep.
    contacts = [c["name"] for c in data["prospect"].get("contacts", [])]
    folded = {c.casefold() for c in contacts}
    known: object = ", ".join(contacts) or _say("schema.no_contacts")
    refs: list[tuple[str, str]] = []
    for i, gap in enumerate(data.get("gaps", [])):
        evidence = gap.get("evidence", {})
        refs += [(f"gaps[{i}].evidence.{k}", evidence.get(k, "")) for k in ("stated_by", "owner")]
    refs.append(("decision.maker", data.get("decision", {}).get("maker", "")))
    for where, name in refs:
        if name and name.casefold() not in folded:
            raise DealFileError(
                _say("schema.contact", source=source, where=where, known=known, name=repr(name)),
                key_path=where, check="contact", expected=contacts,
            )
    for key in ("gaps", "offer"):
        seen: set[str] = set()
        for i, entry in enumerate(data.get(key, [])):
            if entry["id"] in seen:
                raise DealFileError(
                    _say("schema.unique", source=source, where=f"{key}[{i}].id",
                         id=repr(entry["id"])),
                    key_path=f"{key}[{i}].id", check="unique",
                )
            seen.add(entry["id"])


def _build(data: Mapping[str, Any], source: str) -> Deal:
    p, o, i = data["prospect"], data["our_side"], data["incumbent"]
    prospect = Prospect(
        **{k: v for k, v in p.items() if k != "contacts"},
        contacts=tuple(Contact(**c) for c in p.get("contacts", [])),
    )
    our_side = OurSide(
        organisation=o["organisation"],
        rep=o["rep"],
        capabilities=tuple(o.get("capabilities", [])),
        claims=tuple(Claim(**c) for c in o.get("claims", [])),
    )
    incumbent = Incumbent(
        **{k: v for k, v in i.items() if k not in {"delivers", "counter_history"}},
        delivers=tuple(i.get("delivers", [])),
        counter_history=tuple(i.get("counter_history", [])),
    )
    gaps = tuple(
        Gap(
            **{k: v for k, v in g.items() if k != "evidence"},
            evidence=GapEvidence(**g.get("evidence", {})),
        )
        for g in data.get("gaps", [])
    )
    return Deal(
        title=data["title"],
        prospect=prospect,
        our_side=our_side,
        incumbent=incumbent,
        gaps=gaps,
        vision=Vision(**data.get("vision", {})),
        decision=Decision(**data.get("decision", {})),
        offer=tuple(OfferItem(**item) for item in data.get("offer", [])),
        rep_confidence=data.get("rep_confidence"),
        stage=data.get("stage", "discovery"),
        language=data.get("language", "en"),
        conversations=tuple(data.get("conversations", [])),
        source=source,
    )


def deal_to_dict(deal: Deal) -> dict[str, Any]:
    """The deal as a plain mapping in the file format (defaults and empties left out)."""
    out = cast(dict[str, Any], _plain(deal))
    out.pop("source", None)
    return {"schema": DEAL_SCHEMA, **out}


def deal_to_toml(deal: Deal) -> str:
    """The deal as the text of a deal file; `parse_deal` reads it back equal."""
    data = deal_to_dict(deal)
    # Plain keys first so that TOML does not place them inside a preceding table.
    simple = {k: v for k, v in data.items() if not isinstance(v, dict | list) or _is_flat(v)}
    tables = {k: v for k, v in data.items() if k not in simple}
    return tomli_w.dumps({**simple, **tables})


def _is_flat(value: object) -> bool:
    return isinstance(value, list) and all(not isinstance(v, dict) for v in value)


def _plain(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in fields(value):
            item = getattr(value, f.name)
            default: object = f.default
            if f.default_factory is not MISSING:
                default = f.default_factory()
            if item is None or item == default or item in ("", (), []):
                continue
            plain = _plain(item)
            if plain != {}:
                out[f.name] = plain
        return out
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value
