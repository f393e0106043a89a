// The tables committees read: year to date against last year by priority,
// each month against its season, dated notes kept in a workspace, and a
// print pack checked page by page as images.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { startApp, openApp, axeViolations, loadFiles, OUTPUT, SHARED_DATA, reopenWorkspace } from "./helpers.mjs";
import { pdfPages } from "./pdf_pages.mjs";

const EARLY = join(SHARED_DATA, "police-uk/street-2018-01-to-2019-03");
const skip = existsSync(EARLY) ? false : "../shared/data is absent";
const TOTAL = "All crime excluding anti-social behaviour";
let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

async function twentySixMonths() {
  const files = [];
  for (const dir of [EARLY, join(SHARED_DATA, "police-uk/street")]) {
    const names = (await readdir(dir)).filter((n) => n.endsWith("-south-yorkshire-street.csv")).sort();
    files.push(...names.map((n) => join(dir, n)));
  }
  return files;
}

test("committee table, seasonal band, a note through a workspace into the printed pack", { skip, timeout: 400_000 }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    await loadFiles(page, await twentySixMonths());
    await page.selectOption("#council", "Rotherham");
    await page.getByRole("link", { name: "See the scorecard for Rotherham" }).click();
    await page.waitForSelector("table.scorecard");

    // The committee table: tests/ytd.rs and Python give 22,810 against 22,981
    // (-0.7%) without July in both years; the four councils +1.4%.
    await page.getByRole("button", { name: "Show year to date (committee table)" }).click();
    const row = page.locator(`table.committee-table tr[data-measure="${TOTAL}"]`);
    const cells = await row.locator("td").allInnerTexts();
    assert.match(cells[0], /^22,810 \(85\.94 per 1,000 residents\)$/);
    assert.equal(cells[1], "22,981");
    assert.equal(cells[2], "-171");
    assert.equal(cells[3], "-0.7%");
    assert.match(cells[4], /^p = 0\.\d{3}$/);
    assert.equal(cells[5], "+1.4%");
    assert.match(cells[7], /No significant change|Significantly/);
    // Every police.uk measure misses July 2019: said once, above the tables.
    assert.match(await page.locator("div.committee").innerText(), /Not tagged to a priority, every measure: Incomplete: no data for Jul 19; compared without it in both years\./);
    const headers = await page.locator("table.committee-table").first().locator("thead th").allInnerTexts();
    assert.deepEqual(headers.slice(0, 3), ["Measure", "This year to date (Apr 19 to Mar 20)", "Last year (Apr 18 to Mar 19)"]);
    await page.locator("div.committee").screenshot({ path: join(OUTPUT, "committee-table.png") });
    assert.deepEqual(await axeViolations(page), []);

    // Seasonal context on the measure page.
    await page.getByRole("button", { name: "Show latest figures" }).click();
    await page.locator(`table.scorecard tr[data-measure="${TOTAL}"] th a`).click();
    await page.waitForSelector("#measure-summary");
    assert.match(await page.locator("#measure-summary").innerText(), /March 2020 is within the range of March in the last 2 years \(1,935 to 2,155\)\./);
    assert.ok(await page.locator("#seasonal-words").isVisible());
    const march = await page.locator("table.trend-table tbody tr").filter({ hasText: "Mar 20" }).locator("td").allInnerTexts();
    assert.ok(march.includes("1,935 to 2,155 (2 years)"), march.join(" | "));
    assert.ok(await page.getByText("The same month in the previous 2 or 3 years, lowest to highest: pale bar").isVisible());
    // The band is drawn: pixels of its pale blue-grey (#C9D8E8) on the trend chart.
    const band = await page.$eval("section.measure-page .trend-chart canvas", (canvas) => {
      const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - 0xc9) < 4 && Math.abs(data[i + 1] - 0xd8) < 4 && Math.abs(data[i + 2] - 0xe8) < 4) n++;
      }
      return n;
    });
    assert.ok(band > 200, `${band} band pixels`);
    // Both windows on the measure's page: the financial year so far and the rolling year.
    const ytd = await page.locator("#ytd-table tbody th").allInnerTexts();
    assert.match(ytd[0], /^2019\/20 to date \(Apr 19 to Mar 20 against Apr 18 to Mar 19\)/);
    assert.match(ytd[1], /^12 months to March 2020 \(Apr 19 to Mar 20 against Apr 18 to Mar 19\)/);

    // A note on every measure, with the keyboard only.
    await page.locator("#note-month").selectOption("2020-03");
    await page.locator("#note-text").fill("First lockdown");
    await page.locator("#note-everywhere").check();
    await page.locator("#note-text").press("Enter");
    await page.waitForSelector("ol.chart-notes");
    assert.equal(await page.locator("ol.chart-notes").innerText(), "N1, Mar 20: First lockdown");
    const notes = await page.locator("table.trend-table tbody tr").filter({ hasText: "Mar 20" }).locator("td").allInnerTexts();
    assert.ok(notes.includes("N1: First lockdown (Mar 20)"), notes.join(" | "));
    // The keyboard reaches the note: End goes to the last stop, which is the note
    // or March beside it, and the live region reads it.
    const chart = page.locator("section.measure-page .trend-chart");
    await chart.focus();
    await chart.press("End");
    const heard = [await chart.locator("p[aria-live]").innerText()];
    await chart.press("ArrowLeft");
    heard.push(await chart.locator("p[aria-live]").innerText());
    assert.ok(heard.some((t) => t === "Note N1, Mar 20: First lockdown"), heard.join(" | "));
    await page.locator("section.measure-page .chart-frame").first().screenshot({ path: join(OUTPUT, "trend-seasonal-note.png") });
    assert.deepEqual(await axeViolations(page), []);

    // Saved in the workspace, and back after a fresh start.
    await page.getByRole("link", { name: "Data", exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Save workspace" }).click(),
    ]);
    const saved = join(OUTPUT, "notes.scrutineer.json.gz");
    await download.saveAs(saved);
    await reopenWorkspace(page, app, saved);

    // The pack, printed to A4 and read back page by page.
    await page.getByRole("link", { name: "Print pack", exact: true }).click();
    await page.waitForSelector("article.pack-measure");
    const measures = await page.locator("article.pack-measure").count();
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300))));
    const widths = await page.locator("article.pack-measure").evaluateAll((articles) =>
      articles.flatMap((a) => [...a.querySelectorAll("canvas")].map((c) => c.getBoundingClientRect().width / a.getBoundingClientRect().width)));
    assert.ok(widths.length >= measures, `${widths.length} charts`);
    assert.ok(widths.every((w) => w > 0.95), `chart widths as a share of the page: ${widths.map((w) => w.toFixed(2))}`);
    const pdfPath = join(OUTPUT, "committee-pack.pdf");
    await page.pdf({ path: pdfPath, format: "A4", printBackground: true });
    const pages = await pdfPages(app.browser, pdfPath, join(OUTPUT, "committee-pack-page"));
    console.log(`committee pack: ${measures} measures, ${pages.length} A4 pages`);
    assert.ok(pages.length >= measures + 2);
    assert.match(pages[0].text, /Contents/);
    for (const [i, p] of pages.entries()) {
      assert.match(p.text, /Scrutineer · Rotherham · figures to March 2020/, `page ${i + 1}`);
      assert.match(p.text, new RegExp(`Page ${i + 1} of ${pages.length}`), `page ${i + 1}`);
      for (const screenOnly of ["Select a column heading", "Download", "Laid out for A4", "Print scrutiny pack", "Mark break", "Add note", "Show funnel plot"]) {
        assert.ok(!p.text.includes(screenOnly), `page ${i + 1} has "${screenOnly}"`);
      }
    }
    const all = pages.map((p) => p.text).join(" ");
    assert.match(all, /N1: First lockdown \(Mar 20\)/);
    assert.match(all, /This year to date \(Apr 19 to Mar 20\)/);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});

test("at 320 px the committee tables' captions wrap on screen, not cut off mid-word", { timeout: 120_000 }, async () => {
  const { page, context } = await openApp(app, { width: 320, height: 700 });
  try {
    await page.getByRole("button", { name: /Explore the example/ }).click();
    await page.waitForSelector("table.scorecard", { timeout: 60_000 });
    await page.getByRole("button", { name: /year to date/i }).click();
    await page.waitForSelector("table.committee-table");
    for (const caption of await page.locator("table.committee-table caption").all()) {
      const box = await caption.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 320, JSON.stringify(box));
    }
  } finally {
    await context.close();
  }
});
