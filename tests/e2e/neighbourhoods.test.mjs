// Neighbourhoods in the browser, from the example (Rotherham, 26 months):
// the hex map with every neighbourhood reachable by keyboard, the table
// against the independent count in tests/fixtures/rotherham-neighbourhoods.tsv,
// choosing a hexagon filtering the trend and the table, the choice in the URL,
// the hot spots, and the neighbourhood table fetched only when the view opens.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { startApp, openApp, axeViolations, canvasInk, OUTPUT, ROOT } from "./helpers.mjs";

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

// code -> [March 2020, 12 months to March 2020 without July]
async function expected() {
  const text = await readFile(join(ROOT, "tests/fixtures/rotherham-neighbourhoods.tsv"), "utf8");
  const out = new Map();
  for (const line of text.trim().split("\n")) {
    const [kind, code, march, window] = line.split("\t");
    out.set(code, { kind, march: Number(march), window: Number(window) });
  }
  return out;
}

const number = (text) => Number(text.replace(/,/g, ""));

test("neighbourhoods: hex map by keyboard, tables against an independent count, a chosen hexagon in the trend, table and URL", { timeout: 240_000 }, async () => {
  const { page, context, log } = await openApp(app);
  const want = await expected();
  try {
    await page.getByRole("button", { name: "Explore the example data" }).click();
    await page.waitForSelector("table.scorecard", { timeout: 60_000 });
    assert.ok(!log.afterLoad.some((u) => u.includes("neighbourhoods.tsv.gz")), "not fetched before the view opens");
    await page.getByRole("link", { name: "Neighbourhoods" }).click();
    await page.waitForSelector("#neighbourhood-table", { timeout: 60_000 });
    assert.match(page.url(), /#\/neighbourhoods\?area=Rotherham/);
    assert.deepEqual(log.afterLoad.map((u) => u.replace(app.origin, "")), ["/example.scrutineer.json.gz", "/neighbourhoods.tsv.gz"]);

    // Every neighbourhood's count is the independent one.
    const rows = page.locator("#neighbourhood-table tbody tr");
    assert.equal(await rows.count(), 33);
    for (const row of await rows.all()) {
      const code = await row.getAttribute("data-code");
      const cells = await row.locator("td").allInnerTexts();
      assert.equal(number(cells[0]), want.get(code).window, code);
    }
    const wards = page.locator("#ward-table tbody tr");
    assert.equal(await wards.count(), 21);
    for (const row of await wards.all()) {
      const code = await row.getAttribute("data-code");
      assert.equal(number((await row.locator("td").allInnerTexts())[0]), want.get(code).window, code);
    }
    assert.match(await page.locator(".footnote").first().innerText(), /best-fit lookup/);
    assert.match(await page.locator("#hex-summary").innerText(), /No small-area population is loaded/);

    // The map: every hexagon reached with the arrow keys, its words read out.
    const map = page.locator(".hex-map");
    assert.ok(await canvasInk(page, ".hex-map canvas") > 0.05, "the hexagons are drawn");
    await map.focus();
    const live = map.locator("[aria-live]");
    const heard = new Set();
    for (let i = 0; i < 33; i++) {
      await page.keyboard.press("ArrowRight");
      heard.add(await live.innerText());
    }
    assert.equal(heard.size, 33, "33 different neighbourhoods read out");
    const names = await page.locator("#neighbourhood-table tbody th a").allInnerTexts();
    for (const name of names) assert.ok([...heard].some((h) => h.startsWith(name + " (")), name);
    await page.locator(".hex-map").screenshot({ path: join(OUTPUT, "neighbourhood-map.png") });

    // Home, then Enter: the first hexagon (the most northerly) is chosen.
    await page.keyboard.press("Home");
    const first = await live.innerText();
    await page.keyboard.press("Enter");
    await page.waitForSelector("#neighbourhood-table tbody tr >> nth=0");
    await page.waitForFunction(() => document.querySelectorAll("#neighbourhood-table tbody tr").length === 1);
    const code = await page.locator("#neighbourhood-table tbody tr").getAttribute("data-code");
    assert.ok(first.startsWith(await page.locator("#neighbourhood-table tbody th a").innerText()));
    assert.match(page.url(), new RegExp(`hex=${code}`));
    assert.match(await page.locator("h3", { hasText: "Trend:" }).innerText(), /Trend: all crime excluding anti-social behaviour in .+ \(Rotherham \d{3}\)|Trend: All crime excluding anti-social behaviour in .+ \(Rotherham \d{3}\)/);
    // The trend's table is that neighbourhood's: March 2020 as counted independently.
    const march = await page.locator('#counts-table tr[data-month="2020-03"] td').first().textContent();
    assert.equal(number(march), want.get(code).march);
    const chosenUrl = page.url();

    // The URL holds the choice: away and back by the link, the same hexagon.
    await page.getByRole("link", { name: "Scorecard" }).click();
    await page.waitForSelector("table.scorecard");
    await page.goto(chosenUrl);
    await page.waitForFunction((c) => document.querySelector("#neighbourhood-table tbody tr")?.getAttribute("data-code") === c
      && document.querySelectorAll("#neighbourhood-table tbody tr").length === 1, code);
    assert.match(await page.getByRole("status").filter({ hasText: "Showing" }).innerText(), /Showing .+ \(Rotherham \d{3}\)/);

    // Another measure: burglary, still filtered to the hexagon.
    await page.locator("#place-measure").selectOption("Crimes: Burglary");
    await page.waitForFunction(() => /Burglary/.test(location.hash));
    assert.match(page.url(), new RegExp(`hex=${code}`));
    assert.match(await page.locator("#hex-summary").innerText(), /burglary by neighbourhood/);

    // Back to the whole council; hot spots over it.
    await page.getByRole("link", { name: "Show all of Rotherham" }).click();
    await page.waitForFunction(() => document.querySelectorAll("#neighbourhood-table tbody tr").length === 33);
    assert.ok(await canvasInk(page, ".hot-spots canvas") > 0.02, "hot spots drawn");
    assert.equal(await page.locator("#hot-spot-table tbody tr").count(), 10);
    await page.locator(".hot-spots").screenshot({ path: join(OUTPUT, "neighbourhood-hot-spots.png") });
    // Sorting by name puts the table in A to Z order.
    await page.locator("#neighbourhood-table").getByRole("button", { name: "Neighbourhood" }).click();
    const sorted = await page.locator("#neighbourhood-table tbody th a").allInnerTexts();
    assert.deepEqual(sorted, [...sorted].sort((a, b) => a.localeCompare(b)));
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});
