// belronde financial analyses: small enhancements; every page works without this file.
(function () {
  "use strict";
  // Filter the code rows of the figures form as you type (code or label, Dutch or English).
  function setUpFilter(input) {
    var target = document.querySelector(input.getAttribute("data-filter-target"));
    if (!target) { return; }
    input.hidden = false;
    var label = document.querySelector("label[for='" + input.id + "']");
    if (label) { label.hidden = false; }
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      target.querySelectorAll("[data-filter-text]").forEach(function (row) {
        var text = row.getAttribute("data-filter-text");
        row.hidden = needle !== "" && text.indexOf(needle) === -1;
      });
      target.querySelectorAll("fieldset").forEach(function (set) {
        var shown = set.querySelector("[data-filter-text]:not([hidden])");
        set.hidden = !shown;
      });
    });
  }
  document.querySelectorAll("input[data-filter-target]").forEach(setUpFilter);
})();
