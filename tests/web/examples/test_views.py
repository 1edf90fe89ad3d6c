"""Teaching the coach from the pages, with plain forms: who may do what, and what they see."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from displace.web.conversations.models import Conversation, Finding
from displace.web.examples.models import Example, Status

Login = Callable[[str], Client]
SEES = {"alice": 302, "bob": 404, "maria": 302, "charlie": 404, "sam": 404, "ada": 302}
STATUS_OF = {"alice": Status.SUGGESTED, "maria": Status.CONFIRMED, "ada": Status.CONFIRMED}
CONFIRMS = {"alice": 403, "bob": 403, "maria": 302, "charlie": 404, "sam": 404, "ada": 302}
REMOVES = {"alice": 403, "bob": 403, "maria": 403, "charlie": 404, "sam": 404, "ada": 302}
GAP_WORDS = "chúng tôi không biết trước tình hình tiền mặt"


def badmouthing(call: Conversation) -> Finding:
    return call.findings.get(behaviour="badmouthing")


def suggest(login: Login, call: Conversation) -> Example:
    """Alice suggests that turn 3's words state a gap."""
    login("alice").post(reverse("turn-teach", args=[call.pk, 3]),
                        {"words": GAP_WORDS, "behaviour": "prospect-stated-gap"})
    return Example.objects.get()


@pytest.mark.parametrize(("who", "status"), SEES.items())
def test_whoever_sees_the_conversation_can_say_a_finding_is_not_right(
    login: Login, alices_call: Conversation, who: str, status: int
) -> None:
    wrong = badmouthing(alices_call)
    response = login(who).post(reverse("finding-wrong", args=[wrong.pk]),
                               {"should_be": "parity-claim"})
    assert response.status_code == status
    if status == 404:
        assert not Example.objects.exists()
        return
    assert response["Location"] == reverse("conversation", args=[alices_call.pk]) + "#turn-2"
    stored = {(e.behaviour, e.positive, e.status) for e in Example.objects.all()}
    assert stored == {("badmouthing", False, STATUS_OF[who]),
                      ("parity-claim", True, STATUS_OF[who])}


@pytest.mark.parametrize(("who", "status"), SEES.items())
def test_whoever_sees_the_conversation_can_teach_a_turns_words(
    login: Login, alices_call: Conversation, who: str, status: int
) -> None:
    response = login(who).post(reverse("turn-teach", args=[alices_call.pk, 3]),
                               {"words": GAP_WORDS, "behaviour": "prospect-stated-gap"})
    assert response.status_code == status
    assert Example.objects.count() == (0 if status == 404 else 1)
    if status != 404:
        example = Example.objects.get()
        assert (example.text, example.status) == (GAP_WORDS, STATUS_OF[who])


def test_a_teaching_mistake_is_said_on_the_page_and_nothing_is_stored(
    login: Login, alices_call: Conversation
) -> None:
    client = login("alice")
    response = client.post(reverse("turn-teach", args=[alices_call.pk, 3]),
                           {"words": "words nobody said", "behaviour": "prospect-stated-gap"},
                           follow=True)
    assert "These words are not in the turn" in response.content.decode()
    response = client.post(reverse("turn-teach", args=[alices_call.pk, 3]),
                           {"words": GAP_WORDS, "behaviour": "parity-claim"}, follow=True)
    assert ("The coach looks for “Parity claim” in what the seller says, not the prospect."
            in response.content.decode())
    assert not Example.objects.exists()


@pytest.mark.parametrize(("who", "status"), CONFIRMS.items())
def test_only_the_teams_manager_or_an_admin_confirms_a_suggestion(
    login: Login, alices_call: Conversation, who: str, status: int
) -> None:
    example = suggest(login, alices_call)
    response = login(who).post(reverse("example-confirm", args=[example.pk]))
    assert response.status_code == status
    example.refresh_from_db()
    assert (example.status == Status.CONFIRMED) is (status == 302)
    has_gap = alices_call.findings.filter(behaviour="prospect-stated-gap", turn=3).exists()
    assert has_gap is (status == 302)  # the stored findings follow the confirmed examples


@pytest.mark.parametrize(("who", "status"), REMOVES.items())
def test_only_an_admin_removes_an_example(
    login: Login, alices_call: Conversation, who: str, status: int
) -> None:
    example = suggest(login, alices_call)
    response = login(who).post(reverse("example-remove", args=[example.pk]))
    assert response.status_code == status
    assert Example.objects.filter(pk=example.pk).exists() is (status != 302)


def test_not_right_needs_a_post_and_the_teaching_form_is_a_get_within_scope(
    login: Login, alices_call: Conversation
) -> None:
    client = login("maria")
    assert client.get(reverse("finding-wrong", args=[badmouthing(alices_call).pk])
                      ).status_code == 405
    teach = reverse("turn-teach", args=[alices_call.pk, 3])
    assert client.put(teach).status_code == 405
    assert client.get(teach).status_code == 200
    assert client.get(reverse("turn-teach", args=[alices_call.pk, len(alices_call.turns)])
                      ).status_code == 404
    assert login("bob").get(teach).status_code == 404


