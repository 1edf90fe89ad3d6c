"""The conversation page's turns and finding cards, built in Python: the markup the template
built, in both languages, every value of a hostile transcript kept as text, each finding's
source named, and the forms only for a viewer who may use them."""

from __future__ import annotations

import re
from html import escape
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import translation

from displace.core.report.labels import labels_for
from displace.web.conversations.markup import Viewer, cards_html, transcript_html
from displace.web.conversations.models import Conversation, Finding
from displace.web.conversations.presenting import Reading, reading
from displace.web.deals.models import Gap

TOKEN = "Zq9" * 21 + "x"  # the shape of a masked CSRF token: 64 letters and digits

# The loops conversations/conversation.html held before the turns and cards were built in
# Python, kept as the reference the markup must match.
TEMPLATE_TURNS = """{% load i18n deal_format %}{% for turn in reading.turns %}
<div class="turn role-{{ turn.role }}" id="turn-{{ turn.index }}">
  <p class="speaker">{{ turn.speaker }} <small>{{ turn.role|role_label }}</small></p>
  <p class="text">{{ turn.text_html }}</p>
  {% if can_teach %}{% url 'turn-teach' conversation.pk turn.index as teach_url %}<p class="teach"><a href="{{ teach_url }}" hx-get="{{ teach_url }}" hx-target="closest p" hx-swap="outerHTML">{% translate "Teach the coach" %}</a></p>{% endif %}
</div>
{% endfor %}"""  # noqa: E501 -- the template's lines as they were
TEMPLATE_CARDS = """{% load i18n deal_format teaching %}{% for card in reading.cards %}
<article class="finding-card {{ card.polarity }}" id="f-{{ card.sentence }}" tabindex="-1">
  <blockquote><a href="#s-{{ card.sentence }}" data-jump="sentence" title="{% translate 'Show it in the transcript' %}">“{{ card.quote }}”</a>
    <footer>{{ card.speaker }} · {{ card.role|role_label }}</footer></blockquote>
  {% for note in card.notes %}
  <section class="note {{ note.polarity }}">
    <h3>{{ note.name }} <span class="level level-{{ note.level }}">{{ note.level_name }}</span></h3>
    <p>{{ note.message }}</p>
    {% if note.advice %}<p class="advice">{{ note.advice }}</p>{% endif %}
    <p class="source"><small>{% for source in note.sources %}{{ source|source_label }}{% if not forloop.last %} · {% endif %}{% endfor %}{% if note.taught %} · {% translate "taught by your team" %}{% endif %}</small></p>
    {% if can_teach and note.behaviour|is_teachable %}{% with f=note.finding %}<form method="post" action="{% url 'finding-wrong' f.pk %}" class="teach">{% csrf_token %}
      <label>{% translate "Should have been" %} <select name="should_be"><option value="">{% translate "nothing: just not this" %}</option>{% behaviour_options f.role f.behaviour %}</select></label>
      <button>{% translate "Not right" %}</button>
    </form>{% endwith %}{% endif %}
  </section>
  {% endfor %}
  {% if card.evidence %}
  <details class="accept"{% if not card.said_by %} open{% endif %}><summary>{% translate "Accept as evidence" %}</summary>
  <form method="post" action="{% url 'finding-accept' card.evidence.pk %}" class="stack">{% csrf_token %}
    <label>{% translate "Evidence for" %} <select name="gap"><option value="">{% translate "a new gap" %}</option>{% for g in gaps %}<option value="{{ g.key }}">{{ g.title }}</option>{% endfor %}</select></label>
    <label>{% translate "Title of the new gap" %} <input name="title" value="{{ card.title }}" maxlength="300"></label>
    <label>{% translate "Said by (a contact at the prospect)" %} <input name="said_by" value="{{ card.said_by }}" maxlength="200" list="prospect-contacts"{% if not card.said_by %} required{% endif %}></label>
    <button>{% translate "Accept as evidence" %}</button>
  </form></details>
  {% endif %}
</article>
{% endfor %}"""  # noqa: E501 -- the template's lines as they were

