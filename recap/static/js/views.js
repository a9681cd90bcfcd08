/* Views: the chart and the list as told, in story order, or by character. Story order
   remaps every x of the drawn figure through the view's chronology (locked events stay
   together after the visible ones, so their place gives nothing away), and the list
   follows. Switching keeps the reader's place: spoilers, the open panel, the zoom. */
function viewName(t, order) {
  return order === "story" ? t.gettext("Events in story order") : t.gettext("Events in the order told");
}

function chronologyOf(t) {
  var meta = revealedView(t).figure.layout.meta;
  var rows = (meta && meta.recap && meta.recap.chronology) || [];
  var byOrder = new Map();
  rows.forEach(function (row) {
    byOrder.set(row[0], { rank: row[1], placement: row[2], words: row[3] });
  });
  return { byOrder: byOrder, meta: (meta && meta.recap) || {} };
}

function mapX(x, toX) {
  if (x === null || x === undefined) return x;
  return toX.has(x) ? toX.get(x) : x;
}

// The figure as it happened: each told position moved to its rank in story order.
function inStoryOrder(t, figure, chronology) {
  var toX = new Map();
  chronology.byOrder.forEach(function (entry, order) { toX.set(order, entry.rank); });
  var data = figure.data.map(function (trace) {
    var copy = Object.assign({}, trace);
    if (!Array.isArray(trace.x)) return copy;
    var points = trace.x.map(function (x, i) {
      return {
        x: mapX(x, toX), y: trace.y[i],
        id: trace.customdata ? trace.customdata[i] : undefined,
        text: Array.isArray(trace.hovertext) ? trace.hovertext[i] : undefined,
        label: Array.isArray(trace.text) ? trace.text[i] : undefined
      };
    });
    if (trace.mode === "lines" && trace.x.length === 2 && trace.x[0] !== null) {
      return copy;  // an arc's span: redrawn below from its lane's markers
    }
    if (trace.x.indexOf(null) < 0) points.sort(function (a, b) { return a.x - b.x; });
    copy.x = points.map(function (p) { return p.x; });
    copy.y = points.map(function (p) { return p.y; });
    if (trace.customdata) copy.customdata = points.map(function (p) { return p.id; });
    if (Array.isArray(trace.hovertext)) copy.hovertext = points.map(function (p) { return p.text; });
    if (Array.isArray(trace.text)) {
      // A character's name stays at the start of its line, whichever event comes first.
      var name = trace.text.filter(Boolean)[0] || "";
      copy.text = points.map(function (p, i) { return i === 0 ? name : ""; });
    }
    return copy;
  });
  // Arc spans run from the first to the last of their lane's events, in the new order.
  var extent = new Map();
  data.forEach(function (trace) {
    if (trace.mode === "lines" || !Array.isArray(trace.x)) return;
    trace.x.forEach(function (x, i) {
      var y = trace.y[i];
      var span = extent.get(y) || [Infinity, -Infinity];
      extent.set(y, [Math.min(span[0], x), Math.max(span[1], x)]);
    });
  });
  data.forEach(function (trace) {
    if (trace.mode === "lines" && trace.x.length === 2 && trace.x[0] !== null && extent.has(trace.y[0])) {
      trace.x = extent.get(trace.y[0]).slice();
    }
  });
  var layout = Object.assign({}, figure.layout);
  layout.shapes = (figure.layout.shapes || []).filter(function (shape) {
    return shape.name === "out-of-place";
  }).map(function (shape) {
    return Object.assign({}, shape, { xanchor: mapX(shape.xanchor, toX) });
  });
  layout.xaxis = Object.assign({}, figure.layout.xaxis, {
    title: Object.assign({}, figure.layout.xaxis.title, { text: chronology.meta.storyAxis })
  });
  var recap = Object.assign({}, chronology.meta, { acts: [] });
  if (recap.hidden) {
    // The locked events, together after the visible ones: one caption for them all.
    var first = chronology.byOrder.size - recap.hidden + 1;
    recap.acts = [[t.ngettext("%(count)s hidden event", "%(count)s hidden events", recap.hidden), first - 0.5, chronology.byOrder.size + 0.5]];
  }
  layout.meta = { recap: recap };
  return { data: data, layout: layout };
}

// plotly.js writes a line's name a marker's radius / 0.8 + 1 from its point.
function nameGap(trace) {
  return ((trace.marker && trace.marker.size) || 6) / 2 / 0.8 + 1;
}

