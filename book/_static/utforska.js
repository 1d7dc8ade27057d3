// Draws the charts readers can explore (indikatorbok.explore): each is a Vega specification
// in the page. Without this script, and in print, they stay hidden; the static chart and the
// table carry the same values. Every bar can be reached with the keyboard or a tap: its value
// is announced and shown under the chart, as a tooltip shows it on hover.
// Vega (half a megabyte) is fetched only when a reader first opens one of them.
(function () {
  const runtime = new URL("../vendor/vega.min.js", document.currentScript.src).href;
  let loading = null;

  function loadVega() {
    loading = loading || new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = runtime;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loading;
  }

  // Vega names the chart's parts in English ("X-axis titled 'År' for a discrete scale…"):
  // the page is Swedish, so are they.
  const ROLES = { "axis": "axel", "legend": "förklaring", "bar": "stapel",
                  "group mark container": "diagram", "rect mark container": "staplar" };
  const LABELS = [
    [/^([XY])-axis titled '([^']*)' for a (?:discrete|linear|time|band) scale with (?:\d+ values?:|values from) (.*)$/,
     (m) => `${m[1] === "X" ? "Vågrät" : "Lodrät"} axel, ${m[2]}: ${m[3].replace(/ to /, " till ")}`],
    [/^\w+ legend titled '([^']*)' for [\w ]+ with \d+ values?: (.*)$/,
     (m) => `Förklaring, ${m[1]}: ${m[2]}`],
    [/^\w+ legend for [\w ]+ with \d+ values?: (.*)$/, (m) => `Förklaring: ${m[1]}`],
  ];

  function swedish(container) {
    for (const e of container.querySelectorAll("[aria-roledescription]")) {
      const role = ROLES[e.getAttribute("aria-roledescription")];
      if (role) e.setAttribute("aria-roledescription", role);
    }
    for (const e of container.querySelectorAll('[aria-roledescription="axel"], [aria-roledescription="förklaring"]')) {
      const label = e.getAttribute("aria-label") || "";
      for (const [pattern, say] of LABELS) {
        const m = label.match(pattern);
        if (m) { e.setAttribute("aria-label", say(m)); break; }
      }
    }
  }

  function focusable(container) {
    swedish(container);
    for (const mark of container.querySelectorAll('.role-mark [role="graphics-symbol"]:not([tabindex])')) {
      mark.setAttribute("tabindex", "0");
    }
  }

  async function draw(details) {
    const container = details.querySelector(".vega-diagram");
    const readout = details.querySelector(".utforska-varde");
    try {
      await loadVega();
    } catch {
      readout.textContent = "Diagrammet kunde inte visas. Tabellen ovan har samma värden.";
      return;
    }
    const menu = document.createElement("div");
    container.before(menu);
    const view = new vega.View(vega.parse(JSON.parse(container.dataset.spec)), {
      renderer: "svg", container: container, bind: menu, hover: true,
    });
    await view.runAsync();
    // The checkboxes in groups, each named by what it chooses (years, groups, series).
    const binds = [...menu.children];
    let at = 0;
    for (const [name, count] of JSON.parse(container.dataset.grupper || "[]")) {
      const set = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.textContent = name;
      set.append(legend, ...binds.slice(at, at + count));
      menu.append(set);
      at += count;
    }
    focusable(container);
    new MutationObserver(() => focusable(container)).observe(container, { childList: true, subtree: true });
    // A bar's value under the chart: on focus (keyboard) and on a tap or click (touch).
    const show = (event) => {
      const label = event.target.getAttribute && event.target.getAttribute("aria-label");
      if (label) readout.textContent = label;
    };
    container.addEventListener("focusin", show);
    container.addEventListener("click", show);
    menu.addEventListener("change", () => { readout.textContent = ""; });
  }

  function start() {
    for (const details of document.querySelectorAll("details.utforska")) {
      details.hidden = false;
      let drawn = false;
      details.addEventListener("toggle", () => {
        if (details.open && !drawn) { drawn = true; draw(details); }
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
