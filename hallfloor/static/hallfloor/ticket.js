// The ticket on the applicant's phone: follow the queue every 5 seconds (no inline script: CSP).
(function () {
  "use strict";
  var box = document.getElementById("ticket-status");
  if (!box) return;
  function poll() {
    fetch(box.dataset.url, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        if (d.status === "waiting") box.textContent = box.dataset.textWaiting.replace("{n}", d.ahead);
        else if (d.status === "called" && d.window) box.textContent = box.dataset.textCalled.replace("{window}", d.window);
        else box.textContent = d.status_label;
      })
      .catch(function () {});
  }
  setInterval(poll, 5000);
})();
