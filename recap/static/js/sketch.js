/* The sketch: the chart's first view drawn as plain SVG from the figure plotly.js will
   draw, at the same pixels, so the story shows at first paint without running 1.2 MB of
   plotly.js. Plotly.js loads when the reader reaches for the timeline (pointer, touch,
   focus, a key) and takes over the drawing; until then labels, taps on markers, keys and
   the reveal work on the sketch. It draws only what recap's figures use: scatter lines
   (straight or spline) and markers with an optional text, rectangles and pixel-sized
   circles, the x axis with linear ticks, and annotations. Every text is set as text. */
var SVG = "http://www.w3.org/2000/svg";

function svgElement(name, attributes, parent) {
  var node = document.createElementNS(SVG, name);
  Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
  if (parent) parent.appendChild(node);
  return node;
}

function rounded(value) { return Math.round(value * 100) / 100; }

// An axis as plotly.js lays it out: offset and length in pixels, values mapped linearly;
// the y axis counts pixels downwards from its range's far end.
function sketchAxis(offset, length, range, downward) {
  var scale = length / (range[1] - range[0]);
  return {
    _offset: offset,
    _length: length,
    range: range.slice(),
    l2p: downward ? function (value) { return rounded(scale * (range[1] - value)); }
      : function (value) { return rounded(scale * (value - range[0])); }
  };
}

// plotly.js's marker shapes (src/components/drawing/symbol_defs.js): the circle, and
// the polygons' corners in units of the marker's radius.
var T = 2 / Math.sqrt(3), H = Math.sqrt(3) / 2, S = 1.4;
var POLYGONS = {
  square: [1, 1, -1, 1, -1, -1, 1, -1],
  diamond: [1.3, 0, 0, 1.3, -1.3, 0, 0, -1.3],
  "triangle-up": [-T, 0.5, T, 0.5, 0, -1],
  "triangle-down": [-T, -0.5, T, -0.5, 0, 1],
  star: [0.225, -0.309, 0.951, -0.309, 0.363, 0.118, 0.588, 0.809, 0, 0.382, -0.588, 0.809, -0.363, 0.118,
    -0.951, -0.309, -0.225, -0.309, 0, -1].map(function (k) { return k * S; }),
  hexagon: [H, -0.5, H, 0.5, 0, 1, -H, 0.5, -H, -0.5, 0, -1],
  pentagon: [0.951, -0.309, 0.588, 0.809, -0.588, 0.809, -0.951, -0.309, 0, -1],
  cross: [1.2, 0.4, 0.4, 0.4, 0.4, 1.2, -0.4, 1.2, -0.4, 0.4, -1.2, 0.4, -1.2, -0.4, -0.4, -0.4, -0.4, -1.2,
    0.4, -1.2, 0.4, -0.4, 1.2, -0.4]
};

function symbolPath(symbol, r) {
  var corners = POLYGONS[symbol];
  if (!corners) {
    var a = rounded(r);
    return "M" + a + ",0A" + a + "," + a + " 0 1,1 0,-" + a + "A" + a + "," + a + " 0 0,1 " + a + ",0Z";
  }
  var path = "";
  for (var i = 0; i < corners.length; i += 2) path += (i ? "L" : "M") + rounded(r * corners[i]) + "," + rounded(r * corners[i + 1]);
  return path + "Z";
}

// plotly.js's dash patterns, scaled by the line's width.
function dashArray(dash, width) {
  var unit = Math.max(width, 3);
  if (dash === "dot") return unit + "px," + unit + "px";
  if (dash === "dash") return 3 * unit + "px," + 3 * unit + "px";
  if (dash === "longdash") return 5 * unit + "px," + 5 * unit + "px";
  return null;
}

// plotly.js's spline (Drawing.smoothopen): Catmull-Rom tangents at each inner point.
function splinePath(points, smoothness) {
  if (points.length < 3) return "M" + points.join("L");
  var tangents = [];
  for (var i = 1; i < points.length - 1; i++) tangents.push(tangent(points[i - 1], points[i], points[i + 1], smoothness));
  var path = "M" + points[0] + "Q" + tangents[0][0] + " " + points[1];
  for (i = 2; i < points.length - 1; i++) path += "C" + tangents[i - 2][1] + " " + tangents[i - 1][0] + " " + points[i];
  return path + "Q" + tangents[points.length - 3][1] + " " + points[points.length - 1];
}