def test_the_conversation_page_offers_not_right_and_teach_the_coach_with_readable_names(
    login: Login, alices_call: Conversation
) -> None:
    client = login("alice")
    page = client.get(reverse("conversation", args=[alices_call.pk])).content.decode()
    wrong = badmouthing(alices_call)
    assert f'action="{reverse("finding-wrong", args=[wrong.pk])}"' in page
    assert page.count("Not right") == alices_call.findings.exclude(
        behaviour="seller-dominates").count()
    # each turn offers its teaching form, fetched when wanted: none is on the page itself
    for n in range(len(alices_call.turns)):
        assert f'hx-get="{reverse("turn-teach", args=[alices_call.pk, n])}"' in page
    assert 'name="words"' not in page
    # the form: the turn's words to start from, and only behaviours the prospect can show
    form = client.get(reverse("turn-teach", args=[alices_call.pk, 3])).content.decode()
    assert f'value="{alices_call.turns[3]["text"]}"' in form
    assert f'action="{reverse("turn-teach", args=[alices_call.pk, 3])}"' in form
    assert 'value="prospect-stated-gap"' in form and 'value="parity-claim"' not in form
    assert reverse("conversation", args=[alices_call.pk]) + "#turn-3" in form  # the way back


def test_the_teaching_form_comes_alone_when_htmx_asks_for_it(
    login: Login, alices_call: Conversation
) -> None:
    fragment = login("alice").get(reverse("turn-teach", args=[alices_call.pk, 3]),
                                  headers={"HX-Request": "true"}).content.decode().strip()
    assert fragment.startswith("<form") and fragment.endswith("</form>")
    assert "<html" not in fragment and 'name="csrfmiddlewaretoken"' in fragment


def test_a_finding_taught_by_the_team_says_so(
    login: Login, alices_call: Conversation
) -> None:
    login("maria").post(reverse("turn-teach", args=[alices_call.pk, 3]),
                        {"words": GAP_WORDS, "behaviour": "prospect-stated-gap"})
    page = login("alice").get(reverse("conversation", args=[alices_call.pk])).content.decode()
    assert "taught by your team" in page


def test_the_library_lists_the_teams_examples_with_who_added_and_confirmed_them(
    login: Login, alices_call: Conversation
) -> None:
    suggested = suggest(login, alices_call)
    login("maria").post(reverse("finding-wrong", args=[badmouthing(alices_call).pk]))
    page = login("bob").get(reverse("library")).content.decode()  # a rep of the same team
    assert GAP_WORDS in page and "Ngân hàng Phương Bắc dở lắm" in page
    assert "suggested" in page and "confirmed" in page
    assert "negative: it is not this" in page and "positive: it is this" in page
    assert "alice" in page and "maria" in page
    assert reverse("example-confirm", args=[suggested.pk]) not in page
    assert reverse("example-remove", args=[suggested.pk]) not in page


def test_the_library_offers_confirm_to_the_manager_and_remove_to_the_admin(
    login: Login, alices_call: Conversation
) -> None:
    example = suggest(login, alices_call)
    confirm = reverse("example-confirm", args=[example.pk])
    remove = reverse("example-remove", args=[example.pk])
    manager = login("maria").get(reverse("library")).content.decode()
    assert confirm in manager and remove not in manager
    admin = login("ada").get(reverse("library")).content.decode()
    assert confirm in admin and remove in admin
    assert "North" in admin  # the admin sees every team's, with the team's name


@pytest.mark.parametrize("who", ["charlie", "sam"])
def test_another_team_sees_none_of_these_examples(
    login: Login, alices_call: Conversation, who: str
) -> None:
    suggest(login, alices_call)
    page = login(who).get(reverse("library")).content.decode()
    assert GAP_WORDS not in page
    assert "No examples yet" in page


def test_the_forms_and_their_messages_speak_vietnamese(
    login: Login, alices_call: Conversation
) -> None:
    client = login("alice")
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    page = client.get(reverse("conversation", args=[alices_call.pk])).content.decode()
    assert "Dạy trợ lý huấn luyện" in page and "Chưa đúng" in page
    assert "Khách hàng tự nêu khoảng trống" in page  # behaviours by their Vietnamese names
    response = client.post(reverse("turn-teach", args=[alices_call.pk, 3]),
                           {"words": "words nobody said", "behaviour": "prospect-stated-gap"},
                           follow=True)
    assert "Lượt nói không có những từ này" in response.content.decode()
    response = client.post(reverse("turn-teach", args=[alices_call.pk, 3]),
                           {"words": GAP_WORDS, "behaviour": "prospect-stated-gap"}, follow=True)
    assert "ví dụ của bạn đang chờ trong Thư viện" in response.content.decode()


def test_no_teaching_form_answers_a_server_error_whatever_is_typed(
    login: Login, alices_call: Conversation
) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.web.test_form_properties import EXAMPLES, TEXT

    client = login("alice")
    wrong = reverse("finding-wrong", args=[badmouthing(alices_call).pk])
    behaviours = st.one_of(TEXT, st.sampled_from(["prospect-stated-gap", "stall", "offer"]))

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(words=TEXT, behaviour=behaviours, turn=st.integers(0, 10))
    def post(words: str, behaviour: str, turn: int) -> None:
        teach = reverse("turn-teach", args=[alices_call.pk, turn])
        assert client.post(teach, {"words": words, "behaviour": behaviour}).status_code < 500
        assert client.post(wrong, {"should_be": behaviour}).status_code < 500
        assert client.get(reverse("library")).status_code == 200

    post()
