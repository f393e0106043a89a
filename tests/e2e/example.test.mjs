// "Explore the example data": one click from the first screen to a full
// dashboard, from the workspace scripts/example-data.sh derives.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startApp, openApp, axeViolations, OUTPUT } from "./helpers.mjs";

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

test("one click opens the example: Rotherham's scorecard with its sources named", { timeout: 120_000 }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    assert.match(await page.locator(".example").innerText(), /Open Government Licence v3\.0/);
    await page.getByRole("button", { name: "Explore the example data" }).click();
    await page.waitForSelector("table.scorecard", { timeout: 60_000 });
    assert.match(page.url(), /#\/scorecard\?area=Rotherham/);
    // DOMAIN.md's published 2018/19 hate-crime figures: Q4 6.9% against a 20% target.
    const hate = await page.locator('table.scorecard tr[data-measure="Hate crime positive outcomes"] > *').allInnerTexts();
    assert.equal(hate[1], "6.9%");
    assert.match(hate[3], /Off target \(target 20\.0%\)/);
    // Street figures as in the files: March 2020 burglary 175, 3rd of 5 per 1,000 residents among
    // Rotherham's ONS similar areas in the files (tests/independent/march_2020_burglary_similar.py).
    const burglary = await page.locator('table.scorecard tr[data-measure="Crimes: Burglary"] > *').allInnerTexts();
    assert.equal(burglary[1], "175");
    assert.equal(burglary[2], "0.66 (ONS mid-2019)");
    assert.equal(burglary[7], "3rd of 5 similar areas (per 1,000 residents); their average 0.65");
    assert.ok(await page.getByRole("columnheader", { name: "Building Confident and Cohesive Communities" }).isVisible());
    assert.ok(await page.getByRole("columnheader", { name: "Force area: South Yorkshire (Home Office figures)" }).isVisible());
    await page.screenshot({ path: join(OUTPUT, "example-scorecard.png") });
    assert.deepEqual(await axeViolations(page), []);
    // 26 months of South Yorkshire (January 2018 to March 2020, no July 2019):
    // the trend shows SPC, with the gap kept as a gap.
    await page.locator('table.scorecard tr[data-measure="All crime excluding anti-social behaviour"] th a').click();
    await page.waitForSelector("table.trend-table");
    const rows = page.locator("table.trend-table tbody tr");
    assert.equal(await rows.count(), 27);
    const july = await rows.filter({ hasText: "Jul 19" }).locator("td").allInnerTexts();
    assert.match(july[0], /No data/);
    const first = await rows.first().locator("td").allInnerTexts();
    assert.match(first[0], /^[0-9,]+$/);
    assert.match(first[3], /^[0-9,]+ to [0-9,]+$/, "SPC limits on every row");
    assert.equal(await page.locator(".trend-chart + p, #measure-heading ~ p.hint").filter({ hasText: "SPC limits are not shown" }).count(), 0);
    await page.locator("section.measure-page").screenshot({ path: join(OUTPUT, "example-spc.png") });
    // The only request after load is the example itself, from the app's own folder.
    assert.deepEqual(log.afterLoad.map((u) => u.replace(app.origin, "")), ["/example.scrutineer.json.gz"]);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});
