// The ingestion worker dying mid-file (a bug, or the tab's memory running
// out): the page names the file, starts a new worker that still knows the
// crimes and force-months already loaded, keeps every loaded file and reads
// the ones queued.
// The crash is forced through the test-only hook `window.scrutineerCrashOn`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { startApp, openApp, streetFiles, readCountsTable, axeViolations, OUTPUT, SHARED_DATA } from "./helpers.mjs";

const skip = existsSync(join(SHARED_DATA, "police-uk/street")) ? false : "../shared/data is absent";

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

test("a worker that dies mid-file is named, replaced, and de-duplication still holds", { skip, timeout: 180_000 }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    const sy = await streetFiles("south-yorkshire");
    await page.setInputFiles("#file-input", sy.slice(0, 2));
    await page.getByRole("status").filter({ hasText: "2 files loaded" }).waitFor({ timeout: 60_000 });
    await page.selectOption("#council", "Rotherham");
    await page.waitForSelector("table.counts");
    const before = await readCountsTable(page);

    const crashing = sy[2].split("/").pop();
    await page.evaluate((name) => { window.scrutineerCrashOn = name; }, crashing);
    // The crashing file, then a second download of April (every crime in it
    // already loaded), then a new month: both queued behind the crash.
    const copy = "2019-04-south-yorkshire-street (1).csv";
    const asBuffer = async (path, name = path.split("/").pop()) =>
      ({ name, mimeType: "text/csv", buffer: await readFile(path) });
    await page.setInputFiles("#file-input", [
      await asBuffer(sy[2]),
      await asBuffer(sy[0], copy),
      await asBuffer(sy[3]),
    ]);
    const alert = page.getByRole("alert");
    await alert.getByText(crashing).waitFor({ timeout: 60_000 });
    assert.match(await alert.innerText(), /file reader stopped while reading this file, so nothing from it was kept/);
    await page.getByRole("status").filter({ hasText: "4 files loaded" }).waitFor({ timeout: 60_000 });
    assert.doesNotMatch(await page.locator("body").innerText(), /Reading a file/);
    await page.screenshot({ path: join(OUTPUT, "worker-crash-named.png") });

    // The copy is April again: the new worker, told what the lost one held,
    // takes it as a newer download replacing April, not as crimes to add.
    const copyRow = await page.locator("table.files tbody tr").filter({ has: page.locator("th", { hasText: copy }) }).innerText();
    const firstRow = await page.locator("table.files tbody tr").filter({ has: page.locator("th", { hasText: /^2019-04-south-yorkshire-street\.csv$/ }) }).innerText();
    assert.match(firstRow, /April 2019 replaced by 2019-04-south-yorkshire-street \(1\)\.csv, a newer download/);
    assert.match(copyRow, /Replaces the figures from 2019-04-south-yorkshire-street\.csv for South Yorkshire Police, April 2019/);
    const after = await readCountsTable(page);
    for (const month of Object.keys(before)) {
      assert.deepEqual(after[month], before[month], `${month} unchanged`);
    }
    assert.ok(!after["2019-08"].missing, "the file queued after the crash loaded");
    assert.ok(after["2019-06"].missing, "nothing kept from the file being read");

    // Later files load too, and the crashed one loads once the hook is off.
    await page.evaluate(() => { window.scrutineerCrashOn = null; });
    await page.getByRole("button", { name: /Dismiss/ }).first().click();
    await page.setInputFiles("#file-input", [sy[2]]);
    await page.getByRole("status").filter({ hasText: "5 files loaded" }).waitFor({ timeout: 60_000 });
    assert.ok(!(await readCountsTable(page))["2019-06"].missing, "June loads after the restart");
    await page.screenshot({ path: join(OUTPUT, "worker-crash.png"), fullPage: true });
    assert.deepEqual(await axeViolations(page), []);
    // The crash itself is logged as an error; nothing else may be.
    const others = log.errors.filter((e) => !/reading worker stopped|unreachable|panicked|RuntimeError/.test(e));
    assert.deepEqual(others, []);
  } finally {
    await context.close();
  }
});
