/* Workbench helpers: live countdowns, the item picker, ID checks as the clerk types,
   delivery method fields and keyboard shortcuts. Plain JS; every page works without it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // "剩余 06:41 视为同意" ticking every second.
  function tickCountdowns() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var left = Math.floor((new Date(el.dataset.countdown).getTime() - Date.now()) / 1000);
      if (left <= 0) {
        el.textContent = el.dataset.done;
        el.classList.add("countdown--done");
        return;
      }
      el.textContent = "剩余 " + pad(Math.floor(left / 60)) + ":" + pad(left % 60) + " " + el.dataset.suffix;
      el.classList.toggle("countdown--soon", left <= 120);
    });
  }
  tickCountdowns();
  setInterval(tickCountdowns, 1000);
  document.body.addEventListener("htmx:afterSwap", tickCountdowns);

  function debounce(fn, ms) {
    var t;
    return function () { var a = arguments, self = this; clearTimeout(t); t = setTimeout(function () { fn.apply(self, a); }, ms); };
  }

  // ID numbers checked against the server's own rules (GB 11643 / GB 32100) as they are typed.
  var idMeta = document.querySelector("meta[name=hall-id-check-url]");
  var idCheckUrl = idMeta && idMeta.content;
  function applicantType(input) {
    if (input.dataset.idCheck !== "1") return input.dataset.idCheck;
    var checked = document.querySelector("input[name=applicant_type]:checked");
    return checked ? checked.value : "person";
  }
  function checkId(input) {
    var out = input.closest("div").parentElement.querySelector(".id-check");
    if (!out || !idCheckUrl) return;
    var value = input.value.trim();
    if (value.length < 18) {
      out.textContent = value ? "已输入 " + value.length + " 位，共需 18 位" : "";
      out.className = "id-check small muted";
      return;
    }
    // POST so the number never appears in a URL (and so in no access log).
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    fetch(idCheckUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
      body: new URLSearchParams({ type: applicantType(input), value: value })
    })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        out.textContent = (data.ok ? "✓ " : "✗ ") + data.message;
        out.className = "id-check small " + (data.ok ? "id-check--ok" : "id-check--bad");
        input.setAttribute("aria-invalid", data.ok ? "false" : "true");
      })
      .catch(function () { out.textContent = ""; });
  }
  document.querySelectorAll("input[data-id-check]").forEach(function (input) {
    var run = debounce(function () { checkId(input); }, 250);
    input.addEventListener("input", run);
    input.addEventListener("blur", function () { checkId(input); });
  });
  document.querySelectorAll("input[name=applicant_type]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      var id = document.querySelector("input[name=id_number]");
      if (id && id.value) checkId(id);
    });
  });

  // The item picker: name, code or pinyin initials; arrows move, Enter picks.
  var search = document.querySelector("[data-picker-url]");
  if (search) {
    var list = document.getElementById("item-results");
    var hidden = document.querySelector("input[name=item]");
    var chosen = document.getElementById("item-chosen");
    var results = [], active = -1;
    function render() {
      list.innerHTML = "";
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = "item-opt-" + i;
        li.className = "wb-picker__option" + (i === active ? " is-active" : "");
        li.setAttribute("aria-selected", i === active ? "true" : "false");
        li.innerHTML = "<strong></strong><span class=\"small muted\"></span>";
        li.firstChild.textContent = r.name;
        li.lastChild.textContent = r.code + " · " + r.department + " · " + r.kind + (r.instant ? "" : "（承诺" + r.promised + "个工作日）");
        li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(i); });
        list.appendChild(li);
      });
      list.hidden = results.length === 0;
      search.setAttribute("aria-expanded", results.length ? "true" : "false");
      if (active >= 0) search.setAttribute("aria-activedescendant", "item-opt-" + active);
    }
    function pick(i) {
      var r = results[i];
      if (!r) return;
      hidden.value = r.code;
      search.value = r.name;
      chosen.textContent = "✓ " + r.name + " · " + r.department + " · " + r.kind;
      results = []; active = -1; render();
      var name = document.querySelector("input[name=name]");
      if (name) name.focus();
    }
    var lookup = debounce(function () {
      var q = search.value.trim();
      if (!q) { results = []; render(); return; }
      fetch(search.dataset.pickerUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) { results = data.results; active = results.length ? 0 : -1; render(); });
    }, 150);
    search.addEventListener("input", function () { hidden.value = ""; chosen.textContent = ""; lookup(); });
    search.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && results.length) { active = (active + 1) % results.length; render(); e.preventDefault(); }
      else if (e.key === "ArrowUp" && results.length) { active = (active - 1 + results.length) % results.length; render(); e.preventDefault(); }
      else if (e.key === "Enter" && results.length && active >= 0) { pick(active); e.preventDefault(); }
      else if (e.key === "Escape") { results = []; render(); }
    });
    search.addEventListener("blur", function () { setTimeout(function () { results = []; render(); }, 100); });
  }

  // Choosing a file uploads it at once (the row's "上传" button is the no-JS path).
  // Delegated, so rows swapped in by htmx (materials ticked without a reload) keep working;
  // a click on the row's button lets htmx send op=file with the form.
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!input.matches || !input.matches("input[type=file][data-autosubmit]") || !input.files.length) return;
    var button = input.form.querySelector("button[value=file]");
    if (button) button.click();
  });

  // Delivery: show only the fields of the chosen method.
  document.querySelectorAll(".wb-methods").forEach(function (set) {
    var form = set.closest("form");
    function sync() {
      var method = (form.querySelector("input[name$=method]:checked") || {}).value;
      form.querySelectorAll("[data-method]").forEach(function (box) { box.hidden = box.dataset.method !== method; });
    }
    set.addEventListener("change", sync);
    sync();
  });

  // Alt+<letter> runs the element marked data-shortcut="<letter>" (dispatch, notice, refuse…).
  document.addEventListener("keydown", function (e) {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.key.length !== 1) return;
    var target = document.querySelector('[data-shortcut="' + e.key.toLowerCase() + '"]');
    if (!target) return;
    e.preventDefault();
    if (target.tagName === "SUMMARY") {
      var details = target.parentElement;
      details.open = true;
      var first = details.querySelector("input:not([type=hidden]), textarea, select");
      if (first) first.focus();
      details.scrollIntoView({ block: "nearest" });
    } else {
      target.click();
    }
  });

  // "/" jumps to the page's search box (item picker or result search), as on many web apps.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = (document.activeElement && document.activeElement.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    var box = document.querySelector("[data-picker-url], .wb-search input[type=search]");
    if (box) { box.focus(); box.select(); e.preventDefault(); }
  });
})();
