"""What the manager view shows of the forecast: the current and the next quarter."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from displace.web.deals.models import Deal
from displace.web.forecast.charts import quarter_bars
from displace.web.forecast.quarters import QuarterForecast, quarter_forecast
from displace.web.permissions import AnyUser

__all__ = ["FORECAST_SECONDS", "manager_forecast"]

# How long a person's quarter forecast is kept (in each server process), as the coaching
# hot-spots are: a quarter's sums hardly move in a minute, and they are a fifth of the page.
FORECAST_SECONDS = 60


def manager_forecast(user: AnyUser, open_deals: QuerySet[Deal], *,
                     language: str) -> dict[str, object]:
    """The template's `forecast` and `forecast_charts`, over `open_deals` (the user's scope),
    as summed at most FORECAST_SECONDS ago."""
    today = timezone.localdate()
    key = f"displace:quarter-forecast:{user.pk}:{today.isoformat()}"
    forecast: QuarterForecast | None = cache.get(key)
    if forecast is None:
        forecast = quarter_forecast(open_deals, today=today)
        cache.set(key, forecast, FORECAST_SECONDS)
    return {"forecast": forecast, "forecast_charts": quarter_bars(forecast, language=language)}
