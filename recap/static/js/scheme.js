/* The colour scheme of the page around a timeline (theme "host"): the CSS color-scheme
   of the timeline's place when it names one scheme; else what themes commonly set on
   the html or body element (Material for MkDocs' data-md-color-scheme, "slate" is dark;
   data-theme; Bootstrap's data-bs-theme; a "dark" class); else the reader's system
   setting. The iframe snippet's host script carries this file too. */
var SCHEME_ATTRIBUTES = ["data-md-color-scheme", "data-theme", "data-bs-theme", "data-color-scheme", "data-mode"];

function systemScheme() {
  return window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function hostScheme(place) {
  var declared = place ? getComputedStyle(place).colorScheme || "" : "";
  var named = declared.split(/\s+/).filter(function (word) { return word === "light" || word === "dark"; });
  if (named.length === 1) return named[0];
  var nodes = [document.documentElement, document.body];
  for (var i = 0; i < nodes.length; i++) {
    if (!nodes[i]) continue;
    for (var j = 0; j < SCHEME_ATTRIBUTES.length; j++) {
      var value = (nodes[i].getAttribute(SCHEME_ATTRIBUTES[j]) || "").toLowerCase();
      if (value === "dark" || value === "slate") return "dark";
      if (value === "light" || value === "default") return "light";
    }
    if (nodes[i].classList.contains("dark")) return "dark";
  }
  return systemScheme();
}

// Calls back whenever the host may have switched: an attribute of the html or body
// element, a new body (instant navigation), or the system setting.
function watchHostScheme(callback) {
  var filter = { attributes: true, attributeFilter: SCHEME_ATTRIBUTES.concat(["class", "style"]) };
  var watched = null;
  var attributes = new MutationObserver(function () { callback(); });
  var watchBody = function () {
    if (!document.body || document.body === watched) return;
    watched = document.body;
    attributes.observe(watched, filter);
  };
  attributes.observe(document.documentElement, filter);
  new MutationObserver(function () {
    watchBody();
    callback();
  }).observe(document.documentElement, { childList: true });
  watchBody();
  var system = window.matchMedia && matchMedia("(prefers-color-scheme: dark)");
  if (system && system.addEventListener) system.addEventListener("change", function () { callback(); });
}
