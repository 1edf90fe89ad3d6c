"""A deal made in the browser: Bill creates one with the form, adds an offer item in place, and
sees it classified while he types, in English and in Vietnamese."""

from __future__ import annotations

from pathlib import Path

import playwright.sync_api as playwright_api  # installed with the project: never skipped
import pytest

from tests.browser.test_story import Walk

pytestmark = [pytest.mark.browser]


# Ids of their own: the screenshots go to a folder of this test's, beside the story's.
@pytest.mark.parametrize("lang", [pytest.param(code, id=f"deal-forms-{code}")
                                  for code in ("en", "vi")])
def test_a_rep_creates_a_deal_and_sees_an_offer_item_classified_as_he_types(
    demo_server: str, page: playwright_api.Page, artefacts: Path, lang: str
) -> None:
    walk = Walk(page, demo_server, lang, artefacts)
    expect, _ = playwright_api.expect, walk._

    walk.sign_in("bill", "bill-demo-pass")
    page.locator("header nav").get_by_role("link", name=_("New deal")).click()
    expect(page.locator("h1")).to_have_text(_("New deal"))
    form = page.locator("#new-deal")
    form.locator("input[name=title]").fill("Harbour Foods vs Giant National")
    form.locator("input[name=prospect]").fill("Harbour Foods")
    form.locator("select[name=industry]").select_option("sme-banking")
    form.locator("select[name=incumbent]").select_option(label="Giant National")
    form.locator("input[name=tenure_years]").fill("8")
    form.locator("input[name=value]").fill("120000")
    walk.shot("new-deal")
    form.locator("button").click()
    expect(page.locator("h1")).to_have_text("Harbour Foods vs Giant National")
    expect(page.locator(".party.incumbent")).to_contain_text("Giant National")

    page.get_by_role("link", name=_("Edit offer items")).click()
    editor = page.locator("#edit-offer")
    expect(editor.locator("h2")).to_have_text(_("The proposal's offer items"))
    assert "/parts/offer/" not in page.url, "the editor opens in place, not as a new page"
    text = editor.locator("form.add-entry input[name=text]")
    text.press_sequentially("Raise the credit line by 300,000 $", delay=20)
    verdict = editor.locator("form.add-entry .classification .verdict-matchable")
    expect(verdict).to_be_visible()
    expect(verdict).to_have_text(_("matchable"))
    expect(editor.locator("form.add-entry .classification")).to_contain_text("Giant National")
    walk.shot("classified-while-typing")

    text.fill("")
    text.press_sequentially("A cash-flow forecast reviewed with you every month", delay=10)
    expect(editor.locator("form.add-entry .verdict-differentiator")).to_be_visible()
    editor.locator("form.add-entry button").click()
    saved = page.locator("#edit-offer ol.entries li").first
    expect(saved.locator("input[type=text]").first).to_have_value(
        "A cash-flow forecast reviewed with you every month")
    expect(saved.locator(".verdict-differentiator")).to_be_visible()
    walk.shot("offer-item-added")
