/* recap watch --serve: reload after each rebuild, keeping the reader's place; show build errors. */
(function () {
  "use strict";
  var KEY = "recap:live:" + location.pathname;

  function root() { return document.querySelector(".recap[data-recap]"); }
  function chartOf(node) { return node && node.querySelector(".recap-chart"); }

  function saveState() {
    var node = root();
    var chart = chartOf(node);
    var axis = chart && chart._fullLayout && chart._fullLayout.xaxis;
    var state = {
      revealed: !!node && node.getAttribute("data-revealed") === "true",
      scrollY: window.scrollY,
      xRange: axis && !axis.autorange ? axis.range.slice() : null
    };
    sessionStorage.setItem(KEY, JSON.stringify(state));
  }

  // Drawn: sketched, or drawn by plotly.js; a zoom to restore needs plotly.js's chart.
  function whenChartReady(node, interactive, callback) {
    var done = function () {
      var state = node.getAttribute("data-chart");
      return interactive ? state === "ready" || state === "failed" : !!state;
    };
    if (interactive) node.dispatchEvent(new Event("recap:interactive"));
    if (done()) return callback();
    new MutationObserver(function (records, observer) {
      if (done()) { observer.disconnect(); callback(); }
    }).observe(node, { attributes: true, attributeFilter: ["data-chart"] });
  }

  function restoreState() {
    var saved = sessionStorage.getItem(KEY);
    var node = root();
    if (!saved || !node) return;
    sessionStorage.removeItem(KEY);
    var state = JSON.parse(saved);
    var button = node.querySelector(".recap-reveal");
    if (state.revealed && button && button.getAttribute("aria-expanded") === "false") button.click();
    window.scrollTo(0, state.scrollY);
    whenChartReady(node, !!state.xRange, function () {
      var chart = chartOf(node);
      if (state.xRange && window.Plotly && chart.data) {
        window.Plotly.relayout(chart, { "xaxis.range": state.xRange });
      }
      window.scrollTo(0, state.scrollY);
    });
  }

  function showError(messages) {
    var banner = document.getElementById("recap-live-error");
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "recap-live-error";
      banner.setAttribute("role", "alert");
      banner.style.cssText = "position:fixed;left:0;right:0;top:0;z-index:2147483647;" +
        "background:#82071e;color:#fff;font:14px/1.45 ui-monospace,monospace;" +
        "padding:12px 16px;white-space:pre-wrap;max-height:50vh;overflow:auto";
      document.body.appendChild(banner);
    }
    banner.textContent = "recap: the last edit did not build; this page is the last good one.\n\n" +
      messages.join("\n");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restoreState);
  } else {
    restoreState();
  }
  var source = new EventSource("/__recap/events");
  source.onmessage = function (event) {
    var news = JSON.parse(event.data);
    var page = location.pathname.split("/").pop() || "index.html";
    if (news.type === "reload" && (news.pages || []).indexOf(page) !== -1) {
      saveState();
      location.reload();
    } else if (news.type === "error") {
      showError(news.messages || []);
    }
  };
})();
