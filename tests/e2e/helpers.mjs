// Shared set-up for the browser tests: serve dist/ on 127.0.0.1, launch Debian's
// Chromium through playwright-core, and record every request the page makes.
import assert from "node:assert/strict";
import { readFile, mkdir, readdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";

const require = createRequire(import.meta.url);
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const OUTPUT = join(ROOT, "test-output");
export const SHARED_DATA = resolve(ROOT, "../shared/data");

// DIST: another build to test or measure (default: dist/).
export async function startApp(dist = process.env.DIST ?? join(ROOT, "dist")) {
  if (!existsSync(join(dist, "index.html"))) {
    throw new Error("dist/index.html is missing: run scripts/build.sh first");
  }
  const server = await serve(dist, 0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  await mkdir(OUTPUT, { recursive: true });
  return {
    origin,
    browser,
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
    },
  };
}

// Opens the app and waits until it has rendered. `requests` collects every
// request; `afterLoad` only those made once the app was ready. `options` are
// the browser context's (`{ serviceWorkers: "block" }` lets routes see every request).
// `helpers` sets how many helper workers the page starts (`window.scrutineerHelpers`).
export async function openApp(app, viewport = { width: 1366, height: 768 }, options = {}, helpers = undefined) {
  const context = await app.browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  if (helpers !== undefined) await page.addInitScript((n) => { window.scrutineerHelpers = n; }, helpers);
  const log = { requests: [], afterLoad: [], errors: [], cspViolations: [], ready: false };
  page.on("request", (r) => {
    log.requests.push(r.url());
    if (log.ready) log.afterLoad.push(r.url());
  });
  page.on("pageerror", (e) => log.errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") log.errors.push(m.text());
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) log.cspViolations.push(m.text());
  });
  await page.goto(app.origin + "/", { waitUntil: "load" });
  await page.waitForSelector("#file-input", { state: "attached", timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  log.ready = true;
  return { page, context, log };
}

export async function streetFiles(force) {
  const dir = join(SHARED_DATA, "police-uk/street");
  const names = (await readdir(dir)).filter((n) => n.endsWith(`-${force}-street.csv`)).sort();
  return names.map((n) => join(dir, n));
}

// Reads the counts table into { "2019-04": { "Month": "April 2019", header: text, ... } }.
export async function readCountsTable(page) {
  return page.$$eval("table.counts", ([table]) => {
    const headers = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    const rows = {};
    for (const tr of table.querySelectorAll("tbody tr")) {
      const cells = [...tr.querySelectorAll("th, td")].map((c) => c.textContent.trim());
      rows[tr.dataset.month] = Object.fromEntries(headers.map((h, i) => [h, cells[i]]));
      rows[tr.dataset.month].missing = tr.classList.contains("missing");
    }
    return rows;
  });
}

// Runs axe-core's WCAG 2.x A and AA rules in the page. Injected through the
// DevTools protocol, which the page's CSP does not govern.
export async function axeViolations(page) {
  const source = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(source);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
    }));
  });
}

// Share of canvas pixels that are not white: a blank chart scores 0.
export async function canvasInk(page, selector = "canvas") {
  return page.$eval(selector, (canvas) => {
    const { width, height } = canvas;
    const data = canvas.getContext("2d").getImageData(0, 0, width, height).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) ink++;
    }
    return ink / (width * height);
  });
}

// Chooses `files` in the file input and waits until the page says they are
// all loaded (`expected` when the count shown differs, e.g. archives).
export async function loadFiles(page, files, expected = files.length) {
  await page.setInputFiles("#file-input", files);
  const done = new RegExp(`\\b${expected} files? loaded`);
  await page.getByRole("status").filter({ hasText: done }).waitFor({ timeout: 120_000 });
}

// Loads a force's twelve months of street files and makes `council` the home area.
export async function loadStreetFor(page, force, council) {
  await loadFiles(page, await streetFiles(force));
  await page.selectOption("#council", council);
}

// A fresh start (no data, no saved settings), then a saved workspace opened
// and its scorecard shown.
export async function reopenWorkspace(page, app, saved) {
  await page.evaluate(() => localStorage.clear());
  await page.goto(app.origin + "/");
  await page.reload();
  await page.waitForSelector("#file-input", { state: "attached" });
  await page.setInputFiles("#file-input", [saved]);
  await page.getByRole("link", { name: "See the scorecard for Rotherham" }).click();
  await page.waitForSelector("table.scorecard");
}

// Resident memory (kB) of Chromium's renderer processes: the tab, and the
// dedicated worker, which runs inside the tab's process.
export async function rendererRssKb() {
  let total = 0;
  for (const pid of await readdir("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = await readFile(`/proc/${pid}/cmdline`, "utf8");
      if (!cmd.includes("chromium") || !cmd.includes("--type=renderer")) continue;
      const status = await readFile(`/proc/${pid}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {}
  }
  return total;
}

export function sampler() {
  let peak = 0, running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, await rendererRssKb());
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return async () => { running = false; await loop; return peak; };
}


// Two saved workspaces equal, or where they first differ (they are megabytes).
export function sameWorkspace(actual, expected) {
  if (actual === expected) return;
  let i = 0;
  while (actual[i] === expected[i]) i++;
  assert.fail(`the workspaces differ at ${i} of ${expected.length}:\n` +
    `  got      ...${actual.slice(Math.max(0, i - 200), i + 200)}\n` +
    `  expected ...${expected.slice(Math.max(0, i - 200), i + 200)}`);
}
