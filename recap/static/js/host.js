/* The iframe snippet's host script, run by the article: recap/embed.py fills in the
   blanks (the frame's id and origin, whether to tell the scheme) and puts scheme.js in.
   It fits the frame to the height its page reports, scrolls the article to the event the
   page opens at, and tells the page the article's colour scheme, live. It accepts
   messages only from its own frame: a sandboxed frame without allow-same-origin posts
   from the opaque origin "null", so the message's source window is the check that
   matters. */
(function () {
  // The frame is the element just before this script (so the same story twice works),
  // or else found by its id (a CMS may put something between the two).
  var script = document.currentScript;
  var frame = script && script.previousElementSibling;
  if (!frame || frame.tagName !== "IFRAME") frame = document.getElementById(__FRAME_ID__);
  if (!frame) return;
  var origins = ["null", __FRAME_ORIGIN__];
  var tell = null, told = false;
  var fit = function (value) {
    var height = Math.round(Number(value));
    if (height >= 100 && height <= 50000) frame.style.height = height + "px";
  };
  if (__TELL_SCHEME__) {
    /* scheme.js */
    tell = function () {
      if (frame.contentWindow) {
        frame.contentWindow.postMessage({ type: "recap:scheme", scheme: hostScheme(frame.parentElement) }, "*");
      }
    };
    frame.addEventListener("load", tell);
    watchHostScheme(tell);
  }
  window.addEventListener("message", function (event) {
    if (!frame.contentWindow || event.source !== frame.contentWindow) return;
    if (origins.indexOf(event.origin) === -1) return;
    var data = event.data;
    if (!data) return;
    if (tell && !told) {  // the frame listens now, whenever this script ran
      told = true;
      tell();
    }
    if (data.type === "recap:height") fit(data.height);
    if (data.type !== "recap:scroll") return;
    // The event sits `top` px down the frame: bring it to the top of the article's window,
    // below the site's fixed or sticky header if one covers it there.
    fit(data.height);
    var top = Number(data.top);
    if (!(top >= 0 && top <= 50000)) return;
    window.scrollTo(0, frame.getBoundingClientRect().top + window.scrollY + top - 8);
    var x = frame.getBoundingClientRect().left + 8, y = 9;
    for (var node = document.elementFromPoint(x, y); node && node !== document.body; node = node.parentElement) {
      if (node === frame) break;
      var position = getComputedStyle(node).position;
      if (position === "fixed" || position === "sticky") {
        window.scrollBy(0, -(node.getBoundingClientRect().bottom - y + 8));
        break;
      }
    }
  });
})();
