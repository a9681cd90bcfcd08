/* Wires each .recap root on the page: its own state, reveal controls, panel and chart.
   Safe to run again, and finds timelines that arrive later: hosts with instant
   navigation swap the page's body, and may bring back a saved copy of a wired one. */
var ID_REFERENCES = ["aria-labelledby", "aria-controls", "aria-describedby", "for"];

// The same story twice on one page: the second copy takes the first free name,
// "recap-SLUG-2", for its ids and the references to them.
function uniqueIds(root) {
  var from = root.id;
  if (!from || document.querySelectorAll('[id="' + CSS.escape(from) + '"]')[0] === root) return null;
  var n = 2;
  while (document.getElementById(from + "-" + n)) n++;
  var to = from + "-" + n;
  var rename = function (name) {
    return name === from || name.indexOf(from + "-") === 0 ? to + name.slice(from.length) : name;
  };
  [root].concat(Array.prototype.slice.call(root.querySelectorAll("*"))).forEach(function (node) {
    if (node.id) node.id = rename(node.id);
    ID_REFERENCES.forEach(function (attribute) {
      var value = node.getAttribute(attribute);
      if (value) node.setAttribute(attribute, value.split(/\s+/).map(rename).join(" "));
    });
  });
  return { from: from, to: to };
}

// The spoilers' list items carry ids too: renamed as they are decoded.
function renamedPayload(t, payload) {
  if (!t.idRename) return payload;
  var from = 'id="' + t.idRename.from + "-", to = 'id="' + t.idRename.to + "-";
  Object.keys(payload.events).forEach(function (key) {
    payload.events[key] = payload.events[key].split(from).join(to);
  });
  return payload;
}

// A wired timeline's parts as they were first served, kept inside it: a copy of the page
// saved by the host (Turbo's cache, htmx's history) starts again from them.
function keepPristine(root) {
  var main = root.querySelector(".recap-main");
  var kept = root.querySelector("template.recap-pristine");
  if (kept) {
    var attributes = JSON.parse(kept.getAttribute("data-attributes"));
    Array.prototype.slice.call(root.attributes).forEach(function (attribute) {
      if (!(attribute.name in attributes)) root.removeAttribute(attribute.name);
    });
    Object.keys(attributes).forEach(function (name) { root.setAttribute(name, attributes[name]); });
    if (main) main.replaceWith(kept.content.firstElementChild.cloneNode(true));
    return;
  }
  if (!main) return;
  var saved = {};
  Array.prototype.slice.call(root.attributes).forEach(function (attribute) {
    saved[attribute.name] = attribute.value;
  });
  kept = document.createElement("template");
  kept.className = "recap-pristine";
  kept.setAttribute("data-attributes", JSON.stringify(saved));
  // Copied straight into the template's inert document: a copy made in the page first
  // would fetch its pictures, even those the page never shows.
  kept.content.appendChild(kept.content.ownerDocument.importNode(main, true));
  root.appendChild(kept);
}

