"""A demo call's transcript: its template filled with the deal's own parties, so that a call
names its deal's prospect, contact, incumbent, rep and our bank, and no other."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from displace.web.demo.plan import Call, PlannedDeal
from displace.web.demo.story import Story

__all__ = ["fill_call"]


def fill_call(story: Story, deal: PlannedDeal, call: Call, *,
              rep_label: str) -> tuple[str, dict[str, str]]:
    """The call's transcript and its speakers' roles (label -> role)."""
    lang, core = deal.market.language, deal.core
    fill = {"incumbent": deal.incumbent.name, "maker": deal.maker}
    kind = deal.gap or next(g for g in story.gaps if deal.market.id in g.markets)
    stated: dict[str, str] = next((g["evidence"] for g in core.get("gaps", [])
                                   if g.get("evidence", {}).get("quote")), {})
    vision = core.get("vision", {})
    values = {
        "rep_label": rep_label, "rep": story.reps[deal.owner].name,
        "contact_label": deal.met.name, "contact": deal.met.greet,
        "prospect": core["prospect"]["name"], "incumbent": deal.incumbent.name,
        "our_bank": core["our_side"]["organisation"],
        "tenure": str(int(core["incumbent"].get("tenure_years") or 3)), "maker": deal.maker,
        "gap_question": kind.question[lang].format(**fill),
        "gap_quote": stated.get("quote") or kind.quote[lang].format(**fill),
        "impact": stated.get("impact") or kind.impact[lang],
        "vision_what": _sentence(vision.get("what") or kind.vision["what"][lang]),
        "vision_how": _sentence(vision.get("how") or kind.vision["how"][lang]),
        **_meeting(story.call_words[lang].data, call.at + timedelta(days=7)),
    }
    # load_story checked that the template holds no other placeholder.
    text = call.template.text.format(**values)
    return text, {rep_label: "seller", deal.met.name: "prospect"}


def _sentence(text: str) -> str:
    """A phrase as the start of a sentence that the template ends."""
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def _meeting(names: Mapping[str, Any], day: datetime) -> dict[str, str]:
    """The meeting a call sets, on the first working day from `day`, in the call's words."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    parts = {"weekday": names["weekdays"][day.weekday()], "day": str(day.day),
             "month": names["months"][day.month - 1]}
    return {"meeting": names["meeting"].format(**parts),
            "meeting_short": names["meeting_short"].format(**parts)}
