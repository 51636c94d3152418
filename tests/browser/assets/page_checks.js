// The checks tests/browser/test_every_page.py runs in each page (evaluated, not added as a
// <script>: the Content-Security-Policy allows only the site's own scripts).
window.belrondeChecks = (function () {
  "use strict";

  // "main > section.card > table" and the element's text: enough to find it in a template
  function path(el) {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
      let part = e.tagName.toLowerCase();
      if (e.id) { parts.unshift(part + "#" + e.id); break; }
      const cls = [...e.classList].slice(0, 2).join(".");
      if (cls) { part += "." + cls; }
      parts.unshift(part);
    }
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
    return parts.join(" > ") + (text ? ` "${text.replace(/\s+/g, " ").slice(0, 40)}"` : "");
  }

  // The document wider than the screen: the outermost elements that stick out (not those
  // inside a box that scrolls or clips).
  function overflow(W) {
    const width = document.scrollingElement.scrollWidth;
    if (width <= W) { return null; }
    const clips = (e) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(e).overflowX);
    const culprits = [];
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.right <= W + 0.5 || r.width === 0) { continue; }
      let hidden = false;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (clips(a) || a.getBoundingClientRect().right > W + 0.5) { hidden = true; break; }
      }
      if (!hidden) { culprits.push(`${path(el)} (right edge at ${Math.round(r.right)} px)`); }
      if (culprits.length >= 5) { break; }
    }
    return { width, culprits };
  }

  // WCAG 2.2 SC 2.5.8: a target is at least 24 x 24 CSS px, unless it is inline in a sentence,
  // or a 24 px circle on its centre touches no other target nor another such circle.
  function targets() {
    const sel = "a[href], button, input:not([type=hidden]), select, textarea, summary, label";
    const found = [];
    for (const el of document.querySelectorAll(sel)) {
      if (el.tagName === "LABEL" && !(el.control && ["checkbox", "radio"].includes(el.control.type))) {
        continue;
      }
      if (!el.checkVisibility({ visibilityProperty: true })) { continue; }
      if (el.closest(".skip-link, .visually-hidden, [inert]")) { continue; }
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) { continue; }
      found.push({ el, r });
    }
    const small = (t) => t.r.width < 23.5 || t.r.height < 23.5;
    const inSentence = (el) => {
      if (getComputedStyle(el).display !== "inline") { return false; }
      let block = el.parentElement;
      while (block && getComputedStyle(block).display.startsWith("inline")) { block = block.parentElement; }
      const own = (el.innerText || "").trim();
      const all = ((block && block.innerText) || "").trim();
      return all.length > own.length + 1;
    };
    // a checkbox or radio button is part of its label's target when that one is big enough
    const byLabel = (el) => el.labels && [...el.labels].some((l) => {
      const r = l.getBoundingClientRect();
      return r.width >= 23.5 && r.height >= 23.5;
    });
    const centre = (r) => [r.left + r.width / 2, r.top + r.height / 2];
    const toRect = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
    const related = (a, b) => a.contains(b) || b.contains(a) || a.control === b || b.control === a;
    const problems = [];
    for (const t of found) {
      if (!small(t) || inSentence(t.el)) { continue; }
      if (["checkbox", "radio"].includes(t.el.type) && byLabel(t.el)) { continue; }
      const c = centre(t.r);
      const crowded = found.find((u) => u !== t && !related(t.el, u.el) && (small(u)
        ? Math.hypot(c[0] - centre(u.r)[0], c[1] - centre(u.r)[1]) < 24
        : toRect(c, u.r) < 12));
      if (crowded) {
        problems.push(`${path(t.el)} is ${Math.round(t.r.width)}x${Math.round(t.r.height)} px, ` +
          `too close to ${path(crowded.el)}`);
      }
    }
    return problems;
  }

  // The top bar's menu and chapter switcher, opened: their panel within the screen.
  function popups(W) {
    const problems = [];
    for (const d of document.querySelectorAll("details.menu, details.switcher")) {
      if (!d.checkVisibility()) { continue; }
      d.open = true;
      const panel = d.querySelector(":scope > :not(summary)");
      const r = panel && panel.getBoundingClientRect();
      if (r && (r.left < -0.5 || r.right > W + 0.5)) {
        problems.push(`${path(d.querySelector("summary"))}: its panel spans ` +
          `${Math.round(r.left)}..${Math.round(r.right)} px of ${W}`);
      }
      d.open = false;
    }
    return problems;
  }

  // What a reader sees: the rendered text without the parts marked as another language, the
  // options of lists, placeholders and the labels of input buttons.
  function text() {
    const foreign = [...document.body.querySelectorAll("[lang]")]
      .filter((e) => !e.lang.toLowerCase().startsWith("nl"));
    const kept = foreign.map((e) => [e, e.style.display]);
    foreign.forEach((e) => { e.style.display = "none"; });
    const parts = [document.body.innerText];
    kept.forEach(([e, display]) => { e.style.display = display; });
    for (const e of document.querySelectorAll("option, [placeholder], input[type=submit], input[type=button]")) {
      if (e.closest("[lang]:not([lang^=nl])")) { continue; }
      parts.push(e.tagName === "OPTION" ? e.text : (e.placeholder || e.value || ""));
    }
    return { lang: document.documentElement.lang, text: parts.join("\n") };
  }

  // axe-core's serious and critical violations (window.axe: assets/axe.min.js, evaluated first)
  async function axeViolations(targetSize) {
    const result = await window.axe.run(document, {
      resultTypes: ["violations"],
      rules: { "target-size": { enabled: targetSize } },
    });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " " + n.html.slice(0, 140)),
      }));
  }

  return { overflow, targets, popups, text, axe: axeViolations };
})();
0;
