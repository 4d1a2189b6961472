// Enhancements only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // GOV.UK error-summary pattern: move focus to the summary so screen readers announce it.
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
    // The menu button (a <details> that opens without this file): Escape and a click elsewhere close it.
    document.querySelectorAll("details[data-menu]").forEach(function (menu) {
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
      document.addEventListener("click", function (event) {
        if (menu.open && !menu.contains(event.target)) { menu.open = false; }
      });
    });
    // Long checkbox lists get a filter field: type part of a name to see only the matching choices.
    document.querySelectorAll("[data-filter-label]").forEach(function (list) {
      var input = document.createElement("input");
      input.type = "search";
      input.className = "choices-filter";
      input.setAttribute("aria-label", list.getAttribute("data-filter-label"));
      input.setAttribute("placeholder", list.getAttribute("data-filter-label"));
      list.parentNode.insertBefore(input, list);
      var fold = function (text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); };
      input.addEventListener("input", function () {
        var query = fold(input.value.trim());
        list.querySelectorAll(".choice").forEach(function (choice) {
          var box = choice.querySelector("input");
          choice.hidden = query !== "" && !box.checked && fold(choice.textContent).indexOf(query) === -1;
        });
      });
    });
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
