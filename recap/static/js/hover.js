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

function hoverFor(t, eventId, chronology) {
  var item = eventIndex(t).get(eventId);
  if (!item) return "";
  var lines = ["<b>" + escapeHover(item.value + ". " + eventTitle(t, eventId)) + "</b>"];
  if (item.classList.contains("recap-locked")) {
    var note = item.querySelector(".recap-locked-note");
    return lines.concat(note ? [escapeHover(note.textContent.trim())] : []).map(t.isolate).join("<br>");
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
  facts.forEach(function (fact) {
    wrapLine(fact).forEach(function (part) { lines.push(escapeHover(part)); });
  });
  return lines.map(t.isolate).join("<br>");
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
