// A served Scrutineer opens a workspace from its own site that the address
// names, so an officer can put the dashboard's files on the intranet and send
// councillors a link to one view. Only a plain file in the app's folder is
// fetched; a missing, damaged or off-site one is said on the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startApp, openApp, axeViolations, OUTPUT } from "./helpers.mjs";

const ROOT = join(import.meta.dirname, "..", "..");
const SITE = join(OUTPUT, "intranet-site");
const LINKED = "dashboards/rotherham-2020-03.scrutineer.json.gz";
let app;
before(async () => {
  rmSync(SITE, { recursive: true, force: true });
  cpSync(join(ROOT, "dist"), SITE, { recursive: true });
  mkdirSync(join(SITE, "dashboards"), { recursive: true });
  cpSync(join(ROOT, "examples", "example.scrutineer.json.gz"), join(SITE, LINKED));
  writeFileSync(join(SITE, "dashboards", "damaged.scrutineer.json"), '{"format": "scrutineer-workspace", "version": 1, "files": [');
  app = await startApp(SITE);
});
after(async () => { await app?.close(); });

test("a link naming a workspace on the site opens its scorecard, and every link keeps it", { timeout: 120_000 }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    await page.goto(`${app.origin}/#/scorecard?workspace=${LINKED}&area=Rotherham`);
    await page.waitForSelector("table.scorecard", { timeout: 60_000 });
    const hate = await page.locator('table.scorecard tr[data-measure="Hate crime positive outcomes"] > *').allInnerTexts();
    assert.equal(hate[1], "6.9%");
    assert.match(page.url(), new RegExp(`workspace=${LINKED.replace(/\./g, "\\.")}`));
    await page.screenshot({ path: join(OUTPUT, "intranet-link-scorecard.png") });
    assert.deepEqual(await axeViolations(page), []);
    // A measure's link carries the workspace, so it can be sent on as it is.
    const href = await page.locator('table.scorecard tr[data-measure="Hate crime positive outcomes"] th a').getAttribute("href");
    assert.match(href, /^#\/measure\/Hate%20crime%20positive%20outcomes\?workspace=dashboards\/rotherham-2020-03\.scrutineer\.json\.gz/);
    // Opened straight on a measure page in a fresh tab.
    const other = await context.newPage();
    await other.goto(`${app.origin}/${href}`);
    await other.waitForSelector("#measure-summary", { timeout: 60_000 });
    assert.match(await other.locator("#measure-summary").innerText(), /^Hate crime positive outcomes: 6\.9% in 2018\/19 Q4/);
    // A councillor's link straight to the briefing.
    const briefing = await context.newPage();
    await briefing.goto(`${app.origin}/#/briefing?workspace=${LINKED}&area=Rotherham`);
    await briefing.waitForSelector(".briefing-item", { timeout: 60_000 });
    assert.match(await briefing.locator("#briefing-heading").innerText(), /^Rotherham community safety, figures to March 2020: \d+ measures, \d+ needs? attention$/);
    // The only request after load is the workspace, from the app's own site.
    assert.deepEqual(log.afterLoad.map((u) => u.replace(app.origin, "")), [`/${LINKED}`]);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});

test("a missing, damaged or off-site workspace is named on the page, never a blank page", { timeout: 120_000 }, async () => {
  const cases = [
    ["dashboards/missing.scrutineer.json.gz", /dashboards\/missing\.scrutineer\.json\.gz: this workspace could not be fetched from this site \(the server answered 404\); check the link, or ask whoever sent it/],
    ["dashboards/damaged.scrutineer.json", /dashboards\/damaged\.scrutineer\.json: this is not a Scrutineer workspace: it is not valid JSON \(line 1, column \d+/],
    ["https://example.org/w.scrutineer.json", /a linked workspace must be a file in the app's own folder on this site/],
    ["../secret.scrutineer.json", /a linked workspace must be a file in the app's own folder on this site/],
  ];
  for (const [name, said] of cases) {
    const { page, context, log } = await openApp(app);
    try {
      await page.goto(`${app.origin}/#/scorecard?workspace=${encodeURIComponent(name)}&area=Rotherham`);
      const alert = page.getByRole("alert").filter({ hasText: "The link's workspace could not be opened" });
      await alert.waitFor({ timeout: 30_000 });
      assert.match(await alert.innerText(), said, name);
      assert.ok(await page.locator("#scorecard-heading").isVisible(), "the view's heading is still there");
      assert.ok(!log.requests.some((u) => !u.startsWith(app.origin)), `${name}: nothing fetched off the site`);
      if (name.startsWith("dashboards/missing")) {
        await page.screenshot({ path: join(OUTPUT, "intranet-link-missing.png") });
        assert.deepEqual(await axeViolations(page), []);
      }
    } finally {
      await context.close();
    }
  }
});
