// Enhancements only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // GOV.UK error-summary pattern: move focus to the summary so screen readers announce it.
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
    // The menu button (a <details> that opens without this file): Escape and a click elsewhere close it.
    document.querySelectorAll("details[data-menu], details.nav-more").forEach(function (menu) {
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
    // The Markdown toolbar (hidden without this file, where the textarea works on its own).
    document.querySelectorAll(".toolbar[data-editor]").forEach(function (bar) {
      var area = document.getElementById(bar.getAttribute("data-editor"));
      if (!area) { return; }
      bar.hidden = false;
      var put = function (before, middle, after) {
        var start = area.selectionStart, end = area.selectionEnd;
        area.setRangeText(before + middle + after, start, end, "end");
        area.focus();
        area.dispatchEvent(new Event("input", { bubbles: true }));
      };
      bar.addEventListener("click", function (event) {
        var button = event.target.closest("button");
        if (!button) { return; }
        var chosen = area.value.slice(area.selectionStart, area.selectionEnd);
        if (button.hasAttribute("data-wrap")) {
          var mark = button.getAttribute("data-wrap");
          put(mark, chosen || "", mark);
        } else if (button.hasAttribute("data-line")) {
          var lineStart = area.value.lastIndexOf("\n", area.selectionStart - 1) + 1;
          area.setSelectionRange(lineStart, lineStart);
          put(button.getAttribute("data-line"), "", "");
        } else if (button.hasAttribute("data-link")) {
          put("[", chosen || button.getAttribute("data-default"), "](https://)");
        }
      });
      var menu = bar.querySelector("[data-insert]");
      if (menu) {
        menu.addEventListener("change", function () {
          if (menu.value) { put("", menu.value, ""); }
          menu.value = "";
        });
      }
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
