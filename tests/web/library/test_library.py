"""The library: admins' edits to catalogues and playbooks reach the assessment; bad edits don't."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from importlib import resources
from typing import Any

import tomli_w
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from displace.web.deals.actions import refresh_assessment
from displace.web.deals.models import Deal
from displace.web.library.models import LibraryEdit

CATALOGUE = "catalogues/sme-banking.toml"


def shipped(path: str) -> dict[str, Any]:
    text = resources.files("displace.data").joinpath(path).read_text(encoding="utf-8")
    return tomllib.loads(text)


def save(client: Client, path: str, content: str) -> Any:
    return client.post(f"{reverse('library-edit')}?path={path}", {"content": content})


def rate_verdict(deal: Deal) -> str:
    deal.refresh_from_db()
    (item,) = deal.assessment["offer_items"]
    return str(item["classification"])


def test_an_admins_catalogue_edit_changes_how_an_offer_is_classified(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    assert rate_verdict(alices_deal) == "matchable"
    catalogue = shipped(CATALOGUE)
    for capability in catalogue["capability"]:
        if capability["id"] == "lending-rate-discount":
            # a (made-up) bank whose rate comes from a structure nobody can copy quickly
            capability.update(kind="structural", commonality=0.05, match_days=400)
    response = save(login("ada"), CATALOGUE, tomli_w.dumps(catalogue))
    assert response.status_code == 302
    refresh_assessment(alices_deal)
    assert rate_verdict(alices_deal) == "differentiator"


def test_an_edit_that_does_not_load_is_refused_and_nothing_is_stored(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    catalogue = shipped(CATALOGUE)
    catalogue["capability"][0]["kind"] = "magic"
    response = save(login("ada"), CATALOGUE, tomli_w.dumps(catalogue))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Not saved:" in page and "magic" in page
    assert not LibraryEdit.objects.exists()
    refresh_assessment(alices_deal)
    assert rate_verdict(alices_deal) == "matchable"


def test_rule_packs_are_listed_but_not_edited(login: Callable[[str], Client]) -> None:
    client = login("ada")
    listing = client.get(reverse("library")).content.decode()
    assert "rules/en.toml" in listing
    assert "path=rules%2Fen.toml" not in listing and "path=rules/en.toml" not in listing
    response = save(client, "rules/en.toml", 'language = "en"')
    assert response.status_code == 400
    assert not LibraryEdit.objects.exists()


def test_only_an_admin_may_edit_the_library(login: Callable[[str], Client]) -> None:
    response = save(login("maria"), CATALOGUE, "industry = 'sme-banking'")
    assert response.status_code in (403, 404)
    assert not LibraryEdit.objects.exists()


TEAM_EN = "rules/team-en.toml"
STINGY = """
language = "en"

