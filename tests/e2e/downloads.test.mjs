// Two real police.uk downloads of South Yorkshire's street files for the same
// months (../shared/data/police-uk/two-extracts), loaded in either order as an
// officer would: one download chosen, then the other. The newer download is
// current, the older one's outcome rates are its revisions, and the figures
// are the same whichever came first. Figures: tests/independent/two_extracts_revisions.py.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startApp, openApp, axeViolations, loadFiles, OUTPUT, SHARED_DATA } from "./helpers.mjs";

const BASE = join(SHARED_DATA, "police-uk/two-extracts");
const skip = existsSync(BASE) ? false : "../shared/data is absent";
const RATE = "Positive outcome rate (%, police.uk last outcome, of crimes recorded)";
let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const download = (which) =>
  readdirSync(join(BASE, which)).filter((f) => f.endsWith("-street.csv.gz")).sort().map((f) => join(BASE, which, f));

async function measurePage(order, screenshot) {
  const { page, context, log } = await openApp(app);
  try {
    const first = download(order[0]);
    await loadFiles(page, first);
    await loadFiles(page, download(order[1]), first.length + download(order[1]).length);
    const data = await page.locator("main").innerText();
    await page.selectOption("#council", "Rotherham");
    await page.getByRole("link", { name: "See the scorecard for Rotherham" }).click();
    await page.waitForSelector("table.scorecard");
    const cells = await page.locator(`table.scorecard tr[data-measure="${RATE}"] > *`).allInnerTexts();
    await page.locator(`table.scorecard tr[data-measure="${RATE}"] th a`).click();
    await page.waitForSelector("#measure-summary");
    const summary = await page.locator("#measure-summary").innerText();
    const rows = await page.locator("table.trend-table tbody tr").evaluateAll((trs) =>
      trs.map((tr) => [...tr.children].map((c) => c.innerText.trim())));
    if (screenshot) {
      await page.locator("section.measure-page").screenshot({ path: join(OUTPUT, screenshot) });
      assert.deepEqual(await axeViolations(page), []);
    }
    assert.deepEqual(log.errors, []);
    return { data, cells, summary, rows };
  } finally {
    await context.close();
  }
}

test("two downloads of the same months: the newer is current and the older's rates are revisions, in either order", { skip, timeout: 300_000 }, async () => {
  const a = await measurePage(["earlier", "later"], "measure-download-revisions.png");
  const b = await measurePage(["later", "earlier"]);
  // The notice says which download is current and by which rule.
  assert.match(a.data, /this is the newer download of them \(it has fewer cases still open, and outcomes only move forward\)/);
  assert.match(b.data, /is the newer download of these \(it has fewer cases still open, and outcomes only move forward\), so its figures stay current/);
  // Same current figures and the same revisions, whichever came first.
  assert.deepEqual(a.rows, b.rows);
  assert.equal(a.summary, b.summary);
  const row = (label) => a.rows.find((r) => r[0].startsWith(label));
  // Later download: June 222/2016 = 11.0%; earlier 208/2016 = 10.3%.
  assert.match(row("Jun 21").join(" | "), /11\.0%/);
  assert.equal(row("Jun 21").at(-1), "10.3% in the police.uk download to September 2021");
  assert.equal(row("Aug 21").at(-1), "8.1% in the police.uk download to September 2021");
  assert.equal(row("Sep 21").at(-1), "8.3% in the police.uk download to September 2021");
  assert.equal(row("Dec 21").at(-1), "");
  assert.match(a.summary, /After first publication, months 0 to 2 months old rose by 1\.0 point on average \(3 months, 2 downloads\)\./);
  assert.match(a.summary, /September 2021 is 3 months old in its download, August 2021 is 4 months old/);
  // The scorecard's change names the ages too; October to December are young.
  assert.match(a.cells[4], /\(figures 3 and 4 months old in their downloads\)/);
  assert.match(a.cells[9], /Oct 21 \(15% open, 2 months old\), Nov 21 \(21% open, 1 month old\), Dec 21 \(47% open, 0 months old\)/);
});
