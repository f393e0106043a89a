// Workspaces: save, reload the page (and forget the browser's saved settings),
// open the file, and see the same scorecard; a damaged file is refused with
// the current workspace kept.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startApp, openApp, streetFiles, axeViolations, OUTPUT, SHARED_DATA, loadFiles } from "./helpers.mjs";

const skip = existsSync(join(SHARED_DATA, "police-uk/street")) ? false : "../shared/data is absent";
let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const scorecardText = (page) => page.locator("table.scorecard").innerText();

test("a workspace round-trips, and a damaged one is refused with the current one kept", { skip, timeout: 180_000 }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    const files = await streetFiles("south-yorkshire");
    await loadFiles(page, files);
    await page.selectOption("#council", "Rotherham");
    // A setting that shows in the scorecard: peers picked by hand.
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.locator("#peers-picked").check();
    await page.getByLabel("Doncaster").uncheck();
    await page.getByRole("link", { name: "Scorecard", exact: true }).click();
    await page.waitForSelector("table.scorecard");
    const before = await scorecardText(page);
    assert.match(before, /1st of 3/);

    await page.getByRole("link", { name: "Data", exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Save workspace" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "rotherham-workspace.scrutineer.json");
    const saved = join(OUTPUT, download.suggestedFilename());
    await download.saveAs(saved);
    const json = JSON.parse(await readFile(saved, "utf8"));
    assert.equal(json.format, "scrutineer-workspace");
    assert.equal(json.version, 1);
    assert.equal(json.files.length, files.length);
    assert.deepEqual(json.settings.picked_peers, ["Barnsley", "Sheffield"]);

    // A fresh start: no data, no saved settings.
    await page.evaluate(() => localStorage.clear());
    await page.goto(app.origin + "/");
    await page.reload();
    await page.waitForSelector("#file-input", { state: "attached" });
    await page.setInputFiles("#file-input", [saved]);
    await page.getByRole("link", { name: "See the scorecard for Rotherham" }).click();
    await page.waitForSelector("table.scorecard");
    assert.equal(await scorecardText(page), before);

    // Damaged by hand: a field renamed. Refused, naming the file and place.
    const damaged = join(OUTPUT, "damaged.scrutineer.json");
    await writeFile(damaged, (await readFile(saved, "utf8")).replace('"rows":', '"rowz":'));
    await page.getByRole("link", { name: "Data", exact: true }).click();
    await page.setInputFiles("#file-input", [damaged]);
    const alert = page.locator(".rejected");
    await alert.getByText("damaged.scrutineer.json").waitFor();
    assert.match(await alert.innerText(), /this workspace is damaged or was edited by hand, so nothing was opened \(line 1, column \d+: missing field `rows`\)/);
    // Not JSON at all.
    const junk = join(OUTPUT, "junk.scrutineer.json");
    await writeFile(junk, '{"format": "scrutineer-workspace", "version": 1, "settings": {');
    await page.setInputFiles("#file-input", [junk]);
    await alert.getByText("junk.scrutineer.json").waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(OUTPUT, "workspace-rejected.png"), fullPage: true });
    await page.getByRole("link", { name: "Scorecard", exact: true }).click();
    assert.equal(await scorecardText(page), before, "the open workspace is untouched");
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});
