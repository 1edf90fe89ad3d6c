"""In a real browser, the app's pages and the API's Swagger UI work under the
Content-Security-Policy: nothing they need is refused, and Swagger UI renders the operations."""

from __future__ import annotations

from pathlib import Path

import playwright.sync_api as playwright_api
import pytest

pytestmark = pytest.mark.browser


def test_pages_and_the_api_docs_run_under_the_policy_with_nothing_refused(
    demo_server: str, page: playwright_api.Page, artefacts: Path
) -> None:
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(demo_server + "login/")
    page.locator("input[name=username]").fill("bill")
    page.locator("input[name=password]").fill("bill-demo-pass")
    page.locator("main form button").click()
    page.wait_for_load_state()
    page.locator("#deal-rows tr td a").first.click()
    page.wait_for_load_state()
    assert page.evaluate("typeof window.htmx") == "object"  # htmx came from the static file
    page.goto(demo_server + "api/docs")
    playwright_api.expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    page.screenshot(path=str(artefacts / "api-docs.png"), full_page=False)
    assert refused == []
