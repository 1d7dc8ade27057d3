// axe-core's check of a page against WCAG 2.1 A and AA, with its charts to explore opened and
// drawn (closed, they hold nothing to check). Used by book.mjs on every page at 1280 px.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const BLOCKING = new Set(["serious", "critical"]);

// The page's violations: rule, impact, help and the first three elements of each.
export async function violations(page) {
  const explorers = page.locator("details.utforska");
  for (let i = 0; i < await explorers.count(); i += 1) {
    const details = explorers.nth(i);
    if (await details.getAttribute("open") === null) await details.locator("summary").click();
    await details.locator(".vega-diagram svg").waitFor();
  }
  await page.addScriptTag({ content: axeSource });
  const { violations: found } = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    // Every node of every violation; of passes and the rest at most one (axe's documented
    // way to skip their selectors, a third of its time here).
    resultTypes: ["violations"],
  }));
  return found.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                             nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
}
