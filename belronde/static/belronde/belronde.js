// belronde: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Logging out removes the call screen's unsaved copies of drafts from this browser (SEC-DP-02).
  document.addEventListener("submit", function (event) {
    var f = event.target;
    if (!f || !f.hasAttribute || !f.hasAttribute("data-logout")) { return; }
    try {
      var store = window.localStorage;
      for (var i = store.length - 1; i >= 0; i--) {
        var k = store.key(i);
        if (k && k.indexOf("belronde-draft-") === 0) { store.removeItem(k); }
      }
      window.sessionStorage.removeItem("belronde-submitted");
    } catch (e) { /* storage unavailable: nothing kept */ }
  });
  document.addEventListener("focusin", function (event) {
    var el = event.target;
    if (el && el.hasAttribute && el.hasAttribute("data-select-on-focus")) { el.select(); }
  });
  // Close an open <details> menu when clicking elsewhere or pressing Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open], details.switcher[open]").forEach(function (d) {
      if (!d.contains(event.target)) { d.removeAttribute("open"); }
    });
  });
  // A region HTMX refreshes (the campaign's progress, every 10 s) keeps the <details> the
  // reader opened, such as a chart's table: those with an id are opened again after the swap.
  var reopen = [];
  document.addEventListener("htmx:beforeSwap", function (event) {
    reopen = [];
    var target = event.detail && event.detail.target;
    if (!target || !target.querySelectorAll) { return; }
    target.querySelectorAll("details[id][open]").forEach(function (d) { reopen.push(d.id); });
  });
  document.addEventListener("htmx:afterSwap", function () {
    reopen.forEach(function (id) {
      var d = document.getElementById(id);
      if (d) { d.open = true; }
    });
    reopen = [];
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll("details.menu[open], details.switcher[open]").forEach(function (d) {
        d.removeAttribute("open");
        var s = d.querySelector("summary"); if (s) { s.focus(); }
      });
    }
  });
})();
