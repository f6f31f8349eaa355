/* 叫号屏: poll the calls every second (no reload), render them, and speak each new call once
   with the browser's speech synthesis (a zh-CN voice where the system has one). */
(function () {
  var main = document.getElementById("main");
  var url = main.dataset.url;
  var seen = {};
  window.hallSpoken = [];   // what was (or would have been) spoken, for people and tests to check

  document.querySelectorAll("#screen-calls tbody tr").forEach(function (tr) { seen[tr.dataset.key] = true; });

  function voice() {
    if (!("speechSynthesis" in window)) return null;
    var voices = window.speechSynthesis.getVoices() || [];
    return voices.find(function (v) { return /^zh[-_]CN/i.test(v.lang); }) ||
           voices.find(function (v) { return /^zh/i.test(v.lang); }) || null;
  }

  function speak(text) {
    window.hallSpoken.push(text);
    if (!("speechSynthesis" in window)) return;
    var u = new SpeechSynthesisUtterance(text);
    u.lang = "zh-CN";
    var v = voice();
    if (v) u.voice = v;
    u.rate = 0.9;
    window.speechSynthesis.speak(u);
  }

  function cell(text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  }

  function render(data) {
    var body = document.querySelector("#screen-calls tbody");
    body.textContent = "";
    data.calls.forEach(function (c) {
      var tr = document.createElement("tr");
      tr.dataset.key = c.call_key;
      tr.appendChild(cell(c.code, "screen-code"));
      tr.appendChild(cell(c.window));
      tr.appendChild(cell(c.area));
      body.appendChild(tr);
    });
    var areas = document.querySelector("#screen-areas tbody");
    areas.textContent = "";
    data.areas.forEach(function (a) {
      var tr = document.createElement("tr");
      tr.dataset.area = a.code;
      tr.appendChild(cell(a.prefix + " " + a.name));
      tr.appendChild(cell(String(a.waiting), "screen-waiting"));
      tr.appendChild(cell(a.average_wait_minutes === null ? "—" : "约 " + a.average_wait_minutes + " 分钟", "screen-avg"));
      areas.appendChild(tr);
    });
    var now = document.getElementById("screen-now");
    if (data.calls.length) now.textContent = data.calls[0].speech;
    // oldest first, so two calls in one second are spoken in order
    data.calls.slice().reverse().forEach(function (c) {
      if (!seen[c.call_key]) {
        seen[c.call_key] = true;
        speak(c.speech);
      }
    });
  }

  function poll() {
    fetch(url, { cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(render)
      .catch(function () {})
      .finally(function () { setTimeout(poll, 1000); });
  }
  setTimeout(poll, 1000);

  function tick() {
    var d = new Date();
    document.getElementById("screen-clock").textContent = d.toLocaleTimeString("zh-CN", { hour12: false });
  }
  setInterval(tick, 1000);
  tick();

  // Browsers only speak after a person has interacted with the page once.
  document.getElementById("screen-sound").addEventListener("click", function () {
    speak("语音播报已开启");
    this.hidden = true;
  });
})();
