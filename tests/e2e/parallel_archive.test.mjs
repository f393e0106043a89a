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

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

function archive() {
  return JSON.parse(execFileSync("python3", [join(ROOT, "tests/e2e/big_archive.py"),
    join(OUTPUT, NAME), "100000000", "MIXED"]).toString());
}

async function load(path, helpers, crash = false) {
  const { page, context, log } = await openApp(app, undefined, { acceptDownloads: true }, helpers);
  const timing = [];
  page.on("console", (m) => {
    if (m.text().startsWith("Scrutineer timing: " + NAME)) timing.push(m.text());
    if (m.text().includes("did not read an archive member")) timing.push(m.text());
  });
  if (crash) await page.evaluate((name) => { window.scrutineerCrashHelperOn = name; }, NAME);
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
    const saved = join(OUTPUT, `parallel-archive-${helpers}${crash ? "-crash" : ""}.scrutineer.json.gz`);
    await download.saveAs(saved);
    if (helpers) await page.screenshot({ path: join(OUTPUT, `parallel-archive-${helpers}${crash ? "-crash" : ""}.png`), fullPage: true });
    const text = gunzipSync(await readFile(saved)).toString("utf8");
    return { text, timing: timing.join("; "), errors: log.errors, status: await page.getByRole("status").first().innerText() };
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
