// Show "which aspect and why" only when 不满意 / 非常不满意 is chosen (the server asks either way).
(function () {
  function sync(form) {
    var why = form.querySelector(".why");
    if (!why) return;
    var checked = form.querySelector("input[name=score]:checked");
    var bad = checked && (checked.value === "1" || checked.value === "2");
    why.hidden = !bad && !why.hasAttribute("data-error");
  }
  function syncAll(root) { (root || document).querySelectorAll("form.rating-form").forEach(sync); }
  document.addEventListener("change", function (e) {
    if (e.target.name === "score" && e.target.form) sync(e.target.form);
    if (e.target.name === "real_name" && e.target.form) {
      var who = e.target.form.querySelector(".who");
      if (who) who.hidden = !e.target.checked;
    }
  });
  document.addEventListener("DOMContentLoaded", function () { syncAll(); });
  document.addEventListener("htmx:afterSettle", function (e) { syncAll(e.target); });
})();
