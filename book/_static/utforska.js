// Draws the charts readers can explore (indikatorbok.explore): each is a Vega specification
// in the page. Without this script, and in print, they stay hidden; the static chart and the
// table carry the same values. Every bar can be reached with the keyboard: its value is
// announced and shown under the chart, as a tooltip shows it on hover.
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

  function focusable(container) {
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
    focusable(container);
    new MutationObserver(() => focusable(container)).observe(container, { childList: true, subtree: true });
    container.addEventListener("focusin", (event) => {
      const label = event.target.getAttribute && event.target.getAttribute("aria-label");
      if (label) readout.textContent = label;
    });
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
