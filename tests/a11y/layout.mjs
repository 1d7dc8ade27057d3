// The published book as readers see it, at 1280 and 390 px in Debian's headless Chromium
// (driven by Playwright): no element wider than the viewport, no figure glued into prose in
// code style, no text in a figure shown smaller than 11 px, and on every indicator page the
// answer first (latest result, assessment) and a source line under each table and figure. Screenshots of the pages readers open first
// are kept for review. Exit code 1 when any page fails.
// Usage: node layout.mjs <html folder> <screenshot folder>
import { mkdirSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [root, shots] = process.argv.slice(2);
const WIDTHS = [1280, 390];
const SHOWN = ["sammanfattning.html", "del1/mal_1.html", "del2/indikator_1_1_1.html",
               "del2/indikator_2_5_1.html", "del2/indikator_3_1_1.html",
               "del2/indikator_3_2_1.html"];

function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name.startsWith("_") ? [] : pages(path);
    return name.endsWith(".html") && !["search.html", "genindex.html"].includes(name)
      ? [path] : [];
  });
}

function check() {  // runs in the page
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

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
mkdirSync(shots, { recursive: true });
const failures = [];
let checked = 0;
for (const width of WIDTHS) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  for (const file of pages(root).sort()) {
    const name = relative(root, file);
    await page.goto(pathToFileURL(file).href);
    for (const p of await page.evaluate(check)) failures.push(`${name} at ${width} px: ${p}`);
    checked += 1;
    if (SHOWN.includes(name)) {
      await page.screenshot({ path: join(shots, `${name.replace(/[/.]/g, "_")}-${width}.png`), fullPage: true });
    }
  }
  await page.close();
}
await browser.close();
console.log(`layout: ${checked} page views checked at ${WIDTHS.join(" and ")} px, ${failures.length} problems; screenshots in ${shots}`);
for (const line of failures) console.log(`  ${line}`);
process.exit(failures.length ? 1 : 0);
