"""A deal's history as sentences in the reader's language: changes, uploads, follow-ups, comments.

`history_entries` is pure: it takes rows already read (their people selected with them, so
the page's query count does not grow with the history) and returns entries, newest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from displace.core.crm import CRMS, load_preset
from displace.core.outcomes import NOT_RECORDED
from displace.web.conversations.models import Conversation
from displace.web.deals.models import (
    CLOSED_STAGES,
    Comment,
    Countered,
    CounterMove,
    Deal,
    EvidenceChange,
    LostTo,
    Stage,
)
from displace.web.followups.models import FollowUp
from displace.web.formatting import format_money, format_percent

__all__ = ["HISTORY_LIMIT", "Entry", "change_sentences", "history_entries"]

# How many entries the deal page shows, newest first.
HISTORY_LIMIT = 50
# A comment is quoted in the history up to this many characters; the comments section has it all.
COMMENT_CHARS = 140

# Parts of a deal, in words, for the sentences that name them.
PART_WORDS = {
    "prospect": gettext_lazy("the prospect"),
    "incumbent": gettext_lazy("the incumbent"),
    "vision": gettext_lazy("the vision"),
    "prospect.contacts": gettext_lazy("the contacts"),
    "our_side.claims": gettext_lazy("our claims"),
    "our_side": gettext_lazy("our side"),
    "decision": gettext_lazy("the decision"),
    "offer": gettext_lazy("the offer"),
    "gaps": gettext_lazy("the gaps"),
    "deal": gettext_lazy("the deal"),
    # Fields a CRM record changes.
    "title": gettext_lazy("the title"),
    "owner": gettext_lazy("the owner"),
    "currency": gettext_lazy("the currency"),
    "expected_close": gettext_lazy("the expected close"),
    "rep_confidence": gettext_lazy("the rep's confidence"),
}

@dataclass(frozen=True)
class Entry:
    """One line of the history: when, and what happened as an HTML-safe sentence."""

    at: datetime
    sentence: SafeString


def history_entries(
    deal: Deal, *, changes: Iterable[EvidenceChange], comments: Iterable[Comment],
    conversations: Iterable[Conversation], follow_ups: Iterable[FollowUp],
    limit: int = HISTORY_LIMIT,
) -> list[Entry]:
    """Every event of the deal as a sentence in the active language, newest first."""
    found: list[tuple[datetime, int, int, SafeString]] = []
    for change in changes:
        for sentence in change_sentences(deal, change):
            found.append((change.at, 0, change.pk, sentence))
    for conversation in conversations:
        link = format_html('<a href="{}">{}</a>', reverse("conversation", args=[conversation.pk]),
                           conversation.title)
        found.append((conversation.created_at, 1, conversation.pk, _sentence(
            _("%(who)s uploaded the conversation “%(title)s”"),
            who=_who(conversation.uploaded_by), title=link)))
    for follow_up in follow_ups:
        found.append((follow_up.created_at, 2, follow_up.pk, _follow_up_added(follow_up)))
        if follow_up.done and follow_up.done_at is not None:
            found.append((follow_up.done_at, 3, follow_up.pk, _follow_up_done(follow_up)))
    for comment in comments:
        found.append((comment.created_at, 4, comment.pk, _sentence(
            _("%(who)s commented: “%(text)s”"), who=_who(comment.author),
            text=Truncator(" ".join(comment.text.split())).chars(COMMENT_CHARS))))
    found.sort(key=lambda row: row[:3], reverse=True)
    return [Entry(at, sentence) for at, _kind, _pk, sentence in found[:limit]]


def _follow_up_added(follow_up: FollowUp) -> SafeString:
    """Who added it, for whom (when for someone else), due when; follow-ups from before their
    creator was kept say only for whom."""
    due = date_format(follow_up.due, "SHORT_DATE_FORMAT")
    if follow_up.created_by_id is None:
        return _sentence(_("Follow-up “%(title)s” added for %(who)s, due %(date)s"),
                         who=_who(follow_up.assignee), title=follow_up.title, date=due)
    if follow_up.created_by_id == follow_up.assignee_id:
        return _sentence(_("%(who)s added the follow-up “%(title)s”, due %(date)s"),
                         who=_who(follow_up.created_by), title=follow_up.title, date=due)
    return _sentence(_("%(who)s added the follow-up “%(title)s” for %(assignee)s, due %(date)s"),
                     who=_who(follow_up.created_by), assignee=_who(follow_up.assignee),
                     title=follow_up.title, date=due)


def _follow_up_done(follow_up: FollowUp) -> SafeString:
    if follow_up.done_by_id is None:
        return _sentence(_("Follow-up “%(title)s” marked done"), title=follow_up.title)
    return _sentence(_("%(who)s closed the follow-up “%(title)s”"), who=_who(follow_up.done_by),
                     title=follow_up.title)


def change_sentences(deal: Deal, change: EvidenceChange) -> list[SafeString]:
    """What one recorded change says, as one sentence or a few (a CRM update changes several)."""
    who = _who(change.by)
    head, _dot, key = change.what.partition(".")
    if change.what == "create":
        return [_sentence(_("%(who)s created the deal"), who=who)]
    if change.what == "import":
        if deal.crm_source:
            return [_sentence(_("%(who)s imported the deal from %(crm)s"), who=who,
                              crm=_crm_name(deal.crm_source))]
        return [_sentence(_("%(who)s imported the deal from a deal file"), who=who)]
    if change.what == "close":
        return [_closing_sentence(who, _mapping(change.after))]
    if change.what == "reopen":
        return [_sentence(_("%(who)s reopened the deal at %(stage)s"), who=who,
                          stage=_stage(_mapping(change.after).get("stage")))]
    if change.what in ("deal", "crm"):
        if change.by is None and change.what == "crm":
            who = _crm_name(deal.crm_source)
        return _field_sentences(deal, who, _mapping(change.before), _mapping(change.after))
    if head == "gaps" and key:
        return [_gap_sentence(who, change.before, change.after)]
    if head == "offer" and key:
        return [_offer_sentence(who, change.before, change.after)]
    return [_sentence(_("%(who)s edited %(part)s"), who=who, part=_part_words(change.what))]


def _field_sentences(deal: Deal, who: str, before: Mapping[str, Any],
                     after: Mapping[str, Any]) -> list[SafeString]:
    sentences = []
    for name in after:
        old, new = before.get(name), after.get(name)
        if name == "stage":  # a deal file leaves out the first stage, as its default
            old, new = old or Stage.DISCOVERY, new or Stage.DISCOVERY
        if old == new:
            continue
        if name == "stage":
            sentences.append(_stage_sentence(who, old, new))
        elif name == "value":
            sentences.append(_sentence(
                _("%(who)s changed the value from %(before)s to %(after)s"), who=who,
                before=_money(old, before.get("currency") or deal.currency),
                after=_money(new, after.get("currency") or deal.currency)))
        else:
            sentences.append(_sentence(
                _("%(who)s changed %(part)s from “%(before)s” to “%(after)s”"), who=who,
                part=_part_words(name), before=_value(name, old), after=_value(name, new)))
    # Changes recorded before value, currency and expected close were kept say only this.
    return sentences or [_sentence(_("%(who)s edited %(part)s"), who=who,
                                   part=_part_words("deal"))]


def _stage_sentence(who: str, old: Any, new: Any) -> SafeString:
    # An outcome set as a stage (the deal's form, a CRM) is a closing without a reason.
    if new in CLOSED_STAGES:
        return _sentence(_("%(who)s closed the deal as %(outcome)s (reason not recorded)"),
                         who=who, outcome=_stage(new))
    if old in CLOSED_STAGES:
        return _sentence(_("%(who)s reopened the deal at %(stage)s"), who=who, stage=_stage(new))
    return _sentence(_("%(who)s changed the stage from %(before)s to %(after)s"), who=who,
                     before=_stage(old), after=_stage(new))


def _closing_sentence(who: str, closing: Mapping[str, Any]) -> SafeString:
    """The deal closed: its outcome, the reason in the reader's language, a loss's details."""
    outcome = _stage(closing.get("stage"))
    code = str(closing.get("reason") or NOT_RECORDED)
    if code == NOT_RECORDED:
        said = _sentence(_("%(who)s closed the deal as %(outcome)s (reason not recorded)"),
                         who=who, outcome=outcome)
    else:
        words = _mapping(closing.get("reason_label"))
        reason = words.get("vi" if (get_language() or "en").startswith("vi") else "en") or code
        said = _sentence(_("%(who)s closed the deal as %(outcome)s: %(reason)s"), who=who,
                         outcome=outcome, reason=str(reason))
    details = _loss_details(closing)
    note = " ".join(str(closing.get("note") or "").split())
    if note:
        details.append(_sentence(_("note: “%(note)s”"),
                                 note=Truncator(note).chars(COMMENT_CHARS)))
    if not details:
        return said
    return mark_safe(f"{said} ({'; '.join(details)})")  # each part escaped by _sentence


def _loss_details(closing: Mapping[str, Any]) -> list[SafeString]:
    details = []
    move = closing.get("counter_move")
    if closing.get("countered") == Countered.YES:
        details.append(_sentence(_("the incumbent countered: %(move)s"), move=_choice(
            CounterMove, move)) if move else _sentence(_("the incumbent countered")))
    elif closing.get("countered") == Countered.NO:
        details.append(_sentence(_("the incumbent did not counter")))
    if closing.get("lost_to"):
        details.append(_sentence(_("lost to %(whom)s"), whom=_choice(LostTo,
                                                                      closing["lost_to"])))
    return details


def _choice(choices: Any, code: Any) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code)


def _gap_sentence(who: str, before: Any, after: Any) -> SafeString:
    if after is None:
        return _sentence(_("%(who)s removed the gap “%(title)s”"), who=who,
                         title=_mapping(before).get("summary", ""))
    title = _mapping(after).get("summary", "")
    if before is None:
        return _sentence(_("%(who)s added the gap “%(title)s”"), who=who, title=title)
    return _sentence(_("%(who)s updated the gap “%(title)s”"), who=who, title=title)


def _offer_sentence(who: str, before: Any, after: Any) -> SafeString:
    if after is None:
        return _sentence(_("%(who)s removed the offer item “%(title)s”"), who=who,
                         title=_mapping(before).get("text", ""))
    title = _mapping(after).get("text", "")
    if before is None:
        return _sentence(_("%(who)s added the offer item “%(title)s”"), who=who, title=title)
    return _sentence(_("%(who)s edited the offer item “%(title)s”"), who=who, title=title)


def _sentence(template: str, **values: str) -> SafeString:
    """The translated template with its values escaped (a link passed as SafeString stays)."""
    escaped = {name: conditional_escape(value) for name, value in values.items()}
    # The template is escaped too, so neither a translation nor a value can inject markup.
    return mark_safe(conditional_escape(template) % escaped)


def _who(user: Any) -> str:
    if user is None:
        return _("Someone")
    return str(user.get_full_name() or user.get_username())


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _part_words(what: str) -> str:
    head = what.partition(".")[0]
    words = PART_WORDS.get(what) or PART_WORDS.get(head)
    if words is not None:
        return str(words)
    # A part this module does not know yet: its name in words, never the raw key.
    return what.replace("_", " ").replace(".", " ").replace("-", " ").strip()


def _stage(code: Any) -> str:
    try:
        return str(Stage(code).label)
    except ValueError:
        return str(code or "—")


def _money(amount: Any, currency: str) -> str:
    try:
        return format_money(Decimal(str(amount)), str(currency), get_language() or "en")
    except (InvalidOperation, ValueError):
        return str(amount or "—")


def _value(name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if name == "rep_confidence" and isinstance(value, int | float):
        return format_percent(float(value), get_language() or "en")
    if name == "expected_close":
        try:
            return date_format(date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
        except ValueError:
            return str(value)
    return str(value)


def _crm_name(code: str) -> str:
    return (load_preset(code).label or code) if code in CRMS else code