// The Characters view keeps a margin for the names of lines that start at its edge,
// sized for the longest name. A line that starts later has the chart before its start as
// well: on a phone, a long name far in would cost the whole chart a third of its width.
// The margin narrows to what the names need there, never widening.
function fitNames(t, data, layout) {
  var side = t.rtl ? "r" : "l", margin = layout.margin || {};
  var most = margin[side] || 0, other = margin[t.rtl ? "l" : "r"] || 0;
  var x = layout.xaxis.range, total = t.chart.clientWidth || 600;
  // Never narrower than the margin on the other side: the chart stays centred when
  // no name needs room.
  var measure = measurer(t.chart, 13), needed = other;
  data.forEach(function (trace) {
    if (!Array.isArray(trace.text) || !trace.text[0]) return;
    // How far in the line starts, as a share of the plot's width from the names' side:
    // the range's first value is drawn at the left, in a reversed (rtl) range too.
    var into = (trace.x[0] - x[0]) / (x[1] - x[0]);
    if (t.rtl) into = 1 - into;
    var wanted = measure(trace.text[0]) + nameGap(trace) + 6;
    // wanted <= margin + into * (total - margin - other), solved for the margin.
    needed = Math.max(needed, into < 1 ? (wanted - into * (total - other)) / (1 - into) : 0);
  });
  needed = Math.min(most, Math.ceil(needed));
  if (needed >= most) return layout;
  var fitted = Object.assign({}, margin);
  fitted[side] = needed;
  return Object.assign({}, layout, { margin: fitted });
}

// The Characters view names each line where it starts. Names of lines that start close
// together would be written over one another: a name that would meet one already written
// goes to the other side of its line's start, and if it meets one there too it is left
// out (its line still opens its events, and Follow lists every name). A side clear of
// markers as well, and inside the chart, is taken first. Lines come in order of first
// appearance: the earlier, the surer of its place.
function clearNames(t, data, layout) {
  var margin = layout.margin || {}, x = layout.xaxis.range, y = layout.yaxis.range;
  var left = margin.l || 0, top = margin.t || 0;
  var width = Math.max(120, (t.chart.clientWidth || 600) - left - (margin.r || 0));
  var height = (layout.height || 450) - top - (margin.b || 0);
  var toX = function (value) { return left + (value - x[0]) / (x[1] - x[0]) * width; };
  var toY = function (value) { return top + (value - y[0]) / (y[1] - y[0]) * height; };
  var measure = measurer(t.chart, 13);
  // The markers, which a name had better not hide either, if its other side is clear.
  var markers = [];
  data.forEach(function (trace) {
    if ((trace.mode || "").indexOf("markers") < 0) return;
    var radius = ((trace.marker && trace.marker.size) || 6) / 2;
    trace.x.forEach(function (value, i) {
      if (value === null) return;
      var mx = toX(value), my = toY(trace.y[i]);
      markers.push({ x0: mx - radius, x1: mx + radius, y0: my - radius, y1: my + radius });
    });
  });
  var clear = function (box, others) { return !others.some(function (other) { return overlaps(box, other); }); };
  var inside = function (box) { return box.x0 >= 0 && box.x1 <= left + width + (margin.r || 0); };
  var written = [];
  return data.map(function (trace) {
    var position = trace.textposition;
    if (!Array.isArray(trace.text) || !trace.text[0] || typeof position !== "string") return trace;
    var px = toX(trace.x[0]), py = toY(trace.y[0]);
    var size = (trace.textfont && trace.textfont.size) || 13;
    var gap = nameGap(trace);
    var span = measure(trace.text[0]);
    var sides = position.indexOf("left") >= 0 ? ["middle left", "middle right"] : ["middle right", "middle left"];
    var boxes = sides.map(function (side) {
      var x0 = side === "middle left" ? px - gap - span : px + gap;
      return { x0: x0, x1: x0 + span, y0: py - size * 0.7, y1: py + size * 0.7 };
    });
    var free = boxes.map(function (box) { return clear(box, written); });
    var best = [0, 1].filter(function (i) { return free[i] && inside(boxes[i]) && clear(boxes[i], markers); })[0];
    if (best === undefined) best = free[0] ? 0 : free[1] ? 1 : -1;
    if (best < 0) return Object.assign({}, trace, { text: trace.text.map(function () { return ""; }) });
    written.push(boxes[best]);
    return best === 0 ? trace : Object.assign({}, trace, { textposition: sides[best] });
  });
}

function currentFigure(t) {
  var view = revealedView(t);
  var figure = t.mode === "characters" && view.characters ? view.characters : view.figure;
  return t.order === "story" ? inStoryOrder(t, figure, chronologyOf(t)) : figure;
}

function markChronology(t) {
  var chronology = chronologyOf(t);
  listItems(t).forEach(function (item) {
    var old = item.querySelector(".recap-chronology");
    if (old) old.remove();
    var entry = chronology.byOrder.get(Number(item.value));
    if (!entry || !entry.words || item.classList.contains("recap-locked")) return;
    var note = document.createElement("p");
    note.className = "recap-chronology";
    note.textContent = entry.words;
    var title = item.querySelector(".recap-event-title");
    (title ? title.nextSibling : null) ? item.insertBefore(note, title.nextSibling) : item.appendChild(note);
  });
}

