// Wide tables scroll sideways inside their .table-wrap. A region that scrolls must
// be reachable by keyboard (WCAG 2.1.1, axe "scrollable-region-focusable"): when a
// wrapper's table is wider than the wrapper, it becomes a focusable region named
// by the table's caption. Only then: a wrapper that does not scroll would be a
// needless tab stop (the pattern of Heydon Pickering's "Inclusive Components").
"use strict";

(function () {
  let counter = 0;

  function update(wrap) {
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    if (!scrolls) {
      if (wrap.dataset.scrollRegion) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-labelledby");
        delete wrap.dataset.scrollRegion;
      }
      return;
    }
    if (wrap.hasAttribute("tabindex")) {
      return; // marked up as a region in the template already
    }
    const caption = wrap.querySelector("caption");
    if (caption) {
      caption.id = caption.id || "table-caption-" + (++counter);
      wrap.setAttribute("aria-labelledby", caption.id);
    }
    wrap.setAttribute("role", "region");
    wrap.setAttribute("tabindex", "0");
    wrap.dataset.scrollRegion = "1";
  }

  function updateAll() {
    document.querySelectorAll(".table-wrap").forEach(update);
  }

  document.addEventListener("DOMContentLoaded", updateAll);
  window.addEventListener("resize", updateAll);
  // Pages that swap in new rows (htmx) get their wrappers checked again.
  document.addEventListener("htmx:afterSettle", updateAll);
})();