function setup(root) {
  var wired = registry().roots;
  if (wired.has(root)) return;
  wired.add(root);
  keepPristine(root);
  var idRename = uniqueIds(root);
  root.setAttribute("data-recap-ready", "");
  var t = {
    idRename: idRename,
    root: root,
    chart: root.querySelector(".recap-chart"),
    legend: root.querySelector(".recap-legend"),
    list: null,
    panel: root.querySelector(".recap-panel"),
    detail: root.querySelector(".recap-detail"),
    closeButton: root.querySelector(".recap-detail-close"),
    plotly: null,
    views: {
      locked: {
        figure: JSON.parse(heldText(root.querySelector(".recap-figure"))),
        characters: JSON.parse(heldText(root.querySelector(".recap-characters"))),
        legend: root.querySelector(".recap-legend").innerHTML
      }
    }
  };
  var held = heldList(root);
  t.list = held.list;
  // The list as first served: read now for a short list (the script changes it), when
  // first needed for a long one (its template stays as served).
  var served = t.list === root.querySelector(".recap-events") ? held.events() : null;
  Object.defineProperty(t.views.locked, "events", {
    get: function () { return served === null ? held.events() : served; }
  });

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

  // Draws the current figure: with plotly.js once it has loaded, as a sketch before.
  t.draw = function (options) {
    var figure = currentFigure(t);
    var layout = figure.layout;
    var zoom = t.chart._fullLayout && t.chart._fullLayout.xaxis && t.chart._fullLayout.xaxis.range;
    var full = layout.xaxis.range;
    if (zoom && (zoom[0] !== full[0] || zoom[1] !== full[1])) {
      // Keep the reader's zoom across reveals and view switches.
      var xaxis = { range: zoom.slice(), dtick: tickStep(Math.abs(zoom[1] - zoom[0])) };
      layout = Object.assign({}, layout, { xaxis: Object.assign({}, layout.xaxis, xaxis) });
    }
    mark("recap:draw");
    hideSketchHover(t);  // its marker may move or go
    t.drawnFrom = fitted(figure);
    var thin = thinned(t, t.drawnFrom, layout);
    if (t.thinned) layout = thinnedRings(layout, thin);
    var data = followedFigure(t, thin);
    if (t.mode === "characters") {
      layout = fitNames(t, data, layout);
      data = clearNames(t, data, layout);
    }
    var drawn;
    if (t.plotly) {
      data = withHover(t, data);
      // Thinned points differ from one draw to the next: nothing to move smoothly.
      if (options && options.animate && !t.thinned && !prefersReducedMotion()) {
        layout = Object.assign({}, layout, { transition: { duration: 450, easing: "cubic-in-out" } });
      }
      mark("recap:hover-built");
      drawn = t.plotly.react(t.chart, data, layout, t.plotlyConfig);
    } else if (!trySketch(t, data, layout)) {
      interactive(t);  // a figure the sketch does not draw: plotly.js draws it, now
      return Promise.resolve();
    } else {
      drawn = Promise.resolve();
    }
    return drawn.then(function () {
      mark("recap:plotted");
      if (options && options.labelsLater) return;
      placeLabels(t);
      markCurrent(t);
      mark("recap:labelled");
    });
  };

  var listHtml = null;  // the list's HTML in the current reveal, as the views restore it
  Object.defineProperty(t, "listHtml", {
    get: function () { return listHtml === null ? t.views.locked.events : listHtml; },
    set: function (html) { listHtml = html; }
  });
  setupHeldList(t);
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
  whileConnected(root, window, "hashchange", function () { openLinkedEvent(t); });
  reportHeightToHost(t);

  var width = null;
  afterFirstPaint(function () {
    // The sketch and its labels are tasks of their own: the page answers the reader between.
    t.draw({ labelsLater: true }).then(nextTask).then(function () {
      placeLabels(t);
      markCurrent(t);
      mark("recap:labelled");
      if (!root.getAttribute("data-chart") && t.sketch) root.setAttribute("data-chart", "sketched");
      // The page has its final layout now: a linked event is shown again where it is,
      // unless the reader has already reached for the timeline.
      if (location.hash && !t.loading) openLinkedEvent(t);
      width = t.chart.clientWidth;
      var pending = null;
      whileConnected(root, window, "resize", function () {
        clearTimeout(pending);
        pending = setTimeout(function () {
          if (t.chart.clientWidth !== width) { width = t.chart.clientWidth; t.draw(); }
        }, 150);
      });
    });
  });
  wireReach(t);
}

function start() {
  document.querySelectorAll(".recap[data-recap]").forEach(setup);
}

// Timelines added later (a body swap, a fragment inserted by the host's own script) are
// wired as they arrive, by one observer per window however often this script runs.
function watchForTimelines() {
  var shared = registry();
  if (shared.observer || typeof MutationObserver !== "function") return;
  shared.observer = new MutationObserver(function (records) {
    // While the page is still being parsed, a timeline may be half there: its own script
    // wires it once the document is complete.
    if (document.readyState === "loading") return;
    for (var i = 0; i < records.length; i++) {
      if (records[i].addedNodes.length) {
        start();
        return;
      }
    }
  });
  shared.observer.observe(document.documentElement, { childList: true, subtree: true });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
watchForTimelines();
