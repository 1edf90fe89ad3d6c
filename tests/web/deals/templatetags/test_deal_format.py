"""The deal page's codes in words: a contact's part, the vision's parts, yes/no answers and
catalogue capabilities, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import translation

from displace.web.deals.models import Deal
from displace.web.deals.templatetags.deal_format import (
    answer,
    capability_names,
    decision_role_label,
    vision_part,
)


def test_it_names_codes_in_vietnamese_and_leaves_free_text_as_written(db: None) -> None:
    with translation.override("vi"):
        assert decision_role_label("decision-maker") == "người quyết định"
        assert vision_part("who") == "Ai sẽ sử dụng"
        assert (answer("yes"), answer("no"), answer(""), answer(True)) == ("có", "không",
                                                                           "chưa rõ", "có")
        assert capability_names(["online-banking", "Chạy bảng lương"], "sme-banking") == [
            "Ngân hàng trực tuyến và ứng dụng di động", "Chạy bảng lương"]
        assert capability_names(["online-banking"], "") == ["online-banking"]
    with translation.override("en"):
        assert decision_role_label("decision-maker") == "decision-maker"
        assert vision_part("who") == "Who would use it"
        assert answer("yes") == "yes"
        assert capability_names(["online-banking"], "sme-banking") == ["Online and mobile banking"]
    assert decision_role_label("someone-else") == "someone-else"


def test_the_deal_page_shows_a_vietnamese_reader_words_not_codes(
    login: Callable[[str], Client], make_deal: Callable[..., Deal]
) -> None:
    deal = make_deal("alice", vision={"who": "Kế toán trưởng"},
                     decision={"maker": "Mrs Lan", "willing": "yes"},
                     incumbent={"name": "Northern Bank", "delivers": ["online-banking"]})
    client = login("alice")
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    page = client.get(reverse("deal", args=[deal.pk])).content.decode()
    assert "<small>người quyết định</small>" in page and "decision-maker</small>" not in page
    assert "<dt>Ai sẽ sử dụng</dt>" in page and "<dt>who</dt>" not in page
    assert "Sẵn sàng: có" in page and "Sẵn sàng: yes" not in page
    assert "<li>Ngân hàng trực tuyến và ứng dụng di động</li>" in page
