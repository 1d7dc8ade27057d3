// Every page of a built book opened once per width in Debian's headless Chromium (driven by
// Playwright): the layout checked at 1280 and 390 px (layout.mjs) and, at 1280 px, axe-core
// against WCAG 2.1 A and AA (axe.mjs). Screenshots of the pages readers open first are kept
// for review. Exit code 1 when a page's layout fails or axe finds a serious or critical
// violation.
// Usage: node book.mjs <html folder> <axe report.json> <screenshot folder>
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { BLOCKING, violations } from "./axe.mjs";
import { check, explorer } from "./layout.mjs";

const [root, reportPath, shots] = process.argv.slice(2);
const WIDTHS = [1280, 390];
const AXE_WIDTH = 1280;
const SHOWN = ["sammanfattning.html", "del1/mal_1.html", "del2/indikator_1_1_1.html",
               "del2/indikator_2_5_1.html", "del2/indikator_3_1_1.html",
               "del2/indikator_3_2_1.html", "kvalitet.html"];

function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name.startsWith("_") ? [] : pages(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
mkdirSync(shots, { recursive: true });
const failures = [];
const axeResults = [];
let checked = 0;
let explored = 0;
let intervalCharts = 0;
for (const width of WIDTHS) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  for (const file of pages(root).sort()) {
    const name = relative(root, file);
    const laidOut = name !== "search.html";  // the theme's search page: axe only
    if (!laidOut && width !== AXE_WIDTH) continue;
    await page.goto(pathToFileURL(file).href);
    if (laidOut) {
      for (const p of await page.evaluate(check)) failures.push(`${name} at ${width} px: ${p}`);
      if (name.startsWith("del2/indikator_")) {
        const { problems, intervals } = await explorer(page);
        for (const p of problems) failures.push(`${name} at ${width} px: ${p}`);
        explored += 1;
        intervalCharts += intervals ? 1 : 0;
      }
      checked += 1;
      if (SHOWN.includes(name)) {
        await page.screenshot({ path: join(shots, `${name.replace(/[/.]/g, "_")}-${width}.png`), fullPage: true });
      }
    }
    if (width === AXE_WIDTH) axeResults.push({ page: name, violations: await violations(page) });
  }
  await page.close();
}
await browser.close();

writeFileSync(reportPath, JSON.stringify(axeResults, null, 1));
const blocking = axeResults.flatMap((r) => r.violations.filter((v) => BLOCKING.has(v.impact))
  .map((v) => `${r.page}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(", ")}`));
const other = axeResults.reduce((n, r) => n + r.violations.filter((v) => !BLOCKING.has(v.impact)).length, 0);
console.log(`axe-core: ${axeResults.length} pages checked, ${blocking.length} serious or critical ` +
            `violations, ${other} moderate or minor; report in ${reportPath}`);
for (const line of blocking) console.log(`  ${line}`);
console.log(`layout: ${checked} page views checked at ${WIDTHS.join(" and ")} px (${explored} indicator pages' first chart to explore opened, and ${intervalCharts} charts with confidence intervals), ${failures.length} problems; screenshots in ${shots}`);
for (const line of failures) console.log(`  ${line}`);
process.exit(blocking.length || failures.length ? 1 : 0);
