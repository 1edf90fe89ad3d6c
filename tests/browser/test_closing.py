"""Closing a deal in the browser: choosing the outcome narrows the reasons and shows the loss's
questions only for a loss (HTMX, under the Content-Security-Policy), the deal closes in place,
and reopens; in English and in Vietnamese."""

from __future__ import annotations

from pathlib import Path

import playwright.sync_api as playwright_api  # installed with the project: never skipped
import pytest

from tests.browser.test_story import Walk

pytestmark = [pytest.mark.browser]


@pytest.mark.parametrize("lang", [pytest.param(code, id=f"closing-{code}")
                                  for code in ("en", "vi")])
def test_a_rep_closes_a_deal_with_its_reason_and_reopens_it(
    demo_server: str, page: playwright_api.Page, artefacts: Path, lang: str
) -> None:
    walk = Walk(page, demo_server, lang, artefacts)
    expect, _ = playwright_api.expect, walk._
    walk.sign_in("bill", "bill-demo-pass")
    page.goto(demo_server)
    page.locator("#deal-rows a[href^='/deals/']").first.click()
    page.locator("#closing summary").click()
    form = page.locator("#close-form")
    reasons = form.locator("select[name=reason] option")
    expect(form.locator("optgroup")).to_have_count(3)  # every outcome's, before one is chosen

    form.locator("input[name=outcome][value=lost]").check()
    expect(form.locator("optgroup")).to_have_count(0)
    expect(form.locator("#close-loss")).to_be_visible()
    matched = ("The incumbent matched our price" if lang == "en"
               else "Nhà cung cấp hiện tại đưa ra mức giá bằng chúng ta")
    expect(reasons.filter(has_text=matched)).to_have_count(1)
    walk.shot("close-as-lost")

    form = page.locator("#close-form")
    form.locator("input[name=outcome][value=won]").check()
    expect(form.locator("#close-loss")).to_have_count(0)
    form.locator("select[name=reason]").select_option("gap-incumbent-could-not-close")
    form.locator("textarea[name=note]").fill("Signed after the cash-flow workshop.")
    form.locator("button").click()
    banner = page.locator("#closing.closed")
    expect(banner.locator("h2")).to_have_text(_("Closed: %(outcome)s") % {"outcome": _("Won")})
    expect(banner).to_contain_text("Signed after the cash-flow workshop.")
    walk.shot("closed-as-won")

    banner.locator("select[name=stage]").select_option("gap")
    banner.locator("button").click()
    expect(page.locator("#closing.closed")).to_have_count(0)
    expect(page.locator("#closing summary")).to_have_text(_("Close deal"))
    walk.shot("reopened")
