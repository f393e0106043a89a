// A police.uk national archive over 1 GB (tests/e2e/big_archive.py: the real
// South Yorkshire and Merseyside months repeated under earlier years, 396
// members) loads from the File by random access, with every row counted,
// progress over the whole archive, and the tab's memory below the archive's
// size. Prints the time and the renderer's peak memory.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { startApp, openApp, sampler, rendererRssKb, ROOT, OUTPUT } from "./helpers.mjs";

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

test("a 1.27 GB police.uk archive loads member by member with every row counted, in bounded memory", { timeout: 600_000 }, async () => {
  const built = JSON.parse(execFileSync("python3", [join(ROOT, "tests/e2e/big_archive.py"),
    join(OUTPUT, "national-archive.zip"), "1200000000"]).toString());
  assert.ok(built.bytes > 1024 ** 3, "over 1 GB");
  const { page, context, log } = await openApp(app);
  const timing = [];
  page.on("console", (m) => { if (m.text().startsWith("Scrutineer timing")) timing.push(m.text()); });
  try {
    const progress = [];
    const watch = setInterval(async () => {
      const text = await page.locator("progress").first().getAttribute("value").catch(() => null);
      if (text !== null) progress.push(Number(text));
    }, 500);
    const baseline = await rendererRssKb();
    const stop = sampler();
    const start = Date.now();
    await page.setInputFiles("#file-input", built.path);
    const status = page.getByRole("status").filter({ hasText: /files loaded/ });
    await status.waitFor({ timeout: 600_000 });
    const seconds = (Date.now() - start) / 1000;
    const peakMb = ((await stop()) - baseline) / 1024;
    clearInterval(watch);
    console.log(`national archive: ${built.bytes.toLocaleString("en-GB")} bytes, ${built.members} members, ` +
      `${built.rows.toLocaleString("en-GB")} rows in ${seconds.toFixed(1)} s; renderer peak ${peakMb.toFixed(0)} MB above idle ` +
      `(${(baseline / 1024).toFixed(0)} MB idle); ${timing.at(-1) ?? "no timing line"}`);
    // Every member, and every row of each, as the builder counted them.
    assert.match(await status.innerText(),
      new RegExp(`^${built.members} files loaded, ${built.rows.toLocaleString("en-GB")} rows in all\\.`));
    assert.ok(progress.some((p) => p > 0), `progress was shown: ${progress.join(", ")}`);
    // Issue 26's goal: under 600 MB above idle. Measured 514-529 MB here
    // (the worker's crime registry is about 100 MB for 5.7 million crimes,
    // merged chunk by chunk; the rest is the page's figures for 396
    // force-months); 418 MB once members were read ahead into a reused
    // buffer instead of a new 1 MB buffer per window; the archive held whole
    // would be 1,207 MB.
    assert.ok(peakMb < 600, `the renderer peaked ${peakMb.toFixed(0)} MB above idle`);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});

test("cancelling the archive stops it between members and says which were kept", { timeout: 600_000 }, async () => {
  const built = JSON.parse(execFileSync("python3", [join(ROOT, "tests/e2e/big_archive.py"),
    join(OUTPUT, "national-archive.zip"), "1200000000"]).toString());
  const { page, context } = await openApp(app);
  try {
    await page.setInputFiles("#file-input", built.path);
    // Some members in: they are listed as they arrive.
    await page.waitForFunction(() => document.querySelectorAll("table.files tbody tr").length >= 3, null, { timeout: 120_000, polling: 50 });
    await page.getByRole("button", { name: "Cancel loading national-archive.zip" }).click();
    const alert = page.getByRole("alert");
    await alert.getByText("national-archive.zip").waitFor({ timeout: 60_000 });
    const words = await alert.innerText();
    const kept = Number(/the (\d+) entr(?:y|ies) read before then (?:is|are) kept/.exec(words)?.[1]);
    assert.ok(kept > 0 && kept < built.members, words);
    assert.equal(await page.locator("table.files tbody tr").count(), kept);
    assert.equal(await page.locator("progress").count(), 0, "the progress bar is gone");
  } finally {
    await context.close();
  }
});
