/* Thinning: a long story's chart draws one marker per lane every few pixels of the range
   in view. At full width a story of 10,000 events has several events to a pixel, so the
   rest could not be seen or pointed at anyway, and drawing them all costs seconds. Each
   few pixels keep the event the labels rank first; zooming in draws more, down to every
   event. Hover, labels and taps act on what is drawn; the list, the keys and links still
   reach every event (the keyboard's ring is placed from the whole figure). */
var THINNING = { above: 2500, pixels: 4, lineBuckets: 3 };

function markerTraces(data) {
  return data.filter(function (trace) { return trace.mode === "markers" && Array.isArray(trace.x); });
}

// The timeline's event markers, and the Characters view's lines with their markers.
function hasMarkers(trace) {
  return Array.isArray(trace.x) && typeof trace.mode === "string" && trace.mode.indexOf("markers") >= 0;
}

// Rank of each event in the labels' priority order: the one kept where several meet.
var labelRanks = new WeakMap();
function labelRank(layout) {
  var meta = layout.meta && layout.meta.recap;
  if (!meta || !meta.labels) return new Map();
  if (!labelRanks.has(meta)) {
    var ranks = new Map();
    meta.labels.forEach(function (entry, index) { ranks.set(String(entry[0]), index); });
    labelRanks.set(meta, ranks);
  }
  return labelRanks.get(meta);
}

// The trace with only the points at `keep`: every per-point array follows.
function pickPoints(trace, keep) {
  var count = trace.x.length;
  var pick = function (values) {
    return Array.isArray(values) && values.length === count ? keep.map(function (i) { return values[i]; }) : values;
  };
  var copy = Object.assign({}, trace);
  ["x", "y", "customdata", "hovertext", "text", "ids"].forEach(function (key) {
    if (key in trace) copy[key] = pick(trace[key]);
  });
  if (trace.marker) {
    copy.marker = Object.assign({}, trace.marker);
    ["color", "size", "symbol", "opacity"].forEach(function (key) {
      if (key in trace.marker) copy.marker[key] = pick(trace.marker[key]);
    });
  }
  return copy;
}

function thinMarkers(trace, view, ranks) {
  var best = new Map();  // bucket -> index of the point kept there
  var line = trace.mode !== "markers";
  for (var i = 0; i < trace.x.length; i++) {
    var x = trace.x[i];
    if (x === null || x < view.low || x > view.high) continue;
    // A lane's markers share one y; a character's line wanders between rows, and keeps
    // one point in every few buckets, whatever its row.
    var bucket = line ? String(Math.floor((x - view.low) / (view.step * THINNING.lineBuckets)))
      : Math.floor((x - view.low) / view.step) + "|" + trace.y[i];
    var kept = best.get(bucket);
    var rank = ranks.has(String(trace.customdata && trace.customdata[i])) ? ranks.get(String(trace.customdata[i])) : Infinity;
    if (kept === undefined || rank < kept.rank) best.set(bucket, { index: i, rank: rank });
  }
  // A line keeps its ends: where it starts (its name is written there) and where it ends.
  if (line && trace.x.length) {
    best.set("first", { index: 0 });
    best.set("last", { index: trace.x.length - 1 });
  }
  var keep = Array.from(new Set(Array.from(best.values(), function (entry) { return entry.index; })));
  keep.sort(function (a, b) { return a - b; });
  return pickPoints(trace, keep);
}

// Connectors are segments (x, y0), (x, y1), null: one is kept per bucket and pair of lanes.
function thinSegments(trace, view) {
  var seen = new Set(), x = [], y = [];
  for (var i = 0; i + 1 < trace.x.length; i += 3) {
    var at = trace.x[i];
    if (at === null || at < view.low || at > view.high) continue;
    var bucket = Math.floor((at - view.low) / view.step) + "|" + trace.y[i] + "|" + trace.y[i + 1];
    if (seen.has(bucket)) continue;
    seen.add(bucket);
    x.push(trace.x[i], trace.x[i + 1], null);
    y.push(trace.y[i], trace.y[i + 1], null);
  }
  return Object.assign({}, trace, { x: x, y: y });
}

function isSegments(trace) {
  return trace.mode === "lines" && Array.isArray(trace.x) && trace.x.length > 2 && trace.x[2] === null;
}

// The data to draw for the range in view. `t.thinned` says whether anything was left out,
// `t.thinnable` whether the figure is big enough to thin (then each zoom draws again).
function thinned(t, data, layout) {
  var total = data.filter(hasMarkers).reduce(function (sum, trace) { return sum + trace.x.length; }, 0);
  t.thinned = false;
  t.thinnable = total > THINNING.above;
  if (!t.thinnable) return data;
  var range = layout.xaxis.range;
  var margin = layout.margin || {};
  var width = Math.max(120, (t.chart.clientWidth || 600) - (margin.l || 0) - (margin.r || 0));
  var low = Math.min(range[0], range[1]), high = Math.max(range[0], range[1]);
  var view = { low: low, high: high, step: (high - low) * THINNING.pixels / width };
  var ranks = labelRank(layout);
  var result = data.map(function (trace) {
    if (hasMarkers(trace)) return thinMarkers(trace, view, ranks);
    if (isSegments(trace)) return thinSegments(trace, view);
    return trace;
  });
  var drawn = result.filter(hasMarkers).reduce(function (sum, trace) { return sum + trace.x.length; }, 0);
  t.thinned = drawn < total;
  return result;
}

// The rings of flashbacks and flash-forwards around the markers drawn, and no others: a
// ring whose marker was left out would ring nothing (and a story told backwards has one
// on every event, as costly to draw as the markers).
function thinnedRings(layout, data) {
  var drawn = new Set();
  markerTraces(data).forEach(function (trace) {
    trace.x.forEach(function (x, i) { drawn.add(x + "|" + trace.y[i]); });
  });
  var shapes = (layout.shapes || []).filter(function (shape) {
    return shape.name !== "out-of-place" || drawn.has(shape.xanchor + "|" + shape.yanchor);
  });
  return Object.assign({}, layout, { shapes: shapes });
}

// Where an event's marker is, drawn or not: the keyboard's ring needs every event's place.
function eventPixel(t, eventId) {
  var drawn = drawnGeometry(t), figure = t.drawnFrom;
  if (!figure || !drawn) return null;
  var traces = markerTraces(figure);
  for (var k = 0; k < traces.length; k++) {
    var ids = traces[k].customdata || [];
    for (var i = 0; i < ids.length; i++) {
      if (String(ids[i]) === eventId) {
        return {
          x: drawn.xaxis._offset + drawn.xaxis.l2p(traces[k].x[i]),
          y: drawn.yaxis._offset + drawn.yaxis.l2p(traces[k].y[i]),
          id: eventId
        };
      }
    }
  }
  return null;
}
