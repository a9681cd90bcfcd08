/* Follow arcs and characters: the reader picks some; other events dim on the chart and
   leave the list, and the address remembers the choice (?arcs=…&characters=…). The
   choices offered are read from the events the reader can see, so a character seen only
   in hidden events is never offered. */
function namesOf(item, attribute) {
  var value = item.getAttribute(attribute);
  return value ? value.split("\n") : [];
}

function following(t) {
  return t.follow && (t.follow.arcs.size > 0 || t.follow.characters.size > 0);
}

function matchesFollow(t, item) {
  if (!following(t)) return true;
  if (!item || item.classList.contains("recap-locked")) return false;
  return namesOf(item, "data-arcs").some(function (name) { return t.follow.arcs.has(name); }) ||
    namesOf(item, "data-characters").some(function (name) { return t.follow.characters.has(name); });
}

// Dim what is not followed: a whole character line, or single events elsewhere.
function followedFigure(t, data) {
  if (!following(t)) return data;
  return data.map(function (trace) {
    if (!trace.customdata || !trace.mode || trace.mode.indexOf("markers") < 0) return trace;
    var line = trace.meta && trace.meta.line;
    if (line && t.follow.characters.size > 0) {
      var followed = Array.from(t.follow.characters).some(function (name) { return line.indexOf(name) === 0; });
      return Object.assign({}, trace, { opacity: followed ? 1 : 0.15 });
    }
    var opacity = Array.from(trace.customdata).map(function (id) {
      return matchesFollow(t, itemById(t, String(id))) ? 1 : 0.2;
    });
    return Object.assign({}, trace, { marker: Object.assign({}, trace.marker, { opacity: opacity }) });
  });
}

function filterList(t) {
  var shown = 0, total = 0;
  listItems(t).forEach(function (item) {
    var match = matchesFollow(t, item);
    item.hidden = !match;
    total += 1;
    if (match) shown += 1;
  });
  t.list.querySelectorAll(".recap-act").forEach(function (section) {
    section.hidden = !section.querySelector("li[data-event-id]:not([hidden])");
  });
  if (t.followStatus) {
    t.followStatus.textContent = following(t) ? t.ngettext("Showing %(shown)s of %(count)s event.",
      "Showing %(shown)s of %(count)s events.", total, { shown: shown }) : "";
  }
}

function chip(t, kind, name) {
  var button = document.createElement("button");
  button.type = "button";
  button.className = "recap-chip";
  button.textContent = name;
  button.setAttribute("aria-pressed", t.follow[kind].has(name) ? "true" : "false");
  button.addEventListener("click", function () {
    if (t.follow[kind].has(name)) t.follow[kind].delete(name); else t.follow[kind].add(name);
    button.setAttribute("aria-pressed", t.follow[kind].has(name) ? "true" : "false");
    applyFollow(t);
  });
  return button;
}

// Offer the arcs and characters of the events now visible; keep choices still offered.
function buildFollowControls(t) {
  if (!t.followBox) return;
  var arcs = new Set(), characters = new Set();
  listItems(t).forEach(function (item) {
    if (item.classList.contains("recap-locked")) return;
    namesOf(item, "data-arcs").forEach(function (name) { arcs.add(name); });
    namesOf(item, "data-characters").forEach(function (name) { characters.add(name); });
  });
  ["arcs", "characters"].forEach(function (kind) {
    var offered = kind === "arcs" ? arcs : characters;
    t.follow[kind].forEach(function (name) { if (!offered.has(name)) t.follow[kind].delete(name); });
    var group = t.followBox.querySelector(".recap-follow-" + kind);
    group.replaceChildren();
    offered.forEach(function (name) { group.appendChild(chip(t, kind, name)); });
    group.parentNode.hidden = offered.size === 0;
  });
  t.followBox.hidden = arcs.size + characters.size < 2;
}

function applyFollow(t) {
  filterList(t);
  t.draw({});
  rememberInAddress(t);
}

function setupFollow(t, query) {
  t.follow = { arcs: new Set(), characters: new Set() };
  t.followBox = t.root.querySelector(".recap-follow");
  t.followStatus = t.root.querySelector(".recap-follow-status");
  ["arcs", "characters"].forEach(function (kind) {
    (query.get(kind) || "").split(",").filter(Boolean).forEach(function (name) {
      t.follow[kind].add(name);
    });
  });
  var clear = t.root.querySelector(".recap-follow-clear");
  if (clear) {
    clear.addEventListener("click", function () {
      t.follow.arcs.clear();
      t.follow.characters.clear();
      buildFollowControls(t);
      applyFollow(t);
    });
  }
  t.filterList = function () {
    buildFollowControls(t);
    filterList(t);
  };
  t.filterList();
}
