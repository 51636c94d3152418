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
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll("details.menu[open], details.switcher[open]").forEach(function (d) {
        d.removeAttribute("open");
        var s = d.querySelector("summary"); if (s) { s.focus(); }
      });
    }
  });
})();
