import { startApp, openApp } from "/work/main/tests/e2e/helpers.mjs";
const [dist, file] = process.argv.slice(2);
const app = await startApp(dist);
const { page, context } = await openApp(app, undefined, {}, 0);
await page.waitForTimeout(1500);
await page.evaluate(() => {
  window.__bench = {};
  document.querySelector("#file-input").addEventListener("change", () => { window.__bench.start = performance.now(); });
  new MutationObserver(() => {
    if (/1 file loaded/.test(document.querySelector("[role=status]")?.textContent ?? "")) window.__bench.end ??= performance.now();
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
});
const browser = app.browser;
await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink", "toplevel", "v8.execute"] });
await page.setInputFiles("#file-input", file);
await page.waitForFunction(() => window.__bench.end, null, { timeout: 600_000, polling: 50 });
await page.waitForTimeout(300);
const buf = await browser.stopTracing();
const { start, end } = await page.evaluate(() => window.__bench);
console.log("load", ((end - start) / 1000).toFixed(3));
const events = JSON.parse(buf.toString()).traceEvents ?? JSON.parse(buf.toString());
// The renderer main thread: the thread named CrRendererMain.
const names = events.filter((e) => e.name === "thread_name");
const main = names.filter((e) => e.args.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`);
const sums = new Map();
for (const e of events) {
  if (e.ph !== "X" || !main.includes(`${e.pid}:${e.tid}`)) continue;
  sums.set(e.name, (sums.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
}
for (const [k, v] of [...sums.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(v.toFixed(1).padStart(8), k);
// The longest top-level tasks in the last second.
const tasks = events.filter((e) => e.ph === "X" && main.includes(`${e.pid}:${e.tid}`) && e.name === "RunTask").sort((a, b) => b.dur - a.dur).slice(0, 8);
for (const t of tasks) console.log("task", (t.dur / 1000).toFixed(1), "ms at", t.ts);
await context.close();
await app.close();
