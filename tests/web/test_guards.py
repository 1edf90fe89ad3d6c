"""A NUL character, which PostgreSQL cannot store in text, is refused before any view runs."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from displace.web.deals.models import Comment, Deal


def test_a_form_field_with_a_nul_character_gets_400_and_stores_nothing(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    response = login("alice").post(reverse("deal-comment", args=[alices_deal.pk]),
                                   {"text": "fine\x00"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert not Comment.objects.exists()
