// Inside another site's frame, tell the parent page how tall this page is, so the frame can
// fit its content (the parent runs embed.js). The height is the only thing sent.
(function () {
  "use strict";
  if (window.parent === window) { return; }
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "inflytt:height", height: height }, "*");
    }
  }
  window.addEventListener("load", report);
  window.addEventListener("resize", report);
  if (window.ResizeObserver) { new ResizeObserver(report).observe(document.body); }
  document.addEventListener("DOMContentLoaded", report);
})();
