// The first scorecard view: Rotherham against the other councils of the
// loaded force area. Expected figures were computed independently with Python
// over ../shared/data (see tests/real_data.rs and tests/cli.rs): March 2020,
// crimes excluding anti-social behaviour: Rotherham 1,974, Barnsley 1,974,
// Doncaster 2,939, Sheffield 4,232 (lower is better; ties share the better
// rank); February 2020 Rotherham 1,952. Burglary: March 175, February 166.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startApp, openApp, streetFiles, axeViolations, OUTPUT, SHARED_DATA } from "./helpers.mjs";

const skip = existsSync(join(SHARED_DATA, "police-uk/street")) ? false : "../shared/data is absent";
let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

async function row(page, measure) {
  const cells = await page.locator(`table.scorecard tr[data-measure="${measure}"] > *`).allInnerTexts();
  const headers = await page.locator("table.scorecard thead th").allInnerTexts();
  return Object.fromEntries(headers.map((h, i) => [h.replace(/[▲▼]/g, "").trim(), cells[i]]));
}

test("Rotherham's scorecard: values, change, rank and a summary in words", { skip }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    await page.setInputFiles("#file-input", await streetFiles("south-yorkshire"));
    await page.getByRole("status").filter({ hasText: "11 files loaded" }).waitFor({ timeout: 60_000 });
    await page.selectOption("#council", "Rotherham");
    await page.getByRole("link", { name: "See the scorecard for Rotherham" }).click();
    await page.waitForSelector("table.scorecard");
    assert.match(await page.locator("aside.context").innerText(), /compared with Barnsley, Doncaster and Sheffield \(the other councils in South Yorkshire Police\) instead/);

    const total = await row(page, "All crime excluding anti-social behaviour");
    assert.match(total["Measure"], /Mar 20/);
    assert.equal(total["Value"], "1,974");
    assert.equal(total["Per 1,000 residents"], "7.44 (ONS mid-2019)");
    assert.equal(total["Change"], "+22 on the period before: could be chance");
    // Per 1,000 residents: Sheffield 7.24 is lower; raw counts tied Rotherham with Barnsley for 1st.
    assert.match(total["Rank among peers"], /^2nd of 4 [a-z ]+ \(per 1,000 residents\); their average /);
    assert.equal(total["Provisional"], "No");
    // Twelve months, July missing: 11 points, too few for limits (the gap itself is no bar).
    assert.match(total["Variation (SPC)"], /SPC limits need at least 13 points; there are 11/);

    const burglary = await row(page, "Crimes: Burglary");
    assert.equal(burglary["Value"], "175");
    assert.equal(burglary["Per 1,000 residents"], "0.66 (ONS mid-2019)");
    assert.equal(burglary["Change"], "+9 on the period before: could be chance");

    const words = await page.locator("ul.summaries").innerText();
    assert.match(words, /All crime excluding anti-social behaviour: 1,974 in March 2020 \(7\.44 per 1,000 residents, ONS mid-2019\), 2nd of 4 councils in the force area on that rate; their average [\d.]+\. That is up 22 \(1\.1%\) on the period before: within what chance alone could explain\./);

    await page.locator("section[aria-labelledby=scorecard-heading]").screenshot({ path: join(OUTPUT, "scorecard-rotherham.png") });
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(log.afterLoad, []);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});
