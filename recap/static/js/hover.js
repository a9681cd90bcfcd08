/* Hover labels, built in the browser from the list: each event's text travels once, in
   its list item, and the chart's hover is made from it when the chart is drawn. */
var HOVER_WIDTH = 48;  // characters (half as many wide CJK ones): fits a phone screen
var WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

// Every list item by its event id, rebuilt whenever the list is (see arrangeList).
function eventIndex(t) {
  if (!t.index) {
    t.index = new Map();
    listItems(t).forEach(function (item) { t.index.set(item.getAttribute("data-event-id"), item); });
  }
  return t.index;
}

function eventTitle(t, eventId) {
  var item = eventIndex(t).get(eventId);
  var title = item && item.querySelector(".recap-event-title");
  return title ? title.textContent.trim() : "";
}

function escapeHover(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function wrapLine(text) {
  var width = WIDE.test(text) ? HOVER_WIDTH / 2 : HOVER_WIDTH;
  if (text.length <= width) return [text];
  var lines = [], line = "";
  text.split(/\s+/).forEach(function (word) {
    // Chinese and Japanese put no spaces between words: a long run breaks anywhere.
    while (word.length > width) {
      if (line) { lines.push(line); line = ""; }
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
    else line = line ? line + " " + word : word;
  });
  if (line) lines.push(line);
  return lines;
}

// The hover's lines as plain text, the title first: a locked event's title and note only.
function hoverLines(t, eventId, chronology) {
  var item = eventIndex(t).get(eventId);
  if (!item) return [];
  var lines = [item.value + ". " + eventTitle(t, eventId)];
  if (item.classList.contains("recap-locked")) {
    var note = item.querySelector(".recap-locked-note");
    return note ? lines.concat([note.textContent.trim()]) : lines;
  }
  var facts = [];
  var summary = item.querySelector(".recap-event-summary");
  if (summary) facts.push(summary.textContent.trim());
  item.querySelectorAll(".recap-event-facts > div").forEach(function (row) {
    var term = row.querySelector("dt"), value = row.querySelector("dd");
    if (term && value) {
      facts.push(t.gettext("%(label)s: %(value)s", { label: term.textContent.trim(), value: value.textContent.trim() }));
    }
  });
  var act = item.getAttribute("data-act");
  if (act) facts.push(t.gettext("%(label)s: %(value)s", { label: t.gettext("Act"), value: act }));
  var entry = chronology.byOrder.get(Number(item.value));
  if (entry && entry.words) facts.push(entry.words);
  facts.forEach(function (fact) { lines.push.apply(lines, wrapLine(fact)); });
  return lines;
}

function hoverFor(t, eventId, chronology) {
  return hoverLines(t, eventId, chronology).map(function (line, index) {
    return t.isolate(index ? escapeHover(line) : "<b>" + escapeHover(line) + "</b>");
  }).join("<br>");
}

// The figure's traces with their hover text filled in from the list.
function withHover(t, data) {
  var chronology = chronologyOf(t);
  var cache = new Map();
  return data.map(function (trace) {
    if (!trace.customdata || trace.hovertext) return trace;
    var text = Array.from(trace.customdata).map(function (id) {
      if (!cache.has(id)) cache.set(id, hoverFor(t, String(id), chronology));
      return cache.get(id);
    });
    return Object.assign({}, trace, { hovertext: text });
  });
}

// Until plotly.js draws (and where it cannot load), a mouse resting on a sketched marker
// gets the hover plotly.js would give it, at once: the same lines, set as text. (A
// customised figure is never sketched: plotly.js draws it, and its hover, at once.)
function wireSketchHover(t) {
  var shown = null;
  t.chart.addEventListener("pointermove", function (event) {
    if (event.pointerType !== "mouse" || t.plotly || !t.sketch) return hideSketchHover(t);
    var box = t.chart.getBoundingClientRect();
    var point = nearestMarker(t, event.clientX - box.left, event.clientY - box.top);
    var tip = t.chart.querySelector(".recap-hover");
    if (tip && point && point.id === shown) return;
    hideSketchHover(t);
    var lines = point && point.id ? hoverLines(t, point.id, chronologyOf(t)) : [];
    if (!lines.length) return;
    shown = point.id;
    tip = document.createElement("div");
    tip.className = "recap-hover";
    tip.setAttribute("aria-hidden", "true");  // the list says it all to a screen reader
    lines.forEach(function (line, index) {
      var row = document.createElement(index ? "div" : "b");
      row.textContent = line;
      tip.appendChild(row);
    });
    t.chart.appendChild(tip);
    // Beside the marker, on the side with room, as plotly.js sets its own.
    var left = point.x + 14;
    if (left + tip.offsetWidth > box.width) left = Math.max(0, point.x - 14 - tip.offsetWidth);
    tip.style.left = left + "px";
    tip.style.top = Math.max(0, Math.min(box.height - tip.offsetHeight, point.y - tip.offsetHeight / 2)) + "px";
  });
  t.chart.addEventListener("pointerleave", function () { hideSketchHover(t); });
}

function hideSketchHover(t) {
  var tip = t.chart.querySelector(".recap-hover");
  if (tip) tip.remove();
}