// Called whenever the list is rebuilt (reveal, view switch): order, marks, heading.
function arrangeList(t) {
  t.index = null;
  var chronology = chronologyOf(t);
  if (t.order === "story") {
    var items = listItems(t).sort(function (a, b) {
      var ra = chronology.byOrder.get(Number(a.value)), rb = chronology.byOrder.get(Number(b.value));
      return (ra ? ra.rank : 1e9) - (rb ? rb.rank : 1e9) || a.value - b.value;
    });
    var section = document.createElement("section");
    section.className = "recap-act recap-story-order";
    var list = null;
    items.forEach(function (item, index) {
      // Runs of 100, as the page's own list: numbering one long list costs its square.
      if (index % 100 === 0) {
        list = document.createElement("ol");
        list.className = "recap-event-list";
        section.appendChild(list);
      }
      list.appendChild(item);
    });
    t.list.replaceChildren(section);
  }
  markChronology(t);
  if (t.listHeading) t.listHeading.textContent = viewName(t, t.order);
  if (t.filterList) t.filterList();
}

function updateViewControls(t) {
  var chronology = chronologyOf(t);
  var view = revealedView(t);
  if (!chronology.meta.reordered) t.order = "told";
  if (!view.characters) t.mode = "timeline";
  t.viewButtons.forEach(function (button) {
    var name = button.getAttribute("data-view");
    var pressed = name === t.mode || name === t.order;
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
  });
  var orderGroup = t.root.querySelector('.recap-view-group [data-view="story"]');
  var chartGroup = t.root.querySelector('.recap-view-group [data-view="characters"]');
  if (orderGroup) orderGroup.parentNode.hidden = !chronology.meta.reordered;
  if (chartGroup) chartGroup.parentNode.hidden = !view.characters;
  if (t.viewGroup) t.viewGroup.hidden = !chronology.meta.reordered && !view.characters;
  t.root.setAttribute("data-view", t.mode === "characters" ? "characters" : t.order);
  t.root.setAttribute("data-order-shown", t.order);
}

function switchView(t, name) {
  var before = t.mode + ":" + t.order;
  if (name === "characters" || name === "timeline") t.mode = name;
  else t.order = name;
  updateViewControls(t);
  if (t.mode + ":" + t.order === before) return;
  var reopen = t.currentOrder;
  if (t.order !== before.split(":")[1]) {
    // Only a new order rebuilds the list (a long one costs a moment); a chart switch keeps it.
    t.list.innerHTML = t.listHtml;
    arrangeList(t);
  }
  t.draw({ animate: before.split(":")[0] === t.mode });
  if (reopen !== null && reopen !== undefined) {
    var item = itemByOrder(t, reopen);
    if (item) showDetail(t, item, { noScroll: true });
  }
  rememberInAddress(t);
}

function rememberInAddress(t) {
  if (!window.history || !history.replaceState) return;
  var query = new URLSearchParams(location.search);
  ["order", "view", "arcs", "characters"].forEach(function (key) { query.delete(key); });
  if (t.mode === "characters") query.set("view", "characters");
  if (t.order !== t.defaultOrder) query.set("order", t.order);
  if (t.follow) {
    if (t.follow.arcs.size) query.set("arcs", Array.from(t.follow.arcs).join(","));
    if (t.follow.characters.size) query.set("characters", Array.from(t.follow.characters).join(","));
  }
  var text = query.toString();
  try {
    history.replaceState(history.state, "", location.pathname + (text ? "?" + text : "") + location.hash);
  } catch (error) { /* a sandboxed frame may refuse: the view still works */ }
}

function setupViews(t, query) {
  t.mode = "timeline";
  t.defaultOrder = t.root.getAttribute("data-order") === "story" ? "story" : "told";
  t.order = t.defaultOrder;
  var wanted = query.get("order");
  if (wanted === "story" || wanted === "told") t.order = wanted;
  if (query.get("view") === "characters") t.mode = "characters";
  t.viewGroup = t.root.querySelector(".recap-views");
  t.viewButtons = t.viewGroup ? Array.prototype.slice.call(t.viewGroup.querySelectorAll("button")) : [];
  t.listHeading = t.root.querySelector(".recap-events-heading");
  t.viewButtons.forEach(function (button) {
    button.addEventListener("click", function () { switchView(t, button.getAttribute("data-view")); });
  });
  updateViewControls(t);
  if (t.order === "story" || t.mode === "characters") {
    t.list.innerHTML = t.listHtml;
    arrangeList(t);
  } else {
    markChronology(t);
  }
}
