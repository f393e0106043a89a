// The single-file build (scripts/single-file.mjs): one scrutineer.html opened
// from file:// with no server, as a councillor would open an emailed copy.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { ROOT, OUTPUT, axeViolations, canvasInk, loadStreetFor } from "./helpers.mjs";

const FILE = join(ROOT, "single-file", "scrutineer.html");
let browser;
before(async () => {
  if (!existsSync(FILE)) throw new Error("single-file/scrutineer.html is missing: run scripts/single-file.sh");
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
});
after(async () => { await browser?.close(); });

test("scrutineer.html works from file://: example, a dropped file parsed by its worker, a chart; nothing fetched", { timeout: 180_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" || /Content[- ]Security[- ]Policy/i.test(m.text())) errors.push(m.text());
  });
  try {
    const url = pathToFileURL(FILE).href;
    await page.goto(url, { waitUntil: "load" });
    await page.waitForSelector("#file-input", { state: "attached", timeout: 60_000 });

    // Files chosen from disk go through the ingestion worker (a Blob URL here).
    await loadStreetFor(page, "south-yorkshire", "Rotherham");
    await page.goto(url + "#/measure/Crimes%3A%20Burglary?area=Rotherham");
    await page.waitForSelector("#measure-heading");
    await page.waitForSelector("canvas");
    assert.ok(await canvasInk(page) > 0.01, "the trend chart has ink");
    await page.screenshot({ path: join(OUTPUT, "single-file-measure.png"), fullPage: true });
    assert.deepEqual(await axeViolations(page), []);

    // The spreadsheet module is inside the file too: a workbook is read by
    // calamine (only it can name the sheet that has no header row).
    await page.goto(url + "#/data");
    await page.setInputFiles("#file-input", join(ROOT, "tests/fixtures/title-only.ods"));
    const alert = page.getByRole("alert");
    await alert.getByText("title-only.ods").waitFor({ timeout: 60_000 });
    assert.match(await alert.innerText(), /'Table 1' has no header row Scrutineer recognises/);

    // The example is inside the file: the same figures as the served app's.
    await page.goto(url + "#/data");
    await page.reload();
    await page.waitForSelector("#file-input", { state: "attached", timeout: 60_000 });
    await page.getByRole("button", { name: "Explore the example data" }).click();
    await page.waitForSelector("table.scorecard", { timeout: 60_000 });
    const burglary = await page.locator('table.scorecard tr[data-measure="Crimes: Burglary"] > *').allInnerTexts();
    assert.equal(burglary[1], "175");
    assert.equal(burglary[2], "0.66 (ONS mid-2019)");
    assert.equal(burglary[7], "3rd of 5 similar areas (per 1,000 residents); their average 0.65");

    // The neighbourhood table is inside the file too.
    await page.getByRole("link", { name: "Neighbourhoods" }).click();
    await page.waitForSelector("#neighbourhood-table", { timeout: 60_000 });
    assert.equal(await page.locator("#neighbourhood-table tbody tr").count(), 33);
    assert.ok(await canvasInk(page, ".hex-map canvas") > 0.05, "the map is drawn from file://");

    // Nothing but the file itself and the page's own Blob URLs was asked for.
    assert.deepEqual(requests.filter((u) => u !== url && !u.startsWith("blob:") && !u.startsWith("data:")), []);
    assert.deepEqual(errors, []);
    const size = (await stat(FILE)).size;
    console.log(`single-file/scrutineer.html: ${Math.round(size / 1024)} KB`);
  } finally {
    await context.close();
  }
});
