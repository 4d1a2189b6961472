// Enhancements only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // GOV.UK error-summary pattern: move focus to the summary so screen readers announce it.
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
    // A double click must not send a form twice (the server also ignores a repeated token).
    document.querySelectorAll("form[data-once]").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          window.setTimeout(function () { button.disabled = true; }, 0);
        });
      });
    });
  });
})();
