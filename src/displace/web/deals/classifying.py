"""Classify what a rep types as an offer item or a claim, against the deal's incumbent. Reads only.

The same core function as the assessment (`classify_claim`), with the team's catalogue edits:
parity, matchable or differentiator, and why, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from displace.core.deal.catalogue import Catalogue, CatalogueError, load_catalogue
from displace.core.deal.classify import ClassifiedItem, classify_claim
from displace.core.deal.dealfile import deal_from_dict
from displace.core.deal.model import Claim
from displace.core.deal.weights import load_weights

__all__ = ["capability_choices", "catalogue_for", "classify_entries", "classify_text"]


def catalogue_for(industry: str) -> Catalogue:
    """The industry's catalogue with the admins' edits; an empty one for an industry without."""
    from displace.web.library.actions import library_dirs

    try:
        return load_catalogue(industry, library_dirs())
    except CatalogueError:
        return Catalogue(industry, {}, ())


def capability_choices(industry: str, lang: str) -> list[tuple[str, str]]:
    """(id, name in `lang`) for every capability of the industry's catalogue."""
    return [(c.id, c.name.get(lang[:2], c.name.get("en", c.id)))
            for c in catalogue_for(industry).capabilities]


def classify_text(core: Mapping[str, Any], text: str, lang: str,
                  capability: str = "") -> ClassifiedItem:
    """How `text` would read in this deal's proposal: its class and the reason."""
    return classify_entries(core, [{"text": text, "capability": capability}], lang)[0]


def classify_entries(core: Mapping[str, Any], found: list[dict[str, Any]],
                     lang: str) -> list[ClassifiedItem]:
    """Each offer item or claim of `found` classified against the deal's incumbent."""
    deal = deal_from_dict(core, source="deal")
    catalogue = catalogue_for(deal.industry)
    weights = load_weights()
    out = []
    for n, entry in enumerate(found):
        capability = entry.get("capability") or None
        if capability and catalogue.get(capability) is None:
            capability = None  # an id this catalogue does not know: recognise from the words
        claim = Claim(text=str(entry["text"]), capability=capability, kind=entry.get("kind"),
                      commonality=entry.get("commonality"), match_days=entry.get("match_days"))
        out.append(classify_claim(claim, ident=str(entry.get("id") or n), source="offer",
                                  deal=deal, catalogue=catalogue, weights=weights,
                                  lang=lang[:2] if lang[:2] in ("en", "vi") else "en"))
    return out
