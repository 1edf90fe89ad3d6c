"""The issue's story in a real browser, in English and in Vietnamese.

Bill (the demo rep) signs in, opens his deal against Giant National, uploads the seed
conversation, sees the findings highlighted and the proposal judged not ready with reasons;
then Ruth (the demo manager) signs in and sees that deal flagged in the manager view.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import playwright.sync_api as playwright_api  # installed with the project: never skipped
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.seed]

LOCALE_DIR = Path(__file__).resolve().parents[2] / "src" / "displace" / "web" / "locale"
INCUMBENT = "Giant National"
PROSPECT = "Kestrel Supply"  # the growing distributor of the seed's story, retold in the demo


def _translator(lang: str) -> gettext.NullTranslations:
    """The app's own catalogue, so the test checks the words a user would read."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation("django", localedir=LOCALE_DIR, languages=[lang])


class Walk:
    """One language's walk: screenshots numbered in order, language checked on every page."""

    def __init__(self, page: playwright_api.Page, base: str, lang: str, folder: Path) -> None:
        self.page, self.base, self.lang, self.folder = page, base, lang, folder
        self._ = _translator(lang).gettext
        self.step = 0

    def shot(self, name: str, full_page: bool = True) -> None:
        self.step += 1
        path = self.folder / f"{self.step:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)

    def use_language(self) -> None:
        """Press the language switch in the header unless the page is already in the language."""
        if self.page.locator("html").get_attribute("lang") != self.lang:
            self.page.locator(f"form.language button[value='{self.lang}']").click()
            self.page.wait_for_load_state()
        playwright_api.expect(self.page.locator("html")).to_have_attribute("lang", self.lang)

    def sign_in(self, username: str, password: str) -> None:
        self.page.goto(self.base + "login/")
        self.use_language()
        playwright_api.expect(self.page.locator("h1")).to_have_text(self._("Sign in"))
        self.page.locator("input[name=username]").fill(username)
        self.page.locator("input[name=password]").fill(password)
        self.shot(f"sign-in-{username}")
        self.page.locator("main form button").click()
        self.page.wait_for_load_state()
        playwright_api.expect(self.page.locator("form.logout")).to_contain_text(username)
        self.use_language()  # the person's saved language wins over the sign-in page's

    def sign_out(self) -> None:
        self.page.locator("form.logout button").click()
        self.page.wait_for_load_state()
        playwright_api.expect(self.page.locator("form.logout")).to_have_count(0)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_rep_uploads_the_seed_call_and_the_manager_sees_the_deal_flagged(
    demo_server: str, page: playwright_api.Page, seed_path: Path, artefacts: Path, lang: str
) -> None:
    walk = Walk(page, demo_server, lang, artefacts)
    expect, _ = playwright_api.expect, walk._

    walk.sign_in("bill", "bill-demo-pass")
    walk.shot("pipeline")
    row = page.locator("#deal-rows tr", has_text=INCUMBENT).filter(has_text=PROSPECT)
    expect(row).to_have_count(1)
    deal_title = row.locator("td a").first.inner_text()
    row.locator("td a").first.click()
    expect(page.locator("h1")).to_have_text(deal_title)
    expect(page.locator(".party.incumbent")).to_contain_text(INCUMBENT)
    walk.shot("deal")

    page.get_by_role("link", name=_("Add a conversation")).click()
    page.locator("input[name=title]").fill("Seed conversation")
    page.locator("input[type=file][name=transcript]").set_input_files(str(seed_path))
    walk.shot("upload")
    page.locator("main form button").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Seed conversation")
    marks = page.locator("#transcript mark.finding")
    # The coach analyses it in the background: the page polls, then shows the findings.
    expect(marks.first).to_be_visible(timeout=120_000)
    assert marks.count() >= 3, "the seed call should light up several findings"
    expect(page.locator("#findings h2")).to_have_text(_("Findings"))
    expect(page.locator("#findings .finding-card").first).to_be_visible()
    marks.first.scroll_into_view_if_needed()
    walk.shot("findings", full_page=False)  # the whole transcript is too tall to read as one image

    page.get_by_role("link", name=deal_title).first.click()
    readiness = page.locator("#readiness")
    expect(readiness).to_have_class("verdict not-ready")
    expect(readiness.locator("h2")).to_have_text(_("Not ready to propose"))
    expect(readiness.locator("ul.reasons li").first).to_be_visible()
    walk.shot("not-ready", full_page=False)

    walk.sign_out()
    walk.sign_in("ruth", "ruth-demo-pass")
    page.get_by_role("link", name=_("Manager view")).click()
    expect(page.locator("h1")).to_have_text(_("Manager view"))
    flagged = page.locator("table.deals").first.locator("tr", has_text=deal_title)
    expect(flagged).to_have_count(1)
    expect(flagged.locator(".flag").first).to_be_visible()
    walk.shot("manager-view")
