// belronde call screen: keep what the caller types even without a connection, and make the
// outcome buttons reachable with number keys. The server keeps drafts (HTMX autosave); the copy
// in this browser only bridges a dropped connection or a closed tab before the autosave: it is
// removed as soon as the server holds the same text, it expires after 12 hours, and logging out
// removes every copy (belronde.js). A shared phone keeps nothing an entrepreneur said.
(function () {
  "use strict";
  var form = document.getElementById("conversation-form");
  var storage = null;
  try { storage = window.localStorage; } catch (e) { storage = null; }

  function snapshot(f) {
    var data = {};
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.name === "csrfmiddlewaretoken") { return; }
      if (el.type === "radio") { if (el.checked) { data[el.name] = el.value; } return; }
      if (el.type === "checkbox") {
        data[el.name] = data[el.name] || [];
        if (el.checked) { data[el.name].push(el.value); }
        return;
      }
      data[el.name] = el.value;
    });
    return data;
  }

  function restore(f, data) {
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || !(el.name in data) || el.type === "hidden") { return; }
      var value = data[el.name];
      if (el.type === "radio") { if (el.value === value) { el.checked = true; } return; }
      if (el.type === "checkbox") { el.checked = Array.isArray(value) && value.indexOf(el.value) >= 0; return; }
      if (!el.value) { el.value = value; }
    });
  }

  var MAX_AGE_MS = 12 * 3600 * 1000;

  function keep(key, f) {
    storage.setItem(key, JSON.stringify({ at: Date.now(), data: snapshot(f) }));
  }

  if (form && storage) {
    var key = form.getAttribute("data-draft-key");
    var saved = storage.getItem(key);
    if (saved) {
      try {
        var copy = JSON.parse(saved);
        if (copy && copy.at && Date.now() - copy.at < MAX_AGE_MS) { restore(form, copy.data); }
        else { storage.removeItem(key); }
      } catch (e) { storage.removeItem(key); }
    }
    form.addEventListener("input", function () { keep(key, form); });
    form.addEventListener("change", function () { keep(key, form); });
    // the autosave answered: when the server holds what is in the form now, forget the copy
    form.addEventListener("htmx:afterRequest", function (event) {
      if (!event.detail || !event.detail.successful) { return; }
      var current = storage.getItem(key);
      try {
        if (current && JSON.stringify(JSON.parse(current).data) === JSON.stringify(snapshot(form))) {
          storage.removeItem(key);
        }
      } catch (e) { storage.removeItem(key); }
    });
    form.addEventListener("submit", function () {
      // cleared only when the next page loads without this form (the save succeeded)
      sessionStorage.setItem("belronde-submitted", key);
    });
  }
  if (!form && storage) {
    var done = sessionStorage.getItem("belronde-submitted");
    if (done) { storage.removeItem(done); sessionStorage.removeItem("belronde-submitted"); }
  }

  // One submit per form: a second click while the first is on its way does nothing.
  document.querySelectorAll("form[data-once]").forEach(function (f) {
    f.addEventListener("submit", function (event) {
      if (form && storage) { sessionStorage.setItem("belronde-submitted", form.getAttribute("data-draft-key")); }
      if (f.getAttribute("data-submitting")) { event.preventDefault(); return; }
      f.setAttribute("data-submitting", "1");
      window.setTimeout(function () { f.removeAttribute("data-submitting"); }, 8000);
    });
  });

  // Number keys press the outcome buttons when the focus is not in a text field.
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (/INPUT|TEXTAREA|SELECT/.test(tag) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var button = document.querySelector('.outcome-buttons button[data-key="' + event.key + '"]');
    if (button) { event.preventDefault(); button.click(); }
  });
})();
