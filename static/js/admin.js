// Accessible names for the controls that the admin's own scripts build (issue 15,
// item 10): select2's combobox of autocomplete fields and the search icon of
// filter_horizontal. Runs before those scripts and watches for the elements they
// add, also in inline rows added later.
"use strict";

(function () {
  function labelFor(id) {
    return id ? document.querySelector('label[for="' + CSS.escape(id) + '"]') : null;
  }

  function nameCombobox(selection) {
    // select2 names its combobox by the text of the chosen value only (empty when
    // nothing is chosen): name it by the field's label followed by the value.
    const container = selection.closest(".select2-container");
    const select = container && container.previousElementSibling;
    const rendered = selection.querySelector(".select2-selection__rendered");
    const label = select && labelFor(select.id);
    if (!rendered || !label) {
      return;
    }
    if (!label.id) {
      label.id = select.id + "-label";
    }
    selection.setAttribute("aria-labelledby", label.id + " " + rendered.id);
    // The value's text is part of the combobox's name; it is no textbox of its own.
    rendered.removeAttribute("role");
    rendered.removeAttribute("aria-readonly");
  }

  function fix(root) {
    root.querySelectorAll(".select2-selection[role=combobox]").forEach(nameCombobox);
    // An aria-label on a span needs a role: the icon stands for the label's text.
    root.querySelectorAll(".search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      mutation.addedNodes.forEach(function (node) {
        if (node.nodeType === Node.ELEMENT_NODE) {
          fix(node.parentElement || node);
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () {
    fix(document);
  });
})();
