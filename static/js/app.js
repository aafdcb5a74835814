// Behaviour every page shares, kept out of the markup: the Content-Security-Policy allows
// scripts from our own files only (no inline scripts or event handlers).
(function () {
  "use strict";
  // The language menu switches as soon as a language is chosen.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // A new token's secret is selected in one click, ready to copy.
  document.querySelectorAll("[data-select-on-click]").forEach(function (input) {
    input.addEventListener("click", function () { input.select(); });
  });
  // Buttons whose action needs a second thought ask first.
  document.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) { event.preventDefault(); }
    });
  });
  // Bars whose length is data (coverage): widths set here, not in style attributes.
  document.querySelectorAll("[data-width]").forEach(function (el) {
    el.style.width = el.dataset.width + "%";
  });
})();
