"""Error pages speak to people: what happened, which role can do it, where to go next."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


def test_it_tells_a_rep_which_role_opens_the_manager_view(
    login: Callable[[str], Client],
) -> None:
    response = login("alice").get(reverse("manager"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Only a manager or an admin can open the manager view." in page
    assert 'href="/"' in page  # the way back, and the menu with it
    assert 'class="top"' in page


def test_it_says_it_in_vietnamese_to_a_vietnamese_reader(
    login: Callable[[str], Client],
) -> None:
    client = login("alice")
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    page = client.get(reverse("manager")).content.decode()
    assert "Chỉ quản lý hoặc quản trị viên mới mở được trang dành cho quản lý." in page
    assert "Quay lại danh sách thương vụ" in page


def test_it_names_the_role_for_a_team_export(login: Callable[[str], Client]) -> None:
    page = login("bob").get(reverse("team-exports")).content.decode()
    assert "Only a manager or an admin can export a team&#x27;s data." in page


def test_it_answers_an_unknown_address_with_a_page_that_leads_back(
    login: Callable[[str], Client],
) -> None:
    response = login("alice").get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "Back to the pipeline" in page


def test_it_answers_a_deal_out_of_scope_with_the_same_page(
    login: Callable[[str], Client], make_deal: Callable[..., object],
) -> None:
    deal = make_deal("charlie")
    response = login("alice").get(reverse("deal", args=[deal.pk]))  # type: ignore[attr-defined]
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_it_renders_the_server_error_page_without_a_database_or_a_signed_in_person() -> None:
    # No `db` fixture: any query here fails the test.
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert "Traceback" not in page


@pytest.mark.django_db
def test_it_shows_no_traceback_when_a_page_fails(
    people: dict[str, object], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from displace.web.pipeline import views

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(views, "stage_totals", broken)
    client = Client(raise_request_exception=False)
    client.force_login(people["maria"])  # type: ignore[arg-type]
    response = client.get(reverse("pipeline"))
    assert response.status_code == 500
    assert "secret detail" not in response.content.decode()
    assert "Something went wrong on our side" in response.content.decode()
