// Publish for councillors: an officer loads street files, chooses the home
// area and presses Publish; the download, opened from file:// in a fresh
// browser with nothing chosen or dropped, shows the briefing for the home
// area, locked, with who published it, the sources and the settings. The
// command line publishes the same briefing, and a briefing dropped into
// Scrutineer opens as a workspace.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startApp, openApp, axeViolations, loadStreetFor, streetFiles, ROOT, OUTPUT } from "./helpers.mjs";

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

// Rotherham's crimes of a type in a month, counted from the CSV files
// directly: the independent figure the briefing must show.
function countRotherham(files, month, type) {
  let n = 0;
  for (const file of files) {
    const lines = readFileSync(file, "utf8").split(/\r?\n/);
    const header = splitCsv(lines[0]);
    const [m, lsoa, t] = ["Month", "LSOA name", "Crime type"].map((h) => header.indexOf(h));
    for (const line of lines.slice(1)) {
      if (!line) continue;
      const cells = splitCsv(line);
      if (cells[m] === month && cells[lsoa].startsWith("Rotherham ") && cells[t] === type) n++;
    }
  }
  return n;
}

function splitCsv(line) {
  const out = [];
  let cell = "", quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { out.push(cell); cell = ""; }
    else cell += c;
  }
  out.push(cell);
  return out;
}

