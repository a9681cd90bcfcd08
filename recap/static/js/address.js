/* The page inside articles: URL options (one file serves many articles), #event links,
   and the height an iframe host needs to fit the frame to the timeline. */
function applyTheme(t, query) {
  var theme = query.get("theme");
  if (theme === "dark" || theme === "light" || theme === "auto" || theme === "host") {
    t.root.setAttribute("data-theme", theme);
    if (t.root.parentElement === document.body) document.documentElement.setAttribute("data-theme", theme);
  }
  applyScheme(t.root);
  watchSchemes();
}

// The scheme shown, as data-scheme: the theme's own, the system's (auto), or the host's:
// the page around a fragment, or, in a frame, what the parent page says it shows.
function applyScheme(root) {
  var theme = root.getAttribute("data-theme");
  var scheme = theme === "dark" || theme === "light" ? theme : systemScheme();
  if (theme === "host") scheme = registry().parentScheme || hostScheme(root.parentElement);
  if (root.getAttribute("data-scheme") !== scheme) root.setAttribute("data-scheme", scheme);
  var page = document.documentElement;
  if (root.parentElement === document.body && page.getAttribute("data-scheme") !== scheme) {
    page.setAttribute("data-scheme", scheme);
  }
}

function applySchemes() {
  document.querySelectorAll(".recap[data-recap][data-recap-ready]").forEach(applyScheme);
}

// Once per window: follow the host's toggle and the system setting live, and, in a frame,
// the scheme its parent page tells (the embed snippet's host script), from it alone.
function watchSchemes() {
  var shared = registry();
  if (shared.schemeWatch) return;
  shared.schemeWatch = true;
  watchHostScheme(applySchemes);
  if (window.parent === window) return;
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== window.parent || !data || data.type !== "recap:scheme") return;
    if (data.scheme !== "dark" && data.scheme !== "light") return;
    shared.parentScheme = data.scheme;
    applySchemes();
  });
}

// #event-id opens that event: scrolled to in the list, highlighted, and in the panel.
// A link to a locked event finds only its placeholder, which reveals nothing.
function openLinkedEvent(t) {
  var wanted = decodeURIComponent(location.hash.slice(1));
  if (!wanted) return;
  var item = itemById(t, wanted) || t.list.querySelector('[id="' + CSS.escape(wanted) + '"]');
  if (!item || !item.matches("li[data-event-id]")) return;
  showDetail(t, item, { noScroll: true });
  item.setAttribute("tabindex", "-1");
  if (window.parent !== window) {
    // Framed: scroll this document, and ask the article to bring the event into view (the
    // embed snippet's host script does, for this frame only); its focus stays where it is.
    var top = item.getBoundingClientRect().top + window.scrollY;
    window.scrollTo(0, top);
    window.parent.postMessage({ type: "recap:scroll", top: Math.round(top), height: pageHeight() }, "*");
    return;
  }
  item.scrollIntoView({ block: "start" });
  var box = item.getBoundingClientRect();
  var covered = coveredAt(box.left + 8, box.top + 1, item);
  if (covered > 0) window.scrollBy(0, -(covered + 8));
  item.focus({ preventScroll: true });
}

// How far a fixed or sticky bar of the host (a site header) hides the point (x, y), for
// the event to show below it rather than under it.
function coveredAt(x, y, own) {
  for (var node = document.elementFromPoint(x, y); node && node !== document.body; node = node.parentElement) {
    if (own.contains(node)) return 0;
    var position = getComputedStyle(node).position;
    if (position === "fixed" || position === "sticky") return node.getBoundingClientRect().bottom - y;
  }
  return 0;
}

function pageHeight() {
  return Math.ceil(document.documentElement.getBoundingClientRect().height);
}

// Inside an iframe, tell the host page our height so it can fit the frame to us.
function reportHeightToHost(t) {
  if (window.parent === window || t.root.parentElement !== document.body) return;
  var lastHeight = 0;
  var report = function () {
    var height = pageHeight();
    if (height !== lastHeight) {
      lastHeight = height;
      window.parent.postMessage({ type: "recap:height", height: height }, "*");
    }
  };
  if (typeof ResizeObserver === "function") new ResizeObserver(report).observe(document.body);
  window.addEventListener("load", report);
  report();
}
