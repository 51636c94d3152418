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
  // Boxes that scroll sideways (the chapter tabs, wide tables): mark the sides that have more
  // (data-more-start, data-more-end: the CSS fades or shadows them). A table box that scrolls
  // becomes a named, focusable region so that a keyboard can scroll it (WCAG 2.1.1); its name
  // is the table's caption, or else the heading of its section.
  var SCROLLERS = ".tabs, .fa-tabs, .table-wrap";
  function nameOf(box) {
    var table = box.querySelector("table");
    var caption = table && table.caption;
    if (caption && caption.textContent.trim()) { return caption; }
    for (var el = box; el && el !== document.body; el = el.parentElement) {
      for (var sib = el.previousElementSibling; sib; sib = sib.previousElementSibling) {
        if (/^H[1-6]$/.test(sib.tagName)) { return sib; }
        var inner = sib.querySelector && sib.querySelector("h1, h2, h3, h4, h5, h6");
        if (inner) { return inner; }
      }
    }
    return document.querySelector("h1");
  }
  var ids = 0;
  function mark(box) {
    var more = box.scrollWidth > box.clientWidth + 1;
    var left = Math.abs(box.scrollLeft);
    box.toggleAttribute("data-more-start", more && left > 1);
    box.toggleAttribute("data-more-end", more && left + box.clientWidth < box.scrollWidth - 1);
    if (!box.classList.contains("table-wrap") || more === box.hasAttribute("data-scrolls")) { return; }
    if (more) {
      var label = nameOf(box);
      box.setAttribute("data-scrolls", "");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (label) {
        if (!label.id) { label.id = "scroll-label-" + (++ids); }
        box.setAttribute("aria-labelledby", label.id);
      }
    } else {
      ["data-scrolls", "tabindex", "role", "aria-labelledby"].forEach(function (a) { box.removeAttribute(a); });
    }
  }
  function markAll() { document.querySelectorAll(SCROLLERS).forEach(mark); }
  function showCurrentTab() {
    document.querySelectorAll(".tabs, .fa-tabs").forEach(function (tabs) {
      var current = tabs.querySelector("[aria-current]");
      if (!current) { return; }
      var start = current.offsetLeft, end = start + current.offsetWidth;
      // (.tabs is positioned: offsetLeft counts from its start, whatever it scrolled)
      var fade = 48;  // px the sides fade over (belronde.css)
      if (end > tabs.scrollLeft + tabs.clientWidth - fade || start < tabs.scrollLeft + fade) {
        tabs.scrollLeft = Math.max(0, start - (tabs.clientWidth - current.offsetWidth) / 2);
      }
    });
  }
  document.addEventListener("scroll", function (event) {
    var box = event.target;
    if (box && box.matches && box.matches(SCROLLERS)) { mark(box); }
  }, true);
  var pending = null;
  function later() { if (pending === null) { pending = window.requestAnimationFrame(function () { pending = null; markAll(); }); } }
  window.addEventListener("resize", later);
  document.addEventListener("toggle", later, true);  // a table inside an opened <details>
  document.addEventListener("htmx:afterSettle", later);
  function ready() { showCurrentTab(); markAll(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
  window.addEventListener("load", markAll);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll("details.menu[open], details.switcher[open]").forEach(function (d) {
        d.removeAttribute("open");
        var s = d.querySelector("summary"); if (s) { s.focus(); }
      });
    }
  });
})();
