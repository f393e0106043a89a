// Loading what officers actually have, through the real UI: a police.uk zip,
// a .csv.gz, a Windows-1252 export, a ragged file, an Excel workbook renamed
// .csv, and a large file cancelled part-way. Whatever happens, the data loaded
// before is unchanged.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, copyFileSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  startApp, openApp, streetFiles, readCountsTable, axeViolations, OUTPUT, SHARED_DATA, ROOT,
} from "./helpers.mjs";
import { makeStreetFile } from "./big_file.mjs";

const haveData = existsSync(join(SHARED_DATA, "police-uk/street"));
const skip = haveData ? false : "../shared/data is absent";
const FIXTURES = join(ROOT, "tests/fixtures");

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

// Builds a zip with Python's zipfile: members given as [name in archive, file path or text].
function zip(path, members) {
  const script = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, source, is_path in json.loads(sys.argv[2]):
        if is_path:
            z.write(source, name)
        else:
            z.writestr(name, source)
`;
  execFileSync("python3", ["-c", script, path, JSON.stringify(members)]);
  return path;
}

// Loads two South Yorkshire months and picks Rotherham: the data that must survive.
async function baseline(page) {
  const files = (await streetFiles("south-yorkshire")).slice(0, 2);
  await page.setInputFiles("#file-input", files);
  await page.getByRole("status").filter({ hasText: "2 files loaded" }).waitFor({ timeout: 60_000 });
  await page.selectOption("#council", "Rotherham");
  await page.waitForSelector("table.counts");
  return readCountsTable(page);
}

async function fileRow(page, pathText) {
  const row = page.locator("table.files tbody tr", { hasText: pathText });
  await row.first().waitFor({ timeout: 60_000 });
  return row.first().innerText();
}

test("a police.uk archive loads member by member; other entries are noticed", { skip }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    const sy = await streetFiles("south-yorkshire");
    const archive = zip(join(OUTPUT, "police-uk-archive.zip"), [
      ["2019-04/2019-04-south-yorkshire-street.csv", sy[0], true],
      ["2019-05/2019-05-south-yorkshire-street.csv", sy[1], true],
      ["2019-06/2019-06-south-yorkshire-street.csv", sy[2], true],
      ["README.md", "Data from data.police.uk", false],
    ]);
    await page.setInputFiles("#file-input", archive);
    await page.getByRole("status").filter({ hasText: "4 files loaded" }).waitFor({ timeout: 60_000 });
    const first = await fileRow(page, "police-uk-archive.zip/2019-04/2019-04-south-yorkshire-street.csv");
    assert.match(first, /police\.uk street crime/);
    assert.match(first, /14,914/);
    const archiveRow = await fileRow(page, "zip archive");
    assert.match(archiveRow, /1 other entry in the archive ignored \(not CSV\): README\.md/);
    await page.selectOption("#council", "Rotherham");
    await page.getByLabel("Burglary", { exact: true }).check();
    const rows = await readCountsTable(page);
    assert.equal(rows["2019-04"]["All crime excluding anti-social behaviour"], "1,972");
    assert.equal(rows["2019-04"]["Burglary"], "210");
    assert.equal(rows["2019-06"]["All crime excluding anti-social behaviour"], "1,970");
    assert.deepEqual(log.afterLoad, []);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});

test("a .csv.gz Home Office table loads beside street data, which is unchanged", { skip }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    const before = await baseline(page);
    await page.setInputFiles("#file-input", join(SHARED_DATA, "home-office/prc-outcomes-open-data-2017-18.csv.gz"));
    const row = await fileRow(page, "prc-outcomes-open-data-2017-18.csv.gz");
    assert.match(row, /Home Office crime outcomes/);
    assert.match(row, /450,912/);
    assert.match(row, /2017\/18 Q1 to 2017\/18 Q4/);
    assert.match(row, /ignored a notes row with no data \(blank or NA\) on line 450914/);
    assert.deepEqual(await readCountsTable(page), before);
    assert.deepEqual(log.afterLoad, []);
  } finally {
    await context.close();
  }
});

test("a Windows-1252 export shows £ and é correctly", { skip }, async () => {
  const { page, context } = await openApp(app);
  try {
    const before = await baseline(page);
    await page.setInputFiles("#file-input", join(FIXTURES, "measures-windows-1252.csv"));
    const row = await fileRow(page, "measures-windows-1252.csv");
    assert.match(row, /Windows-1252/);
    assert.match(row, /Saint-Étienne Café/);
    assert.deepEqual(await readCountsTable(page), before);
  } finally {
    await context.close();
  }
});

test("ragged rows are skipped with their line numbers named", { skip }, async () => {
  const { page, context } = await openApp(app);
  try {
    const before = await baseline(page);
    await page.setInputFiles("#file-input", join(FIXTURES, "street-ragged.csv"));
    const row = await fileRow(page, "street-ragged.csv");
    assert.match(row, /Loaded with warnings/);
    assert.match(row, /2 rows skipped: lines 7, 40: have 6 fields, expected 12/);
    assert.match(row, /1 row skipped: line 11: have 3 fields, expected 12/);
    assert.deepEqual(await readCountsTable(page), before);
    await page.screenshot({ path: join(OUTPUT, "ingestion-ragged.png"), fullPage: true });
    assert.deepEqual(await axeViolations(page), []);
  } finally {
    await context.close();
  }
});

// A 2 MB .csv.gz whose second line inflates to 2 GB: refused by its line,
// as too long, never called damaged; the data already loaded stays.
async function lineBomb(path) {
  const { createGzip } = await import("node:zlib");
  const { createWriteStream } = await import("node:fs");
  const { finished } = await import("node:stream/promises");
  const gzip = createGzip({ level: 9 });
  const out = gzip.pipe(createWriteStream(path));
  gzip.write("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n");
  const chunk = Buffer.alloc(16 << 20, "a");
  for (let i = 0; i < 128; i++) {
    if (!gzip.write(chunk)) await new Promise((r) => gzip.once("drain", r));
  }
  gzip.end("\n");
  await finished(out);
  return path;
}

test("a gzip line bomb is refused by its line, not called damaged", { skip, timeout: 180_000 }, async () => {
  const { page, context } = await openApp(app);
  try {
    const before = await baseline(page);
    const bomb = await lineBomb(join(OUTPUT, "2019-04-line-bomb-street.csv.gz"));
    await page.setInputFiles("#file-input", bomb);
    const alert = page.getByRole("alert");
    await alert.getByText("2019-04-line-bomb-street.csv.gz").waitFor({ timeout: 120_000 });
    const text = await alert.innerText();
    assert.match(text, /2019-04-line-bomb-street\.csv\.gz, line 2: this line is longer than 16 MB, so the file is not a table/);
    assert.doesNotMatch(text, /damaged|cut short/);
    assert.deepEqual(await readCountsTable(page), before);
  } finally {
    await context.close();
  }
});

test("a damaged Excel workbook renamed .csv is named as such", { skip }, async () => {
  const { page, context } = await openApp(app);
  try {
    const before = await baseline(page);
    const workbook = zip(join(OUTPUT, "renamed-workbook.csv"), [
      ["[Content_Types].xml", "<Types/>", false],
      ["xl/workbook.xml", "<workbook/>", false],
    ]);
    await page.setInputFiles("#file-input", workbook);
    const alert = page.getByRole("alert");
    await alert.getByText("renamed-workbook.csv").waitFor();
    assert.match(await alert.innerText(), /renamed-workbook\.csv: this is an Excel workbook \(\.xlsx\), but it cannot be opened \(.+\); it may be damaged, incomplete or password-protected/);
    assert.deepEqual(await readCountsTable(page), before);
    assert.equal(await page.locator("table.files tbody tr").count(), 2);
  } finally {
    await context.close();
  }
});

test("a large file shows progress and can be cancelled, keeping nothing from it", { skip }, async () => {
  const { page, context } = await openApp(app);
  try {
    const before = await baseline(page);
    const big = await makeStreetFile(join(OUTPUT, "street-large.csv"), 150_000_000);
    await page.setInputFiles("#file-input", big);
    const progress = page.locator("progress");
    await progress.waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Cancel loading street-large.csv" }).click();
    const alert = page.getByRole("alert");
    await alert.getByText("street-large.csv").waitFor({ timeout: 30_000 });
    assert.match(await alert.innerText(), /street-large\.csv: loading was cancelled, so nothing from this file was kept/);
    assert.equal(await page.locator("table.files tbody tr").count(), 2);
    assert.deepEqual(await readCountsTable(page), before);
    assert.equal(await progress.count(), 0, "the progress bar is gone");
  } finally {
    await context.close();
  }
});

test("a whole folder loads its data files, nested ones included, and skips the rest", { skip }, async () => {
  const { page, context } = await openApp(app);
  try {
    const sy = await streetFiles("south-yorkshire");
    const folder = join(OUTPUT, "police-uk-folder");
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(join(folder, "2019-05"), { recursive: true });
    copyFileSync(sy[0], join(folder, "2019-04-south-yorkshire-street.csv"));
    copyFileSync(sy[1], join(folder, "2019-05", "2019-05-south-yorkshire-street.csv"));
    writeFileSync(join(folder, "README.md"), "not data");
    await page.setInputFiles("#folder-input", folder);
    await page.getByRole("status").filter({ hasText: "2 files loaded" }).waitFor({ timeout: 60_000 });
    const names = await page.$$eval("table.files tbody th", (ths) => ths.map((t) => t.textContent).sort());
    assert.deepEqual(names, ["2019-04-south-yorkshire-street.csv", "2019-05-south-yorkshire-street.csv"]);
  } finally {
    await context.close();
  }
});
