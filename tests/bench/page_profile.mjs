// Where the page's own time goes while it loads one file: a CPU profile of
// the page's main thread (the workers are not in it), self time by function.
// For function names, give a build whose page wasm keeps its names, e.g.
// dist/ copied with the page's `_bg.wasm` replaced by `wasm-bindgen
// --keep-debug` output of target/wasm32-unknown-unknown/web-release.
// Usage: node tests/bench/page_profile.mjs DIST FILE
import { startApp, openApp } from "../e2e/helpers.mjs";
const [dist, file] = process.argv.slice(2);
const app = await startApp(dist);
const { page, context } = await openApp(app, undefined, {}, 0);
await page.waitForTimeout(1500);
const cdp = await context.newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: Number(process.env.INTERVAL_US ?? 200) });
// DONE: what the status says when the load is over (a regular expression).
await page.evaluate((done) => {
  window.__bench = {};
  document.querySelector("#file-input").addEventListener("change", () => { window.__bench.start = performance.now(); });
  new MutationObserver(() => {
    if (new RegExp(done).test(document.querySelector("[role=status]")?.textContent ?? "")) window.__bench.end ??= performance.now();
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
}, process.env.DONE ?? "1 file loaded");
const split = [];
page.on("console", (m) => { if (m.text().startsWith("Scrutineer timing")) split.push(m.text()); });
await cdp.send("Profiler.start");
await page.setInputFiles("#file-input", file);
await page.waitForFunction(() => window.__bench.end, null, { timeout: 600_000, polling: 50 });
const { profile } = await cdp.send("Profiler.stop");
const { start, end } = await page.evaluate(() => window.__bench);
console.log("load", ((end - start) / 1000).toFixed(3), "s;", split.join("; "));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const n = byId.get(profile.samples[i]);
  const key = n.callFrame.functionName || `(${n.callFrame.url.split("/").pop()})`;
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log("sampled ms", total.toFixed(0));
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(v.toFixed(1).padStart(8), k.slice(0, 150));
// CALLERS=name: the call paths that reach functions whose name contains it.
if (process.env.CALLERS) {
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const paths = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    if (!n.callFrame.functionName.includes(process.env.CALLERS)) continue;
    const chain = [];
    for (let p = parent.get(n.id); p && chain.length < 6; p = parent.get(p)) chain.push(byId.get(p).callFrame.functionName.slice(0, 70));
    const key = chain.join(" < ");
    paths.set(key, (paths.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  for (const [k, v] of [...paths.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(v.toFixed(1).padStart(8), k);
}
await context.close();
await app.close();
