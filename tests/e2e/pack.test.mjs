// The printable scrutiny pack: settings and sources, the scorecard, then one
// A4 page or more per measure, printed to PDF by Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { startApp, openApp, streetFiles, axeViolations, OUTPUT, SHARED_DATA, loadFiles } from "./helpers.mjs";

const HO = join(SHARED_DATA, "home-office/prc-outcomes-open-data-2017-18.csv.gz");
const skip = existsSync(HO) ? false : "../shared/data is absent";
let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

test("the scrutiny pack prints to A4 with every measure on its own page", { skip, timeout: 180_000 }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    const files = [...await streetFiles("south-yorkshire"), HO];
    await loadFiles(page, files);
    await page.selectOption("#council", "Rotherham");
    await page.getByRole("link", { name: "Print pack", exact: true }).click();
    await page.waitForSelector("article.pack-measure");
    const measures = await page.locator("article.pack-measure").count();
    // One contents line per measure, after settings and sources.
    assert.equal(await page.locator("nav.contents li").count(), measures + 2);
    const text = await page.locator("section.pack").innerText();
    assert.match(text, /compared with Barnsley, Doncaster and Sheffield \(the other councils in South Yorkshire Police\) instead/);
    assert.match(text, /Positive outcomes: outcome types 1,2,3,4,6,7,8/);
    assert.match(text, /2019-04-south-yorkshire-street\.csv: police\.uk street crime, 2019-04, 14,914 rows/);
    assert.match(text, /Open Government Licence v3\.0/);
    assert.match(text, /SPC limits are not shown: SPC limits need at least 13 points; there are 11\./);
    assert.match(text, /SPC: a shift or trend is 6 points in a row; limits from the plain mean moving range/);
    assert.deepEqual(await axeViolations(page), []);

    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
    await page.screenshot({ path: join(OUTPUT, "pack-print-media.png"), fullPage: true });
    const pdfPath = join(OUTPUT, "scrutiny-pack.pdf");
    await page.pdf({ path: pdfPath, format: "A4", printBackground: true });
    const pdf = (await readFile(pdfPath)).toString("latin1");
    const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    console.log(`scrutiny pack: ${measures} measures, ${pages} A4 pages`);
    assert.ok(pages >= measures + 1, `${pages} pages for ${measures} measures`);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});