// Opens a briefing from file:// in a fresh context: the time to the
// briefing's headline, and every request made.
async function openBriefing(file, viewport) {
  const context = await app.browser.newContext({ viewport });
  const page = await context.newPage();
  const log = { requests: [], errors: [] };
  page.on("request", (r) => log.requests.push(r.url()));
  page.on("pageerror", (e) => log.errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error" || /Content[- ]Security[- ]Policy/i.test(m.text())) log.errors.push(m.text()); });
  const url = pathToFileURL(file).href;
  const start = Date.now();
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForSelector("#briefing-heading", { timeout: 60_000 });
  const ms = Date.now() - start;
  return { page, context, log, url, ms };
}

test("Publish for councillors: the download opens from file:// on the locked briefing, with the files' own figures", { timeout: 300_000 }, async () => {
  const files = await streetFiles("south-yorkshire");
  const burglary = countRotherham(files, "2020-03", "Burglary");
  const { page, context } = await openApp(app);
  let published;
  try {
    await loadStreetFor(page, "south-yorkshire", "Rotherham");
    await page.getByLabel("Published by").fill("Rotherham Community Safety Partnership");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Publish for councillors" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "rotherham-community-safety-2020-03.html");
    published = join(OUTPUT, download.suggestedFilename());
    await download.saveAs(published);
    await page.getByRole("status").filter({ hasText: "Saved rotherham-community-safety-2020-03.html" }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
  } finally {
    await context.close();
  }
  const size = statSync(published).size;
  console.log(`published briefing: ${published}, ${size.toLocaleString("en-GB")} bytes for ${files.length} months of South Yorkshire street files`);
  assert.ok(size < 3 * 1024 * 1024, `the briefing is ${size} bytes, over 3 MB`);

  const { page: briefing, context: fresh, log, url, ms } = await openBriefing(published, { width: 390, height: 844 });
  console.log(`time to the briefing's headline from file://: ${ms} ms`);
  try {
    assert.match(await briefing.locator("#briefing-heading").innerText(), /^Rotherham community safety, figures to March 2020: \d+ measures, \d+ needs? attention$/);
    assert.match(await briefing.locator(".published-line").innerText(), /^Published by Rotherham Community Safety Partnership on .+\. About these figures$/);
    await briefing.screenshot({ path: join(OUTPUT, "published-briefing-390.png") });
    const card = briefing.locator(".briefing-item").filter({ hasText: "Crimes: Burglary" });
    assert.match(await card.innerText(), new RegExp(`\\b${burglary} \\([0-9.]+ per 1,000 residents\\) in Mar 20`));
    assert.match(await briefing.locator(".published-by").innerText(),
      /^Published by Rotherham Community Safety Partnership on \d{1,2} [A-Z][a-z]+ 20\d\d with Scrutineer [0-9.]+, for Rotherham\.$/);
    const about = await briefing.locator(".about-figures").innerText();
    assert.match(about, /fixed by the publisher/);
    assert.match(about, /Compared with .+\(/, "the peer group");
    assert.match(about, /Positive outcomes: /, "the outcome set");
    assert.match(about, /Provisional when more than 20% of cases are still open/);
    assert.match(about, /SPC: a shift or trend is \d points in a row/);
    await briefing.locator(".about-sources summary").click();
    assert.match(await briefing.locator(".about-sources").innerText(), /2020-03-south-yorkshire-street\.csv: police\.uk street crime, 2020-03, 14,347 rows/);
    // Read-only: nothing to load, no settings to change.
    assert.equal(await briefing.locator("#file-input").count(), 0);
    assert.equal(await briefing.getByRole("link", { name: "Settings" }).count(), 0);
    assert.equal(await briefing.getByRole("link", { name: "Change settings" }).count(), 0);
    assert.equal(await briefing.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), false);
    assert.deepEqual(await axeViolations(briefing), []);
    // A measure page from it: figures, but no break or note forms.
    await card.locator("h3 a").click();
    await briefing.waitForSelector("#measure-summary");
    assert.equal(await briefing.locator("#theme-tag").count(), 0);
    assert.equal(await briefing.getByRole("button", { name: /Add (the )?note/ }).count(), 0);
    assert.deepEqual(await axeViolations(briefing), []);
    await briefing.goBack();
    await briefing.waitForSelector("#briefing-heading");
    await briefing.setViewportSize({ width: 1366, height: 900 });
    await briefing.screenshot({ path: join(OUTPUT, "published-briefing-1366.png") });
    // Nothing was asked for but the file itself and what it makes in memory.
    const outside = log.requests.filter((r) => r !== url && !r.startsWith(url + "#") && !/^(blob|data):/.test(r));
    assert.deepEqual(outside, []);
    assert.deepEqual(log.errors, []);

    // An officer opens the full app from it, and publishes again from this
    // copy: the page serialises itself, and the new file opens too.
    await briefing.getByRole("button", { name: "Open the full app" }).click();
    await briefing.getByRole("link", { name: "Data" }).click();
    await briefing.waitForSelector("#file-input", { state: "attached" });
    await briefing.getByLabel("Published by").fill("Second Team");
    const [again] = await Promise.all([
      briefing.waitForEvent("download"),
      briefing.getByRole("button", { name: "Publish for councillors" }).click(),
    ]);
    const second = join(OUTPUT, "republished-" + again.suggestedFilename());
    await again.saveAs(second);
    const { page: reopened, context: third, log: log3 } = await openBriefing(second, { width: 1366, height: 900 });
    try {
      assert.match(await reopened.locator(".published-by").innerText(), /^Published by Second Team on /);
      assert.match(await reopened.locator(".briefing-item").filter({ hasText: "Crimes: Burglary" }).innerText(),
        new RegExp(`\\b${burglary} \\(`));
      assert.deepEqual(log3.errors, []);
    } finally {
      await third.close();
    }
  } finally {
    await fresh.close();
  }
});

test("the command line publishes the same briefing, and a briefing dropped into Scrutineer opens as a workspace", { timeout: 300_000 }, async () => {
  const binary = ["debug", "release"].map((p) => join(ROOT, "target", p, "scrutineer")).find(existsSync);
  assert.ok(binary, "cargo build makes target/debug/scrutineer");
  const files = await streetFiles("south-yorkshire");
  const out = execFileSync(binary, ["publish", ...files, "--area", "Rotherham",
    "--app", join(ROOT, "dist", "scrutineer.html"), "--publisher", "Scheduled job", "--out", OUTPUT],
  { env: { ...process.env, SOURCE_DATE_EPOCH: "1796464800" } }).toString();
  const file = join(OUTPUT, "rotherham-community-safety-2020-03.html");
  assert.match(out, /rotherham-community-safety-2020-03\.html: [\d,]+ KB, the briefing for Rotherham/);
  const { page, context, log } = await openBriefing(file, { width: 1366, height: 900 });
  try {
    assert.match(await page.locator(".published-by").innerText(), /^Published by Scheduled job on 5 December 2026 with Scrutineer/);
    const burglary = countRotherham(files, "2020-03", "Burglary");
    assert.match(await page.locator(".briefing-item").filter({ hasText: "Crimes: Burglary" }).innerText(), new RegExp(`\\b${burglary} \\(`));
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }

  // Dropped into the served app: its figures open as a workspace would; a
  // web page that is not a briefing, or one from a newer Scrutineer, says why.
  const { page: served, context: other } = await openApp(app);
  try {
    const newer = join(OUTPUT, "newer-briefing.html");
    writeFileSync(newer, readFileSync(file, "utf8").replace('"version":1', '"version":2'));
    const minutes = join(OUTPUT, "minutes.html");
    writeFileSync(minutes, "<!DOCTYPE html><html><body><p>Minutes of the scrutiny board</p></body></html>");
    await served.setInputFiles("#file-input", [minutes, newer]);
    await served.getByText(/minutes\.html.*not a briefing published by Scrutineer/).waitFor();
    await served.getByText(/newer-briefing\.html.*published by a newer Scrutineer \(publication version 2/).waitFor();
    await served.setInputFiles("#file-input", [file]);
    await served.getByRole("link", { name: "See the scorecard for Rotherham" }).click();
    await served.waitForSelector("table.scorecard");
    const row = await served.locator('table.scorecard tr[data-measure="Crimes: Burglary"] > *').allInnerTexts();
    assert.equal(row[1], String(countRotherham(files, "2020-03", "Burglary")));
  } finally {
    await other.close();
  }
});

test("a file whose columns are not mapped stops Publish, by name, rather than a briefing short of its figures", { timeout: 300_000 }, async () => {
  const { page, context } = await openApp(app);
  try {
    await loadStreetFor(page, "south-yorkshire", "Rotherham");
    await page.setInputFiles("#file-input", { name: "odd-columns.csv", mimeType: "text/csv", buffer: Buffer.from("Thing,Amount\nA,1\nB,2\n") });
    await page.locator("table.files tbody tr", { hasText: "odd-columns.csv" }).waitFor({ timeout: 30_000 });
    await page.getByLabel("Published by").fill("Rotherham Community Safety Partnership");
    let downloaded = false;
    page.on("download", () => { downloaded = true; });
    await page.getByRole("button", { name: "Publish for councillors" }).click();
    const alert = page.locator("section[aria-labelledby=publish-heading] [role=alert]");
    await alert.waitFor();
    assert.equal(await alert.innerText(),
      "Not published: odd-columns.csv's columns are not mapped yet, so its figures would be left out. Map its columns above, or remove it, then publish.");
    await page.waitForTimeout(500);
    assert.equal(downloaded, false);
  } finally {
    await context.close();
  }
});
