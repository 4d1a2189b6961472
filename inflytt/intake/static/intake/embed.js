// For the page that embeds an Inflytt form: resize each <iframe data-inflytt-form> to the height
// its page reports. Only messages from the frame's own window and origin are believed.
(function () {
  "use strict";
  function frames() { return document.querySelectorAll("iframe[data-inflytt-form]"); }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "inflytt:height" || typeof data.height !== "number") { return; }
    frames().forEach(function (frame) {
      var origin;
      try { origin = new URL(frame.src, window.location.href).origin; } catch (e) { return; }
      if (event.source === frame.contentWindow && event.origin === origin) {
        frame.style.height = Math.max(200, Math.min(data.height, 20000)) + "px";
      }
    });
  });
})();
