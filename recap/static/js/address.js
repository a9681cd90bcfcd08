/* The page inside articles: URL options (one file serves many articles), #event links,
   and the height an iframe host needs to fit the frame to the timeline. */
function applyTheme(t, query) {
  var theme = query.get("theme");
  if (theme === "dark" || theme === "light" || theme === "auto") {
    t.root.setAttribute("data-theme", theme);
    if (t.root.parentElement === document.body) document.documentElement.setAttribute("data-theme", theme);
  }
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
    // Framed: scroll this document only, and leave the article's focus alone.
    window.scrollTo(0, item.getBoundingClientRect().top + window.scrollY);
    return;
  }
  item.scrollIntoView({ block: "start" });
  item.focus({ preventScroll: true });
}

// Inside an iframe, tell the host page our height so it can fit the frame to us.
function reportHeightToHost(t) {
  if (window.parent === window || t.root.parentElement !== document.body) return;
  var lastHeight = 0;
  var report = function () {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      window.parent.postMessage({ type: "recap:height", height: height }, "*");
    }
  };
  if (typeof ResizeObserver === "function") new ResizeObserver(report).observe(document.body);
  window.addEventListener("load", report);
  report();
}
