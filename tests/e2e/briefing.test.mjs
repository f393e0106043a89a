// The briefing: what a councillor sees first, on a phone as on a laptop.
// A headline with the number of measures needing attention, then a card per
// measure with its latest value, the judgement in words, a sparkline with its
// figures in words, and a link to the measure's page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startApp, openApp, axeViolations, OUTPUT } from "./helpers.mjs";

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

test("the example's briefing: headline, a card per measure in words, at 390 px and by keyboard", { timeout: 180_000 }, async () => {
  const { page, context, log } = await openApp(app, { width: 390, height: 844 });
  try {
    await page.getByRole("button", { name: "Explore the example data" }).click();
    await page.waitForSelector("table.scorecard", { timeout: 60_000 });
    const measures = await page.locator("table.scorecard tr[data-measure]").count();
    const attention = await page.locator("table.scorecard tr[data-measure] .attention").count();
    await page.getByRole("link", { name: "Briefing", exact: true }).click();
    await page.waitForSelector("#briefing-heading");
    assert.equal(await page.locator("#briefing-heading").innerText(),
      `Rotherham community safety, figures to March 2020: ${measures} measures, ${attention} need attention`);
    const cards = page.locator(".briefing-item");
    assert.equal(await cards.count(), measures);
    // Those needing attention come first.
    assert.ok(await cards.first().locator(".attention").count() === 1);
    const hate = cards.filter({ hasText: "Hate crime positive outcomes" });
    assert.match(await hate.innerText(), /6\.9% in 2018\/19 Q4/);
    assert.match(await hate.innerText(), /Worse than the period before \(not tested\); off target/);
    assert.match(await hate.innerText(), /Recent figures: .+, .+ 6\.9%\./);
    assert.ok(await hate.locator("canvas").count() === 1, "a sparkline");
    const burglary = cards.filter({ hasText: "Crimes: Burglary" });
    // 285 in March 2019 to 175 in March 2020 (the example's street files).
    assert.match(await burglary.innerText(), /175 \(0\.66 per 1,000 residents\) in Mar 20/);
    assert.match(await burglary.innerText(), /Better than a year earlier \(more than chance\); 3rd of 5 similar areas/);
    assert.match(await burglary.innerText(), /Recent figures: Mar 19 285, .*Jul 19 no data, .*Mar 20 175\./);
    // Nothing cut off or scrolled sideways on a phone.
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), false);
    await page.screenshot({ path: join(OUTPUT, "briefing-390.png"), fullPage: false });
    assert.deepEqual(await axeViolations(page), []);
    // By keyboard: Tab from the heading reaches the first measure's link, and Enter opens its page.
    await page.locator("#briefing-heading").focus();
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.closest(".briefing-item h3") !== null);
    }
    assert.ok(reached, "Tab reaches a measure's link");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#measure-summary");
    assert.deepEqual(log.errors, []);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goBack();
    await page.waitForSelector("#briefing-heading");
    await page.screenshot({ path: join(OUTPUT, "briefing-1366.png") });
  } finally {
    await context.close();
  }
});
