"""The forecast's pages in a real browser, on the demo team: the calibration page and the
manager view's quarter forecast draw under the Content-Security-Policy, a point or a bar per
row of their figures' tables, in both languages, and fit a 390 px phone."""

from __future__ import annotations

from pathlib import Path

import playwright.sync_api as playwright_api
import pytest

from tests.browser.test_charts import PHONE, TOO_WIDE, _charts, _sign_in, _watch

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_calibration_and_quarter_charts_draw_what_their_tables_say(
    demo_server: str, page: playwright_api.Page, artefacts: Path, lang: str
) -> None:
    problems = _watch(page)
    page.emulate_media(reduced_motion="reduce")
    _sign_in(page, demo_server, "ruth", lang)
    page.goto(demo_server + "forecast/calibration/")
    heading = page.locator("h1").inner_text()
    assert heading.startswith("Calibration: " if lang == "en" else "Hiệu chỉnh: ")
    if page.locator("figure#reliability[data-chart]").count():
        reliability = _charts(page)["reliability"]
        # Both forecasts drawn, a point per forecast band that holds deals (its table row).
        assert reliability["type"] == "scatter" and len(reliability["drawn"]) == 2
        assert max(reliability["drawn"]) <= reliability["rows"] <= sum(reliability["drawn"])
    else:  # a demo without closed deals judged yet says what would fill the chart
        assert page.locator("figure#reliability .chart-empty").count() == 1
    page.screenshot(path=str(artefacts / "calibration.png"), full_page=True)

    page.goto(demo_server + "manager/")
    quarters = {key: chart for key, chart in _charts(page).items()
                if key.startswith("quarter-forecast-")}
    for chart in quarters.values():  # this quarter and the next: evidence, reps
        assert chart["type"] == "bar" and chart["drawn"] == [2, 2] and chart["rows"] == 2
    page.locator("#quarter-forecast").screenshot(path=str(artefacts / "quarter-forecast.png"))
    page.set_viewport_size(PHONE)
    for address in ("forecast/calibration/", "manager/"):
        page.goto(demo_server + address)
        _charts(page)
        assert page.evaluate(TOO_WIDE, PHONE["width"]) == [], address
    assert problems == []
