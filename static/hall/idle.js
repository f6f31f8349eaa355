// Idle logout warning for staff pages (等保 2.0: 空闲自动退出).
// The server signs a staff session out after HALL_IDLE_TIMEOUT_SECONDS with no request; this
// script shows a warning shortly before, offers to continue (one request resets the timer), and
// reloads the page when the time is up so the server's sign-out page shows.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="hall-idle-timeout"]');
  if (!meta) return;
  var timeout = parseInt(meta.content, 10) * 1000;
  var warning = parseInt(meta.getAttribute("data-warning"), 10) * 1000;
  var keepaliveUrl = meta.getAttribute("data-keepalive");
  var text = meta.getAttribute("data-message");
  var button = meta.getAttribute("data-continue");
  var warnTimer, endTimer, banner;

  function csrfToken() {
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function hide() {
    if (banner) { banner.remove(); banner = null; }
  }

  function show() {
    if (banner) return;
    banner = document.createElement("div");
    banner.className = "idle-warning";
    banner.setAttribute("role", "alertdialog");
    banner.setAttribute("aria-live", "assertive");
    var p = document.createElement("p");
    p.textContent = text;
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn";
    b.textContent = button;
    b.addEventListener("click", keepAlive);
    banner.appendChild(p);
    banner.appendChild(b);
    document.body.appendChild(banner);
    b.focus();
  }

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    hide();
    warnTimer = setTimeout(show, Math.max(0, timeout - warning));
    endTimer = setTimeout(function () { window.location.reload(); }, timeout + 1000);
  }

  function keepAlive() {
    fetch(keepaliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      if (response.ok) { schedule(); } else { window.location.reload(); }
    }, function () { window.location.reload(); });
  }

  // A request the user made from this page without reloading it (htmx) is activity too.
  document.addEventListener("htmx:afterRequest", function (event) {
    var headers = (event.detail && event.detail.requestConfig && event.detail.requestConfig.headers) || {};
    if (headers["X-Hall-Background"] !== "1") schedule();
  });
  schedule();
})();
