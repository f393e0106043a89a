// A large street file read on several cores: the ingestion worker reads the
// start, helpers read later stretches, and the parts are put back together.
// The saved workspace must be the same, byte for byte, as reading the file
// on one worker: with 0 helpers, with 2, with a helper that dies mid-part
// (its stretch is read by the ingestion worker and the helper replaced), and
// with a cut that falls inside a quoted field (the file is read again alone).
// The file is the real South Yorkshire months repeated under new Crime IDs,
// with its first 20,000 rows repeated at the end, so duplicates cross parts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { startApp, openApp, sameWorkspace, OUTPUT, SHARED_DATA } from "./helpers.mjs";
import { makeStreetFile } from "./big_file.mjs";

const skip = existsSync(join(SHARED_DATA, "police-uk/street")) ? false : "../shared/data is absent";

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const NAME = "south-yorkshire-street-repeated.csv";

// The base file plus duplicates at its end; `quoted` puts a row whose
// quoted Location holds a line break just past the middle, where one
// helper's stretch begins.
async function file(quoted) {
  const base = await readFile(await makeStreetFile(join(OUTPUT, "street-parallel-40000000.csv"), 40_000_000));
  const text = base.toString("latin1");
  const lines = text.split("\r\n");
  let body = text + lines.slice(1, 20_001).join("\r\n") + "\r\n";
  if (quoted) {
    const row = `ffffffff${"0".repeat(56)},2019-04,South Yorkshire Police,South Yorkshire Police,-1.35,53.43,` +
      `"On or near ${"x".repeat(2000)}\r\nthe corner",E01007420,Rotherham 016A,Drugs,Under investigation,\r\n`;
    const total = body.length + row.length;
    // The row starts ~1,000 bytes before the middle: the first line break
    // at or after the middle is the one inside its quotes.
    const at = body.indexOf("\r\n", Math.floor(total / 2) - 1000 - 200) + 2;
    assert.ok(at + 1000 > total / 2 - 200 && at < total / 2, "row placed across the middle");
    body = body.slice(0, at) + row + body.slice(at);
  }
  return Buffer.from(body, "latin1");
}

// Loads the file with `helpers` helpers (and `crash` set: the first helper
// dies in its part) and returns the saved workspace's JSON and the timing line.
async function load(buffer, helpers, crash = false) {
  const { page, context, log } = await openApp(app, undefined, { acceptDownloads: true }, helpers);
  const errors = log.errors;
  const timing = [];
  page.on("console", (m) => {
    if (m.text().startsWith("Scrutineer timing: " + NAME)) timing.push(m.text());
    if (m.text().includes("could not be read in parts")) timing.push(m.text());
  });
  if (crash) await page.evaluate((name) => { window.scrutineerCrashHelperOn = name; }, NAME);
  try {
    // Helpers start once the ingestion worker is ready; give them a moment.
    await page.waitForTimeout(1500);
    await page.setInputFiles("#file-input", [{ name: NAME, mimeType: "text/csv", buffer }]);
    await page.getByRole("status").filter({ hasText: /\b1 file loaded/ }).waitFor({ timeout: 120_000 });
    await page.selectOption("#council", "Rotherham");
    await page.waitForSelector("table.counts");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Save workspace" }).click(),
    ]);
    const saved = join(OUTPUT, `parallel-${helpers}${crash ? "-crash" : ""}.scrutineer.json.gz`);
    await download.saveAs(saved);
    if (crash) await page.screenshot({ path: join(OUTPUT, "parallel-helper-crash.png"), fullPage: true });
    const json = JSON.parse(gunzipSync(await readFile(saved)).toString("utf8"));
    return { json, timing: timing.join("; "), errors, page, context };
  } catch (e) {
    await context.close();
    throw e;
  }
}

// What may differ between two loads of one file: the date the browser gives
// a file made in the test (each load's own).
function comparable(json) {
  return JSON.stringify(json, (key, value) => (key === "modified" ? undefined : value));
}

test("a file read by 2 helpers gives the workspace one worker gives, to the byte", { skip, timeout: 300_000 }, async () => {
  const buffer = await file(false);
  const alone = await load(buffer, 0);
  await alone.context.close();
  assert.match(alone.timing, / 0 parts from helpers/);
  const shared = await load(buffer, 2);
  await shared.context.close();
  assert.match(shared.timing, / 2 parts from helpers/, shared.timing);
  assert.deepEqual(shared.errors, []);
  const [a, b] = [comparable(alone.json), comparable(shared.json)];
  assert.ok(a.length > 100_000, "a workspace with figures");
  sameWorkspace(b, a);
  // The duplicates at the end are crimes the start holds: counted once.
  assert.match(a, /rows dropped as repeats of crimes earlier in this file/);
  console.log(`alone: ${alone.timing}\nshared: ${shared.timing}`);
});

test("a helper that dies mid-part is replaced, and its stretch read by the ingestion worker", { skip, timeout: 300_000 }, async () => {
  const buffer = await file(false);
  const alone = await load(buffer, 0);
  await alone.context.close();
  const crashed = await load(buffer, 1, true);
  try {
    assert.ok(crashed.errors.some((e) => /a helper worker stopped/.test(e)), crashed.errors.join("\n"));
    sameWorkspace(comparable(crashed.json), comparable(alone.json));
    // Nothing was said to the user about it: the file loaded whole.
    assert.doesNotMatch(await crashed.page.locator("body").innerText(), /stopped while reading/);
    // The replacement helper reads the next large file's part.
    const { page } = crashed;
    await page.evaluate(() => { window.scrutineerCrashHelperOn = null; });
    const again = [];
    page.on("console", (m) => { if (m.text().startsWith("Scrutineer timing: again.csv")) again.push(m.text()); });
    await page.setInputFiles("#file-input", [{ name: "again.csv", mimeType: "text/csv", buffer }]);
    await page.getByRole("status").filter({ hasText: /\b2 files loaded/ }).waitFor({ timeout: 120_000 });
    await page.waitForTimeout(200);
    assert.match(again.join(), / 1 parts from helpers/, again.join());
  } finally {
    await crashed.context.close();
  }
});

test("a cut inside a quoted field is found, and the file read again alone", { skip, timeout: 300_000 }, async () => {
  const buffer = await file(true);
  await writeFile(join(OUTPUT, "parallel-quoted.csv"), buffer);
  const alone = await load(buffer, 0);
  await alone.context.close();
  const shared = await load(buffer, 1);
  await shared.context.close();
  assert.match(shared.timing, /could not be read in parts \(a line break inside quotes\); reading it alone/, shared.timing);
  assert.match(shared.timing, / 0 parts from helpers/, shared.timing);
  sameWorkspace(comparable(shared.json), comparable(alone.json));
});
