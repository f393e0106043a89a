// The walking skeleton, as a user meets it: load the 11 South Yorkshire street
// files through the file input, choose Rotherham, and read the figures.
//
// Expected figures were computed independently with Python's csv module over
// ../shared/data (see tests/real_data.rs for the script): April 2019, Rotherham:
// 1,972 crimes excluding anti-social behaviour, 531 anti-social behaviour, 210
// burglary, 708 violence and sexual offences. police.uk published no July 2019.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  startApp, openApp, streetFiles, readCountsTable, axeViolations, canvasInk, OUTPUT, SHARED_DATA,
} from "./helpers.mjs";

const haveData = existsSync(join(SHARED_DATA, "police-uk/street"));
const skip = haveData ? false : "../shared/data is absent";
const TOTAL = "All crime excluding anti-social behaviour";
const CHOSEN = ["Anti-social behaviour", "Burglary", "Violence and sexual offences"];

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

async function loadRotherham(page) {
  const files = await streetFiles("south-yorkshire");
  assert.equal(files.length, 11);
  await page.setInputFiles("#file-input", files);
  await page.getByRole("status").filter({ hasText: "11 files loaded" }).waitFor({ timeout: 60_000 });
  await page.selectOption("#council", "Rotherham");
  for (const crimeType of CHOSEN) {
    await page.getByLabel(crimeType, { exact: true }).check();
  }
  await page.waitForSelector("table.counts");
}

test("Rotherham's monthly figures, gap, privacy and accessibility", { skip }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    await loadRotherham(page);

    // Each file is listed with its kind, month, force and rows.
    const firstFile = page.locator("table.files tbody tr").first();
    const fileText = await firstFile.innerText();
    for (const part of ["2019-04-south-yorkshire-street.csv", "police.uk street crime", "UTF-8, delimiter ,", "2019-04", "Sheffield, Doncaster, Rotherham, Barnsley, Wakefield and 13 more", "14,914"]) {
      assert.ok(fileText.includes(part), `file row shows ${part}: ${fileText}`);
    }

    // The councils offered come from the LSOA names.
    const councils = await page.$$eval("#council option", (os) => os.map((o) => o.value));
    for (const c of ["Barnsley", "Doncaster", "Rotherham", "Sheffield", "Wakefield"]) {
      assert.ok(councils.includes(c), `${c} offered`);
    }

    const rows = await readCountsTable(page);
    const april = rows["2019-04"];
    assert.equal(april.Month, "April 2019");
    assert.equal(april[TOTAL], "1,972");
    assert.equal(april["Anti-social behaviour"], "531");
    assert.equal(april["Burglary"], "210");
    assert.equal(april["Violence and sexual offences"], "708");

    // July 2019 is a visible gap, not a zero.
    const july = rows["2019-07"];
    assert.ok(july, "July 2019 has a row");
    assert.equal(july.missing, true);
    for (const column of [TOTAL, ...CHOSEN]) assert.equal(july[column], "No data");
    assert.equal(Object.keys(rows).length, 12);

    const summary = await page.locator("#trend-summary").innerText();
    assert.match(summary, /July 2019 is missing/);
    assert.match(summary, /22,810 crimes excluding anti-social behaviour/);

    // The chart was drawn, at device-pixel resolution.
    assert.ok((await canvasInk(page)) > 0.02, "the chart canvas has been drawn on");

    const shot = join(OUTPUT, "walking-skeleton-rotherham.png");
    await page.screenshot({ path: shot, fullPage: true });

    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));

    // Privacy: every request came from the app's own origin, and none at all
    // were made after the page had loaded (files are read locally).
    const foreign = log.requests.filter((u) => !u.startsWith(app.origin + "/"));
    assert.deepEqual(foreign, [], "requests to other origins");
    assert.deepEqual(log.afterLoad, [], "requests after the initial page load");
    assert.deepEqual(log.cspViolations, [], "CSP violations");
    assert.deepEqual(log.errors, [], "page errors");
  } finally {
    await context.close();
  }
});

