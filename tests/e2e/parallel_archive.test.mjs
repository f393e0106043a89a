// A zip archive's street members read on several cores: helpers read street
// members while the ingestion worker reads the rest, and every member is
// handed on in the archive's order. The saved workspace must be the same,
// byte for byte, as one worker's: with 2 helpers, and with a helper that dies
// on its first member (read by the ingestion worker instead). The archive
// (tests/e2e/big_archive.py MIXED) holds the real South Yorkshire and
// Merseyside months, deflated, an outcomes file per month joined to crimes
// of another member, and one street member twice (the later replaces the
// earlier: which is later depends on the order they are handed on).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { startApp, openApp, sameWorkspace, OUTPUT, ROOT, SHARED_DATA } from "./helpers.mjs";

const skip = existsSync(join(SHARED_DATA, "police-uk/street")) ? false : "../shared/data is absent";
const NAME = "mixed-archive.zip";
const DAMAGED = "damaged-archive.zip";

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

function archive(name = NAME, mode = "MIXED") {
  return JSON.parse(execFileSync("python3", [join(ROOT, "tests/e2e/big_archive.py"),
    join(OUTPUT, name), "100000000", mode]).toString());
}

async function load(path, helpers, crash = false, name = NAME) {
  const { page, context, log } = await openApp(app, undefined, { acceptDownloads: true }, helpers);
  const timing = [], refusedByHelpers = [];
  page.on("console", (m) => {
    if (m.text().startsWith("Scrutineer timing: " + name)) timing.push(m.text());
    if (m.text().includes("did not read an archive member")) timing.push(m.text());
    if (m.text().includes("a helper read")) refusedByHelpers.push(m.text());
  });
  if (crash) await page.evaluate((name) => { window.scrutineerCrashHelperOn = name; }, name);
  try {
    await page.waitForTimeout(1500);
    await page.setInputFiles("#file-input", path);
    await page.getByRole("status").filter({ hasText: /files? loaded/ }).waitFor({ timeout: 180_000 });
    await page.waitForTimeout(300);
    await page.selectOption("#council", "Rotherham");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Save workspace" }).click(),
    ]);
    const stem = `${name === NAME ? "parallel-archive" : "parallel-damaged"}-${helpers}${crash ? "-crash" : ""}`;
    const saved = join(OUTPUT, `${stem}.scrutineer.json.gz`);
    await download.saveAs(saved);
    if (helpers) await page.screenshot({ path: join(OUTPUT, `${stem}.png`), fullPage: true });
    let problems = null;
    if (name === DAMAGED) {
      // What a person sees of the damaged members: the list of files not loaded.
      const list = page.locator(".rejected");
      await list.scrollIntoViewIfNeeded();
      problems = await list.locator("li .rejection").allInnerTexts();
      await list.screenshot({ path: join(OUTPUT, `${stem}-not-loaded.png`) });
    }
    const text = gunzipSync(await readFile(saved)).toString("utf8");
    return { text, problems, refusedByHelpers, timing: timing.join("; "), errors: log.errors, status: await page.getByRole("status").first().innerText() };
  } finally {
    await context.close();
  }
}

test("an archive read with helpers gives one worker's workspace, to the byte; a helper that dies is covered", { skip, timeout: 900_000 }, async () => {
  const built = archive();
  assert.ok(built.bytes > 25_000_000, `large enough for helpers: ${built.bytes}`);
  const alone = await load(built.path, 0);
  assert.match(alone.timing, / 0 parts from helpers/, alone.timing);
  // Order matters: the repeated member, read last, replaces the first.
  assert.ok(alone.text.includes("Replaces the figures from mixed-archive.zip/2019-04/2019-04-merseyside-street.csv"),
    "the repeated member replaces the first");
  const shared = await load(built.path, 2);
  const helped = Number(/ (\d+) parts from helpers/.exec(shared.timing)?.[1]);
  assert.ok(helped > 3, shared.timing);
  assert.deepEqual(shared.errors, []);
  sameWorkspace(shared.text, alone.text);
  const crashed = await load(built.path, 1, true);
  assert.ok(crashed.errors.some((e) => /a helper worker stopped/.test(e)), crashed.errors.join("\n"));
  assert.match(crashed.timing, /did not read an archive member/, crashed.timing);
  sameWorkspace(crashed.text, alone.text);
  console.log(`members ${built.members}, rows ${built.rows}, ${built.bytes} bytes\nalone: ${alone.timing}\n2 helpers: ${shared.timing}\ncrash: ${crashed.timing}`);
});

test("damaged members and a bad row, read by helpers, are reported as one worker reports them", { skip, timeout: 900_000 }, async () => {
  const built = archive(DAMAGED, "DAMAGED");
  assert.equal(built.damaged_members.length, 5, "big_archive.py damaged five members");
  const report = (text, path) => JSON.parse(text).files.map((f) => f.report).find((r) => r.path === path);
  const alone = await load(built.path, 0, false, DAMAGED);
  // Refused, so not in the workspace; the page says why, with nothing of
  // the garbage read before the damage showed.
  for (const member of built.damaged_members) assert.equal(report(alone.text, `${DAMAGED}/${member}`), undefined);
  assert.deepEqual(alone.problems.map((p) => p.replace(/ \(.*\);/, " (…);")),
    built.damaged_members.map((m) => `${DAMAGED}/${m}: could not be unpacked from the archive (…); the archive may be damaged or incomplete`));
  const badMonth = JSON.parse(alone.text).files.map((f) => f.report)
    .filter((r) => JSON.stringify(r.warnings).includes("not a month"));
  assert.equal(badMonth.length, 1, "one member has the row whose month is 2019-13");
  assert.deepEqual(badMonth[0].warnings.groups.map((g) => [g.column.name, g.lines]), [["Month", [6]]]);
  const shared = await load(built.path, 2, false, DAMAGED);
  const helped = Number(/ (\d+) parts from helpers/.exec(shared.timing)?.[1]);
  assert.ok(helped > 3, shared.timing);
  assert.ok(shared.refusedByHelpers.length >= 1, "helpers read some of the damaged members");
  assert.deepEqual(shared.errors, []);
  assert.deepEqual(shared.problems, alone.problems);
  sameWorkspace(shared.text, alone.text);
  console.log(`damaged archive: ${built.members} members, ${built.bytes} bytes; 2 helpers: ${shared.timing}\n` +
    `${shared.refusedByHelpers.join("\n")}\n${alone.problems.join("\n")}`);
});
