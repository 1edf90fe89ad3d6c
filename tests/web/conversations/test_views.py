"""The conversation page is built around its findings: one card per sentence with every
behaviour in it, names and severities in words and advice in the reader's language, filters that
work without JavaScript, and links between each marked sentence and its card."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from displace.core.coach.behaviours import behaviour_table
from displace.web.conversations.actions import Upload, record_conversation
from displace.web.conversations.models import Conversation
from displace.web.conversations.presenting import card_index
from displace.web.deals.models import Deal
from tests.web.conftest import VIETNAMESE_CALL, queries_for_page

Login = Callable[[str], Client]

# "I see." lets a cue pass (missed cue); the next sentence is both a matchable concession and a
# premature proposal: one card with both.
CALL = "\n".join([
    "Rep: How is Northern Bank treating you?",
    "Customer: Fine. Honestly, I think they could be quicker with loan approvals.",
    "Rep: I see. We can waive the account fees for the first year.",
    "Customer: Let me think about it.",
    "Rep: Sure.",
])
CARD = re.compile(r'<article class="finding-card[^"]*" id="f-(\d+)"')


def _call(deal: Deal, text: str = CALL) -> Conversation:
    return record_conversation(deal, Upload("call.txt", text.encode()), by=deal.owner,
                               title="Call")


def _page(client: Client, call: Conversation, lang: str = "en", **query: Any) -> str:
    client.post(reverse("language"), {"language": lang, "next": "/"})
    response = client.get(reverse("conversation", args=[call.pk]), query)
    assert response.status_code == 200
    return str(response.content.decode())


def _card(page: str, text: str) -> str:
    """The card whose quote holds `text`."""
    for part in page.split('<article class="finding-card')[1:]:
        card = part.split("</article>")[0]
        if text in card.split("</blockquote>")[0]:
            return card
    raise AssertionError(f"no card quotes {text!r}")


def test_a_sentence_with_two_behaviours_gets_one_card_naming_both(
    login: Login, alices_deal: Deal
) -> None:
    call = _call(alices_deal)
    page = _page(login("alice"), call)
    card = _card(page, "We can waive the account fees for the first year.")
    assert "Matchable concession" in card and "Premature proposal" in card
    assert card.count("<h3>") == 2
    findings = list(call.findings.all())
    homes = {str(card_index(call.turns, f)) for f in findings}
    assert sorted(CARD.findall(page), key=int) == sorted(homes, key=int)
    assert len(homes) < len(findings)


def test_every_card_is_a_sentence_of_the_transcript_and_each_links_to_the_other(
    login: Login, alices_deal: Deal
) -> None:
    page = _page(login("alice"), _call(alices_deal))
    cards = CARD.findall(page)
    assert cards
    for n in cards:
        assert f'href="#s-{n}"' in page and f'id="s-{n}"' in page  # card -> sentence
        assert f'href="#f-{n}"' in page  # sentence -> card
    for target in re.findall(r'href="#f-(\d+)"', page):
        assert target in cards
    assert page.count('<script src="/static/displace/conversation.js"') == 1
    assert "onclick" not in page  # no inline script: the CSP allows only our own files


@pytest.mark.parametrize(("lang", "severity", "name"), [
    ("en", "High risk", "Matchable concession"),
    ("vi", "Rủi ro cao", "Nhượng bộ dễ bị đối thủ bắt chước"),
])
def test_behaviours_and_severities_are_words_never_ids(
    login: Login, alices_deal: Deal, lang: str, severity: str, name: str
) -> None:
    page = _page(login("alice"), _call(alices_deal), lang)
    card = _card(page, "We can waive the account fees")
    assert name in card and severity in card
    headings = re.sub(r"<[^>]+>", " ", " ".join(re.findall(r"<h3>(.*?)</h3>", page)))
    for raw in ("matchable-concession", "premature-proposal", "missed-cue", "high", "medium"):
        assert raw not in headings
    assert "<code>" not in page


def test_advice_follows_the_interface_not_the_deals_language(
    login: Login, alices_deal: Deal
) -> None:
    assert alices_deal.language == "en"
    call = _call(alices_deal, VIETNAMESE_CALL)  # analysed for an English deal: stored in English
    badmouthing = behaviour_table()["badmouthing"]
    assert call.findings.get(behaviour="badmouthing").advice == badmouthing.advice["en"]
    client = login("alice")
    vietnamese = _page(client, call, "vi")
    assert badmouthing.advice["vi"] in vietnamese and badmouthing.message["vi"] in vietnamese
    assert badmouthing.advice["en"] not in vietnamese
    english = _page(client, call, "en")
    assert badmouthing.advice["en"] in english and badmouthing.advice["vi"] not in english


def test_the_severity_filter_shows_only_those_cards(login: Login, alices_deal: Deal) -> None:
    call = _call(alices_deal)
    client = login("alice")
    everything = _page(client, call)
    high = _page(client, call, severity="high")
    assert len(CARD.findall(high)) < len(CARD.findall(everything))
    assert "Let me think" in everything.split('id="findings"')[1]  # the stall, medium
    assert 'class="level level-medium"' not in high
    assert 'class="level level-high"' in high
    assert '<option value="high" selected>' in high
    assert "Showing" in high  # how many of how many


def test_the_behaviour_filter_shows_only_that_behaviour(login: Login, alices_deal: Deal) -> None:
    call = _call(alices_deal)
    page = _page(login("alice"), call, behaviour="missed-cue")
    assert len(CARD.findall(page)) == call.findings.filter(behaviour="missed-cue").count() == 1
    findings_panel = page.split('id="findings"')[1]
    assert "Missed cue" in findings_panel and "Matchable concession</h3>" not in findings_panel
    # the transcript stays whole; only the filtered findings are marked in it
    assert "We can waive the account fees" in page
    assert page.count('<mark class="finding') == 1


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "is not among this conversation"),
    ("vi", "không có trong các phát hiện của cuộc trò chuyện này"),
])
def test_an_unknown_filter_value_shows_everything_and_says_so(
    login: Login, alices_deal: Deal, lang: str, words: str
) -> None:
    call = _call(alices_deal)
    client = login("alice")
    everything = _page(client, call, lang)
    page = _page(client, call, lang, severity="catastrophic", behaviour="<b>x</b>")
    assert words in page
    assert CARD.findall(page) == CARD.findall(everything)
    assert "<b>x</b>" not in page


def test_the_filters_and_the_cards_cost_no_extra_queries(login: Login, alices_deal: Deal) -> None:
    call = _call(alices_deal)
    client = login("alice")
    url = reverse("conversation", args=[call.pk])
    plain = queries_for_page(client, url)
    assert queries_for_page(client, url + "?severity=high&behaviour=missed-cue") == plain
    assert queries_for_page(login("maria"), url) <= plain  # no accept forms, no gaps read


def test_the_page_leaves_the_charts_their_place_and_reads_on_a_phone(
    login: Login, alices_deal: Deal
) -> None:
    page = _page(login("alice"), _call(alices_deal))
    assert page.index('class="conversation-facts"') < page.index('class="reading"')
    assert page.index('id="transcript"') < page.index('id="findings"')
    assert 'href="#findings"' in page  # a phone reaches the findings below the transcript


# Nobody the label table knows: the reader guesses that Minh, who asks and offers, sells.
UNLABELLED = "\n".join([
    "Minh: How are deliveries going for you these days?",
    "Lan: Mostly on time.",
    "Minh: We can give you a free month if you switch.",
])


def test_the_readers_warnings_follow_the_interface_language_and_name_the_pages_remedy(
    login: Login, alices_deal: Deal
) -> None:
    call = _call(alices_deal, UNLABELLED)
    client = login("alice")
    english = _page(client, call, "en")
    vietnamese = _page(client, call, "vi")
    assert "guessed that speaker &#x27;Minh&#x27; is the seller" in english
    assert "under Speakers" in english and "--seller" not in english
    assert "đoán rằng &#x27;Minh&#x27; là người bán" in vietnamese
    assert "guessed that speaker" not in vietnamese and "--seller" not in vietnamese


def test_a_warning_stored_before_warnings_had_languages_is_shown_as_written(
    login: Login, alices_deal: Deal
) -> None:
    call = _call(alices_deal)
    Conversation.objects.filter(pk=call.pk).update(warnings=["an old <warning>"])
    page = _page(login("alice"), call, "vi")
    assert "an old &lt;warning&gt;" in page


def test_the_api_gives_the_readers_warnings_in_the_requests_language(
    api: Any, alices_deal: Deal
) -> None:
    call = _call(alices_deal, UNLABELLED)
    url = f"/api/conversations/{call.pk}"
    english = api("alice").get(url, HTTP_ACCEPT_LANGUAGE="en").json()["warnings"]
    vietnamese = api("alice").get(url, HTTP_ACCEPT_LANGUAGE="vi").json()["warnings"]
    assert any(w.startswith("guessed that speaker 'Minh'") for w in english)
    assert any(w.startswith("đoán rằng 'Minh'") for w in vietnamese)
    assert all(isinstance(w, str) for w in english + vietnamese)
