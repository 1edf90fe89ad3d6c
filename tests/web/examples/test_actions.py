"""Teaching the coach: what each action stores, for whom, and how the next analysis changes.

The suite runs with the learned layer off (DISPLACE_SEMANTIC=off), so a team's examples work
as exact words here; jobs run inline (DISPLACE_JOBS_INLINE=1), so a refresh has happened when
the action returns.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AbstractUser, User
from django.core.exceptions import PermissionDenied

from displace.core.errors import DisplaceError
from displace.web.conversations.actions import Upload, record_conversation
from displace.web.conversations.models import Conversation, Finding
from displace.web.deals.assessing import reports_for
from displace.web.deals.models import Deal
from displace.web.examples import actions
from displace.web.examples.models import Example, Status
from tests.web.conftest import VIETNAMESE_CALL

People = dict[str, AbstractUser]

BADMOUTHING = "Ngân hàng Phương Bắc dở lắm anh ạ, ai cũng biết dịch vụ của họ tệ."
# Turn 3 of Alice's call: the prospect states a gap the rules do not catch.
UNCAUGHT_GAP = "Vấn đề là chúng tôi không biết trước tình hình tiền mặt trước kỳ trả lương thứ Sáu."


def user(people: People, name: str) -> User:
    return User.objects.get(pk=people[name].pk)


def finding(call: Conversation, behaviour: str) -> Finding:
    return call.findings.get(behaviour=behaviour)


def behaviours_on(call: Conversation, turn: int) -> set[str]:
    return set(call.findings.filter(turn=turn).values_list("behaviour", flat=True))


def teach_gap(call: Conversation, by: User) -> Example:
    start = call.turns[3]["text"].index("Vấn đề")
    return actions.teach_sentence(call, 3, start, start + len(UNCAUGHT_GAP),
                                  "prospect-stated-gap", by=by)


def test_a_reps_not_right_is_a_suggested_negative_example_on_the_whole_sentence(
    people: People, alices_call: Conversation
) -> None:
    wrong = finding(alices_call, "badmouthing")
    (example,) = actions.mark_finding_wrong(wrong, by=user(people, "alice"))
    assert (example.text, example.behaviour, example.positive) == (BADMOUTHING, "badmouthing",
                                                                  False)
    assert example.status == Status.SUGGESTED and example.confirmed_at is None
    assert example.team_id == alices_call.deal.team_id
    assert (example.language, example.finding_id, example.conversation_id) == (
        "vi", wrong.pk, alices_call.pk)
    assert example.added_by == user(people, "alice")
    assert "badmouthing" in behaviours_on(alices_call, 2)  # a suggestion changes nothing yet


def test_a_suggestion_changes_the_teams_findings_once_the_manager_confirms_it(
    people: People, alices_call: Conversation
) -> None:
    (example,) = actions.mark_finding_wrong(finding(alices_call, "badmouthing"),
                                            by=user(people, "alice"))
    actions.confirm_example(example, by=user(people, "maria"))
    example.refresh_from_db()
    assert example.status == Status.CONFIRMED
    assert example.confirmed_by == user(people, "maria") and example.confirmed_at
    assert "badmouthing" not in behaviours_on(alices_call, 2)  # the stored findings, refreshed
    assert "matchable-concession" in behaviours_on(alices_call, 2)  # the rest stay


def test_a_managers_not_right_is_confirmed_at_once_and_quiets_the_stored_finding(
    people: People, alices_call: Conversation
) -> None:
    (example,) = actions.mark_finding_wrong(finding(alices_call, "badmouthing"),
                                            by=user(people, "maria"))
    assert example.status == Status.CONFIRMED and example.confirmed_by == user(people, "maria")
    assert "badmouthing" not in behaviours_on(alices_call, 2)


def test_should_have_been_adds_a_positive_example_on_the_same_words(
    people: People, alices_call: Conversation
) -> None:
    negative, positive = actions.mark_finding_wrong(
        finding(alices_call, "badmouthing"), by=user(people, "ada"), should_be="parity-claim")
    assert (negative.positive, positive.positive) == (False, True)
    assert positive.text == negative.text == BADMOUTHING
    assert positive.behaviour == "parity-claim" and positive.status == Status.CONFIRMED
    taught = finding(alices_call, "parity-claim")
    assert taught.data == {"source": "team", "example": positive.pk, "similarity": 1.0}
    assert taught.rule == f"team:example-{positive.pk}"


@pytest.mark.parametrize("should_be", ["badmouthing", "prospect-stated-gap", "offer", "magic"])
def test_it_refuses_a_should_have_been_the_speaker_cannot_show(
    people: People, alices_call: Conversation, should_be: str
) -> None:
    with pytest.raises(DisplaceError):
        actions.mark_finding_wrong(finding(alices_call, "badmouthing"),
                                   by=user(people, "alice"), should_be=should_be)
    assert not Example.objects.exists()


def test_a_taught_sentence_is_found_from_the_next_analysis_on_once_confirmed(
    people: People, alices_call: Conversation, alices_deal: Deal
) -> None:
    example = teach_gap(alices_call, user(people, "alice"))
    assert (example.text, example.positive, example.status) == (UNCAUGHT_GAP, True,
                                                                Status.SUGGESTED)
    again = record_conversation(alices_deal, Upload("again.txt", f"{VIETNAMESE_CALL}\n".encode()),
                                by=alices_deal.owner)
    assert "prospect-stated-gap" not in behaviours_on(again, 3)  # suggested: not yet
    actions.confirm_example(example, by=user(people, "maria"))
    assert "prospect-stated-gap" in behaviours_on(alices_call, 3)  # stored, refreshed
    assert "prospect-stated-gap" in behaviours_on(again, 3)
    later = record_conversation(alices_deal, Upload("later.txt", f"{VIETNAMESE_CALL}\n\n".encode()),
                                by=alices_deal.owner)
    gaps = later.findings.filter(behaviour="prospect-stated-gap")
    assert [(f.turn, f.data.get("source")) for f in gaps] == [(1, None), (3, "team")]


def test_the_deals_assessment_reads_its_conversations_with_the_teams_examples(
    people: People, alices_call: Conversation, alices_deal: Deal
) -> None:
    teach_gap(alices_call, user(people, "maria"))
    (report,) = reports_for(alices_deal)
    assert [f.turn_index for f in report.by_behaviour("prospect-stated-gap")] == [1, 3]


def test_another_teams_examples_change_nothing_here(
    people: People, alices_call: Conversation, make_deal: Callable[..., Deal]
) -> None:
    charlies = make_deal("charlie", title="Charlie's deal")
    call = record_conversation(charlies, Upload("c.txt", VIETNAMESE_CALL.encode()),
                               by=charlies.owner)
    teach_gap(call, user(people, "sam"))  # South's manager teaches South
    assert "prospect-stated-gap" in behaviours_on(call, 3)
    assert "prospect-stated-gap" not in behaviours_on(alices_call, 3)


def test_removing_a_confirmed_example_refreshes_the_teams_findings(
    people: People, alices_call: Conversation
) -> None:
    example = teach_gap(alices_call, user(people, "maria"))
    assert "prospect-stated-gap" in behaviours_on(alices_call, 3)
    actions.remove_example(example, by=user(people, "ada"))
    assert not Example.objects.exists()
    assert "prospect-stated-gap" not in behaviours_on(alices_call, 3)


@pytest.mark.parametrize("who", ["alice", "bob", "sam"])
def test_only_the_teams_manager_or_an_admin_confirms(
    people: People, alices_call: Conversation, who: str
) -> None:
    example = teach_gap(alices_call, user(people, "alice"))
    with pytest.raises(PermissionDenied):
        actions.confirm_example(example, by=user(people, who))
    example.refresh_from_db()
    assert example.status == Status.SUGGESTED


@pytest.mark.parametrize("who", ["alice", "maria"])
def test_only_an_admin_removes(people: People, alices_call: Conversation, who: str) -> None:
    example = teach_gap(alices_call, user(people, "maria"))
    with pytest.raises(PermissionDenied):
        actions.remove_example(example, by=user(people, who))
    assert Example.objects.filter(pk=example.pk).exists()


def test_teaching_the_same_words_twice_keeps_one_example_and_a_manager_confirms_it(
    people: People, alices_call: Conversation
) -> None:
    first = teach_gap(alices_call, user(people, "alice"))
    again = teach_gap(alices_call, user(people, "maria"))
    assert first.pk == again.pk and again.status == Status.CONFIRMED
    assert Example.objects.count() == 1


@pytest.mark.parametrize(("turn", "start", "end", "behaviour"), [
    (9, 0, 5, "prospect-stated-gap"),      # no such turn
    (3, 5, 5, "prospect-stated-gap"),      # no words
    (3, 0, 999, "prospect-stated-gap"),    # past the turn's end
    (3, 0, 20, "parity-claim"),            # the prospect does not make the seller's claims
    (3, 0, 20, "relationship"),            # internal to the coach
    (3, 0, 20, "no-such-behaviour"),
])
def test_it_refuses_words_or_a_behaviour_the_coach_cannot_learn(
    people: People, alices_call: Conversation, turn: int, start: int, end: int,
    behaviour: str,
) -> None:
    with pytest.raises(DisplaceError):
        actions.teach_sentence(alices_call, turn, start, end, behaviour,
                               by=user(people, "alice"))
    assert not Example.objects.exists()


def test_it_refuses_words_longer_than_an_example(
    people: People, alices_deal: Deal
) -> None:
    long = "We never know our cash position " * 12
    call = record_conversation(alices_deal, Upload("l.txt", f"Rep: Hi?\nProspect: {long}\n"
                                                   .encode()), by=alices_deal.owner)
    with pytest.raises(DisplaceError, match="at most 300 characters"):
        actions.teach_sentence(call, 1, 0, len(long.strip()), "prospect-stated-gap",
                               by=user(people, "alice"))


def test_it_finds_the_words_in_the_turn_whatever_their_spacing_and_case(
    alices_call: Conversation,
) -> None:
    text = alices_call.turns[3]["text"]
    start, end = actions.words_in_turn(alices_call, 3, "  CHÚNG TÔI   không biết ")
    assert text[start:end] == "chúng tôi không biết"
    with pytest.raises(DisplaceError, match="not in the turn"):
        actions.words_in_turn(alices_call, 3, "words nobody said")


def test_a_deal_without_a_team_has_no_team_to_teach(
    people: People, make_deal: Callable[..., Deal]
) -> None:
    adas = make_deal("ada", title="Ada's own deal")  # the admin is on no team
    call = record_conversation(adas, Upload("a.txt", VIETNAMESE_CALL.encode()), by=adas.owner)
    with pytest.raises(DisplaceError, match="no team"):
        actions.mark_finding_wrong(finding(call, "badmouthing"), by=user(people, "ada"))


def test_a_finding_in_a_long_sentence_teaches_its_own_words(
    people: People, alices_deal: Deal
) -> None:
    said = ("Rep: Our bank was founded in 1953 " + "and we have grown steadily " * 12
            + "with branches everywhere.\nProspect: Fine.\n")
    call = record_conversation(alices_deal, Upload("p.txt", said.encode()), by=alices_deal.owner)
    claim = call.findings.filter(behaviour="parity-claim").first()
    assert claim is not None
    (example,) = actions.mark_finding_wrong(claim, by=user(people, "alice"))
    assert len(example.text) <= 300 and claim.quote.strip()[:20] in example.text


def test_the_team_keeps_at_most_its_limit_of_examples(
    people: People, alices_call: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    from displace.core import limits

    monkeypatch.setitem(limits._BY_NAME, "examples.per_team",
                        limits.Limit("examples.per_team", 1, "examples", "a team's examples"))
    teach_gap(alices_call, user(people, "alice"))
    with pytest.raises(DisplaceError, match="the most it can keep"):
        actions.mark_finding_wrong(finding(alices_call, "badmouthing"), by=user(people, "alice"))
    assert Example.objects.count() == 1


def test_a_files_examples_are_confirmed_and_the_refresh_reads_the_teams_conversations(
    alices_call: Conversation,
) -> None:
    from displace.core.coach.teaching import parse_examples

    entries = parse_examples(f'[[example]]\ntext = "{UNCAUGHT_GAP}"\n'
                             'behaviour = "prospect-stated-gap"\n')
    team = alices_call.deal.team
    assert team is not None
    (example,) = actions.import_examples(team, entries, by=None)
    assert (example.status, example.confirmed_by, example.added_by) == (Status.CONFIRMED,
                                                                        None, None)
    assert "prospect-stated-gap" not in behaviours_on(alices_call, 3)  # the caller refreshes
    assert actions.refresh_team_findings(team.pk) == 1
    assert "prospect-stated-gap" in behaviours_on(alices_call, 3)


def test_the_newest_confirmed_example_wins_when_two_say_opposite_things(
    people: People, alices_call: Conversation
) -> None:
    maria = user(people, "maria")
    teach_gap(alices_call, maria)
    assert "prospect-stated-gap" in behaviours_on(alices_call, 3)
    gap = alices_call.findings.get(behaviour="prospect-stated-gap", turn=3)
    actions.mark_finding_wrong(gap, by=maria)  # the manager changes her mind
    assert "prospect-stated-gap" not in behaviours_on(alices_call, 3)
    teach_gap(alices_call, maria)  # and back: teaching the words again confirms them again
    assert "prospect-stated-gap" in behaviours_on(alices_call, 3)
    assert Example.objects.count() == 2


def test_the_sellers_share_of_the_talk_is_not_taught_by_a_sentence(
    people: People, alices_deal: Deal
) -> None:
    said = "Rep: " + "We have the best platform and the best people in the market. " * 20
    call = record_conversation(alices_deal, Upload("d.txt", f"{said}\nProspect: Ok.\n".encode()),
                               by=alices_deal.owner)
    with pytest.raises(DisplaceError, match="whole conversation"):
        actions.mark_finding_wrong(finding(call, "seller-dominates"), by=user(people, "maria"))
    assert not Example.objects.exists()
