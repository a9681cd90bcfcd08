/* Spoilers, act by act: reveal control k unlocks the spoilers of the k-th spoiler act (or
   run of acts, in a long story with many) and every one before it; hiding it hides the
   ones after it too. Each control's content (the chart and legend once it is pressed,
   and the list items it unlocks) travels as base64 and is decoded only when the reader
   asks. */
function revealedView(t) {
  if (t.level === 0) return t.views.locked;
  for (var step = 0; step < t.level; step++) {
    if (!t.views.steps[step]) {
      var payload = renamedPayload(t, decodePayload(t.payloads[step]));
      payload.figure = withLockedLayout(t, payload.figure, ".recap-figure");
      payload.characters = withLockedLayout(t, payload.characters, ".recap-characters");
      t.views.steps[step] = payload;
    }
  }
  return t.views.steps[t.level - 1];
}

// A revealed figure carries of its layout only what differs from the locked figure's
// (null: what it lacks); the rest is the locked layout as served (plotly.js changes the
// layouts it draws). The served layout is read out of its figure once, and copied for
// each reveal control: the figure's data is most of its text.
function withLockedLayout(t, figure, holder) {
  if (!figure || !figure.layoutChanges) return figure;
  t.servedLayouts = t.servedLayouts || {};
  if (!(holder in t.servedLayouts)) {
    t.servedLayouts[holder] = JSON.stringify(JSON.parse(heldText(t.root.querySelector(holder))).layout);
  }
  var layout = JSON.parse(t.servedLayouts[holder]);
  Object.keys(figure.layoutChanges).forEach(function (key) {
    var value = figure.layoutChanges[key];
    if (value === null) delete layout[key];
    else layout[key] = value;
  });
  var rebuilt = Object.assign({}, figure, { layout: layout });
  delete rebuilt.layoutChanges;
  return rebuilt;
}

function revealNote(t) {
  var total = t.buttons.reduce(function (sum, button) { return sum + Number(button.getAttribute("data-count") || 0); }, 0);
  if (t.level === 0) return t.lockedNote;
  if (t.buttons.length === 1 || t.level === t.buttons.length) {
    return t.buttons.length === 1 ? t.gettext("Every event is shown, spoilers included.") :
      t.ngettext("Every event is shown, spoilers included: all %(count)s hidden event.",
        "Every event is shown, spoilers included: all %(count)s hidden events.", total);
  }
  var hidden = t.buttons.slice(t.level).reduce(function (sum, button) {
    return sum + Number(button.getAttribute("data-count"));
  }, 0);
  // Acts sharing a control: shown up to the end of the last of them.
  var button = t.buttons[t.level - 1];
  var act = button.getAttribute("data-act-end") || button.getAttribute("data-act");
  return t.ngettext("Shown up to the end of \u201c%(act)s\u201d; %(count)s later event is still hidden.",
    "Shown up to the end of \u201c%(act)s\u201d; %(count)s later events are still hidden.", hidden, { act: act });
}

function applyLevel(t, level) {
  var reopen = t.currentOrder;
  t.level = level;
  var view = revealedView(t);
  t.legend.innerHTML = view.legend;
  t.list.innerHTML = t.views.locked.events;
  for (var step = 0; step < level; step++) {
    var items = t.views.steps[step].events;
    // Only the spoilers travel in the payloads; each replaces its placeholder.
    t.list.querySelectorAll(".recap-locked").forEach(function (item) {
      var html = items[item.getAttribute("data-event-id")];
      if (html) item.outerHTML = html;
    });
  }
  t.listHtml = t.list.innerHTML;
  updateViewControls(t);
  arrangeList(t);
  t.root.setAttribute("data-revealed", level === 0 ? "false" : level === t.buttons.length ? "true" : "partly");
  t.root.setAttribute("data-reveal-level", String(level));
  t.buttons.forEach(function (button, index) {
    var open = index < level;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    var act = button.getAttribute("data-act");
    button.textContent = act === null ? (open ? t.gettext("Hide spoilers") : t.gettext("Reveal spoilers")) :
      open ? t.gettext("Hide: %(act)s", { act: act }) : t.gettext("Reveal: %(act)s", { act: act });
  });
  if (t.note) t.note.textContent = revealNote(t);
  t.draw({});
  if (reopen !== null && reopen !== undefined) {
    var item = itemByOrder(t, reopen);
    if (item) showDetail(t, item, { noScroll: true }); else closeDetail(t);
  } else {
    closeDetail(t);
  }
}

function setupReveal(t) {
  t.level = 0;
  t.views.steps = [];
  t.payloads = Array.prototype.slice.call(t.root.querySelectorAll(".recap-reveal-data"));
  t.buttons = Array.prototype.slice.call(t.root.querySelectorAll(".recap-reveal"));
  t.note = t.root.querySelector(".recap-spoiler-note");
  t.lockedNote = t.note ? t.note.textContent : "";
  if (!t.payloads.length || t.payloads.length !== t.buttons.length) {
    t.buttons = [];
    return;
  }
  t.buttons.forEach(function (button, index) {
    button.addEventListener("click", function () {
      applyLevel(t, t.level > index ? index : index + 1);
    });
    button.hidden = false;  // hidden in the HTML: without this script it could do nothing
  });
  var group = t.root.querySelector(".recap-reveal-group");
  if (group) group.hidden = false;
}

// ?spoilers=shown reveals everything; ?reveal=ACT-ID reveals up to that spoiler act.
function revealFromAddress(t, query) {
  if (!t.buttons.length) return;
  if (query.get("spoilers") === "shown") {
    applyLevel(t, t.buttons.length);
    return;
  }
  var wanted = query.get("reveal");
  if (!wanted) return;
  t.buttons.forEach(function (button, index) {
    // A control may unlock several acts: its data-act-id lists them.
    var ids = (button.getAttribute("data-act-id") || "").split(" ");
    if (ids.indexOf(wanted) >= 0) applyLevel(t, index + 1);
  });
}
