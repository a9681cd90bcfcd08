/* From the sketch to plotly.js. The root's data-chart says where a timeline stands:
   absent until its first drawing; "sketched" once the sketch is drawn and labelled;
   "ready" once plotly.js has drawn over it (hover, zoom); "failed" when plotly.js could
   not load (the sketch stays). plotly.js loads when the reader reaches for the timeline:
   a pointer over it, a touch, the focus, a key; or when a host sends the .recap root a
   "recap:interactive" event. */
var REACH = ["pointerover", "pointerdown", "touchstart", "focusin", "keydown", "recap:interactive"];

function wireReach(t) {
  REACH.forEach(function (type) {
    t.root.addEventListener(type, function () { interactive(t); }, { once: true, passive: true });
  });
  wireSketchHover(t);
  // Another timeline on the page has loaded plotly.js already: nothing to wait for.
  if (window.Plotly) interactive(t);
  // A tap on a sketched marker opens its event, as plotly.js's click does once loaded.
  // What counts is where the press began: plotly.js may take over before the click.
  var pressedSketch = false;
  t.chart.addEventListener("pointerdown", function () { pressedSketch = !t.plotly && !!t.sketch; });
  t.chart.addEventListener("click", function (event) {
    if (!pressedSketch || (event.target.closest && event.target.closest(".recap-label"))) return;
    pressedSketch = false;
    var box = t.chart.getBoundingClientRect();
    var nearest = nearestMarker(t, event.clientX - box.left, event.clientY - box.top);
    if (nearest) showDetail(t, itemById(t, nearest.id));
  });
}

// Draws the sketch; false when it cannot (a figure it does not know, or no canvas to
// measure text with), leaving nothing of an earlier sketch behind.
function trySketch(t, data, layout) {
  try {
    if (sketchable(data, layout)) {
      drawSketch(t, data, layout);
      return true;
    }
  } catch (error) { /* plotly.js draws instead */ }
  var old = t.chart.querySelector(".recap-sketch");
  if (old) old.remove();
  t.sketch = null;
  placeLabels(t);
  return false;
}

// Loads plotly.js, once, and lets it draw over the sketch: loading (in a task after the
// reader's input, which paints first), drawing and labelling are tasks of their own.
// Settles either way: "failed" is said on the root.
function interactive(t) {
  if (t.loading) return t.loading;
  var root = t.root;
  t.loading = nextTask().then(function () { return loadPlotly(root); }).then(nextTask).then(function (loaded) {
    t.plotly = loaded;
    var sketch = t.chart.querySelector(".recap-sketch");
    if (sketch) sketch.remove();
    t.sketch = null;
    var status = t.chart.querySelector(".recap-chart-status");
    if (status) status.remove();
    return t.draw({ labelsLater: true });
  }).then(nextTask).then(function () {
    placeLabels(t);
    markCurrent(t);
    mark("recap:labelled");
    listenToPlotly(t);
    root.setAttribute("data-chart", "ready");
  }).catch(function (error) {
    // The sketch stays: the story still shows, without hover or zoom. The note goes under
    // the chart and its panel, where it moves neither, and drawing takes it nowhere.
    var status = t.chart.querySelector(".recap-chart-status");
    if (status) status.remove();
    var note = document.createElement("p");
    note.className = "recap-chart-status";
    (t.chart.closest(".recap-stage") || t.chart).after(note);
    note.textContent = t.gettext("The interactive chart could not load (%(reason)s). Every event is listed below.",
      { reason: error.message });
    root.setAttribute("data-chart", "failed");
  });
  return t.loading;
}

function listenToPlotly(t) {
  t.chart.on("plotly_afterplot", function () {
    placeLabels(t);
    markCurrent(t);
  });
  // Whole told numbers at any zoom: a round step for the span in view.
  t.chart.on("plotly_relayout", function (change) {
    if (!change || !("xaxis.range[0]" in change || "xaxis.range" in change || "xaxis.autorange" in change)) return;
    // A thinned chart draws again for the new range: more events as it zooms in.
    if (t.thinnable) return t.draw();
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
}
