"""What the conversation page shows of a turn: its sentences as escaped HTML, each finding's run
marked and each sentence with a card a link to it."""

from __future__ import annotations

from displace.web.conversations.models import Finding
from displace.web.conversations.presenting import Segment, SentenceView, TurnView


def test_a_turns_sentences_are_escaped_marked_and_linked_to_their_cards() -> None:
    risk = Finding(behaviour="matchable-concession", polarity="risk")
    turn = TurnView(index=2, speaker="Bill", role="seller", sentences=[
        SentenceView(0, [Segment("Hi <b>there</b> & welcome.")]),
        SentenceView(1, [Segment("We can "), Segment("cut <fees>", risk), Segment(" now.")],
                     card=1, polarity="risk"),
    ])
    assert str(turn.text_html) == (
        '<span class="sentence" id="s-0" tabindex="-1">Hi &lt;b&gt;there&lt;/b&gt; &amp; '
        'welcome.</span>'
        '<a class="sentence marked risk" id="s-1" href="#f-1" data-jump="card">We can '
        '<mark class="finding risk">cut &lt;fees&gt;</mark> now.</a>')


def test_a_run_without_a_card_is_not_marked_and_quotes_stay_text() -> None:
    good = Finding(behaviour="open-question", polarity="good")
    turn = TurnView(index=0, speaker="Bill", role="seller", sentences=[
        SentenceView(4, [Segment('He said "<script>"', good)])])
    assert str(turn.text_html) == ('<span class="sentence" id="s-4" tabindex="-1">He said '
                                   '&quot;&lt;script&gt;&quot;</span>')
