"""Every main page, in English and in Vietnamese, as a rep, a manager and an admin see it:

- no page is wider than a phone (390 px): `document.documentElement.scrollWidth` stays at 390;
- axe-core finds no serious or critical accessibility violation on it;
- a screenshot of it lands in build/screenshots/<language>/: the whole page on a desktop, and
  the first screen on a phone.

axe-core is vendored under tests/browser/vendor/ (test-only; the app never serves it). The
Content-Security-Policy refuses an inline script, so Playwright's `add_script_tag(path=...)`
cannot inject it; the test answers one address of the site's own origin from the vendored
file instead (`page.route`) and adds a script tag for that address: the policy stays whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import playwright.sync_api as playwright_api  # installed with the project: never skipped
import pytest

from tests.browser.test_story import Walk

pytestmark = [pytest.mark.browser]

REPO = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_PATH = "__browser-tests__/axe.min.js"  # answered by the test from AXE, never by the app
SCREENSHOTS = REPO / "build" / "screenshots"
PHONE: playwright_api.ViewportSize = {"width": 390, "height": 844}
DESKTOP: playwright_api.ViewportSize = {"width": 1280, "height": 900}
SERIOUS = ("serious", "critical")
PROSPECT = "Kestrel Supply"  # the demo's deal with a conversation
# The first elements past the screen's right edge, outside any box that scrolls on its own.
STICKING_OUT = """() => {
    const edge = document.documentElement.clientWidth;
    const scrolls = e => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowX);
    const boxed = e => {
        for (let a = e.parentElement; a; a = a.parentElement) { if (scrolls(a)) return true; }
        return false;
    };
    const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
        + (typeof e.className === 'string' && e.className ? '.' + e.classList.value : '');
    return [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > edge + 1 && !boxed(e))
        .slice(0, 5)
        .map(e => name(e) + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
}"""


@dataclass
class Inspection:
    """One language's round of the main pages; what is wrong is gathered, not stopped at."""

    walk: Walk
    folder: Path
    problems: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)

    @property
    def page(self) -> playwright_api.Page:
        return self.walk.page

    def visit(self, name: str, path: str, *, status: int = 200) -> None:
        """Open `path` on a phone, check it and photograph it there and on a desktop."""
        self.seen.append(name)
        self.page.set_viewport_size(PHONE)
        response = self.page.goto(self.walk.base + path.lstrip("/"))
        assert response is not None and response.status == status, f"{name}: {path}"
        self._settle()
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            self.problems.append(f"{name}: {width} px wide at {PHONE['width']} px"
                                 f" ({self._widest()})")
        self.problems += [f"{name}: {v}" for v in self._accessibility_violations()]
        # The phone's first screen (what a person sees first; the width check covers the rest).
        self.page.screenshot(path=str(self.folder / f"{name}-phone.png"))
        self.page.set_viewport_size(DESKTOP)
        self._settle()
        self.page.screenshot(path=str(self.folder / f"{name}.png"), full_page=True)

    def _settle(self) -> None:
        """Wait for the page's scripts to lay it out (charts draw on the next frames)."""
        self.page.wait_for_load_state("load")
        self.page.evaluate("new Promise(done => requestAnimationFrame(() =>"
                           " requestAnimationFrame(() => setTimeout(done, 150))))")

    def _widest(self) -> str:
        """The elements that stick out past the screen's right edge, for the failure message."""
        found: list[str] = self.page.evaluate(STICKING_OUT)
        return ", ".join(found) or "no single element"

    def _accessibility_violations(self) -> list[str]:
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(url=self.walk.base + AXE_PATH)
        violations: list[dict[str, Any]] = self.page.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
        return [f"{v['id']} ({v['impact']}): {v['help']} — "
                + "; ".join(str(node["target"]) for node in v["nodes"][:3])
                for v in violations if v["impact"] in SERIOUS]


@pytest.fixture
def inspection(page: playwright_api.Page, demo_server: str, tmp_path: Path,
               lang: str) -> Inspection:
    """A round in `lang`, screenshots in build/screenshots/<lang>/ (emptied first)."""
    folder = SCREENSHOTS / lang
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    page.route(f"**/{AXE_PATH}", lambda route: route.fulfill(
        path=str(AXE), content_type="text/javascript; charset=utf-8"))
    # The walk's own sign-in shots are not main pages: they go to a folder of the test's.
    return Inspection(Walk(page, demo_server, lang, tmp_path), folder)


@pytest.mark.parametrize("lang", [pytest.param(code, id=f"pages-{code}") for code in ("en", "vi")])
def test_every_main_page_fits_a_phone_and_has_no_serious_accessibility_violation(
    inspection: Inspection, lang: str
) -> None:
    page, walk = inspection.page, inspection.walk
    page.goto(walk.base + "login/")
    walk.use_language()
    inspection.visit("sign-in", "/login/")

    walk.sign_in("bill", "bill-demo-pass")
    inspection.visit("pipeline", "/")
    deal_path = page.locator("#deal-rows tr", has_text=PROSPECT).locator("td a").first \
        .get_attribute("href") or ""
    inspection.visit("pipeline-board", "/?view=board")
    inspection.visit("deal", deal_path)
    conversation_path = page.locator("a[href^='/conversations/']").first.get_attribute("href") or ""
    competitor_path = page.locator("a[href^='/competitors/']").last.get_attribute("href") or ""
    inspection.visit("conversation", conversation_path)
    inspection.visit("upload", deal_path + "conversations/new/")
    inspection.visit("new-deal", "/deals/new/")
    inspection.visit("import", "/deals/import/")
    inspection.visit("crm-import", "/deals/crm/import/")
    inspection.visit("crm-export", "/deals/crm/export/")
    inspection.visit("follow-ups", "/follow-ups/")
    inspection.visit("competitors", "/competitors/")
    inspection.visit("competitor", competitor_path)
    inspection.visit("library", "/library/")
    inspection.visit("account", "/account/")
    inspection.visit("forbidden", "/manager/", status=403)
    inspection.visit("not-found", "/deals/999999/", status=404)
    walk.sign_out()

    walk.sign_in("ruth", "ruth-demo-pass")
    inspection.visit("manager-view", "/manager/")
    inspection.visit("team-export", "/teams/export/")
    walk.sign_out()

    walk.sign_in("admin", "admin-demo-pass")
    inspection.visit("people", "/people/")

    assert inspection.problems == [], "\n".join(inspection.problems)
    assert len(inspection.seen) == 20