SELLER = "We can waive the fees <script>alert(1)</script> for a year. How is it going?"
PROSPECT = 'Honestly, payments arrive late & "we" lose a day"><img src=x onerror=alert(1)>. Fine.'
CUSTOMER = "Our bank is slow, it's a <problem> for us."
TURNS = [
    {"index": 0, "speaker": 'Bill "<b>"', "role": "seller", "text": SELLER},
    {"index": 1, "speaker": "Ray's <i>boss</i>", "role": "prospect", "text": PROSPECT},
    {"index": 2, "speaker": "Customer", "role": "prospect", "text": CUSTOMER},
]
GAPS = [Gap(key="slow-<loans>", title='Slow "loans" </option><script>x</script>')]
CONTACTS = ["Mei", "Arthur <Quinn>"]


def _finding(pk: int, behaviour: str, polarity: str, turn: int, words: str, *,
             rule: str = "en:counter.match-terms", **data: Any) -> Finding:
    text = str(TURNS[turn]["text"])
    start = text.index(words)
    return Finding(pk=pk, behaviour=behaviour, polarity=polarity, severity="high", turn=turn,
                   start=start, end=start + len(words), quote=words,
                   speaker=str(TURNS[turn]["speaker"]), role=str(TURNS[turn]["role"]),
                   rule=rule, data=data, message="stored message", advice="stored advice")


FINDINGS = [
    _finding(11, "matchable-concession", "risk", 0, "We can waive the fees", model_score=0.999),
    _finding(12, "matchable-concession", "risk", 0, "waive the fees <script>",
             model_score=0.999),  # the same rule as 11: one source on the card
    _finding(13, "premature-proposal", "risk", 0, "for a year",
             rule="sequence:premature-proposal"),
    _finding(14, "prospect-stated-gap", "good", 1, "payments arrive late",
             rule="model:nano-e5", score=0.94),
    _finding(15, "dissatisfaction-cue", "info", 1, "lose a day", rule="team:", source="team",
             example=5, similarity=0.91),
    _finding(16, "offer", "info", 0, "How is it going?"),  # the coach's own: not teachable
    _finding(17, "prospect-stated-gap", "good", 2, "Our bank is slow"),
]


def _reading(lang: str, contacts: list[str] | None = CONTACTS) -> Reading:
    return reading(TURNS, FINDINGS, lang, contacts=contacts)


def _viewer(lang: str, *, can_teach: bool = True, gaps: list[Gap] = GAPS) -> Viewer:
    return Viewer(7, lang, TOKEN, can_teach=can_teach, gaps=gaps)


def _template(source: str, read: Reading) -> str:
    context = {"reading": read, "can_teach": True, "gaps": GAPS, "csrf_token": TOKEN,
               "conversation": {"pk": 7}}
    return str(engines["django"].from_string(source).render(context))


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_turns_and_cards_are_the_markup_the_template_built(lang: str) -> None:
    with translation.override(lang):
        read = _reading(lang)
        assert len(read.cards) == 4 and sum(1 for c in read.cards if c.evidence) == 2
        assert str(transcript_html(read.turns, _viewer(lang))) == _template(TEMPLATE_TURNS, read)
        assert str(cards_html(read.cards, _viewer(lang))) == _template(TEMPLATE_CARDS, read)


@pytest.mark.parametrize(("lang", "words", "other"), [
    ("en", ["Teach the coach", "Not right", "Accept as evidence", "taught by your team"],
     ["Chưa đúng", "Nhận làm bằng chứng"]),
    ("vi", ["Dạy trợ lý huấn luyện", "Chưa đúng", "Nhận làm bằng chứng", "do nhóm bạn dạy"],
     ["Teach the coach", "Not right", "Accept as evidence", "taught by your team"]),
])
def test_the_words_of_the_turns_and_cards_are_in_the_readers_language(
    lang: str, words: list[str], other: list[str]
) -> None:
    with translation.override(lang):
        read = _reading(lang)
        page = str(transcript_html(read.turns, _viewer(lang))) + str(
            cards_html(read.cards, _viewer(lang)))
    assert all(w in page for w in words)
    assert not any(w in page for w in other)


