// Accessibility check of the built book: every HTML page is opened in Debian's headless
// Chromium (driven by Playwright), its charts to explore opened and drawn, and checked with
// axe-core against WCAG 2.1 A and AA.
// Exit code 1 when any page has a serious or critical violation.
// Usage: node axe.mjs <html folder> [report.json]
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [root, reportPath = "axe-report.json"] = process.argv.slice(2);
const BLOCKING = new Set(["serious", "critical"]);

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
const page = await browser.newPage();
const results = [];
for (const file of pages(root).sort()) {
  await page.goto(pathToFileURL(file).href);
  // The charts to explore, opened and drawn (closed, they hold nothing to check).
  const explorers = page.locator("details.utforska");
  for (let i = 0; i < await explorers.count(); i += 1) {
    await explorers.nth(i).locator("summary").click();
    await explorers.nth(i).locator(".vega-diagram svg").waitFor();
  }
  await page.addScriptTag({ content: axeSource });
  const { violations } = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    // Every node of every violation; of passes and the rest at most one (axe's documented
    // way to skip their selectors, a third of its time here).
    resultTypes: ["violations"],
  }));
  const found = violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                         nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  results.push({ page: relative(root, file), violations: found });
}
await browser.close();
writeFileSync(reportPath, JSON.stringify(results, null, 1));
const blocking = results.flatMap((r) => r.violations.filter((v) => BLOCKING.has(v.impact))
  .map((v) => `${r.page}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(", ")}`));
const other = results.reduce((n, r) => n + r.violations.filter((v) => !BLOCKING.has(v.impact)).length, 0);
console.log(`axe-core: ${results.length} pages checked, ${blocking.length} serious or critical ` +
            `violations, ${other} moderate or minor; report in ${reportPath}`);
for (const line of blocking) console.log(`  ${line}`);
process.exit(blocking.length ? 1 : 0);
