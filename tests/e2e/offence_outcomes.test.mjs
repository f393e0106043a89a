// The board's two questions, hate crime and sexual offences, answered from the
// Home Office outcomes table in the example: the force section shows the three
// default rates by offence with counts, England and Wales and the rank among
// all territorial forces; a measure page says where the force stands in the
// funnel around England and Wales, in words. Figures:
// tests/independent/ho_outcomes_by_offence.py (2017/18).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startApp, openApp, axeViolations, OUTPUT } from "./helpers.mjs";

const SET = "(%, outcome types 1,2,3,4,6,7,8, of offences recorded in the period)";
const ALL = `Positive outcome rate ${SET}`;
const RRA = `Positive outcome rate for racially or religiously aggravated offences ${SET}`;
const SEXUAL = `Positive outcome rate for sexual offences ${SET}`;
let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

test("the example's force section: all, aggravated and sexual offences against England and Wales, and a measure page in words", { timeout: 180_000 }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    await page.getByRole("button", { name: "Explore the example data" }).click();
    await page.waitForSelector("table.scorecard", { timeout: 60_000 });
    await page.goto(page.url().replace(/#.*/, "") + "#/scorecard?area=Rotherham&period=financial-year");
    await page.waitForSelector(`table.scorecard tr[data-measure="${RRA}"]`);
    const forceRows = await page.locator("table.scorecard tr[data-measure]").evaluateAll((trs) =>
      trs.map((tr) => tr.dataset.measure).filter((m) => m.startsWith("Positive outcome rate") && !m.includes("police.uk")));
    assert.deepEqual(forceRows.sort(), [ALL, RRA, SEXUAL].sort());
    const cells = async (m) => page.locator(`table.scorecard tr[data-measure="${m}"] > *`).allInnerTexts();
    const rra = await cells(RRA);
    assert.equal(rra[1], "15.2% (186 of 1,223)");
    const row = rra.join(" | ");
    assert.match(row, /19\.8% \(10,608 of 53,541\)/, "England and Wales with its counts");
    assert.match(row, /41st of 42 force areas; their average 23\.6%/);
    const sexual = (await cells(SEXUAL)).join(" | ");
    assert.match(sexual, /5\.7% \(233 of 4,088\)/);
    assert.match(sexual, /8\.0% \(11,981 of 148,976\)/);
    await page.screenshot({ path: join(OUTPUT, "offence-outcomes-scorecard.png"), fullPage: true });
    assert.deepEqual(await axeViolations(page), [], "scorecard");

    // The measure page says it in words, names the offences and draws the funnel.
    await page.locator(`table.scorecard tr[data-measure="${RRA}"] th a`).click();
    await page.waitForSelector("#measure-summary");
    const summary = await page.locator("#measure-summary").innerText();
    assert.match(summary, /15\.2% \(186 of 1,223\) in 2017\/18, 41st of 42 force areas/);
    assert.match(summary, /In the funnel around England and Wales \(19\.8%\), it is below the 99\.8% limit \(16\.3%\): a difference chance alone would very rarely give\./);
    assert.match(summary, /British Transport Police, not a territorial force, is not in England and Wales: 26\.3% \(672 of 2,552\)\./);
    assert.match(await page.locator("#measure-definition").innerText(), /Racially or religiously aggravated harassment/);
    await page.getByRole("button", { name: "Show funnel plot" }).click();
    assert.match(await page.locator(".measure-page").innerText(), /the line across: England and Wales's figure/);
    await page.locator("section.measure-page").screenshot({ path: join(OUTPUT, "offence-outcomes-measure.png") });
    assert.deepEqual(await axeViolations(page), [], "measure page");

    // Beside the council's own hate-crime figure: what the force figure covers.
    await page.goto(page.url().replace(/#.*/, "") + "#/measure/" + encodeURIComponent("Hate crime positive outcomes") + "?area=Rotherham");
    await page.waitForSelector("#measure-summary");
    const hate = await page.locator("#measure-summary").innerText();
    assert.match(hate, /^Hate crime positive outcomes: 6\.9% in 2018\/19 Q4/);
    assert.match(hate, /For context, not in place of this figure: .*South Yorkshire's positive-outcome rate for racially or religiously aggravated offences/);

    // Settings: the officer unticks sexual offences, by keyboard, and ticks robbery.
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.waitForSelector("#force-offences");
    await page.locator("#offence-sexual-offences").focus();
    await page.keyboard.press("Space");
    await page.locator("#offence-robbery").check();
    assert.deepEqual(await axeViolations(page), [], "settings");
    await page.goto(page.url().replace(/#.*/, "") + "#/scorecard?area=Rotherham&period=financial-year");
    await page.waitForSelector(`table.scorecard tr[data-measure="${RRA}"]`);
    assert.equal(await page.locator(`table.scorecard tr[data-measure="${SEXUAL}"]`).count(), 0);
    assert.equal(await page.locator(`table.scorecard tr[data-measure="Positive outcome rate for robbery ${SET}"]`).count(), 1);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});
