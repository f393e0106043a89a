// Offline: after one visit the app opens and works with the network off; a
// new build is announced as a new version.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, readFile, writeFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { startApp, openApp, canvasInk, OUTPUT, ROOT, loadFiles } from "./helpers.mjs";

async function controlled(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
    }
  });
}

// One visit, then the network off and the page reloaded.
async function reopenedOffline(app) {
  const opened = await openApp(app);
  await controlled(opened.page);
  await opened.context.setOffline(true);
  await opened.page.reload();
  await opened.page.waitForSelector("#file-input", { state: "attached", timeout: 30_000 });
  return opened;
}

test("after one visit the app reloads and draws a chart with the network off", { timeout: 120_000 }, async () => {
  const app = await startApp();
  const { page, context, log } = await reopenedOffline(app);
  try {
    await loadFiles(page, [join(ROOT, "tests/fixtures/measures-32-months.csv")]);
    await page.goto(page.url().replace(/#.*/, "") + "#/measure/Repeat%20ASB%20callers?area=Rotherham");
    await page.waitForSelector("#measure-heading");
    assert.ok(await canvasInk(page, ".trend-chart canvas") > 0.01, "the chart is drawn offline");
    await page.screenshot({ path: join(OUTPUT, "offline-measure.png") });
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
    await app.close();
  }
});

test("after one visit the neighbourhood map opens with the network off", { timeout: 120_000 }, async () => {
  const app = await startApp();
  const { page, context, log } = await reopenedOffline(app);
  try {
    await page.getByRole("button", { name: "Explore the example data" }).click();
    await page.waitForSelector("table.scorecard", { timeout: 60_000 });
    await page.getByRole("link", { name: "Neighbourhoods" }).click();
    await page.waitForSelector("#neighbourhood-table", { timeout: 60_000 });
    assert.equal(await page.locator("#neighbourhood-table tbody tr").count(), 33);
    assert.ok(await canvasInk(page, ".hex-map canvas") > 0.05, "the map is drawn offline");
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
    await app.close();
  }
});

test("a new version is picked up and announced", { timeout: 120_000 }, async () => {
  const copy = join(OUTPUT, "dist-update");
  await rm(copy, { recursive: true, force: true });
  await cp(join(ROOT, "dist"), copy, { recursive: true });
  const app = await startApp(copy);
  const { page, context } = await openApp(app);
  try {
    await controlled(page);
    assert.equal(await page.locator(".update-notice").count(), 0, "no notice on a first visit");
    // Deploy a "new build": the worker's version changes.
    const sw = join(copy, "sw.js");
    await writeFile(sw, (await readFile(sw, "utf8")).replace(/const VERSION = "([0-9a-f]+)"/, 'const VERSION = "$1-next"'));
    await page.reload();
    const notice = page.locator(".update-notice");
    await notice.waitFor({ timeout: 30_000 });
    assert.match(await notice.innerText(), /A new version of Scrutineer is ready/);
    await page.screenshot({ path: join(OUTPUT, "update-notice.png") });
    await page.getByRole("button", { name: "Use the new version now" }).click();
    await page.waitForFunction(() => caches.keys().then((k) => k.some((x) => x.endsWith("-next"))), null, { timeout: 30_000 });
  } finally {
    await context.close();
    await app.close();
  }
});
