// Similar areas and the nation, as the board asked: the ONS police force area
// tables workbook alone gives Rotherham a scorecard against its 20 ONS similar
// areas with England and Wales beside it, and street files of two forces give
// a comparison with the four similar areas they cover and name the forces to
// load for the rest. Figures: tests/independent/ons_tables_rotherham.py and
// tests/independent/march_2020_burglary_similar.py.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startApp, openApp, loadFiles, axeViolations, streetFiles, OUTPUT, SHARED_DATA } from "./helpers.mjs";

const WORKBOOK = join(SHARED_DATA, "ons-crime-tables/policeforceareatablesyedecember2024.xlsx");
const TOTAL = "ONS recorded crime: Total recorded crime (excluding fraud)";
const skip = existsSync(WORKBOOK) ? false : "../shared/data is absent";
let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

async function row(page, measure) {
  const headers = (await page.locator("table.scorecard thead th").allInnerTexts()).map((h) => h.replace(/[▲▼]/g, "").trim());
  const cells = await page.locator(`table.scorecard tr[data-measure="${measure}"] > *`).allInnerTexts();
  return Object.fromEntries(headers.map((h, i) => [h, cells[i]]));
}

test("the ONS workbook alone: Rotherham against its similar areas, with England and Wales on the chart and in the table", { skip, timeout: 180_000 }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    // The workbook and the seven sheets read from it.
    await loadFiles(page, [WORKBOOK], 8);
    await page.selectOption("#council", "Rotherham");
    await page.getByRole("link", { name: "See the scorecard for Rotherham" }).click();
    await page.waitForSelector("table.scorecard");
    const bar = await page.locator("aside.context").innerText();
    assert.match(bar, /Compared with Wakefield, Barnsley, Stockton-on-Tees, .* and Harlow \(Rotherham's 20 most similar areas \(ONS Explore Local Statistics, overall\)\)/);
    assert.match(bar, /20 in your files/);
    const total = await row(page, TOTAL);
    assert.equal(total["Value"], "25,612");
    assert.match(total["Per 1,000 residents"], /^95\.42 \(.*Table C4 \(2022\)\)$/);
    assert.equal(total["Rank among peers"], "6th of 21 similar areas (per 1,000 residents); their average 103.06");
    assert.equal(total["England and Wales"], "87.92 per 1,000");
    assert.match(total["Change"], /^−868 on a year earlier: /);
    await page.screenshot({ path: join(OUTPUT, "similar-areas-scorecard.png"), fullPage: false });
    assert.deepEqual(await axeViolations(page), []);

    await page.getByRole("link", { name: TOTAL }).click();
    await page.waitForSelector("#measure-heading");
    assert.match(await page.locator("#peer-words").innerText(), /^Compared with Rotherham's 20 most similar areas .* England and Wales: 87\.92\.$/);
    const national = page.locator("table.peer-table tr.national");
    assert.equal(await national.locator("th").innerText(), "England and Wales (for reference)");
    assert.equal(await national.locator("td").nth(1).innerText(), "87.92");
    assert.equal(await national.locator("td").nth(2).innerText(), "5,350,405");
    // The peer chart draws England and Wales as a solid line, named (see the screenshot).
    assert.match(await page.locator("section.measure-page p.hint").filter({ hasText: "Bars:" }).innerText(), /Solid line: England and Wales\./);
    await page.locator("#peers-heading").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUTPUT, "similar-areas-peer-chart.png"), fullPage: false });
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.afterLoad.filter((u) => !u.startsWith(app.origin)), []);
  } finally {
    await context.close();
  }
});

test("street files of two forces: the similar areas they cover, and the forces to load for the rest; the basis can be changed", { skip, timeout: 180_000 }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    await loadFiles(page, [...await streetFiles("south-yorkshire"), ...await streetFiles("merseyside")]);
    await page.selectOption("#council", "Rotherham");
    await page.getByRole("link", { name: "See the scorecard for Rotherham" }).click();
    await page.waitForSelector("table.scorecard");
    const bar = await page.locator("aside.context").innerText();
    assert.match(bar, /Compared with Barnsley, Doncaster, St\. Helens and Knowsley/);
    assert.match(bar, /4 in your files \(Barnsley, Doncaster, St\. Helens, Knowsley\)\. For the rest, add police\.uk files for West Yorkshire \(Wakefield\), Cleveland \(Stockton-on-Tees, Redcar and Cleveland, Hartlepool\)/);
    const burglary = await row(page, "Crimes: Burglary");
    assert.equal(burglary["Rank among peers"], "3rd of 5 similar areas (per 1,000 residents); their average 0.65");
    // No England and Wales figure from two forces' files: a part is not the nation.
    assert.equal(burglary["England and Wales"], "Not covered by the loaded data");

    // Settings: the demographic list, by keyboard.
    await page.getByRole("link", { name: "Change settings" }).click();
    await page.waitForSelector("#settings-heading");
    await page.locator("#similar-demographic").focus();
    await page.keyboard.press("Space");
    await page.locator("#similar-count").fill("5");
    await page.locator("#similar-count").press("Tab");
    const now = await page.locator("#peer-group-now").innerText();
    // Rotherham's 5 most similar on demographics: Stockport, Doncaster, Sunderland, Barnsley, Stoke-on-Trent.
    assert.equal(now, "In use: Doncaster, Barnsley (Rotherham's 5 most similar areas (ONS Explore Local Statistics, demographic)).");
    assert.match(await page.locator("section[aria-labelledby=settings-heading]").innerText(), /ONS puts Rotherham in cluster B on this basis/);
    await page.screenshot({ path: join(OUTPUT, "similar-areas-settings.png"), fullPage: false });
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});
