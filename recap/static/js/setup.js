/* Wires each .recap root on the page: its own state, reveal controls, panel and chart. */
function setup(root) {
  if (root.getAttribute("data-recap-ready") !== null) return;
  root.setAttribute("data-recap-ready", "");
  var t = {
    root: root,
    chart: root.querySelector(".recap-chart"),
    legend: root.querySelector(".recap-legend"),
    list: root.querySelector(".recap-events"),
    panel: root.querySelector(".recap-panel"),
    detail: root.querySelector(".recap-detail"),
    closeButton: root.querySelector(".recap-detail-close"),
    plotly: null,
    views: {
      locked: {
        figure: JSON.parse(root.querySelector(".recap-figure").textContent),
        characters: JSON.parse(root.querySelector(".recap-characters").textContent),
        legend: root.querySelector(".recap-legend").innerHTML,
        events: root.querySelector(".recap-events").innerHTML
      }
    }
  };

  setupWords(t);

  // Markers shrink on narrow screens so that neighbouring events stay apart.
  function fitted(figure) {
    var range = figure.layout.xaxis.range;  // reversed in a right-to-left language
    var perEvent = (t.chart.clientWidth || 600) / Math.abs(range[1] - range[0]);
    var size = Math.max(6, Math.min(14, Math.floor(perEvent * 0.8)));
    return figure.data.map(function (trace) {
      if (trace.mode !== "markers") return trace;
      var marker = Object.assign({}, trace.marker, { size: size });
      return Object.assign({}, trace, { marker: marker });
    });
  }

  t.draw = function (options) {
    if (!t.plotly) return;
    var figure = currentFigure(t);
    var layout = figure.layout;
    var zoom = t.chart._fullLayout && t.chart._fullLayout.xaxis && t.chart._fullLayout.xaxis.range;
    var full = layout.xaxis.range;
    if (zoom && (zoom[0] !== full[0] || zoom[1] !== full[1])) {
      // Keep the reader's zoom across reveals and view switches.
      layout = Object.assign({}, layout, { xaxis: Object.assign({}, layout.xaxis, { range: zoom.slice() }) });
    }
    if (options && options.animate && !prefersReducedMotion()) {
      layout = Object.assign({}, layout, { transition: { duration: 450, easing: "cubic-in-out" } });
    }
    mark("recap:draw");
    var data = followedFigure(t, withHover(t, fitted(figure)));
    mark("recap:hover-built");
    t.plotly.react(t.chart, data, layout, t.plotlyConfig).then(function () {
      mark("recap:plotted");
      placeLabels(t);
      markCurrent(t);
      mark("recap:labelled");
    });
  };

  t.listHtml = t.views.locked.events;
  var query = new URLSearchParams(location.search);
  setupReveal(t);
  setupFollow(t, query);
  setupViews(t, query);
  setupDetails(t);
  var status = t.chart.querySelector(".recap-chart-status");
  if (status) status.textContent = t.gettext("Loading the interactive chart\u2026 Every event is also listed below.");

  revealFromAddress(t, query);
  applyTheme(t, query);
  openLinkedEvent(t);
  window.addEventListener("hashchange", function () { openLinkedEvent(t); });
  reportHeightToHost(t);

  afterFirstPaint(function () {
    loadPlotly(root).then(function (loaded) {
      t.plotly = loaded;
      t.chart.replaceChildren();
      t.draw();
      t.chart.on("plotly_afterplot", function () {
        placeLabels(t);
        markCurrent(t);
      });
      placeLabels(t);
      markCurrent(t);
      // Whole told numbers at any zoom: a round step for the span in view.
      t.chart.on("plotly_relayout", function (change) {
        if (!change || !("xaxis.range[0]" in change || "xaxis.range" in change || "xaxis.autorange" in change)) return;
        var range = t.chart._fullLayout.xaxis.range;
        var step = tickStep(Math.abs(range[1] - range[0]));
        if (t.chart._fullLayout.xaxis.dtick !== step) t.plotly.relayout(t.chart, { "xaxis.dtick": step });
      });
      t.chart.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        if (point && point.customdata) showDetail(t, itemById(t, String(point.customdata)));
      });
      // With dragmode off, plotly lets the browser follow a tap with mouse events, and
      // counts the two as a double click, which resets the zoom. Swallow them after a
      // tap on the plot (a scroll's touchend cannot be cancelled, so scrolling works).
      t.chart.addEventListener("touchend", function (event) {
        if (event.cancelable && event.target.closest && event.target.closest(".draglayer")) {
          event.preventDefault();
        }
      });
      root.setAttribute("data-chart", "ready");
      if (location.hash) openLinkedEvent(t);
      var width = t.chart.clientWidth;
      var pending = null;
      window.addEventListener("resize", function () {
        clearTimeout(pending);
        pending = setTimeout(function () {
          if (t.chart.clientWidth !== width) { width = t.chart.clientWidth; t.draw(); }
        }, 150);
      });
    }).catch(function (error) {
      if (status) {
        status.textContent = t.gettext("The interactive chart could not load (%(reason)s). Every event is listed below.",
          { reason: error.message });
      }
      root.setAttribute("data-chart", "failed");
    });
  });
}

function start() {
  document.querySelectorAll(".recap[data-recap]").forEach(setup);
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
