"""The pipeline board in a real browser: Bill drags a card to another stage, then moves one
with the keyboard alone through the card's own form; both stay moved after a reload, under the
Content-Security-Policy."""

from __future__ import annotations

from pathlib import Path

import playwright.sync_api as playwright_api  # installed with the project: never skipped
import pytest

from tests.browser.test_story import Walk

pytestmark = [pytest.mark.browser]

DEAL = "Harbour Tiles"  # Bill's demo deal in the commitment stage


def test_a_rep_moves_a_card_by_dragging_it_and_by_the_keyboard(
    demo_server: str, page: playwright_api.Page, artefacts: Path
) -> None:
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    expect = playwright_api.expect
    walk = Walk(page, demo_server, "en", artefacts)
    walk.sign_in("bill", "bill-demo-pass")
    page.get_by_role("link", name="Board").click()
    expect(page).to_have_url(demo_server + "?view=board")

    def column(stage: str) -> playwright_api.Locator:
        return page.locator(f".board-column[data-stage='{stage}']")

    card = column("commitment").locator(".card", has_text=DEAL)
    expect(card).to_have_count(1)
    in_vision = int(column("vision").locator("h2 .count").inner_text())
    # Grip the card by its title and let go over the column's heading: both stay in view.
    top_left: playwright_api.Position = {"x": 30, "y": 12}
    card.drag_to(column("vision"), source_position=top_left, target_position=top_left)
    moved = column("vision").locator(".card", has_text=DEAL)
    expect(moved).to_have_count(1)
    expect(moved.locator("select[name=stage]")).to_have_value("vision")
    # The server's board replaced this one: the column's count includes the card now.
    expect(column("vision").locator("h2 .count")).to_have_text(str(in_vision + 1))
    expect(column("commitment").locator(".card", has_text=DEAL)).to_have_count(0)
    expect(page).to_have_url(demo_server + "?view=board")
    walk.shot("board-after-drag", full_page=False)
    page.reload()
    expect(column("vision").locator(".card", has_text=DEAL)).to_have_count(1)

    # The keyboard alone: the card's "Move to" list and button, no dragging.
    select = column("vision").locator(".card", has_text=DEAL).locator("select[name=stage]")
    select.focus()
    select.select_option("gap")
    page.keyboard.press("Tab")
    expect(column("vision").locator(".card", has_text=DEAL).get_by_role("button")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(column("gap").locator(".card", has_text=DEAL)).to_have_count(1)
    assert page.url.startswith(demo_server + "?view=board#card-")
    walk.shot("board-after-keyboard-move", full_page=False)
    assert refused == []
