/* Shared helpers: plotly.js loading, payload decoding, small DOM utilities. */
var PLOTLY_CONFIG = {
  responsive: true,
  displaylogo: false,
  scrollZoom: false,
  doubleClick: "reset",
  showTips: false,
  modeBarButtons: [["zoomIn2d", "zoomOut2d", "resetScale2d"]]
};

// The page's data sits in template elements: inert wherever the host moves them (an
// instant-navigation body swap re-creates script elements, without their type).
function heldText(holder) {
  if (!holder) return null;
  return holder.content ? holder.content.textContent : holder.textContent;
}

function decodeBase64Text(text) {
  var binary = atob(text.replace(/\s+/g, ""));
  var bytes = new Uint8Array(binary.length);
  for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

// A reveal's payload is veiled (recap/veil.py): letters and digits rotated half-way
// round, other characters moved to a neighbour; doing it again undoes it.
var ALPHANUMERICS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
var VEIL = (function () {
  var table = new Uint8Array(256);
  for (var byte = 0; byte < 256; byte++) table[byte] = byte >= 0x80 && byte < 0xc0 ? byte ^ 1 : byte;
  for (var i = 0; i < 62; i++) table[ALPHANUMERICS.charCodeAt(i)] = ALPHANUMERICS.charCodeAt((i + 31) % 62);
  return table;
})();

function unveil(text) {
  var bytes = new TextEncoder().encode(text);
  for (var i = 0; i < bytes.length; i++) bytes[i] = VEIL[bytes[i]];
  return new TextDecoder().decode(bytes);
}

function decodePayload(holder) {
  return JSON.parse(unveil(heldText(holder)));
}

// One record per window, shared by every copy of this script (each fragment carries one,
// and instant navigation runs them again): the timelines already wired, and the watchers.
function registry() {
  var key = "__recapTimelines";
  if (!window[key]) window[key] = { roots: new WeakSet(), observer: null, schemeWatch: null };
  return window[key];
}

// A window listener that lets go once its timeline has left the page.
function whileConnected(root, target, type, handler) {
  target.addEventListener(type, function listener(event) {
    if (!root.isConnected) {
      target.removeEventListener(type, listener);
      return;
    }
    handler(event);
  });
}

// Runs after the first paint, so the page's text never waits for plotly.js.
function afterFirstPaint(callback) {
  var done = false;
  function run() { if (!done) { done = true; setTimeout(callback, 0); } }
  if (document.hidden || typeof requestAnimationFrame !== "function") return run();
  // The first *contentful* paint can wait for fonts; frames go by meanwhile. Wait for it
  // when the browser reports paints, else two frames; never more than a second.
  var painted = window.performance && performance.getEntriesByName &&
    performance.getEntriesByName("first-contentful-paint").length > 0;
  if (!painted && typeof PerformanceObserver === "function" &&
      (PerformanceObserver.supportedEntryTypes || []).indexOf("paint") >= 0) {
    var observer = new PerformanceObserver(function (list) {
      if (list.getEntriesByName("first-contentful-paint").length) { observer.disconnect(); run(); }
    });
    observer.observe({ type: "paint", buffered: true });
    setTimeout(function () { observer.disconnect(); run(); }, 1000);
    return;
  }
  // Two frames: the first frame's callbacks run before it is painted.
  requestAnimationFrame(function () { requestAnimationFrame(run); });
}

// Resolves with `value` in a later task, so that the browser can paint and answer input.
function nextTask(value) {
  return new Promise(function (resolve) { setTimeout(function () { resolve(value); }, 0); });
}

// Marks for the benchmarks (benchmarks/ reads them): what each step of a draw costs.
function mark(name) {
  if (window.performance && performance.mark) performance.mark(name);
}

function prefersReducedMotion() {
  return !!(window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches);
}

var plotlyLoading = null;
function loadPlotly(root) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (plotlyLoading) return plotlyLoading;
  plotlyLoading = new Promise(function (resolve, reject) {
    // A page holds plotly.js as inert text; a fragment as base64 (no tabs or blank lines
    // for Markdown to rewrite).
    var inline = document.querySelector("script.recap-plotlyjs");
    var encoded = document.querySelector("template.recap-plotlyjs");
    var script = document.createElement("script");
    var loaded = function () {
      return window.Plotly ? resolve(window.Plotly) : reject(new Error("plotly.js did not load"));
    };
    if (inline || encoded) {
      mark("recap:plotly-start");
      script.text = inline ? inline.textContent : decodeBase64Text(heldText(encoded));
      document.head.appendChild(script);
      return loaded();
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
    mark("recap:plotly-start");
    document.head.appendChild(script);
  });
  return plotlyLoading;
}

// The same round steps as the build's (1, 2, 5, 10, 20, 50...), at most about 12 ticks.
function tickStep(span) {
  var step = 1;
  while (span / step > 12) step = String(step).charAt(0) === "2" ? step * 5 / 2 : step * 2;
  return step;
}
