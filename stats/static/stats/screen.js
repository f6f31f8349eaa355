// 数据大屏: refresh the figures every 30 seconds without reloading, and tick the clock.
(function () {
  const grid = document.querySelector("[data-screen-url]");
  if (!grid) return;
  const pct = (v) => (v === null || v === undefined ? "—" : (v * 100).toFixed(1) + "%");
  const pick = (data, path) => path.split(".").reduce((o, k) => (o == null ? o : o[k]), data);
  function render(data) {
    document.querySelectorAll("[data-screen]").forEach((el) => {
      const key = el.dataset.screen;
      if (key === "clock") return;
      const value = pick(data, key);
      el.textContent = el.dataset.format === "pct" ? pct(value) : value ?? "—";
    });
    const list = document.querySelector("[data-screen-list=departments]");
    if (list) {
      list.replaceChildren(...data.departments.map((d) => {
        const li = document.createElement("li");
        const name = document.createElement("span");
        const n = document.createElement("b");
        name.textContent = d.name;
        n.textContent = d.received;
        li.append(name, n);
        return li;
      }));
    }
  }
  async function refresh() {
    try {
      const response = await fetch(grid.dataset.screenUrl, { headers: { Accept: "application/json" } });
      if (response.ok) render(await response.json());
    } catch (error) { /* the next refresh tries again */ }
  }
  function tick() {
    const clock = document.querySelector("[data-screen=clock]");
    if (clock) clock.textContent = new Date().toLocaleTimeString("zh-CN", { hour12: false });
  }
  tick();
  setInterval(tick, 1000);
  setInterval(refresh, 30000);
})();
