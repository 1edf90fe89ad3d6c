"""What the manager view shows of the forecast: the current and the next quarter."""

from __future__ import annotations

from django.utils import timezone

from displace.web import permissions
from displace.web.deals.models import OPEN_STAGES
from displace.web.figures.stored import Figure
from displace.web.forecast.charts import quarter_bars
from displace.web.forecast.quarters import QuarterForecast, quarter_forecast
from displace.web.permissions import AnyUser

__all__ = ["FORECAST_SECONDS", "QUARTER_FORECAST", "manager_forecast", "quarter_forecast_of"]

# A person's quarter forecast is summed again in the background once that old, as the coaching
# hot-spots are: a quarter's sums hardly move in a minute, and they are a fifth of the page.
FORECAST_SECONDS = 60


def quarter_forecast_of(user_id: int) -> QuarterForecast:
    """The quarter forecast over the open deals person `user_id` sees: the stored figure."""
    deals = permissions.visible_deals(permissions.person(user_id))
    return quarter_forecast(deals.filter(stage__in=OPEN_STAGES), today=timezone.localdate())


QUARTER_FORECAST = Figure(quarter_forecast_of, fresh_seconds=FORECAST_SECONDS)


def manager_forecast(user: AnyUser, *, language: str) -> dict[str, object]:
    """The template's `forecast` and `forecast_charts`, over the open deals `user` sees."""
    forecast = QUARTER_FORECAST.read(user.pk or 0)
    return {"forecast": forecast, "forecast_charts": quarter_bars(forecast, language=language)}
