/* The details panel and the keyboard: a tap, click, arrow key or #event link opens an
   event's details beside the chart (under it on phones); the chart is one tab stop whose
   arrow keys step through the events in the order shown (the roving focus of the ARIA
   Authoring Practices). A locked event shows its placeholder, never its content. */
function listItems(t) {
  return Array.prototype.slice.call(t.list.querySelectorAll("li[data-event-id]"));
}

function itemByOrder(t, order) {
  return t.list.querySelector('li[data-event-id][value="' + order + '"]');
}

function itemById(t, eventId) {
  return eventIndex(t).get(eventId) || null;
}

// "Event 5 in story order (told as event 9). Flashback: happens between ...", counted among the
// events the reader can see, so a hidden event's place in the chronology gives nothing away.
function chronologyText(t, item) {
  var chronology = chronologyOf(t);
  var entry = chronology.byOrder.get(Number(item.value));
  if (!entry || item.classList.contains("recap-locked")) return "";
  var visible = chronology.byOrder.size - (chronology.meta.hidden || 0);
  var toldRank = 0;
  chronology.byOrder.forEach(function (other, order) {
    if (other.rank <= visible && order <= Number(item.value)) toldRank++;
  });
  if (toldRank === entry.rank && !entry.words) return "";
  var text = t.gettext("Event %(rank)s in story order (told as event %(told)s)", { rank: entry.rank, told: toldRank });
  return entry.words ? t.gettext("%(place)s. %(note)s", { place: text, note: entry.words }) : text;
}

function addFact(list, term, value) {
  var row = document.createElement("div");
  var dt = document.createElement("dt");
  var dd = document.createElement("dd");
  dt.textContent = term;
  dd.textContent = value;
  row.append(dt, dd);
  list.appendChild(row);
}

function showDetail(t, item, options) {
  if (!item) return;
  t.currentOrder = Number(item.value);
  // A <div>, not a clone of the <li>: a list item outside a list is invalid.
  var copy = document.createElement("div");
  copy.className = item.className;
  copy.classList.remove("recap-highlight");
  copy.setAttribute("data-detail-for", item.getAttribute("data-event-id"));
  item.childNodes.forEach(function (node) { copy.appendChild(node.cloneNode(true)); });
  copy.querySelectorAll("[id]").forEach(function (node) { node.removeAttribute("id"); });
  var heading = copy.querySelector(".recap-event-title");
  if (heading) {
    // Keep the page outline intact: the copy is a note, not a new section.
    var strong = document.createElement("p");
    strong.className = heading.className;
    strong.innerHTML = "<strong></strong>";
    strong.firstChild.textContent = item.value + ". " + heading.textContent.trim();
    heading.replaceWith(strong);
  }
  if (!item.classList.contains("recap-locked")) {
    var facts = copy.querySelector(".recap-event-facts");
    if (!facts) {
      facts = document.createElement("dl");
      facts.className = "recap-event-facts";
      copy.appendChild(facts);
    }
    var act = item.getAttribute("data-act");
    if (act) addFact(facts, t.gettext("Act"), act);
    var chronology = chronologyText(t, item);
    if (chronology) addFact(facts, t.gettext("Chronology"), chronology);
  }
  t.detail.replaceChildren(copy);
  t.panel.setAttribute("data-open", "");
  t.closeButton.hidden = false;
  listItems(t).forEach(function (node) { node.classList.remove("recap-highlight"); });
  item.classList.add("recap-highlight");
  markCurrent(t);
  if (!(options && options.noScroll)) revealPanel(t);
}

// Scroll only when the panel would otherwise be off screen: the reader stays put.
function revealPanel(t) {
  var box = t.panel.getBoundingClientRect();
  var height = window.innerHeight || document.documentElement.clientHeight;
  if (box.top < 0 || box.bottom > height) {
    t.panel.scrollIntoView({ block: box.height > height ? "start" : "nearest" });
  }
}

function closeDetail(t) {
  t.currentOrder = null;
  t.detail.replaceChildren();
  t.panel.removeAttribute("data-open");
  t.closeButton.hidden = true;
  listItems(t).forEach(function (node) { node.classList.remove("recap-highlight"); });
  markCurrent(t);
}

// A ring around the current event's marker, and its label emphasised.
function markCurrent(t) {
  var chart = t.chart;
  var old = chart.querySelector(".recap-cursor");
  if (old) old.remove();
  chart.querySelectorAll(".recap-label-current").forEach(function (node) {
    node.classList.remove("recap-label-current");
  });
  var item = t.currentOrder === null ? null : itemByOrder(t, t.currentOrder);
  chart.removeAttribute("data-current-event");
  if (!item || !drawnGeometry(t)) return;
  var id = item.getAttribute("data-event-id");
  chart.setAttribute("data-current-event", id);
  var point = markerPixels(t).filter(function (p) { return p.id === id; })[0] || eventPixel(t, id);
  var area = plotArea(t);
  var overlay = chart.querySelector(".recap-overlay");
  if (!point || !overlay || point.x < area.x0 || point.x > area.x1) return;
  var ring = document.createElement("span");
  ring.className = "recap-cursor";
  ring.style.left = point.x + "px";
  ring.style.top = point.y + "px";
  overlay.appendChild(ring);
  var label = overlay.querySelector('.recap-label[data-label-for="' + CSS.escape(id) + '"]');
  if (label) label.classList.add("recap-label-current");
}

function stepTo(t, index) {
  var items = listItems(t);
  if (!items.length) return;
  var next = items[Math.max(0, Math.min(items.length - 1, index))];
  showDetail(t, next, { noScroll: false });
}

function setupDetails(t) {
  t.currentOrder = null;
  t.closeButton.addEventListener("click", function () {
    closeDetail(t);
    t.chart.focus({ preventScroll: true });
  });
  t.chart.addEventListener("keydown", function (event) {
    var items = listItems(t);
    var current = t.currentOrder === null ? -1 : items.indexOf(itemByOrder(t, t.currentOrder));
    var handled = true;
    // Right to left, the chart runs leftwards: ArrowLeft steps on to the next event.
    var next = t.rtl ? "ArrowLeft" : "ArrowRight", previous = t.rtl ? "ArrowRight" : "ArrowLeft";
    if (event.key === next || event.key === "ArrowDown") stepTo(t, current + 1);
    else if (event.key === previous || event.key === "ArrowUp") stepTo(t, current < 0 ? 0 : current - 1);
    else if (event.key === "Home") stepTo(t, 0);
    else if (event.key === "End") stepTo(t, items.length - 1);
    else if (event.key === "Escape" && t.currentOrder !== null) closeDetail(t);
    else handled = false;
    if (handled) event.preventDefault();
  });
  t.panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && t.currentOrder !== null) {
      closeDetail(t);
      t.chart.focus({ preventScroll: true });
    }
  });
  // A tap or click on a label opens its event (markers answer through plotly_click).
  t.chart.addEventListener("click", function (event) {
    var label = event.target.closest && event.target.closest(".recap-label");
    if (label) showDetail(t, itemById(t, label.getAttribute("data-label-for")));
  });
}