function tangent(previous, point, next, smoothness) {
  var d1x = previous[0] - point[0], d1y = previous[1] - point[1];
  var d2x = next[0] - point[0], d2y = next[1] - point[1];
  var d1a = Math.pow(d1x * d1x + d1y * d1y, 0.25), d2a = Math.pow(d2x * d2x + d2y * d2y, 0.25);
  var numx = (d2a * d2a * d1x - d1a * d1a * d2x) * smoothness;
  var numy = (d2a * d2a * d1y - d1a * d1a * d2y) * smoothness;
  var denom1 = 3 * d2a * (d1a + d2a), denom2 = 3 * d1a * (d1a + d2a);
  return [
    [rounded(point[0] + (denom1 && numx / denom1)), rounded(point[1] + (denom1 && numy / denom1))],
    [rounded(point[0] - (denom2 && numx / denom2)), rounded(point[1] - (denom2 && numy / denom2))]
  ];
}

function perPoint(value, index) { return Array.isArray(value) ? value[index] : value; }

// plotly.js's text is a small HTML: <b> runs and character references, nothing else here.
var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0" };
function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, function (whole, name) {
    if (name.charAt(0) !== "#") {
      return Object.prototype.hasOwnProperty.call(ENTITIES, name.toLowerCase()) ? ENTITIES[name.toLowerCase()] : whole;
    }
    var code = name.charAt(1).toLowerCase() === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function styledRuns(text) {
  var runs = [], bold = false;
  String(text).split(/(<\/?b>)/i).forEach(function (part) {
    if (/^<b>$/i.test(part)) bold = true;
    else if (/^<\/b>$/i.test(part)) bold = false;
    else if (part) runs.push({ text: decodeEntities(part.replace(/<[^>]*>/g, "")), bold: bold });
  });
  return runs;
}

function setRuns(textNode, runs) {
  runs.forEach(function (run) {
    if (!run.bold) return textNode.appendChild(document.createTextNode(run.text));
    svgElement("tspan", { "font-weight": "bold" }, textNode).textContent = run.text;
  });
}

var measuring = null;
function runsBox(runs, family, size) {
  measuring = measuring || document.createElement("canvas").getContext("2d");
  // Noto Sans's ascent and descent, for a browser that does not tell a font's own.
  var box = { width: 0, ascent: size * 1.07, descent: size * 0.29 };
  runs.forEach(function (run, index) {
    measuring.font = (run.bold ? "bold " : "") + size + "px " + family;
    var metrics = measuring.measureText(run.text);
    box.width += metrics.width;
    // The font's own height, as plotly.js measures a text's box (not the glyphs').
    if (index === 0 && metrics.fontBoundingBoxAscent) {
      box.ascent = metrics.fontBoundingBoxAscent;
      box.descent = metrics.fontBoundingBoxDescent;
    }
  });
  return box;
}

function fontAttributes(font, fallback) {
  font = Object.assign({}, fallback, font || {});
  return { "font-family": font.family, "font-size": font.size + "px", fill: font.color, size: font.size, family: font.family };
}

function drawShape(shape, parent, axes, area) {
  var line = shape.line || {};
  var x = function (value) { return shape.xref === "paper" ? area.x0 + value * (area.x1 - area.x0) : axes.x._offset + axes.x.l2p(value); };
  var y = function (value) { return shape.yref === "paper" ? area.y1 - value * (area.y1 - area.y0) : axes.y._offset + axes.y.l2p(value); };
  var style = {
    fill: shape.fillcolor || "none",
    stroke: line.width === 0 ? "none" : line.color || "none",
    "stroke-width": line.width === undefined ? 2 : line.width
  };
  var dash = dashArray(line.dash, style["stroke-width"]);
  if (dash) style["stroke-dasharray"] = dash;
  if (shape.type === "circle" && shape.xsizemode === "pixel") {
    var cx = x(shape.xanchor) + (shape.x0 + shape.x1) / 2, cy = y(shape.yanchor) - (shape.y0 + shape.y1) / 2;
    svgElement("circle", Object.assign(style, { cx: cx, cy: cy, r: Math.abs(shape.x1 - shape.x0) / 2 }), parent);
  } else if (shape.type === "rect") {
    var left = Math.min(x(shape.x0), x(shape.x1)), top = Math.min(y(shape.y0), y(shape.y1));
    svgElement("rect", Object.assign(style, {
      x: left, y: top, width: Math.abs(x(shape.x1) - x(shape.x0)), height: Math.abs(y(shape.y1) - y(shape.y0))
    }), parent);
  }
}

function drawTrace(trace, parent, axes) {
  var group = svgElement("g", { "class": "trace", opacity: trace.opacity === undefined ? 1 : trace.opacity }, parent);
  var mode = trace.mode || "";
  var at = function (i) {
    return [rounded(axes.x.l2p(trace.x[i])), rounded(axes.y.l2p(trace.y[i]))];
  };
  if (mode.indexOf("lines") >= 0) {
    var line = trace.line || {}, width = line.width === undefined ? 2 : line.width;
    var runs = [[]];
    for (var i = 0; i < trace.x.length; i++) {
      if (trace.x[i] === null || trace.y[i] === null) runs.push([]);
      else runs[runs.length - 1].push(at(i));
    }
    var attributes = { fill: "none", stroke: line.color, "stroke-width": width };
    var dash = dashArray(line.dash, width);
    if (dash) attributes["stroke-dasharray"] = dash;
    runs.forEach(function (points) {
      if (points.length < 2) return;
      var d = line.shape === "spline" ? splinePath(points, line.smoothing === undefined ? 1 : line.smoothing) : "M" + points.join("L");
      svgElement("path", Object.assign({ d: d }, attributes), group);
    });
  }
  var marker = trace.marker || {};
  if (mode.indexOf("markers") >= 0) {
    var points = svgElement("g", { "class": "points" }, group);
    var outline = marker.line || {};
    for (var p = 0; p < trace.x.length; p++) {
      if (trace.x[p] === null) continue;
      var size = perPoint(marker.size, p);
      var opacity = perPoint(marker.opacity, p);
      svgElement("path", {
        "class": "point",
        transform: "translate(" + at(p) + ")",
        d: symbolPath(perPoint(marker.symbol, p), (size === undefined ? 6 : size) / 2),
        fill: perPoint(marker.color, p),
        "fill-opacity": opacity === undefined ? 1 : opacity,
        stroke: outline.width ? perPoint(outline.color, p) : "none",
        "stroke-opacity": opacity === undefined ? 1 : opacity,
        "stroke-width": outline.width || 0
      }, points);
    }
  }
  if (mode.indexOf("text") >= 0 && Array.isArray(trace.text)) {
    var position = trace.textposition || "middle center";
    var anchor = position.indexOf("left") >= 0 ? "end" : position.indexOf("right") >= 0 ? "start" : "middle";
    var font = trace.textfont || {};
    trace.text.forEach(function (text, index) {
      if (!text || trace.x[index] === null) return;
      // plotly.js sets text a little more than a marker's radius away: radius / 0.8 + 1.
      var radius = mode.indexOf("markers") >= 0 ? perPoint(marker.size, index) / 2 / 0.8 + 1 : 0;
      var point = at(index);
      var dx = anchor === "end" ? -radius : anchor === "start" ? radius : 0;
      var node = svgElement("text", {
        // plotly.js's "middle": the baseline a quarter of the font size below the point.
        x: point[0] + dx, y: point[1] + (font.size || 13) * 0.25, "text-anchor": anchor,
        "font-size": (font.size || 13) + "px", fill: font.color || "currentColor"
      }, group);
      setRuns(node, styledRuns(text));
    });
  }
}

function drawAxis(layout, parent, axis, area, height, font) {
  var xaxis = layout.xaxis || {};
  if (xaxis.showline) {
    svgElement("path", {
      d: "M" + area.x0 + "," + (area.y1 + 0.5) + "H" + area.x1, stroke: xaxis.linecolor, "stroke-width": 1, fill: "none"
    }, parent);
  }
  var step = xaxis.dtick || 1, start = xaxis.tick0 || 0;
  var low = Math.min(axis.range[0], axis.range[1]), high = Math.max(axis.range[0], axis.range[1]);
  var tickFont = Object.assign({}, font, xaxis.tickfont || {});
  var ticks = svgElement("g", { "class": "xtick", "font-size": tickFont.size + "px", fill: tickFont.color, "text-anchor": "middle" }, parent);
  for (var value = start + Math.ceil((low - start) / step) * step; value <= high; value += step) {
    // Where plotly.js sets a bottom axis's labels when it draws no tick marks.
    var baseline = area.y1 + 3.6 + tickFont.size;
    svgElement("text", { x: rounded(axis._offset + axis.l2p(value)), y: baseline }, ticks).textContent = String(value);
  }
  var title = xaxis.title && xaxis.title.text;
  if (title) {
    // plotly.js's axis title: 1.2 times the font, its baseline 5 px above the bottom edge.
    var titleNode = svgElement("text", {
      x: (area.x0 + area.x1) / 2, y: height - 5, "text-anchor": "middle", "font-size": Math.round(font.size * 1.2) + "px", fill: font.color
    }, svgElement("g", { "class": "g-xtitle" }, parent));
    setRuns(titleNode, styledRuns(title));
  }
}

function drawAnnotation(note, parent, axes, area, font) {
  var runs = styledRuns(note.text || "");
  var own = Object.assign({}, font, note.font || {});
  var box = runsBox(runs, own.family, own.size);
  // plotly.js's box: the text plus a pixel of padding and one of border on each side.
  var outerWidth = Math.round(box.width + 4), outerHeight = Math.round(box.ascent + box.descent + 4);
  var x = note.xref === "paper" ? area.x0 + note.x * (area.x1 - area.x0) : axes.x._offset + axes.x.l2p(note.x);
  var y = note.yref === "paper" ? area.y1 - note.y * (area.y1 - area.y0) : axes.y._offset + axes.y.l2p(note.y);
  y -= note.yshift || 0;
  var left = note.xanchor === "left" ? x : note.xanchor === "right" ? x - outerWidth : x - outerWidth / 2;
  var top = note.yanchor === "bottom" ? y - outerHeight : note.yanchor === "top" ? y : y - outerHeight / 2;
  var group = svgElement("g", { "class": "annotation", transform: "translate(" + Math.round(left) + "," + Math.round(top) + ")" }, parent);
  if (note.bgcolor) {
    svgElement("rect", { "class": "bg", x: 0.5, y: 0.5, width: outerWidth - 1, height: outerHeight - 1, fill: note.bgcolor }, group);
  }
  var text = svgElement("text", {
    "class": "annotation-text", x: 2 + box.width / 2, y: Math.round(2 + box.ascent), "text-anchor": "middle", "font-size": own.size + "px", fill: own.color
  }, group);
  setRuns(text, runs);
}

// Whether the sketch draws this figure as plotly.js would: recap's own figures, and a
// customised one only while it keeps to what the sketch reads (else plotly.js draws it).
function sketchable(data, layout) {
  var xaxis = layout.xaxis || {}, yaxis = layout.yaxis || {};
  var every = function (list, test) { return (list || []).every(test); };
  var clear = function (color) { return !color || color === "rgba(0,0,0,0)"; };
  var span = Array.isArray(xaxis.range) ? Math.abs(xaxis.range[1] - xaxis.range[0]) : 0;
  return span > 0 && Array.isArray(yaxis.range) && yaxis.visible === false &&
    (!layout.template || !Object.keys(layout.template).length) && !layout.width &&
    clear(layout.paper_bgcolor) && clear(layout.plot_bgcolor) &&
    !layout.title && !layout.showlegend && !layout.images && !layout.updatemenus && !layout.sliders &&
    (!xaxis.type || xaxis.type === "linear") && xaxis.visible !== false && !xaxis.domain &&
    xaxis.tickmode === "linear" && xaxis.dtick > 0 && span / xaxis.dtick < 1000 &&
    xaxis.showgrid === false && xaxis.zeroline === false && (!xaxis.tickformat || xaxis.tickformat === "d") &&
    every(data, sketchableTrace) &&
    every(layout.shapes, function (shape) {
      return shape.type === "rect" || (shape.type === "circle" && shape.xsizemode === "pixel" && shape.ysizemode === "pixel");
    }) &&
    every(layout.annotations, function (note) {
      return !note.showarrow && !note.textangle && !note.xshift && ["left", "right", "center"].indexOf(note.xanchor) >= 0 &&
        !/<(?!\/?b>)/i.test(note.text || "");
    });
}

function sketchableTrace(trace) {
  var mode = trace.mode || "", marker = trace.marker || {}, line = trace.line || {};
  var plain = function (values) { return values === undefined || typeof values !== "object" || Array.isArray(values); };
  return (!trace.type || trace.type === "scatter") && /^(lines|markers|text)(\+(lines|markers|text))*$/.test(mode) &&
    Array.isArray(trace.x) && Array.isArray(trace.y) && !trace.xaxis && !trace.yaxis &&
    !trace.fill && !trace.error_x && !trace.error_y && (trace.visible === undefined || typeof trace.visible === "boolean") &&
    (mode.indexOf("lines") < 0 || (typeof line.color === "string" && (!line.shape || line.shape === "linear" || line.shape === "spline"))) &&
    (mode.indexOf("markers") < 0 || (marker.color !== undefined && plain(marker.color) && plain(marker.size) &&
      plain(marker.symbol) && plain(marker.opacity))) &&
    (mode.indexOf("text") < 0 || (Array.isArray(trace.text) && /^middle (left|right|center)$/.test(trace.textposition || "") &&
      trace.text.every(function (text) { return !/<(?!\/?b>)/i.test(text || ""); })));
}

// Draws the figure as plotly.js would, in place of anything drawn before; returns what
// labels and keys need of it, as plotly.js's own layout would tell them.
function drawSketch(t, data, layout) {
  var chart = t.chart;
  var old = chart.querySelector(".recap-sketch");
  var width = Math.round(chart.getBoundingClientRect().width) || 600, height = layout.height || 450;
  var margin = Object.assign({ l: 80, r: 80, t: 100, b: 80 }, layout.margin || {});
  var area = { x0: margin.l, y0: margin.t, x1: width - margin.r, y1: height - margin.b };
  var axes = {
    x: sketchAxis(area.x0, area.x1 - area.x0, layout.xaxis.range, false),
    y: sketchAxis(area.y0, area.y1 - area.y0, layout.yaxis.range, true)
  };
  var font = fontAttributes(layout.font, { family: "sans-serif", size: 12, color: "#444" });
  var svg = svgElement("svg", {
    "class": "recap-sketch main-svg", width: width, height: height, "font-family": font.family, "aria-hidden": "true"
  });
  var clip = (t.root.id || "recap") + "-sketch-clip";
  var defs = svgElement("defs", {}, svg);
  svgElement("rect", { x: area.x0, y: 0, width: area.x1 - area.x0, height: height }, svgElement("clipPath", { id: clip + "-x" }, defs));
  svgElement("rect", { x: area.x0, y: area.y0, width: area.x1 - area.x0, height: area.y1 - area.y0 },
    svgElement("clipPath", { id: clip + "-xy" }, defs));
  var shapes = layout.shapes || [];
  var below = svgElement("g", { "clip-path": "url(#" + clip + "-x)" }, svg);
  shapes = shapes.filter(function (shape) { return shape.visible !== false; });
  shapes.forEach(function (shape) { if (shape.layer === "below") drawShape(shape, below, axes, area); });
  var origin = "translate(" + area.x0 + "," + area.y0 + ")";
  var plot = svgElement("g", { "class": "scatterlayer", transform: origin },
    svgElement("g", { "clip-path": "url(#" + clip + "-xy)" }, svg));
  // A trace that says so (the Characters view's lines, named left of the plot) is not clipped.
  var loose = svgElement("g", { "class": "scatterlayer", transform: origin }, svg);
  data.forEach(function (trace) {
    if (trace.visible === false || (trace.type && trace.type !== "scatter")) return;
    drawTrace(trace, trace.cliponaxis === false ? loose : plot, axes);
  });
  drawAxis(layout, svg, axes.x, area, height, font);
  var above = svgElement("g", { "clip-path": "url(#" + clip + "-xy)" }, svg);
  shapes.forEach(function (shape) { if (shape.layer !== "below") drawShape(shape, above, axes, area); });
  (layout.annotations || []).forEach(function (note) {
    if (note.visible !== false) drawAnnotation(note, svg, axes, area, font);
  });
  if (old) old.replaceWith(svg);
  else chart.insertBefore(svg, chart.firstChild);
  // "Loading the chart": the chart is here. Gone in the same frame, or the page would move.
  var waiting = chart.querySelector(".recap-chart-status");
  if (waiting) waiting.remove();
  t.sketch = { xaxis: axes.x, yaxis: axes.y, data: data, meta: layout.meta && layout.meta.recap };
  return t.sketch;
}
