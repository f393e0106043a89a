// Exports: charts to PNG (2x) and SVG drawn by the same code, tables to CSV
// for Excel with formula injection neutralised.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { startApp, openApp, streetFiles, OUTPUT, SHARED_DATA, ROOT, loadFiles, loadStreetFor } from "./helpers.mjs";

const skip = existsSync(join(SHARED_DATA, "police-uk/street")) ? false : "../shared/data is absent";
let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent("download"), button.click()]);
  const path = join(OUTPUT, file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path };
}

// Width and height from a PNG's IHDR chunk.
function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString(), "PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test("a chart exports to PNG at 2x and to SVG; neither is blank", { skip, timeout: 120_000 }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    await loadStreetFor(page, "south-yorkshire", "Rotherham");
    await page.goto(page.url().replace(/#.*/, "") + "#/measure/Crimes%3A%20Burglary?area=Rotherham");
    await page.waitForSelector("#measure-heading");
    const canvas = page.locator(".trend-chart canvas");
    const shown = await canvas.evaluate((c) => ({ width: c.clientWidth, height: c.height / devicePixelRatio }));

    const png = await download(page, page.getByRole("button", { name: "Download PNG: Crimes: Burglary in Rotherham trend chart" }));
    assert.equal(png.name, "crimes-burglary-in-rotherham-trend-chart.png");
    const bytes = await readFile(png.path);
    assert.deepEqual(pngSize(bytes), { width: shown.width * 2, height: Math.round(shown.height * 2) });
    // Not blank: draw it in a plain page and count the non-white pixels.
    const viewer = await context.newPage();
    await viewer.setContent("<canvas id=c></canvas>");
    const ink = await viewer.evaluate(async (b64) => {
      const img = new Image();
      img.src = "data:image/png;base64," + b64;
      await img.decode();
      const c = document.getElementById("c");
      c.width = img.width; c.height = img.height;
      const g = c.getContext("2d");
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++;
      return n / (c.width * c.height);
    }, bytes.toString("base64"));
    await viewer.close();
    assert.ok(ink > 0.01, `PNG has ink (${ink})`);

    const svg = await download(page, page.getByRole("button", { name: "Download SVG: Crimes: Burglary in Rotherham trend chart" }));
    const text = await readFile(svg.path, "utf8");
    assert.match(text, new RegExp(`<svg[^>]* width="${shown.width}" height="${Math.round(shown.height)}"`));
    // The same drawing: eleven months plus the July gap, each labelled.
    for (const label of ["Apr 19", "Mar 20", "No data"]) assert.ok(text.includes(label), label);
    assert.ok((text.match(/<circle/g) ?? []).length >= 11 * 2, "a marker for every month with data");
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.afterLoad.filter((u) => !u.startsWith("blob:") && !u.startsWith("data:")), []);
  } finally {
    await context.close();
  }
});

test("a table exports to CSV with a BOM, and a formula in a cell is neutralised", { timeout: 60_000 }, async () => {
  const { page, context } = await openApp(app);
  try {
    await page.setInputFiles("#file-input", [join(ROOT, "tests/fixtures/measures-formula-injection.csv")]);
    await page.locator("table.files tbody tr").filter({ hasText: "local measures" }).waitFor({ timeout: 30_000 });
    await page.goto(page.url().replace(/#.*/, "") + "#/scorecard?area=Rotherham");
    await page.waitForSelector("table.scorecard");
    const csv = await download(page, page.getByRole("button", { name: "Download table (CSV): Scorecard for Rotherham" }));
    assert.equal(csv.name, "scorecard-for-rotherham.csv");
    const bytes = await readFile(csv.path);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 BOM");
    const lines = bytes.toString("utf8").slice(1).split("\r\n");
    assert.equal(lines[0], "Measure,Value,\"Per 1,000 residents\",Target,Change,Variation (SPC),Assurance,Rank among peers,England and Wales,Provisional");
    const row = lines.find((l) => l.includes("HYPERLINK"));
    assert.ok(row.startsWith(`"'=HYPERLINK(""http://evil.example"",""click"")`), row);
    // A negative number stays a number.
    assert.match(row, /,-3,/);
  } finally {
    await context.close();
  }
});
