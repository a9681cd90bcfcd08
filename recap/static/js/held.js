/* A long story's list arrives held in a template: its thousands of nodes join the page
   only when the reader asks, so that a story of 10,000 events opens about as fast as a
   short one. Until then the list lives in an element of its own, off the page: the
   chart's hover and labels, the panel, the keys, links and following read it as usual. */
function heldList(root) {
  var slot = root.querySelector(".recap-events");
  var holder = slot && slot.querySelector("template.recap-events-held");
  if (!holder) return { list: slot, events: function () { return slot.innerHTML; } };
  // The served list as HTML, read only if a reveal or a view switch needs it: from the
  // timeline's pristine copy (keepPristine), as the held nodes move to the list below.
  var pristine = root.querySelector("template.recap-pristine");
  var served = pristine && pristine.content.querySelector("template.recap-events-held");
  var html = served ? null : holder.innerHTML;
  var list = document.createElement("div");
  list.className = slot.className;
  list.appendChild(holder.content);  // moved, not copied: a long list is many nodes
  return { list: list, events: function () { return html === null ? (html = served.innerHTML) : html; } };
}

function setupHeldList(t) {
  var slot = t.root.querySelector(".recap-events");
  var button = slot && slot.querySelector(".recap-list-show");
  if (!button || t.list === slot) return;
  var note = slot.querySelector(".recap-list-note");
  if (note) note.remove();
  button.hidden = false;
  button.addEventListener("click", function () { showHeldList(t, true); });
}

function showHeldList(t, focus) {
  var slot = t.root.querySelector(".recap-events");
  if (t.list.isConnected || !slot) return;
  t.list.id = slot.id;
  t.list.setAttribute("tabindex", "-1");
  slot.replaceWith(t.list);
  if (focus) t.list.focus();
}
