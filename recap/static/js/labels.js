/* Labels on the chart: each unlocked event's short text beside its marker, measured as
   drawn and placed without overlaps (plotly.js has no such placement). The same rule as
   recap/labels.py, which labels the static image: labels are tried in the priority order
   the build chose, each at the first free spot around one of its markers (above, below,
   beside, then further out with a leader line); a label that fits nowhere is left out,
   for the reader to reach by tap, keyboard or zoom. Act captions sit above the plot on
   one row, a caption that would run into the one before it drops to a second row.
   Right to left (the x axis reversed), the same is done in mirror. */
var LABEL = { height: 18, maxWidth: 150, maxWidthNarrow: 112, radius: 8, gap: 2, rings: 3, pad: 3 };
var CAPTION = { row: 17, gap: 8 };

function measurer(element, size, weight) {
  var context = document.createElement("canvas").getContext("2d");
  var style = getComputedStyle(element);
  context.font = (weight || "normal") + " " + size + "px " + style.fontFamily;
  return function (text) { return context.measureText(text).width; };
}

function shortenToWidth(text, maxWidth, measure) {
  if (measure(text) <= maxWidth) return text;
  var chars = Array.from(text);
  var low = 1, high = chars.length;
  while (low < high) {  // the longest prefix that fits with its ellipsis
    var mid = Math.ceil((low + high) / 2);
    if (measure(chars.slice(0, mid).join("").trimEnd() + "\u2026") <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return chars.slice(0, low).join("").trimEnd() + "\u2026";
}

function overlaps(a, b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function inside(box, bounds) {
  return box.x0 >= bounds.x0 && box.y0 >= bounds.y0 && box.x1 <= bounds.x1 && box.y1 <= bounds.y1;
}

// Boxes bucketed by 64-pixel cells: a check looks at its neighbours only, so long
// stories with tens of thousands of markers still place their labels quickly.
function BoxGrid() { this.cells = new Map(); }
BoxGrid.prototype.keys = function (box, visit) {
  for (var cx = Math.floor(box.x0 / 64); cx <= Math.floor(box.x1 / 64); cx++) {
    for (var cy = Math.floor(box.y0 / 64); cy <= Math.floor(box.y1 / 64); cy++) visit(cx + ":" + cy);
  }
};
BoxGrid.prototype.add = function (box) {
  var cells = this.cells;
  this.keys(box, function (key) {
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(box);
  });
};
BoxGrid.prototype.hits = function (box) {
  var cells = this.cells, hit = false;
  this.keys(box, function (key) {
    if (hit || !cells.has(key)) return;
    hit = cells.get(key).some(function (other) { return overlaps(box, other); });
  });
  return hit;
};

function labelSpots(anchor, width, height, rtl) {
  var spots = [], x = anchor.x, y = anchor.y, r = LABEL.radius, gap = LABEL.gap;
  // Best first: centred, then running on in the reading direction, then back.
  var lefts = rtl ? [x - width / 2, x + r - width, x - r] : [x - width / 2, x - r, x + r - width];
  var beside = rtl ? [x - r - gap - width, x + r + gap] : [x + r + gap, x - r - gap - width];
  for (var ring = 0; ring < LABEL.rings; ring++) {
    var offset = r + gap + ring * (height + gap);
    [[y - offset - height, y - offset], [y + offset, y + offset + height]].forEach(function (row) {
      lefts.forEach(function (left) {
        spots.push({ x0: left, y0: row[0], x1: left + width, y1: row[1], ring: ring });
      });
    });
    if (ring === 0) {
      beside.forEach(function (left) {
        spots.push({ x0: left, y0: y - height / 2, x1: left + width, y1: y + height / 2, ring: 0 });
      });
    }
  }
  return spots;
}

// The axes and traces as drawn: plotly.js's, or the sketch's before plotly.js has loaded.
function drawnGeometry(t) {
  var layout = t.chart._fullLayout;
  if (layout && layout.xaxis) {
    return { xaxis: layout.xaxis, yaxis: layout.yaxis, data: t.chart._fullData, meta: layout.meta && layout.meta.recap };
  }
  return t.sketch || null;
}

// Each drawn event marker's pixel and event id; `onLines` adds the markers on lines (the
// Characters view's), which a tap reaches but no label is placed by.
function markerPixels(t, onLines) {
  var drawn = drawnGeometry(t), points = [];
  if (!drawn) return points;
  var xa = drawn.xaxis, ya = drawn.yaxis;
  drawn.data.forEach(function (trace) {
    var mode = trace.mode || "";
    if (trace.visible === false || (onLines ? mode.indexOf("markers") < 0 || !trace.customdata : mode !== "markers")) return;
    for (var i = 0; i < trace.x.length; i++) {
      if (trace.x[i] === null) continue;
      points.push({
        x: xa._offset + xa.l2p(trace.x[i]),
        y: ya._offset + ya.l2p(trace.y[i]),
        id: trace.customdata ? String(trace.customdata[i]) : ""
      });
    }
  });
  return points;
}

// The drawn marker nearest a point of the chart, within a fingertip's reach; or null.
function nearestMarker(t, x, y) {
  var nearest = null, best = 12 * 12;
  markerPixels(t, true).forEach(function (point) {
    var distance = (point.x - x) * (point.x - x) + (point.y - y) * (point.y - y);
    if (distance <= best) { best = distance; nearest = point; }
  });
  return nearest;
}

function plotArea(t) {
  var drawn = drawnGeometry(t), xa = drawn.xaxis, ya = drawn.yaxis;
  return { x0: xa._offset, y0: ya._offset, x1: xa._offset + xa._length, y1: ya._offset + ya._length };
}

function relativeBox(element, origin) {
  var box = element.getBoundingClientRect();
  return { x0: box.left - origin.left, y0: box.top - origin.top, x1: box.right - origin.left, y1: box.bottom - origin.top };
}

function placeCaptions(t, overlay, acts, area) {
  var xa = drawnGeometry(t).xaxis;
  var measure = measurer(t.chart, 12);
  var rowEnds = [-Infinity, -Infinity];
  // Distances along the reading direction: from the left, or from the right when rtl.
  var reading = function (pixel) { return t.rtl ? area.x0 + area.x1 - pixel : pixel; };
  acts.forEach(function (act) {
    var left = Math.max(area.x0, reading(xa._offset + xa.l2p(act[1])));
    var right = Math.min(area.x1, reading(xa._offset + xa.l2p(act[2])));
    if (right - left < 12) return;  // the act is out of the zoomed view
    var text = act[0];
    var row = left >= rowEnds[0] ? 0 : left >= rowEnds[1] ? 1 : rowEnds[0] <= rowEnds[1] ? 0 : 1;
    if (left < rowEnds[row]) {
      // Both rows are taken here: start after the caption before, shortened to the band.
      left = rowEnds[row];
      if (right - left < 24) return;  // no room: the act's name heads its part of the list
      text = shortenToWidth(act[0], right - left, measure);
    }
    var width = Math.min(measure(text), area.x1 - left);
    rowEnds[row] = left + width + CAPTION.gap;
    var caption = document.createElement("span");
    caption.className = "recap-caption";
    caption.textContent = text;
    if (t.rtl) caption.style.right = (overlay.clientWidth - reading(left)) + "px";
    else caption.style.left = left + "px";
    caption.style.top = (area.y0 - 4 - 15 - CAPTION.row * row) + "px";
    caption.style.maxWidth = Math.ceil(area.x1 - left) + "px";
    overlay.appendChild(caption);
  });
}

function placeLabels(t) {
  var chart = t.chart;
  var drawn = drawnGeometry(t);
  var meta = drawn && drawn.meta;
  var overlay = chart.querySelector(".recap-overlay");
  if (!overlay) {
    overlay = document.createElement("div");
    overlay.className = "recap-overlay";
    overlay.setAttribute("aria-hidden", "true");  // the list below is the accessible text
  }
  // Over the drawing: plotly.js adds its own after the sketch's labels were placed.
  if (chart.lastElementChild !== overlay) chart.appendChild(overlay);
  overlay.replaceChildren();
  if (!meta) return;
  var area = plotArea(t);
  placeCaptions(t, overlay, meta.acts || [], area);
  var origin = chart.getBoundingClientRect();
  var taken = new BoxGrid();
  var anchors = new Map();
  markerPixels(t).forEach(function (point) {
    if (!anchors.has(point.id)) anchors.set(point.id, []);
    anchors.get(point.id).push(point);
  });
  // Markers and lane captions as drawn: their real boxes, whatever their shape and size.
  chart.querySelectorAll(".scatterlayer .point, .annotation").forEach(function (element) {
    taken.add(relativeBox(element, origin));
  });
  var measure = measurer(chart, 12);
  var maxWidth = chart.clientWidth < 560 ? LABEL.maxWidthNarrow : LABEL.maxWidth;
  var leaders = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  leaders.setAttribute("class", "recap-leaders");
  overlay.appendChild(leaders);
  var height = LABEL.height;
  meta.labels.forEach(function (entry) {
    var id = entry[0];
    var points = (anchors.get(id) || []).filter(function (point) {
      return point.x >= area.x0 && point.x <= area.x1;
    });
    if (!points.length) return;  // out of view, or not drawn (a thinned chart)
    // A label that is the event's title travels once, in the list item.
    var words = entry[2] || eventTitle(t, id);
    // In story order a label keeps the event's told number: "9. The truth".
    var full = t.order === "story" ? entry[1] + ". " + words : words;
    var text = shortenToWidth(full, maxWidth, measure);
    var width = Math.ceil(measure(text)) + 2 * LABEL.pad;
    var spots = points.map(function (point) { return labelSpots(point, width, height, t.rtl); });
    var longest = spots.reduce(function (most, list) { return Math.max(most, list.length); }, 0);
    for (var index = 0; index < longest; index++) {
      for (var p = 0; p < points.length; p++) {
        var spot = spots[p][index];
        if (!spot || !inside(spot, area) || taken.hits(spot)) continue;
        taken.add(spot);
        drawLabel(overlay, leaders, id, text, spot, points[p]);
        return;
      }
    }
  });
}

function drawLabel(overlay, leaders, id, text, spot, anchor) {
  var label = document.createElement("span");
  label.className = "recap-label";
  label.setAttribute("data-label-for", id);
  label.textContent = text;
  label.style.left = spot.x0 + "px";
  label.style.top = spot.y0 + "px";
  label.style.width = (spot.x1 - spot.x0) + "px";
  overlay.appendChild(label);
  if (spot.ring === 0) return;
  // A label moved away from its marker is joined to it by a thin line.
  var line = document.createElementNS("http://www.w3.org/2000/svg", "line");
  var above = spot.y1 <= anchor.y;
  var x = Math.min(Math.max(anchor.x, spot.x0 + 4), spot.x1 - 4);
  line.setAttribute("x1", anchor.x);
  line.setAttribute("y1", anchor.y + (above ? -LABEL.radius : LABEL.radius));
  line.setAttribute("x2", x);
  line.setAttribute("y2", above ? spot.y1 : spot.y0);
  leaders.appendChild(line);
}
