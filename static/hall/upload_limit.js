// Refuse a file that is too large before it is uploaded (the server checks again).
// The limit and the message come from <meta name="hall-upload-max"> (settings.HALL_UPLOAD_MAX_BYTES);
// no inline script: the Content-Security-Policy allows this site's static files only.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="hall-upload-max"]');
  if (!meta) return;
  var limit = parseInt(meta.getAttribute("content"), 10);
  var message = meta.getAttribute("data-message") || "";
  if (!limit) return;

  function tooBig(input) {
    return Array.prototype.filter.call(input.files || [], function (f) { return f.size > limit; });
  }

  function errorFor(input) {
    var anchor = input.closest("label") || input;
    var next = anchor.nextElementSibling;
    if (next && next.hasAttribute("data-upload-error")) return next;
    var p = document.createElement("p");
    p.className = "field-error";
    p.setAttribute("role", "alert");
    p.setAttribute("data-upload-error", "");
    anchor.parentNode.insertBefore(p, anchor.nextSibling);
    return p;
  }

  function check(input) {
    var big = tooBig(input);
    var shown = (input.closest("label") || input).nextElementSibling;
    if (!big.length) {
      input.setCustomValidity("");
      if (shown && shown.hasAttribute("data-upload-error")) shown.remove();
      return true;
    }
    var text = message.replace("{name}", big[0].name);
    input.value = "";  // nothing of it is sent
    input.setCustomValidity("");
    errorFor(input).textContent = text;
    input.setAttribute("aria-invalid", "true");
    return false;
  }

  // Capture phase on the document: runs before a field's own "change" (e.g. auto-submit).
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
    if (!check(input)) event.stopImmediatePropagation();
  }, true);

  document.addEventListener("submit", function (event) {
    var inputs = event.target.querySelectorAll('input[type="file"]');
    var ok = true;
    Array.prototype.forEach.call(inputs, function (input) { if (!check(input)) ok = false; });
    if (!ok) { event.preventDefault(); event.stopImmediatePropagation(); }
  }, true);
})();
