/* Displace's charts: draws every <figure class="chart" data-chart="ID"> from the JSON in the
 * element #ID (written by Django's json_script; the shape is documented in
 * displace/web/charts/spec.py) with Chart.js, loaded before this file.
 *
 * No inline script, no eval, no inline style attribute: sizes are set through the CSSOM and
 * colours come from CSS custom properties on the figure (--chart-<tone>, displace.css).
 * Motion follows prefers-reduced-motion. A figure is drawn once, also when htmx brings it in.
 */
(function () {
  "use strict";

  var reducedMotion = window.matchMedia &&
    window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function colour(figure, tone) {
    var value = getComputedStyle(figure).getPropertyValue("--chart-" + tone).trim();
    return value || getComputedStyle(figure).getPropertyValue("--chart-muted").trim() || "#777";
  }

  // Only a place on this page (#turn-3) or a path on this site (/deals/5/) is followed.
  function safeHref(href) {
    if (typeof href !== "string") { return ""; }
    return (/^#[A-Za-z][\w-]*$/.test(href) || /^\/(?![\/\\])/.test(href)) ? href : "";
  }

  function number(lang, value, digits) {
    return new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value);
  }

  // An axis tick in the reader's language, the way the page writes the same figures.
  function tick(axis, lang, value) {
    switch (axis.unit) {
      case "percent":
        return number(lang, value, 0) + (lang === "vi" ? " %" : "%");
      case "money": {
        var compact = new Intl.NumberFormat(lang, {
          notation: "compact", maximumFractionDigits: 1 }).format(value);
        if (axis.currency === "USD") { return lang === "vi" ? compact + " $" : "$" + compact; }
        return compact + (axis.currency === "VND" ? " ₫" : " " + (axis.currency || ""));
      }
      case "seconds": {
        var seconds = Math.max(0, Math.round(value));
        return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
      }
      case "turn":
      case "count":
        return Number.isInteger(value) ? number(lang, value, 0) : "";
      default:
        return number(lang, value, 2);
    }
  }

  // A long label in lines of about `width` characters, broken between words (a row name of the
  // timeline on a phone would otherwise be cut off at the canvas's edge).
  function wrapped(label, width) {
    var lines = [], line = "";
    String(label).split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines.length > 1 ? lines : lines[0] || "";
  }

  function narrow(figure) { return figure.clientWidth < 520; }

  function scale(figure, data, name, extra) {
    var axis = data[name] || {};
    var options = {
      title: { display: Boolean(axis.title), text: axis.title || "", color: colour(figure, "ink") },
      ticks: { color: colour(figure, "ink") },
      grid: { color: colour(figure, "grid") }
    };
    if (axis.unit) {
      options.ticks.callback = function (value) { return tick(axis, data.lang, value); };
    }
    if (typeof axis.min === "number") { options.min = axis.min; }
    if (typeof axis.max === "number") { options.max = axis.max; }
    return Object.assign(options, extra || {});
  }

  // Bars and lines: one value per label; the tooltip shows the value as the page writes it.
  function valueDatasets(figure, data, extra) {
    return data.series.map(function (s) {
      var tone = colour(figure, s.tone);
      return Object.assign({ label: s.label, data: s.values, texts: s.texts,
                             backgroundColor: tone, borderColor: tone }, extra || {});
    });
  }

  // Scatter and timeline: a point per item, carrying its text and where a click goes.
  function pointDatasets(figure, data) {
    return data.series.map(function (s) {
      var tone = colour(figure, s.tone);
      // Not clipped: a point at 0 % or at the last turn shows whole, over the axis line.
      return { label: s.label, data: s.points, backgroundColor: tone, borderColor: tone,
               pointRadius: 5, pointHoverRadius: 7, clip: false };
    });
  }

  function valueTooltip(context) {
    var texts = context.dataset.texts || [];
    var text = texts[context.dataIndex];
    return context.dataset.label + ": " + (text === undefined ? context.formattedValue : text);
  }

  function pointTooltip(context) { return context.raw.text || ""; }

  // The line where the rep's confidence equals the evidence, under the points.
  var diagonal = {
    id: "displaceDiagonal",
    beforeDatasetsDraw: function (chart) {
      var x = chart.scales.x, y = chart.scales.y, ctx = chart.ctx;
      var low = Math.max(x.min, y.min), high = Math.min(x.max, y.max);
      ctx.save();
      ctx.strokeStyle = colour(chart.canvas.closest("figure"), "ink");
      ctx.setLineDash([5, 5]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x.getPixelForValue(low), y.getPixelForValue(low));
      ctx.lineTo(x.getPixelForValue(high), y.getPixelForValue(high));
      ctx.stroke();
      ctx.restore();
    }
  };

  function config(figure, data) {
    var legend = { display: data.series.length > 1, position: "bottom",
                   labels: { color: colour(figure, "ink"), boxWidth: 12 } };
    var base = {
      responsive: true, maintainAspectRatio: false, animation: reducedMotion ? false : {},
      plugins: { legend: legend, tooltip: { callbacks: { label: valueTooltip } } }
    };
    switch (data.kind) {
      case "bar":
        return { type: "bar", data: { labels: data.labels, datasets: valueDatasets(figure, data) },
                 options: Object.assign(base, { scales: {
                   x: scale(figure, data, "x"), y: scale(figure, data, "y") } }) };
      case "stacked-bar": {
        var stacked = { x: scale(figure, data, "x", { stacked: true }),
                        y: scale(figure, data, "y", { stacked: true }) };
        // One bar needs no name on its axis: the figure's title says what it is.
        stacked[data.horizontal ? "y" : "x"].ticks.display = data.labels.length > 1;
        return { type: "bar", data: { labels: data.labels, datasets: valueDatasets(figure, data) },
                 options: Object.assign(base, { indexAxis: data.horizontal ? "y" : "x",
                                                scales: stacked }) };
      }
      case "line":
        return { type: "line",
                 data: { labels: data.labels, datasets: valueDatasets(figure, data, {
                   spanGaps: false, tension: 0.2, pointRadius: 3, fill: false, clip: false }) },
                 options: Object.assign(base, { scales: {
                   x: scale(figure, data, "x"), y: scale(figure, data, "y") } }) };
      case "scatter":
      case "timeline": {
        base.plugins.tooltip.callbacks = { title: function () { return ""; },
                                           label: pointTooltip };
        var y = scale(figure, data, "y");
        if (data.kind === "timeline") {  // every row named, on as many lines as it needs
          var width = narrow(figure) ? 14 : 30;
          y = scale(figure, data, "y", { type: "category", labels: data.labels, offset: true });
          y.ticks.autoSkip = false;
          y.ticks.callback = function (value) { return wrapped(this.getLabelForValue(value), width); };
        }
        return { type: "scatter", data: { datasets: pointDatasets(figure, data) },
                 plugins: data.diagonal ? [diagonal] : [],
                 options: Object.assign(base, { scales: { x: scale(figure, data, "x"), y: y },
                                                onClick: follow, onHover: pointer }) };
      }
      default:
        return null;
    }
  }

  function pointAt(chart, event) {
    var found = chart.getElementsAtEventForMode(event, "nearest", { intersect: true }, false);
    if (!found.length) { return null; }
    return chart.data.datasets[found[0].datasetIndex].data[found[0].index];
  }

  function follow(event, elements, chart) {
    var point = pointAt(chart, event);
    var href = point ? safeHref(point.href) : "";
    if (!href) { return; }
    if (href.charAt(0) === "#") {
      window.location.hash = href;
    } else {
      window.location.assign(href);
    }
  }

  function pointer(event, elements, chart) {
    var point = pointAt(chart, event);
    chart.canvas.style.cursor = point && safeHref(point.href) ? "pointer" : "default";
  }

  function draw(figure) {
    if (figure.dataset.drawn || typeof window.Chart === "undefined") { return; }
    var source = document.getElementById(figure.dataset.chart);
    var canvas = figure.querySelector("canvas");
    if (!source || !canvas) { return; }
    var data = JSON.parse(source.textContent);
    var chartConfig = config(figure, data);
    if (!chartConfig) { return; }
    if (data.kind === "timeline") {  // a row per behaviour: the height follows the rows
      var row = narrow(figure) ? 46 : 32;
      canvas.parentElement.style.height = (90 + row * Math.max(1, data.labels.length)) + "px";
    }
    figure.dataset.drawn = "true";
    new window.Chart(canvas, chartConfig);
  }

  function drawAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("figure.chart[data-chart]")) { draw(scope); }
    scope.querySelectorAll("figure.chart[data-chart]").forEach(draw);
  }

  if (window.Chart) {
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  } else {
    drawAll(document);
  }
  document.addEventListener("htmx:load", function (event) { drawAll(event.detail.elt); });
})();
