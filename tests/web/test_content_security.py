"""Every page carries a Content-Security-Policy that its own markup satisfies: scripts and
styles only from the app's static files, no inline script, event handler or style."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from displace.web.conversations.models import Conversation

Login = Callable[[str], Client]

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)


def pages(call: Conversation) -> list[tuple[str, str]]:
    """(persona, URL) for every main page, each seen by someone who may open it."""
    deal = call.deal
    return [
        ("alice", reverse("pipeline")),
        ("alice", reverse("deal", args=[deal.pk])),
        ("alice", reverse("conversation", args=[call.pk])),
        ("alice", reverse("conversation-upload", args=[deal.pk])),
        ("alice", reverse("deal-import")),
        ("alice", reverse("follow-ups")),
        ("alice", reverse("competitors")),
        ("alice", reverse("competitor", args=[deal.incumbent_id])),
        ("alice", reverse("library")),
        ("alice", reverse("account")),
        ("alice", reverse("password")),
        ("maria", reverse("manager")),
        ("ada", reverse("people")),
        ("ada", reverse("library-edit") + "?path=rules/team-en.toml"),
        ("ada", reverse("team-exports")),
    ]


def assert_no_inline_code(html: str, url: str) -> None:
    # A JSON data block (json_script, which the charts read) is not run: the policy lets it be.
    inline = [tag for tag in INLINE_SCRIPT.findall(html) if 'type="application/json"' not in tag]
    assert not inline, url
    assert not EVENT_HANDLER.findall(html), url
    assert not STYLE_ATTRIBUTE.findall(html), url
    assert not STYLE_ELEMENT.findall(html), url


def test_every_page_has_the_policy_and_no_inline_code(
    login: Login, alices_call: Conversation
) -> None:
    for persona, url in pages(alices_call):
        response = login(persona).get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert_no_inline_code(response.content.decode(), url)


@pytest.mark.django_db
def test_the_sign_in_and_locked_pages_have_no_inline_code(client: Client, settings: Any) -> None:
    assert_no_inline_code(client.get(reverse("login")).content.decode(), "login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post(reverse("login"), {"username": "x", "password": "wrong"})
    assert locked.status_code == 429
    assert "Content-Security-Policy" in locked
    assert_no_inline_code(locked.content.decode(), "locked")


@pytest.mark.django_db
def test_the_api_docs_run_only_scripts_from_files(login: Login) -> None:
    response = login("alice").get("/api/docs")
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    html = response.content.decode()
    # Swagger UI's settings ride in a JSON data block, which the browser does not execute.
    inline = INLINE_SCRIPT.findall(html)
    assert inline and all('type="application/json"' in tag for tag in inline)
    assert not EVENT_HANDLER.findall(html)
    assert not STYLE_ELEMENT.findall(html)
