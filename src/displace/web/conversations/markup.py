"""The conversation page's transcript turns and finding cards as HTML, built once a page.

An hour's call has hundreds of turns and cards, and the template engine, looping over them, took
most of the page's time; here each card is a few string joins. Every value from the call, the
deal or a label is escaped (a transcript is anyone's words); each word of the interface is
translated once a page, not once a card. The markup is the one conversations/conversation.html
held, to the byte: the page, its script and its tests do not see the difference.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from displace.core.coach.teaching import teachable_behaviours
from displace.core.report.labels import labels_for
from displace.web.conversations.models import Finding
from displace.web.conversations.presenting import Card, Note, TurnView
from displace.web.deals.models import Gap
from displace.web.deals.templatetags.deal_format import role_label
from displace.web.examples.templatetags.teaching import behaviour_options

__all__ = ["Viewer", "cards_html", "transcript_html"]

# A number no id reaches: a URL is reversed once with it and each id put in its place (reversing
# a URL costs about what building a whole card does, and a long call has hundreds of forms).
_ANY_ID = 918_273_645


@dataclass(frozen=True)
class Viewer:
    """Who reads the page, as far as its markup changes: their language, whether they may teach
    the coach (the deal has a team) and accept evidence into one of `gaps` (the deal's owner;
    the cards they may accept from carry `evidence`), and the CSRF token the forms carry."""

    conversation: int
    lang: str
    csrf_token: str
    can_teach: bool
    gaps: Sequence[Gap] = field(default_factory=list)


def transcript_html(turns: Sequence[TurnView], viewer: Viewer) -> SafeString:
    """Each turn: its speaker and role, its sentences with the findings marked, and the link
    that opens the form teaching the coach its words (HTMX, fetched when asked for)."""
    words = _Words()
    roles: dict[str, str] = {}
    teach = _url("turn-teach", viewer.conversation, _ANY_ID)
    parts = []
    for turn in turns:
        role = roles.get(turn.role)
        if role is None:
            role = roles[turn.role] = escape(role_label(turn.role))
        link = ""
        if viewer.can_teach:
            url = teach(turn.index)
            link = (f'<p class="teach"><a href="{url}" hx-get="{url}" hx-target="closest p" '
                    f'hx-swap="outerHTML">{words.teach}</a></p>')
        parts.append(
            f'\n<div class="turn role-{escape(turn.role)}" id="turn-{escape(str(turn.index))}">\n'
            f'  <p class="speaker">{escape(turn.speaker)} <small>{role}</small></p>\n'
            f'  <p class="text">{turn.text_html}</p>\n'
            f'  {link}\n</div>\n')
    return mark_safe("".join(parts))  # every value above escaped


def cards_html(cards: Sequence[Card], viewer: Viewer) -> SafeString:
    """One card per sentence with findings: the quote linking back to the transcript, each
    behaviour's name, level, meaning, advice and source, the 'Not right' form where the coach
    can be taught, and the form accepting the quote as a gap's evidence where it can be."""
    forms = _CardForms(viewer)
    return mark_safe("".join(_card(card, forms) for card in cards))  # all escaped


class _Words:
    """The interface's words on the turns and cards, translated and escaped once."""

    def __init__(self) -> None:
        self.teach = escape(gettext("Teach the coach"))
        self.show = escape(gettext("Show it in the transcript"))
        self.taught = escape(gettext("taught by your team"))
        self.should_be = escape(gettext("Should have been"))
        self.nothing = escape(gettext("nothing: just not this"))
        self.not_right = escape(gettext("Not right"))
        self.accept = escape(gettext("Accept as evidence"))
        self.evidence_for = escape(gettext("Evidence for"))
        self.new_gap = escape(gettext("a new gap"))
        self.gap_title = escape(gettext("Title of the new gap"))
        self.said_by = escape(gettext("Said by (a contact at the prospect)"))