def test_a_hostile_transcript_speaker_quote_and_gap_stay_text() -> None:
    read = _reading("en")
    page = str(transcript_html(read.turns, _viewer("en"))) + str(
        cards_html(read.cards, _viewer("en")))
    for markup in ("<script", "<img", "<b>", "<i>", "<problem>", "</option><script"):
        assert markup not in page
    assert "Bill &quot;&lt;b&gt;&quot;" in page  # the speaker, on the turn and the card
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the quote
    assert 'lose a day&quot;&gt;&lt;img src=x onerror=alert(1)&gt;' in page
    assert 'value="Ray&#x27;s &lt;i&gt;boss&lt;/i&gt;"' in page  # who said it, in its input
    assert ('<option value="slow-&lt;loans&gt;">Slow &quot;loans&quot; &lt;/option&gt;'
            '&lt;script&gt;x&lt;/script&gt;</option>') in page


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_each_behaviour_names_where_its_findings_came_from_each_source_once(lang: str) -> None:
    with translation.override(lang):
        read = _reading(lang)
        cards = str(cards_html(read.cards, _viewer(lang)))
    labels = labels_for(lang)
    sources = re.findall(r'<p class="source"><small>(.*?)</small></p>', cards)
    assert FINDINGS[0].source == FINDINGS[1].source
    assert escape(labels.source(FINDINGS[0].source)) in sources  # two findings, named once
    assert escape(labels.source(FINDINGS[2].source)) in sources
    assert escape(labels.source(FINDINGS[3].source)) in sources
    taught = next(s for s in sources if escape(labels.source(FINDINGS[4].source)) in s)
    assert taught.endswith(" · " + ("do nhóm bạn dạy" if lang == "vi" else "taught by your team"))
    assert sum("taught" in s or "nhóm" in s for s in sources) == 1
    assert len(sources) == 6  # a source line for every behaviour of every card


def test_only_a_viewer_who_may_teach_and_accept_gets_the_forms() -> None:
    read = _reading("en")
    teacher = str(cards_html(read.cards, _viewer("en")))
    assert teacher.count('class="teach">') == 5  # every behaviour but the coach's own offer
    assert 'action="/findings/16/wrong/"' not in teacher
    assert teacher.count(f'name="csrfmiddlewaretoken" value="{TOKEN}"') == 5 + 2
    assert "/conversations/7/turns/2/teach/" in str(transcript_html(read.turns, _viewer("en")))
    managers = _reading("en", contacts=None)  # a manager: no evidence to accept
    cards = str(cards_html(managers.cards, _viewer("en", can_teach=False, gaps=[])))
    turns = str(transcript_html(managers.turns, _viewer("en", can_teach=False, gaps=[])))
    assert "<form" not in cards and "csrfmiddlewaretoken" not in cards
    assert "Teach the coach" not in turns and "/teach/" not in turns
    assert 'class="accept"' not in cards and cards.count('class="finding-card') == 4


def test_the_evidence_form_asks_who_said_it_only_when_no_one_is_known() -> None:
    cards = str(cards_html(_reading("en").cards, _viewer("en"))).split("<article")[1:]
    named = next(c for c in cards if "payments arrive late" in c.split("</blockquote>")[0])
    unnamed = next(c for c in cards if "Our bank is slow" in c.split("</blockquote>")[0])
    assert '<details class="accept">' in named and " required>" not in named
    assert '<details class="accept" open>' in unnamed and 'list="prospect-contacts" required>' \
        in unnamed
    assert 'action="/findings/14/accept/"' in named and 'action="/findings/17/accept/"' in unnamed


def test_the_forms_on_the_cards_carry_a_token_the_site_accepts(
    people: dict[str, AbstractUser], alices_call: Conversation
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["alice"])
    page = client.get(reverse("conversation", args=[alices_call.pk])).content.decode()
    form = re.search(r'<form method="post" action="(/findings/\d+/wrong/)" class="teach">'
                     r'<input type="hidden" name="csrfmiddlewaretoken" value="(\w+)">', page)
    assert form is not None
    action, token = form.groups()
    assert client.post(action, {"should_be": ""}).status_code == 403  # the check is on
    assert client.post(action, {"should_be": "", "csrfmiddlewaretoken": token}).status_code == 302