test("bad files get a message naming the file; loaded data is untouched", { skip }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    await loadRotherham(page);
    const before = await readCountsTable(page);

    const may = (await streetFiles("south-yorkshire")).find((f) => f.includes("2019-05"));
    await page.setInputFiles("#file-input", [
      { name: "2019-05-south-yorkshire-street.csv", mimeType: "text/csv", buffer: await readFile(may) },
      { name: "workbook.csv", mimeType: "text/csv", buffer: Buffer.from("PK\x03\x04\x14\x00[Content_Types].xml xl/workbook.xml") },
      { name: "wrong-columns.csv", mimeType: "text/csv", buffer: Buffer.from("Crime ID,Month,Falls within,Crime type\n,2019-04,South Yorkshire Police,Drugs\n") },
      { name: "empty.csv", mimeType: "text/csv", buffer: Buffer.alloc(0) },
      { name: "2019-04-south-yorkshire-street.csv", mimeType: "text/csv", buffer: Buffer.from("Crime ID,Month,Falls within,LSOA name,Crime type\n,2019-04,South Yorkshire Police,Rotherham 001A,Drugs\n") },
    ]);
    const alert = page.getByRole("alert");
    await alert.getByText("empty.csv").waitFor();
    const text = await alert.innerText();
    assert.match(text, /workbook\.csv: this is an Excel workbook/);
    assert.match(text, /wrong-columns\.csv, line 1: missing columns LSOA name: this looks like a police\.uk street crime file/);
    assert.match(text, /empty\.csv: the file is empty/);
    assert.match(text, /2019-05-south-yorkshire-street\.csv: this file is already loaded/);
    // A different file with the same force and month: loaded, but its rows are
    // duplicates of crimes already loaded, so they are dropped, and it says so.
    const extra = page.locator("table.files tbody tr").nth(11);
    await extra.waitFor();
    assert.match(await extra.innerText(), /1 duplicate row dropped/);
    assert.equal(await page.locator("table.files tbody tr").count(), 12);
    assert.deepEqual(await readCountsTable(page), before);
    assert.equal(await page.inputValue("#council"), "Rotherham");

    await page.screenshot({ path: join(OUTPUT, "walking-skeleton-bad-files.png"), fullPage: true });
    assert.deepEqual(await axeViolations(page), []);
    // workbook.csv is a spreadsheet: the app's own spreadsheet module, from
    // its own origin, is the one request after load.
    assert.deepEqual(log.afterLoad, [`${app.origin}/sheets.wasm`]);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});

test("keyboard alone reaches the file input, council and crime types", { skip }, async () => {
  const { page, context } = await openApp(app);
  try {
    await loadRotherham(page);
    await page.locator("body").click({ position: { x: 1, y: 1 } });
    const reached = new Set();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      reached.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName));
    }
    for (const id of ["file-input", "council", "crime-type-0"]) {
      assert.ok(reached.has(id), `Tab reaches #${id}; reached ${[...reached].join(", ")}`);
    }
    // Choosing by keyboard: focus the select and change the council with the arrow keys.
    await page.focus("#council");
    await page.keyboard.press("ArrowDown");
    assert.notEqual(await page.inputValue("#council"), "Rotherham");
  } finally {
    await context.close();
  }
});

test("works on a phone-sized screen without sideways scrolling", { skip }, async () => {
  const { page, context } = await openApp(app, { width: 390, height: 844 });
  try {
    await loadRotherham(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    assert.ok((await canvasInk(page)) > 0.02, "the chart is drawn at phone width");
    await page.locator("section[aria-labelledby=trend-heading]").screenshot({ path: join(OUTPUT, "walking-skeleton-phone-chart.png") });
    assert.deepEqual(await axeViolations(page), []);
  } finally {
    await context.close();
  }
});

test("a browser that cannot run the app is told so on the page", { timeout: 60_000 }, async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  try {
    // A damaged download stands in for a browser that cannot compile the module.
    await page.route(/_bg\.wasm$/, (route) => route.fulfill({ status: 200, contentType: "application/wasm", body: "not wasm" }));
    page.on("pageerror", () => {});
    await page.goto(app.origin + "/");
    const alert = page.getByRole("alert");
    await alert.waitFor({ timeout: 30_000 });
    assert.match(await alert.innerText(), /^Scrutineer could not start in this browser\. Please use an up-to-date Edge, Chrome or Firefox\. \(/);
  } finally {
    await context.close();
  }
});
