// Spreadsheets as published, chosen as they come: the ONS population workbook
// (.xls), Home Office tables (.ods) and a House of Commons Library workbook
// (.xlsx). Each sheet with a table is listed like a file; the population
// sheet is used for rates; a workbook with no table says why by name.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startApp, openApp, axeViolations, OUTPUT, SHARED_DATA, ROOT } from "./helpers.mjs";

const ONS = join(SHARED_DATA, "population/ons-mid-2019-population-estimates-lad-april-2020-codes.xls");
const ODS = join(SHARED_DATA, "spreadsheets/home-office-police-workforce-sep19-tables.ods");
const XLSX = join(SHARED_DATA, "spreadsheets/hocl-msoa-names-1.14.xlsx");
const skip = [ONS, ODS, XLSX].every(existsSync) ? false : "../shared/data spreadsheets are absent";

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

const row = (page, text) => page.locator("table.files tbody tr", { hasText: text }).first();

test("published workbooks load sheet by sheet, with what each sheet became", { skip, timeout: 180_000 }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    await page.setInputFiles("#file-input", [ONS, ODS, XLSX]);
    await row(page, ".xls/MYE2 - Persons").waitFor({ timeout: 90_000 });
    await row(page, "hocl-msoa-names-1.14.xlsx/Sheet1").waitFor({ timeout: 90_000 });
    await row(page, ".ods/Table_1").waitFor({ timeout: 90_000 });
    await page.waitForFunction(() => !document.body.innerText.includes("Reading "), null, { timeout: 90_000 });

    const persons = await row(page, ".xls/MYE2 - Persons").innerText();
    assert.match(persons, /population/);
    assert.match(persons, /the header is row 5, and line numbers here are the sheet's rows/);
    const book = await row(page, "ons-mid-2019-population-estimates-lad-april-2020-codes.xls").innerText();
    assert.match(book, /Excel workbook \(old style\)/);
    assert.match(book, /not read: 'Admin geography hierarchy'/);
    const table1 = await row(page, ".ods/Table_1").innerText();
    assert.match(table1, /the header is row 6/);
    await page.screenshot({ path: join(OUTPUT, "spreadsheets-loaded.png"), fullPage: true });

    // Beside the population sheets, the workbook's other sheets are listed, not loaded.
    assert.match(book, /not loaded, as their layouts are not ones Scrutineer knows: 'Contents '/);
    assert.equal(await row(page, ".xls/MYE1").count(), 0);
    // The Home Office tables are in no layout Scrutineer knows: each can be
    // mapped, folded under its name.
    const folds = page.locator("details.mapper-fold summary");
    assert.ok(await folds.count() >= 14, `${await folds.count()} folded mappers`);
    await folds.filter({ hasText: /\.ods\/Table_1$/ }).click();
    await page.getByRole("table", { name: /First rows of .*Table_1/ }).waitFor();
    const firstRows = await page.getByRole("table", { name: /First rows of .*Table_1/ }).innerText();
    assert.match(firstRows, /As at: 2018-09-30/);
    assert.match(firstRows, /Cleveland\s+1223\.92/);
    await page.screenshot({ path: join(OUTPUT, "spreadsheets-mapper.png") });
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});

test("a workbook with no table says so, naming the sheet", { timeout: 60_000 }, async () => {
  const { page, context } = await openApp(app);
  try {
    await page.setInputFiles("#file-input", join(ROOT, "tests/fixtures/title-only.ods"));
    const alert = page.getByRole("alert");
    await alert.getByText("title-only.ods").waitFor({ timeout: 30_000 });
    assert.match(await alert.innerText(), /title-only\.ods: this is an OpenDocument spreadsheet \(\.ods\), and none of its sheets has a table Scrutineer can read: 'Table 1' has no header row Scrutineer recognises/);
    await page.screenshot({ path: join(OUTPUT, "spreadsheet-refused.png") });
  } finally {
    await context.close();
  }
});

// The spreadsheet reader is a module of its own (src/bin/sheets.rs), which
// the ingestion worker fetches only when a spreadsheet arrives, and once.
test("the spreadsheet module is fetched only when a spreadsheet arrives", { skip, timeout: 120_000 }, async () => {
  const { page, context, log } = await openApp(app);
  const sheetsFetches = () => log.requests.filter((u) => /\/sheets\.wasm$/.test(u)).length;
  try {
    await page.setInputFiles("#file-input", join(ROOT, "examples/hate-crime-2018-19.csv"));
    await row(page, "hate-crime-2018-19.csv").waitFor({ timeout: 30_000 });
    assert.equal(sheetsFetches(), 0, "no spreadsheet yet, so no spreadsheet module");
    await page.setInputFiles("#file-input", XLSX);
    await row(page, "hocl-msoa-names-1.14.xlsx/Sheet1").waitFor({ timeout: 60_000 });
    assert.equal(sheetsFetches(), 1);
    await page.setInputFiles("#file-input", ODS);
    await row(page, ".ods/Table_1").waitFor({ timeout: 60_000 });
    assert.equal(sheetsFetches(), 1, "fetched once, kept for the next spreadsheet");
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});

test("a spreadsheet module that cannot be fetched is named as the reason, and the next spreadsheet tries again", { timeout: 120_000 }, async () => {
  // Without the offline copy, which would answer from its cache.
  const { page, context } = await openApp(app, undefined, { serviceWorkers: "block" });
  try {
    await context.route(/\/sheets\.wasm$/, (route) => route.fulfill({ status: 404, body: "" }));
    const fixture = join(ROOT, "tests/fixtures/title-only.ods");
    await page.setInputFiles("#file-input", fixture);
    const alert = page.getByRole("alert");
    await alert.getByText("title-only.ods").waitFor({ timeout: 30_000 });
    assert.match(await alert.innerText(),
      /title-only\.ods: this is an OpenDocument spreadsheet \(\.ods\), but Scrutineer's spreadsheet reader could not be loaded \(sheets\.wasm: HTTP 404\); reload Scrutineer and choose it again/);
    await page.screenshot({ path: join(OUTPUT, "spreadsheet-module-missing.png") });
    await context.unroute(/\/sheets\.wasm$/);
    await page.setInputFiles("#file-input", fixture);
    await alert.getByText("has no header row Scrutineer recognises").waitFor({ timeout: 30_000 });
  } finally {
    await context.close();
  }
});
