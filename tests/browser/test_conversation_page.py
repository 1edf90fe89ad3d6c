"""The conversation page in a real browser: transcript and findings side by side at 1280 px with
the findings panel staying in view, stacked at 390 px without sideways scrolling, and a click
jumping from a card to its sentence and from a marked sentence to its card, and a turn's
teaching form fetched in place."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import playwright.sync_api as playwright_api  # installed with the project: never skipped
import pytest

from tests.browser.test_story import Walk

pytestmark = [pytest.mark.browser]

CURRENT = re.compile(r"\bis-current\b")  # the class the page's script gives a jump's target


def _busiest_conversation(page: playwright_api.Page, base: str) -> str:
    """The URL of the signed-in rep's conversation with the most findings (the demo's calls)."""
    def get(path: str) -> Any:
        response = page.request.get(base + path)
        assert response.ok, f"{path}: {response.status}"
        return response.json()

    counts: dict[int, int] = {}
    for deal in get("api/deals?limit=100")["items"]:
        for conversation in get(f"api/deals/{deal['id']}/conversations"):
            found = get(f"api/conversations/{conversation['id']}/findings")
            counts[conversation["id"]] = len(found)
    assert counts and max(counts.values()) >= 5, "the demo rep has a call with findings"
    return f"{base}conversations/{max(counts, key=counts.__getitem__)}/"


def _box(locator: playwright_api.Locator) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None, "the element is not rendered"
    return dict(box)


def _jump_to_sentence(page: playwright_api.Page) -> None:
    """Click a card's quote (the last card: its sentence is far down): the sentence shows."""
    card = page.locator("#findings .finding-card").last
    card.scroll_into_view_if_needed()
    link = card.locator("blockquote a")
    sentence = page.locator(str(link.get_attribute("href")))
    link.click()
    playwright_api.expect(sentence).to_have_class(CURRENT)
    playwright_api.expect(sentence).to_be_in_viewport()


def _jump_to_card(page: playwright_api.Page) -> float:
    """Click a marked sentence (the last: its card is far down the panel): its card shows,
    highlighted. How far the page itself scrolled meanwhile."""
    marked = page.locator("#transcript a.sentence.marked").last
    marked.scroll_into_view_if_needed()
    card = page.locator(str(marked.get_attribute("href")))
    before = float(page.evaluate("window.scrollY"))
    marked.click()
    playwright_api.expect(card).to_have_class(CURRENT)
    playwright_api.expect(card).to_be_in_viewport()
    return abs(float(page.evaluate("window.scrollY")) - before)


@pytest.mark.parametrize("lang", [pytest.param(code, id=f"conversation-{code}")
                                  for code in ("en", "vi")])
def test_the_findings_sit_beside_the_transcript_and_a_click_jumps_both_ways(
    demo_server: str, page: playwright_api.Page, artefacts: Path, lang: str
) -> None:
    walk = Walk(page, demo_server, lang, artefacts)
    walk.sign_in("bill", "bill-demo-pass")
    url = _busiest_conversation(page, demo_server)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    transcript, panel = page.locator("#transcript"), page.locator("#findings")
    playwright_api.expect(panel.locator(".finding-card").first).to_be_visible()
    left, right = _box(transcript), _box(panel)
    assert right["x"] >= left["x"] + left["width"] - 1, "the findings are beside the transcript"
    assert abs(right["y"] - left["y"]) < 5, "both start at the same height"
    assert left["height"] > 900, "a transcript taller than the screen"
    walk.shot("conversation-wide", full_page=False)

    page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    page.wait_for_function("window.scrollY > 300")
    held = _box(panel)
    assert 0 <= held["y"] <= 20, "the findings panel stays in view while the transcript scrolls"
    assert held["y"] + held["height"] <= 900 + 1

    _jump_to_sentence(page)
    moved = _jump_to_card(page)
    assert moved < 1, "the panel scrolled to the card, the transcript stayed where it was"
    walk.shot("conversation-jumped", full_page=False)

    # A turn's teaching form is fetched where it is asked for, not carried by every turn.
    assert page.locator("#transcript form.teach").count() == 0
    page.locator("#transcript p.teach a").first.click()
    form = page.locator("#transcript form.teach")
    playwright_api.expect(form).to_have_count(1)
    playwright_api.expect(form.locator('input[name="words"]')).not_to_have_value("")
    assert form.locator('select[name="behaviour"] option').count() > 3

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide at 390 px"
    left, below = _box(transcript), _box(panel)
    assert below["y"] >= left["y"] + left["height"] - 1, "stacked: the findings below"
    assert page.evaluate("getComputedStyle(document.getElementById('findings')).position") \
        != "sticky"
    _jump_to_card(page)
    _jump_to_sentence(page)
    walk.shot("conversation-phone", full_page=False)
