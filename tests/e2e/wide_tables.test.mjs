// Tables whose periods or measures run across the columns, mapped by a user,
// and the England and Wales change in the committee table.
//
// The wide table is real: the Metropolitan Police's borough-by-month table
// (tests/fixtures/mps-borough-crime-2017-2018-excerpt.csv, from the London
// Datastore, Open Government Licence). tests/independent/mps_borough_wide.py
// gives 95 rows, 2,280 figures, 32 measures and 3 boroughs; Barnet's
// residential burglaries 247 in December 2018.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startApp, openApp, axeViolations, loadFiles, OUTPUT, ROOT } from "./helpers.mjs";

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const MPS = join(ROOT, "tests/fixtures/mps-borough-crime-2017-2018-excerpt.csv");

test("a borough-by-month table: its month columns are offered as periods, mapped by keyboard, and remembered", { timeout: 180_000 }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    await page.setInputFiles("#file-input", [MPS]);
    const name = "mps-borough-crime-2017-2018-excerpt.csv";
    const form = page.getByRole("form", { name: `Map the columns of ${name}` });
    await form.waitFor();
    // Guessed from the headings: 24 month columns, area, measure and sub-group.
    const periods = form.getByLabel("Yes, one column per period (e.g. 201004, 201005, …)");
    assert.equal(await periods.isChecked(), true);
    assert.equal(await form.getByLabel("From column").inputValue(), "3");
    assert.equal(await form.getByLabel("To column").inputValue(), "26");
    assert.equal(await form.getByLabel("Area name (required)").inputValue(), "0");
    assert.equal(await form.getByLabel("Measure name", { exact: true }).inputValue(), "1");
    assert.equal(await form.getByLabel("Sub-group of the measure (e.g. minor category)").inputValue(), "2");
    // Not required once the periods run across.
    assert.equal(await form.getByLabel("Period (month, quarter or year)", { exact: true }).inputValue(), "");
    assert.deepEqual(await axeViolations(page), [], "mapping form");

    // By keyboard: choose "no", see why it does not fit, then back to periods.
    await form.getByLabel("No: each row holds one figure").focus();
    await page.keyboard.press("Space");
    assert.equal(await periods.isChecked(), false);
    await form.getByRole("button", { name: "Use this mapping" }).focus();
    await page.keyboard.press("Enter");
    assert.equal(await form.getByRole("alert").innerText(), "Not yet: choose the column holding the period, or say which columns are periods.");
    await form.getByLabel("No: each row holds one figure").focus();
    await page.keyboard.press("ArrowDown");
    assert.equal(await periods.isChecked(), true);
    // A range reaching past the months is refused by name.
    await form.getByLabel("From column").selectOption("2");
    await form.getByRole("button", { name: "Use this mapping" }).click();
    assert.match(await form.getByRole("alert").innerText(), /cannot also hold the area, period or another field|column 3 \(Minor Category\) is not a period/);
    await form.getByLabel("From column").selectOption("3");
    await page.screenshot({ path: join(OUTPUT, "wide-table-mapping-1366.png"), fullPage: true });
    await page.setViewportSize({ width: 320, height: 800 });
    await page.screenshot({ path: join(OUTPUT, "wide-table-mapping-320.png"), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at 320 px (${overflow})`);
    await page.setViewportSize({ width: 1366, height: 768 });
    await form.getByRole("button", { name: "Use this mapping" }).click();

    const loadedRow = page.locator("table.files tbody tr").filter({ hasText: name });
    await loadedRow.filter({ hasText: "local measures" }).waitFor({ timeout: 30_000 });
    assert.match(await loadedRow.innerText(), /Barking and Dagenham/);
    assert.match(await page.locator("main").innerText(), /Read as 32 measures, 3 areas, 2017-01 to 2018-12\./);

    // Barnet's December 2018 residential burglaries reach the scorecard.
    await page.goto(page.url().replace(/#.*/, "") + "#/scorecard?area=Barnet&period=month&peers=Barking and Dagenham,Bexley");
    await page.waitForSelector("table.scorecard");
    const cells = await page.locator('table.scorecard tr[data-measure="Burglary: Burglary - Residential"] > *').allInnerTexts();
    assert.equal(cells[1], "247");

    // Another visit: the saved mapping applies itself.
    const again = await context.newPage();
    await again.goto(app.origin + "/");
    await again.waitForSelector("#file-input", { state: "attached" });
    await again.setInputFiles("#file-input", [MPS]);
    await again.locator("table.files tbody tr").filter({ hasText: "local measures" }).waitFor({ timeout: 30_000 });
    assert.equal(await again.getByRole("form").count(), 0);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});

// Made-up monthly counts, April 2018 to March 2020, for two councils and a
// row for England and Wales: the committee table sets the national change
// over the same months beside the council's.
function made(k, i) {
  return 400 * (k === 2 ? 100 : 1) + 10 * k + ((i * 7) % 13) + (i >= 12 ? 5 * (k + 1) * (k === 2 ? 50 : 1) : 0);
}

test("the committee table has an England and Wales change where the data covers it", { timeout: 120_000 }, async () => {
  const areas = ["Rotherham", "Barnsley", "England and Wales"];
  let text = "area,period,measure,unit,value\n";
  const months = [];
  for (let i = 0; i < 24; i++) {
    const y = 2018 + Math.floor((i + 3) / 12);
    const m = ((i + 3) % 12) + 1;
    months.push(`${y}-${String(m).padStart(2, "0")}`);
  }
  areas.forEach((a, k) => months.forEach((m, i) => { text += `${a},${m},Incidents,count,${made(k, i)}\n`; }));
  const file = join(OUTPUT, "incidents-with-england-and-wales.csv");
  await writeFile(file, text);
  const sum = (k, from, to) => { let s = 0; for (let i = from; i < to; i++) s += made(k, i); return s; };
  const change = (k) => 100 * (sum(k, 12, 24) - sum(k, 0, 12)) / sum(k, 0, 12);
  const signed = (x) => `${x >= 0 ? "+" : ""}${x.toFixed(1)}%`;

  const { page, context, log } = await openApp(app);
  try {
    await loadFiles(page, [file]);
    await page.goto(page.url().replace(/#.*/, "") + "#/scorecard?area=Rotherham&peers=Barnsley");
    await page.waitForSelector("table.scorecard");
    await page.getByRole("button", { name: "Show year to date (committee table)" }).click();
    const table = page.locator("table.committee-table").first();
    const headers = await table.locator("thead th").allInnerTexts();
    assert.deepEqual(headers.slice(6), ["Force change", "Peer average change", "England and Wales change", "Status"]);
    const cells = await table.locator('tr[data-measure="Incidents"] td').allInnerTexts();
    assert.equal(cells[0].split(" ")[0], sum(0, 12, 24).toLocaleString("en-GB"));
    assert.equal(cells[6], signed(change(1)), "Barnsley, the one peer");
    assert.equal(cells[7], signed(change(2)), "England and Wales");
    assert.notEqual(cells[7], cells[3], "not the council's own change");
    await page.locator("div.committee").screenshot({ path: join(OUTPUT, "committee-england-and-wales.png") });
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});
