"""Charts with a text alternative: typed builders return a `ChartSpec`, the template
`charts/chart.html` renders it, and `static/displace/charts.js` draws it with Chart.js.

A page with charts puts `{% include "charts/scripts.html" %}` in its `scripts` block (or after
its figures) and `{% include "charts/chart.html" with chart=spec %}` where each chart goes.
"""

from __future__ import annotations

from displace.web.charts.spec import KINDS, TONES, Cell, ChartKind, ChartSpec, Table, series

__all__ = ["KINDS", "TONES", "Cell", "ChartKind", "ChartSpec", "Table", "series"]
