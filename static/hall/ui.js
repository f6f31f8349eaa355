// Small page behaviours, bound from data-* attributes so pages carry no inline script
// (the Content-Security-Policy allows scripts from this site's static files only).
//   <button data-print>                 prints the page
//   <form data-confirm="…">             asks before submitting
//   <select data-autosubmit>            submits its form on change
//   <form data-drop-empty>              leaves empty fields out of a GET query (?q=spjyxk)
(function () {
  "use strict";
  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }

  function bind() {
    each("[data-print]", function (el) {
      el.addEventListener("click", function () { window.print(); });
    });
    each("form[data-confirm]", function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
    each("select[data-autosubmit]", function (select) {
      select.addEventListener("change", function () { if (select.form) select.form.submit(); });
    });
    each("form[data-drop-empty]", function (form) {
      form.addEventListener("submit", function () {
        Array.prototype.forEach.call(form.elements, function (el) { if (el.name && !el.value) el.disabled = true; });
      });
      window.addEventListener("pageshow", function () {
        Array.prototype.forEach.call(form.elements, function (el) { el.disabled = false; });
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bind);
  else bind();
})();