class _CardForms:
    """What every card of a page shares: words, labels, URLs, the token and the gaps."""

    def __init__(self, viewer: Viewer) -> None:
        self.words = _Words()
        self.labels = labels_for(viewer.lang)
        self.teachable = frozenset(teachable_behaviours()) if viewer.can_teach else frozenset()
        self.wrong = _url("finding-wrong", _ANY_ID)
        self.accept = _url("finding-accept", _ANY_ID)
        self.token = (f'<input type="hidden" name="csrfmiddlewaretoken" '
                      f'value="{escape(viewer.csrf_token)}">')
        self.gap_options = "".join(f'<option value="{escape(g.key)}">{escape(g.title)}</option>'
                                   for g in viewer.gaps)
        self._roles: dict[str, str] = {}
        self._sources: dict[str, str] = {}

    def role(self, code: str) -> str:
        if code not in self._roles:
            self._roles[code] = escape(role_label(code))
        return self._roles[code]

    def source(self, source: Mapping[str, Any]) -> str:
        """Where a finding came from, in words; a long call's findings share a few sources."""
        key = json.dumps(source, sort_keys=True, default=str)
        if key not in self._sources:
            self._sources[key] = escape(self.labels.source(source))
        return self._sources[key]


def _url(name: str, *args: int) -> Callable[[int], str]:
    """A function of an id giving the URL `name` reverses to with it in place of _ANY_ID."""
    head, tail = (escape(part) for part in reverse(name, args=args).split(str(_ANY_ID)))
    return lambda pk: f"{head}{int(pk)}{tail}"


def _card(card: Card, forms: _CardForms) -> str:
    w = forms.words
    notes = "".join(_note(note, forms) for note in card.notes)
    evidence = _evidence_form(card, card.evidence, forms) if card.evidence else ""
    return (
        f'\n<article class="finding-card {escape(card.polarity)}" id="f-{card.sentence}" '
        f'tabindex="-1">\n'
        f'  <blockquote><a href="#s-{card.sentence}" data-jump="sentence" title="{w.show}">'
        f'“{escape(card.quote)}”</a>\n'
        f'    <footer>{escape(card.speaker)} · {forms.role(card.role)}</footer></blockquote>\n'
        f'  {notes}\n  {evidence}\n</article>\n')


def _note(note: Note, forms: _CardForms) -> str:
    w = forms.words
    advice = f'<p class="advice">{escape(note.advice)}</p>' if note.advice else ""
    sources = " · ".join(forms.source(s) for s in note.sources)
    taught = f" · {w.taught}" if note.taught else ""
    wrong = ""
    if note.behaviour in forms.teachable:
        f = note.finding
        wrong = (f'<form method="post" action="{forms.wrong(f.pk)}" class="teach">{forms.token}\n'
                 f'      <label>{w.should_be} <select name="should_be"><option value="">'
                 f'{w.nothing}</option>{behaviour_options(f.role, f.behaviour)}</select></label>\n'
                 f'      <button>{w.not_right}</button>\n    </form>')
    return (
        f'\n  <section class="note {escape(note.polarity)}">\n'
        f'    <h3>{escape(note.name)} <span class="level level-{escape(note.level)}">'
        f'{escape(note.level_name)}</span></h3>\n'
        f'    <p>{escape(note.message)}</p>\n'
        f'    {advice}\n'
        f'    <p class="source"><small>{sources}{taught}</small></p>\n'
        f'    {wrong}\n  </section>\n  ')


def _evidence_form(card: Card, evidence: Finding, forms: _CardForms) -> str:
    w = forms.words
    return (
        f'\n  <details class="accept"{"" if card.said_by else " open"}>'
        f'<summary>{w.accept}</summary>\n'
        f'  <form method="post" action="{forms.accept(evidence.pk)}" class="stack">'
        f'{forms.token}\n'
        f'    <label>{w.evidence_for} <select name="gap"><option value="">{w.new_gap}</option>'
        f'{forms.gap_options}</select></label>\n'
        f'    <label>{w.gap_title} <input name="title" value="{escape(card.title)}" '
        f'maxlength="300"></label>\n'
        f'    <label>{w.said_by} <input name="said_by" value="{escape(card.said_by)}" '
        f'maxlength="200" list="prospect-contacts"{"" if card.said_by else " required"}>'
        f'</label>\n'
        f'    <button>{w.accept}</button>\n'
        f'  </form></details>\n  ')
