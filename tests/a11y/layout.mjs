// The published book as readers see it, at 1280 and 390 px: no element wider than the
// viewport, on a phone no heading broken inside a word and every result table whole on the
// screen, no figure glued into prose in code style, no text in a figure shown smaller than
// 11 px, and on every indicator page the answer first (latest result, assessment) and a
// source line under each table and figure, and a chart to explore that works with the
// keyboard. Used by book.mjs on every page at both widths.

export function check() {  // runs in the page
  const SMALLEST_FIGURE_TEXT = 12;  // px at a figure's own size: 9 pt, its value labels
  const READABLE = 11;  // px: the least a figure's text may be shown at
  const problems = [];
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    const wide = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > width + 1 && !e.closest(".cell_output, .output, .table-wrapper"))
      .map((e) => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ")[0] : ""));
    problems.push(`wider than the viewport: ${[...new Set(wide)].slice(0, 4).join(", ")}`);
  }
  if (width < 600) {  // a phone: headings break between words (or after a hyphen) only
    const broken = [];
    for (const h of document.querySelectorAll("h1, h2, h3, .prev-next-title")) {
      if (!h.getClientRects().length) continue;
      const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        for (const m of t.data.matchAll(/[^\s\u2010-\u2014-]+/g)) {
          const r = document.createRange();
          r.setStart(t, m.index);
          r.setEnd(t, m.index + m[0].length);
          const lines = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
          if (lines.size > 1) broken.push(m[0]);
        }
      }
    }
    if (broken.length) problems.push(`a heading broken inside a word: ${broken.slice(0, 3).join(", ")}`);
    const cut = [...document.querySelectorAll("table.indikatortabell caption")]
      .filter((c) => c.getClientRects().length && c.getBoundingClientRect().right > width + 1);
    if (cut.length) problems.push(`a table's caption cut at the screen's edge: ${cut[0].textContent.slice(0, 50)}`);
    // Every result table whole on the screen: its latest year and both sexes are seen
    // without scrolling sideways (a wide table is laid out as cards).
    const wide = [...document.querySelectorAll("table.indikatortabell")]
      .filter((t) => t.getClientRects().length && (t.getBoundingClientRect().right > width + 1
        || [...t.querySelectorAll("th, td")].some((c) => c.scrollWidth > c.clientWidth + 1)));
    if (wide.length) problems.push(`a result table wider than the screen: ${wide[0].querySelector("caption")?.textContent.slice(0, 50)}`);
  }
  const english = ["Skip to main content", "Back to top", "Search..."].filter((w) => document.body.innerHTML.includes(w));
  if (english.length) problems.push(`the theme's English: ${english.join(", ")}`);
  const main = document.querySelector("main") ?? document.body;
  const coded = [...main.querySelectorAll("code")]
    .filter((c) => !c.closest("a") && /\d/.test(c.textContent)
      && /^[\d\s\u00a0,.%()]+(procent)?$/.test(c.textContent.trim()));
  if (coded.length) problems.push(`figures in code style: ${coded.slice(0, 3).map((c) => c.textContent).join(", ")}`);
  for (const img of main.querySelectorAll("figure.indikatorfigur img, img[src*='effektkedja']")) {
    const shown = img.getBoundingClientRect().width / img.naturalWidth * SMALLEST_FIGURE_TEXT;
    if (img.naturalWidth && shown < READABLE) problems.push(`figure text at ${shown.toFixed(1)} px: ${img.alt.slice(0, 50)}`);
  }
  if (location.pathname.includes("/del2/indikator_")) {
    const glance = main.querySelector("dl.i-korthet");
    if (!glance || !/Senaste resultat/.test(glance.textContent) || !/Bedömning/.test(glance.textContent)) {
      problems.push("no summary with the latest result and the assessment at the top");
    }
    for (const t of main.querySelectorAll("table.indikatortabell")) {
      let next = t.nextElementSibling;
      while (next && next.matches("p.anm, p.teckenforklaring")) next = next.nextElementSibling;
      if (!next || !next.matches("p.kalla")) problems.push(`table without a source line: ${t.caption?.textContent.slice(0, 50)}`);
    }
    for (const f of main.querySelectorAll("figure.indikatorfigur")) {
      if (!f.querySelector(".kalla")) problems.push("figure without a source line");
    }
  }
  return problems;
}

