"""The shipped rule packs plus a user's own, merged per language and compiled once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from displace.core.coach.matcher import CompiledPack, compile_pack
from displace.core.coach.rulepack import RulePack, load_pack, parse_pack
from displace.core.errors import RulePackError
from displace.core.messages import Message

__all__ = ["builtin_pack", "compiled_packs"]

LANGUAGES = ("en", "vi")


@lru_cache(maxsize=2)
def builtin_pack(language: str) -> RulePack:
    """The rule pack shipped for `language`."""
    source = resources.files("displace.data").joinpath(f"rules/{language}.toml")
    return parse_pack(source.read_text(encoding="utf-8"), f"data/rules/{language}.toml")


def _merge(base: RulePack, extra: RulePack) -> RulePack:
    ids = {r.id for r in base.rules}
    clash = [r.id for r in extra.rules if r.id in ids]
    if clash:
        raise RulePackError(Message("rulepack", "pack.clash", {
            "source": extra.source, "rule": repr(clash[0]), "base": base.source}))
    facts = dict(base.facts)
    for key, patterns in extra.facts.items():
        facts[key] = facts.get(key, ()) + patterns
    return replace(
        base,
        source=f"{base.source} + {extra.source}",
        rules=base.rules + extra.rules,
        tokens={**base.tokens, **extra.tokens},
        stopwords=base.stopwords | extra.stopwords,
        joiners=base.joiners | extra.joiners,
        facts=facts,
        lexicon={**base.lexicon, **extra.lexicon},
        sets={**base.sets, **extra.sets},
        user_patterns=base.user_patterns | extra.user_patterns,
    )


@lru_cache(maxsize=16)
def _compiled(extra: tuple[tuple[str, float], ...]) -> dict[str, CompiledPack]:
    packs = {lang: builtin_pack(lang) for lang in LANGUAGES}
    for path, _mtime in extra:
        pack = load_pack(Path(path), {lang: p.sets for lang, p in packs.items()})
        packs[pack.language] = _merge(packs[pack.language], pack)
    return {lang: compile_pack(pack) for lang, pack in packs.items()}


def compiled_packs(extra: Sequence[Path] = ()) -> dict[str, CompiledPack]:
    """Compiled packs by language: the shipped rules plus each extra pack file, cached."""
    key = []
    for path in extra:
        try:
            key.append((str(path.resolve()), path.stat().st_mtime))
        except OSError as exc:
            raise RulePackError(Message("rulepack", "pack.not_found", {"source": path})) from exc
    return _compiled(tuple(key))
