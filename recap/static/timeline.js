/* recap timeline: reveal button, chart drawing, tap details. Scoped to each .recap root. */
(function () {
  "use strict";
  var PLOTLY_CONFIG = {
    responsive: true,
    displaylogo: false,
    scrollZoom: false,
    doubleClick: "reset",
    showTips: false,
    modeBarButtons: [["zoomIn2d", "zoomOut2d", "resetScale2d"]]
  };

  function decodePayload(text) {
    var binary = atob(text.trim());
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  // Runs after the first paint, so the page's text never waits for plotly.js.
  function afterFirstPaint(callback) {
    if (document.hidden || typeof requestAnimationFrame !== "function") {
      setTimeout(callback, 0);
    } else {
      requestAnimationFrame(function () { setTimeout(callback, 0); });
    }
  }

  var plotlyLoading = null;
  function loadPlotly(root) {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (plotlyLoading) return plotlyLoading;
    plotlyLoading = new Promise(function (resolve, reject) {
      var inline = document.querySelector("script.recap-plotlyjs");
      var script = document.createElement("script");
      if (inline) {
        if (window.performance && performance.mark) performance.mark("recap:plotly-start");
        script.text = inline.textContent;
        document.head.appendChild(script);
        return window.Plotly ? resolve(window.Plotly) : reject(new Error("plotly.js did not load"));
      }
      var source = root.getAttribute("data-plotly-src");
      if (!source) return reject(new Error("no plotly.js source"));
      script.src = source;
      var integrity = root.getAttribute("data-plotly-integrity");
      if (integrity) {
        script.integrity = integrity;
        script.crossOrigin = "anonymous";
      }
      script.onload = function () { resolve(window.Plotly); };
      script.onerror = function () { reject(new Error("plotly.js could not be loaded from " + source)); };
      if (window.performance && performance.mark) performance.mark("recap:plotly-start");
      document.head.appendChild(script);
    });
    return plotlyLoading;
  }

  function setup(root) {
    if (root.getAttribute("data-recap-ready") !== null) return;
    root.setAttribute("data-recap-ready", "");
    var chart = root.querySelector(".recap-chart");
    var legend = root.querySelector(".recap-legend");
    var list = root.querySelector(".recap-events");
    var detail = root.querySelector(".recap-detail");
    var button = root.querySelector(".recap-reveal");
    var payload = root.querySelector(".recap-reveal-data");
    var note = root.querySelector(".recap-spoiler-note");
    var lockedNote = note ? note.textContent : "";
    var views = {
      locked: {
        figure: JSON.parse(root.querySelector(".recap-figure").textContent),
        legend: legend.innerHTML,
        events: list.innerHTML
      },
      revealed: null
    };
    var revealed = false;
    var plotly = null;

    function currentView() {
      if (revealed && !views.revealed) views.revealed = decodePayload(payload.textContent);
      return revealed ? views.revealed : views.locked;
    }

    // Markers shrink on narrow screens so that neighbouring events stay apart.
    function fitted(figure) {
      var range = figure.layout.xaxis.range;
      var perEvent = (chart.clientWidth || 600) / (range[1] - range[0]);
      var size = Math.max(6, Math.min(14, Math.floor(perEvent * 0.8)));
      return figure.data.map(function (trace) {
        if (trace.mode !== "markers") return trace;
        var marker = Object.assign({}, trace.marker, { size: size });
        return Object.assign({}, trace, { marker: marker });
      });
    }

    function draw() {
      if (!plotly) return;
      var figure = currentView().figure;
      plotly.react(chart, fitted(figure), figure.layout, PLOTLY_CONFIG);
    }

    function show(reveal) {
      revealed = reveal;
      var view = currentView();
      legend.innerHTML = view.legend;
      list.innerHTML = views.locked.events;
      if (reveal) {
        // Only the spoilers travel in the payload; each replaces its placeholder.
        list.querySelectorAll(".recap-locked").forEach(function (item) {
          var html = view.events[item.getAttribute("data-event-id")];
          if (html) item.outerHTML = html;
        });
      }
      detail.textContent = "";
      root.setAttribute("data-revealed", reveal ? "true" : "false");
      if (button) {
        button.setAttribute("aria-expanded", reveal ? "true" : "false");
        button.textContent = reveal ? "Hide spoilers" : "Reveal spoilers";
        note.textContent = reveal ? "Spoilers are shown, up to the ending." : lockedNote;
      }
      draw();
    }

    function showDetail(eventId) {
      var item = list.querySelector('[data-event-id="' + CSS.escape(eventId) + '"]');
      if (!item) return;
      // A <div>, not a clone of the <li>: a list item outside a list is invalid.
      var copy = document.createElement("div");
      copy.className = item.className;
      copy.classList.remove("recap-highlight");
      item.childNodes.forEach(function (node) { copy.appendChild(node.cloneNode(true)); });
      var heading = copy.querySelector(".recap-event-title");
      if (heading) {
        // Keep the page outline intact: the copy is a note, not a new section.
        var strong = document.createElement("p");
        strong.className = heading.className;
        strong.innerHTML = "<strong></strong>";
        strong.firstChild.textContent = item.value + ". " + heading.textContent.trim();
        heading.replaceWith(strong);
      }
      detail.replaceChildren(copy);
      list.querySelectorAll(".recap-highlight").forEach(function (node) {
        node.classList.remove("recap-highlight");
      });
      item.classList.add("recap-highlight");
    }

    if (button && payload) {
      button.addEventListener("click", function () { show(!revealed); });
      button.hidden = false;  // hidden in the HTML: without this script it could do nothing
    }
    var status = chart.querySelector(".recap-chart-status");
    if (status) status.textContent = "Loading the interactive chart\u2026 Every event is also listed below.";

    // URL options let one file serve many articles: ?spoilers=shown for articles that
    // warn at the top, ?theme=dark|light|auto, and #event-id to open at an event.
    var query = new URLSearchParams(location.search);
    if (query.get("spoilers") === "shown" && button && payload) show(true);
    var theme = query.get("theme");
    if (theme === "dark" || theme === "light" || theme === "auto") {
      root.setAttribute("data-theme", theme);
      if (root.parentElement === document.body) document.documentElement.setAttribute("data-theme", theme);
    }

    function openLinkedEvent() {
      var wanted = decodeURIComponent(location.hash.slice(1));
      if (!wanted) return;
      var item = list.querySelector('[data-event-id="' + CSS.escape(wanted) + '"]') ||
        list.querySelector('[id="' + CSS.escape(wanted) + '"]');
      if (!item) return;
      list.querySelectorAll(".recap-highlight").forEach(function (node) {
        node.classList.remove("recap-highlight");
      });
      item.classList.add("recap-highlight");
      item.setAttribute("tabindex", "-1");
      if (window.parent !== window) {
        // Framed: scroll this document only, and leave the article's focus alone.
        window.scrollTo(0, item.getBoundingClientRect().top + window.scrollY);
        return;
      }
      item.scrollIntoView({ block: "start" });
      item.focus({ preventScroll: true });
    }
    openLinkedEvent();
    window.addEventListener("hashchange", openLinkedEvent);

    // Inside an iframe, tell the host page our height so it can fit the frame to us.
    if (window.parent !== window && root.parentElement === document.body) {
      var lastHeight = 0;
      var reportHeight = function () {
        var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
        if (height !== lastHeight) {
          lastHeight = height;
          window.parent.postMessage({ type: "recap:height", height: height }, "*");
        }
      };
      if (typeof ResizeObserver === "function") new ResizeObserver(reportHeight).observe(document.body);
      window.addEventListener("load", reportHeight);
      reportHeight();
    }

    afterFirstPaint(function () {
      loadPlotly(root).then(function (loaded) {
        plotly = loaded;
        chart.replaceChildren();
        draw();
        chart.on("plotly_click", function (event) {
          var point = event && event.points && event.points[0];
          if (point && point.customdata) showDetail(String(point.customdata));
        });
        // With dragmode off, plotly lets the browser follow a tap with mouse events, and
        // counts the two as a double click, which resets the zoom. Swallow them after a
        // tap on the plot (a scroll's touchend cannot be cancelled, so scrolling works).
        chart.addEventListener("touchend", function (event) {
          if (event.cancelable && event.target.closest && event.target.closest(".draglayer")) {
            event.preventDefault();
          }
        });
        root.setAttribute("data-chart", "ready");
        if (location.hash) openLinkedEvent();
        var width = chart.clientWidth;
        var pending = null;
        window.addEventListener("resize", function () {
          clearTimeout(pending);
          pending = setTimeout(function () {
            if (chart.clientWidth !== width) { width = chart.clientWidth; draw(); }
          }, 150);
        });
      }).catch(function (error) {
        if (status) {
          status.textContent = "The interactive chart could not load (" + error.message +
            "). Every event is listed below.";
        }
        root.setAttribute("data-chart", "failed");
      });
    });
  }

  function start() {
    document.querySelectorAll(".recap[data-recap]").forEach(setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