// The page's first chart to explore, and its first with confidence intervals: the problems
// found and whether the page has one with intervals.
export async function explorer(page) {
  const all = page.locator("details.utforska");
  const withIntervals = await all.evaluateAll((ds) => ds.findIndex((d) =>
    JSON.parse(d.querySelector(".vega-diagram").dataset.spec).data.some((x) => x.values?.[0]?.lag !== undefined)));
  const problems = (await all.count()) ? await exploreOne(page, all.first()) : [];
  if (withIntervals > 0) problems.push(...await exploreOne(page, all.nth(withIntervals)));
  return { problems, intervals: withIntervals > 0 };
}

// A chart to explore: opened with the keyboard, it draws labelled checkboxes in named groups
// and bars that take the keyboard's focus and show their value (on focus and on a tap); its
// text is at least 11 px, none cut at its edge, no axis repeats a label, and each estimate
// with a confidence interval has the interval drawn.
async function exploreOne(page, details) {
  const problems = [];
  await details.locator("summary").focus();
  await page.keyboard.press("Enter");
  try {
    await details.locator(".vega-diagram svg").waitFor({ timeout: 10000 });
  } catch {
    return ["a chart to explore is not drawn when opened"];
  }
  const boxes = details.locator('fieldset:has(legend) label input[type="checkbox"]');
  if (!(await boxes.count())) problems.push("a chart to explore has no labelled checkboxes in named groups");
  const english = await details.evaluate((d) => [...d.querySelectorAll(".vega-diagram [aria-label], .vega-diagram [aria-roledescription]")]
    .map((e) => `${e.getAttribute("aria-roledescription") ?? ""} ${e.getAttribute("aria-label") ?? ""}`)
    .filter((t) => /\b(axis|legend|titled|scale|mark container|bar)\b/.test(t)));
  if (english.length) problems.push(`a chart to explore speaks English to screen readers: ${english[0].slice(0, 60)}`);
  const bars = details.locator('.role-mark [role="graphics-symbol"][tabindex="0"]');
  if (!(await bars.count())) return [...problems, "a chart to explore has no bar to reach with the keyboard"];
  await bars.first().focus();
  const label = await bars.first().getAttribute("aria-label");
  const shown = await details.locator(".utforska-varde").textContent();
  if (!label || shown !== label) problems.push(`a focused bar's value is not shown: ${label}`);
  await details.locator(".utforska-varde").evaluate((p) => { p.textContent = ""; });
  await bars.last().dispatchEvent("click");  // a tap (the handler, not hit-testing)
  if ((await details.locator(".utforska-varde").textContent()) !== await bars.last().getAttribute("aria-label")) {
    problems.push("a tapped bar's value is not shown");
  }
  const clipped = await details.evaluate((d) => {
    const svg = d.querySelector(".vega-diagram svg");
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll("text")].filter((t) => {
      const r = t.getBoundingClientRect();
      return r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1);
    }).map((t) => t.textContent).slice(0, 3);
  });
  if (clipped.length) problems.push(`text cut at the edge of a chart to explore: ${clipped.join(", ")}`);
  const smallest = await details.evaluate((d) => Math.min(...[...d.querySelectorAll("svg text")]
    .map((t) => parseFloat(getComputedStyle(t).fontSize))));
  if (smallest < 11) problems.push(`text in a chart to explore at ${smallest} px`);
  const repeated = await details.evaluate((d) => [...d.querySelectorAll(".role-axis")].map((axis) =>
    [...axis.querySelectorAll(".role-axis-label text")].map((t) => t.textContent))
    .find((labels) => new Set(labels).size < labels.length));
  if (repeated) problems.push(`an axis of a chart to explore repeats a label: ${repeated.join(", ")}`);
  const intervals = await details.evaluate((d) => {
    const values = JSON.parse(d.querySelector(".vega-diagram").dataset.spec).data.find((x) => x.values).values;
    return [values.filter((v) => v.lag !== undefined && v.lag !== null).length,
            d.querySelectorAll(".mark-rule line, .mark-rule path").length];
  });
  if (intervals[0] && intervals[1] < intervals[0]) {
    problems.push(`a chart to explore draws ${intervals[1]} of its ${intervals[0]} confidence intervals`);
  }
  const before = await details.locator('.role-mark [role="graphics-symbol"]').count();
  if (await boxes.count()) {
    await boxes.first().uncheck();
    const after = await details.locator('.role-mark [role="graphics-symbol"]').count();
    if (after >= before) problems.push("unticking a box in a chart to explore does not narrow it");
    await boxes.first().check();
  }
  return problems;
}
