/* Hover labels, built in the browser from the list: each event's text travels once, in
   its list item, and the chart's hover is made from it when the chart is drawn. */
var HOVER_WIDTH = 48;  // characters: fits a phone screen

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
  if (text.length <= HOVER_WIDTH) return [text];
  var lines = [], line = "";
  text.split(/\s+/).forEach(function (word) {
    if (line && (line + " " + word).length > HOVER_WIDTH) { lines.push(line); line = word; }
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
    return lines.concat(note ? [escapeHover(note.textContent.trim())] : []).join("<br>");
  }
  var facts = [];
  var summary = item.querySelector(".recap-event-summary");
  if (summary) facts.push(summary.textContent.trim());
  item.querySelectorAll(".recap-event-facts > div").forEach(function (row) {
    var term = row.querySelector("dt"), value = row.querySelector("dd");
    if (term && value) facts.push(term.textContent.trim() + ": " + value.textContent.trim());
  });
  var act = item.getAttribute("data-act");
  if (act) facts.push("Act: " + act);
  var entry = chronology.byOrder.get(Number(item.value));
  if (entry && entry.words) facts.push(entry.words);
  facts.forEach(function (fact) {
    wrapLine(fact).forEach(function (part) { lines.push(escapeHover(part)); });
  });
  return lines.join("<br>");
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