[[rule]]
id = "team.stingy"
behaviour = "badmouthing"
all = [["$their_side"], ["penny-pinchers"]]
"""
CALL = "Rep: Honestly, your bank are penny-pinchers.\nClient: Maybe.\n"


def _badmouthing_in_a_new_upload(deal: Deal) -> list[str]:
    from displace.web.conversations.actions import Upload, record_conversation

    fresh = CALL + "\n" * (deal.conversations.count() + 1)  # not the same transcript again
    conversation = record_conversation(deal, Upload("call.txt", fresh.encode()), by=deal.owner)
    return [f.quote for f in conversation.findings.filter(behaviour="badmouthing")]


def test_a_team_pack_adds_its_phrases_to_every_new_analysis(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    assert _badmouthing_in_a_new_upload(alices_deal) == []
    response = save(login("ada"), TEAM_EN, STINGY)
    assert response.status_code == 302
    assert _badmouthing_in_a_new_upload(alices_deal) == ["your bank are penny-pinchers"]
    listing = login("ada").get(reverse("library")).content.decode()
    assert TEAM_EN in listing and "edited" in listing


def test_a_team_pack_that_does_not_load_is_refused_with_its_line(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    broken = STINGY.replace('"badmouthing"', '"flattery"')
    response = save(login("ada"), TEAM_EN, broken)
    page = response.content.decode()
    assert response.status_code == 400
    assert "(your edit), line 4 (team.stingy): unknown behaviour" in page
    assert not LibraryEdit.objects.exists()
    assert _badmouthing_in_a_new_upload(alices_deal) == []


def test_a_team_pack_must_hold_the_rules_of_its_own_language(
    login: Callable[[str], Client],
) -> None:
    response = save(login("ada"), TEAM_EN, 'language = "vi"\n')
    assert response.status_code == 400
    assert "expected language = &quot;en&quot;" in response.content.decode()
    assert not LibraryEdit.objects.exists()


def test_a_team_pack_starts_from_a_commented_example(login: Callable[[str], Client]) -> None:
    page = login("ada").get(f"{reverse('library-edit')}?path=rules/team-vi.toml")
    assert page.status_code == 200
    text = page.content.decode()
    assert "language = &quot;vi&quot;" in text and "$their_side" in text


def test_only_an_admin_may_edit_a_team_pack(login: Callable[[str], Client]) -> None:
    response = save(login("maria"), TEAM_EN, STINGY)
    assert response.status_code in (403, 404)
    assert not LibraryEdit.objects.exists()


def test_a_team_pack_with_a_pattern_that_backtracks_for_ever_is_refused_on_save(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    evil = STINGY + "\n[tokens]\nhang = '(a+)+$'\n"
    response = save(login("ada"), TEAM_EN, evil)
    page = response.content.decode()
    assert response.status_code == 400
    assert "[tokens].hang" in page and "unbounded repeat" in page
    assert not LibraryEdit.objects.exists()
    # and the workspace still answers for everyone
    assert login("alice").get("/healthz").status_code == 200


def test_a_library_file_over_the_size_limit_is_refused(login: Callable[[str], Client]) -> None:
    response = save(login("ada"), TEAM_EN, STINGY + "#" + "x" * 200_000)
    assert response.status_code == 400
    assert "200,000-byte limit" in response.content.decode()
    assert not LibraryEdit.objects.exists()


def _refused(client: Client, path: str, content: str, language: str) -> str:
    response = client.post(f"{reverse('library-edit')}?path={path}", {"content": content},
                           HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert not LibraryEdit.objects.exists()
    return response.content.decode()


def test_a_catalogue_edit_that_does_not_load_is_explained_in_the_readers_language(
    login: Callable[[str], Client],
) -> None:
    catalogue = shipped(CATALOGUE)
    catalogue["capability"][0]["kind"] = "magic"
    where = f"(your edit)/{CATALOGUE}: capability[0] {catalogue['capability'][0]['id']!r}"
    client = login("ada")
    english = _refused(client, CATALOGUE, tomli_w.dumps(catalogue), "en")
    assert escape(f"{where}: key 'kind': expected one of concession, service, structural, "
                  "got 'magic'") in english
    vietnamese = _refused(client, CATALOGUE, tomli_w.dumps(catalogue), "vi")
    assert escape(f"{where.replace('(your edit)', '(bản sửa của bạn)')}: khóa 'kind': cần là "
                  "một trong concession, service, structural, nhưng thấy 'magic'") in vietnamese
    assert "expected one of" not in vietnamese and "your edit" not in vietnamese


def test_a_playbook_question_without_a_question_mark_is_named_in_vietnamese(
    login: Callable[[str], Client],
) -> None:
    playbook = shipped("playbooks/sme-banking.toml")
    playbook["question"][1]["ask"]["vi"] = "Kể cho tôi nghe."
    page = _refused(login("ada"), "playbooks/sme-banking.toml", tomli_w.dumps(playbook), "vi")
    assert escape(f"question[1] {playbook['question'][1]['id']!r}: khóa 'ask.vi': cần một câu "
                  "hỏi kết thúc bằng '?'") in page


def test_a_team_pack_that_does_not_load_names_its_line_in_vietnamese(
    login: Callable[[str], Client],
) -> None:
    broken = STINGY.replace('"badmouthing"', '"flattery"')
    page = _refused(login("ada"), TEAM_EN, broken, "vi")
    assert escape("(bản sửa của bạn), dòng 4 (team.stingy): hành vi không xác định 'flattery'; "
                  "cần là một trong") in page
    assert "unknown behaviour" not in page


def test_a_team_pack_pattern_that_could_run_for_ever_is_explained_in_vietnamese(
    login: Callable[[str], Client],
) -> None:
    page = _refused(login("ada"), TEAM_EN, STINGY + "\n[tokens]\nhang = '(a+)+$'\n", "vi")
    assert "[tokens].hang" in page
    assert "lặp lại một nhóm mà bản thân nó chứa một phép lặp không giới hạn" in page
    assert "unbounded repeat" not in page


def test_the_editors_own_refusals_speak_vietnamese_too(login: Callable[[str], Client]) -> None:
    client = login("ada")
    shipped_pack = _refused(client, "rules/en.toml", 'language = "en"', "vi")
    assert "các bộ quy tắc có sẵn chỉ được liệt kê ở đây" in shipped_pack
    wrong_language = _refused(client, TEAM_EN, 'language = "vi"\n', "vi")
    assert escape('(bản sửa của bạn): rules/team-en.toml chứa các quy tắc en: cần language = "en"'
                  ) in wrong_language
