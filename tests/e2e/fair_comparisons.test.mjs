// Fair comparisons, as a councillor would meet them: areas of different size
// ranked per 1,000 residents, a council's own measures file alone giving a
// scorecard, the page's scorecard equal to `scrutineer scorecard` row by row,
// and one card per measure on a phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { startApp, openApp, loadFiles, axeViolations, ROOT, OUTPUT, SHARED_DATA } from "./helpers.mjs";

const STREET = join(SHARED_DATA, "police-uk/street");
const skip = existsSync(STREET) ? false : "../shared/data is absent";
const HATE = join(ROOT, "examples/hate-crime-2018-19.csv");
let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

// The command line built by `cargo test` (scripts/test.sh runs it first), or a release build.
function cli() {
  for (const p of ["target/debug/scrutineer", "target/release/scrutineer"]) {
    if (existsSync(join(ROOT, p))) return join(ROOT, p);
  }
  throw new Error("no scrutineer binary: run cargo test or cargo build first");
}

async function cells(page) {
  const headers = (await page.locator("table.scorecard thead th").allInnerTexts()).map((h) => h.replace(/[▲▼]/g, "").trim());
  const rows = page.locator("table.scorecard tr[data-measure]");
  const out = {};
  for (let i = 0; i < await rows.count(); i++) {
    const r = rows.nth(i);
    const texts = await r.locator("> *").allInnerTexts();
    out[await r.getAttribute("data-measure")] = Object.fromEntries(headers.map((h, j) => [h, texts[j]]));
  }
  return out;
}

// "1,974" -> 1974, "6.9%" -> 6.9.
// The figure before any counts: "18.4% (23 of 125)" is 18.4.
const number = (text) => Number(text.split("\n")[0].replace(/ \(.*$/, "").replace(/[,%]/g, ""));

test("a council's own measures file alone gives a scorecard for its area", async () => {
  const { page, context, log } = await openApp(app);
  try {
    await loadFiles(page, [HATE]);
    const groups = await page.$$eval("#council optgroup", (gs) => gs.map((g) => [g.label, [...g.querySelectorAll("option")].map((o) => o.value)]));
    assert.deepEqual(groups, [["Areas in your measures files", ["Rotherham"]]]);
    await page.selectOption("#council", "Rotherham");
    await page.getByRole("link", { name: "See the scorecard for Rotherham" }).click();
    await page.waitForSelector("table.scorecard");
    const hate = (await cells(page))["Hate crime positive outcomes"];
    assert.equal(hate["Value"], "6.9%");
    assert.match(hate["Target"], /Off target \(target 20\.0%\)/);
    // None of its ONS similar areas is in the file, so its force's other
    // councils, from the built-in ONS lookup, are the peers, and it says so.
    const context = await page.locator("aside.context").innerText();
    assert.match(context, /Compared with no other areas \(Rotherham's 20 most similar areas \(ONS Explore Local Statistics, overall\)\)/);
    assert.match(context, /is compared with Barnsley, Doncaster and Sheffield \(the other councils in South Yorkshire\) instead/);
    assert.match(context, /0 in your files\. For them, add police\.uk files for West Yorkshire \(Wakefield\)/);
    await page.screenshot({ path: join(OUTPUT, "fair-hate-crime-alone.png"), fullPage: true });
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});

test("the page's scorecard is the command line's, row by row", { skip, timeout: 180_000 }, async () => {
  const files = [
    join(STREET, "2020-02-south-yorkshire-street.csv"),
    join(STREET, "2020-03-south-yorkshire-street.csv"),
    HATE,
  ];
  const json = JSON.parse(execFileSync(cli(), ["scorecard", ...files, "--area", "Rotherham"], { encoding: "utf8" }));
  const { page, context, log } = await openApp(app);
  try {
    await loadFiles(page, files);
    await page.selectOption("#council", "Rotherham");
    await page.getByRole("link", { name: "See the scorecard for Rotherham" }).click();
    await page.waitForSelector("table.scorecard");
    const shown = await cells(page);
    assert.deepEqual(Object.keys(shown).sort(), json.measures.map((m) => m.measure).sort());
    assert.equal(json.measures.length, 17);
    for (const m of json.measures) {
      const row = shown[m.measure];
      const latest = m.latest;
      assert.equal(number(row["Value"]), Math.round(latest.value * 10) / 10, m.measure);
      if (latest.rate !== null) {
        assert.equal(m.comparison_basis, "per 1,000 residents, ONS mid-2019");
        assert.equal(row["Per 1,000 residents"], `${latest.rate < 0.1 ? latest.rate.toFixed(3) : latest.rate.toFixed(2)} (${m.residents.source})`, m.measure);
      } else {
        assert.equal(row["Per 1,000 residents"], m.kind === "count" ? "No population figure" : "Not a count", m.measure);
      }
      const rank = m.peers ? `${m.peers.rank}` : null;
      if (rank) assert.match(row["Rank among peers"], new RegExp(`^${rank}(st|nd|rd|th) of ${m.peers.of}`), m.measure);
      else assert.doesNotMatch(row["Rank among peers"], / of \d/, m.measure);
      assert.equal(row["Provisional"].startsWith("Yes"), m.series.some((p) => p.provisional), m.measure);
    }
    // The board's question: burglary, March 2020, Sheffield first per 1,000 residents.
    assert.match(shown["Crimes: Burglary"]["Rank among peers"], /^2nd of 4 councils in the force area \(per 1,000 residents\)/);
    await page.locator('table.scorecard tr[data-measure="All crime excluding anti-social behaviour"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUTPUT, "fair-scorecard-1366.png") });
    await page.getByRole("link", { name: "Crimes: Burglary" }).click();
    await page.waitForSelector("table.peer-table");
    const first = (await page.locator("table.peer-table tbody tr").first().innerText()).split("\t");
    assert.deepEqual(first.slice(0, 3), ["1st", "Sheffield", "0.57"]);
    assert.match(await page.locator("table.peer-table caption").innerText(), /per 1,000 residents, ONS mid-2019/);
    assert.deepEqual(log.afterLoad, []);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});

test("on a phone the scorecard is one card per measure, nothing cut off", { skip, timeout: 180_000 }, async () => {
  const { page, context, log } = await openApp(app, { width: 390, height: 844 });
  try {
    await loadFiles(page, [join(STREET, "2020-03-south-yorkshire-street.csv"), HATE]);
    await page.selectOption("#council", "Rotherham");
    await page.getByRole("link", { name: "See the scorecard for Rotherham" }).click();
    await page.waitForSelector("table.scorecard");
    const card = page.locator('table.scorecard tr[data-measure="Crimes: Burglary"]');
    await card.scrollIntoViewIfNeeded();
    const box = await card.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `the card fits the screen: ${JSON.stringify(box)}`);
    // Each figure is labelled in the card itself.
    const label = await card.locator('td[data-label="Rank among peers"]').evaluate((td) => getComputedStyle(td, "::before").content);
    assert.equal(label, '"Rank among peers"');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, "no sideways scrolling");
    await page.screenshot({ path: join(OUTPUT, "fair-scorecard-390.png") });
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});
