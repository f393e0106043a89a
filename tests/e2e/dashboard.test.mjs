// The dashboard, driven as a councillor would: South Yorkshire and Merseyside
// street files plus the Home Office outcomes file, Rotherham against Barnsley,
// Doncaster and Sheffield. Expected figures were computed independently with
// Python's csv module over ../shared/data (council = LSOA name minus its last
// word; positive outcomes = HO types 1,2,3,4,6,7,8 over offences):
//   March 2020 burglary: Rotherham 175, Barnsley 186, Doncaster 266, Sheffield 333
//   March 2020 violence and sexual offences: Rotherham 777, Barnsley 765 (so 2nd of 4)
//   2017/18 Q4 positive outcome rate: South Yorkshire 3722/32392 = 11.49%,
//   Merseyside 5009/31407 = 15.95%; Q3 South Yorkshire 4057/36331 = 11.17%
//   South Yorkshire type 0 ("not yet assigned an outcome") share: Q1 1.2%,
//   Q2 1.9%, Q3 2.7%, Q4 3.4%, so at a 3% threshold only Q4 is provisional.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startApp, openApp, streetFiles, axeViolations, canvasInk, OUTPUT, SHARED_DATA, ROOT as ROOT_DIR, loadFiles, loadStreetFor } from "./helpers.mjs";

const HO = join(SHARED_DATA, "home-office/prc-outcomes-open-data-2017-18.csv.gz");
const skip = existsSync(HO) ? false : "../shared/data is absent";
const HO_RATE = "Positive outcome rate (%, outcome types 1,2,3,4,6,7,8, of offences recorded in the period)";
let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

async function loadAll(page) {
  const files = [...await streetFiles("south-yorkshire"), ...await streetFiles("merseyside"), HO];
  await loadFiles(page, files);
}

async function row(page, measure) {
  const r = page.locator(`table.scorecard tr[data-measure="${measure}"]`);
  const cells = await r.locator("> *").allInnerTexts();
  const headers = await page.locator("table.scorecard thead th").allInnerTexts();
  return Object.fromEntries(headers.map((h, i) => [h.replace(/[▲▼]/g, "").trim(), cells[i]]));
}

async function shoot(page, name) {
  await page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });
  // What a user sees first, for the README.
  await page.screenshot({ path: join(OUTPUT, `${name}-first-screen.png`) });
}

async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
}

test("dashboard: scorecard figures, rank, provisional flag, links, keyboard tooltips, every view accessible", { skip, timeout: 300_000 }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    // This test is about the force's councils (the default is ONS similar
    // areas: tests/e2e/similar_areas.test.mjs): a saved choice, as a returning user has.
    await page.evaluate(() => localStorage.setItem("scrutineer.settings.v1", JSON.stringify({ peer_mode: "same_force" })));
    await page.reload();
    await page.waitForSelector("#file-input", { state: "attached" });
    await loadAll(page);
    await page.selectOption("#council", "Rotherham");
    await page.getByRole("link", { name: "See the scorecard for Rotherham" }).click();
    await page.waitForSelector("table.scorecard");
    assert.match(page.url(), /#\/scorecard\?area=Rotherham&peers=Barnsley,Doncaster,Sheffield$/);
    assert.match(await page.locator("aside.context").innerText(), /Compared with Barnsley, Doncaster and Sheffield \(the other councils in South Yorkshire Police\)/);
    assert.match(await page.locator("aside.context").innerText(), /Home Office figures are for the South Yorkshire force area, ranked among the other 42 territorial force areas in the loaded data \(police forces' "most similar groups" are not published\)/);

    const burglary = await row(page, "Crimes: Burglary");
    // Ranked per 1,000 residents (ONS mid-2019), never on raw counts:
    // Sheffield 333 / 584,853 = 0.57, Rotherham 175 / 265,411 = 0.66.
    assert.equal(burglary["Value"], "175");
    assert.equal(burglary["Per 1,000 residents"], "0.66 (ONS mid-2019)");
    assert.match(burglary["Rank among peers"], /^2nd of 4 [a-z ]+ \(per 1,000 residents\); their average /);
    const violence = await row(page, "Crimes: Violence and sexual offences");
    // Per 1,000: Sheffield 2.45, Rotherham 2.93, Barnsley 3.10, Doncaster 3.46.
    assert.equal(violence["Value"], "777");
    assert.equal(violence["Per 1,000 residents"], "2.93 (ONS mid-2019)");
    assert.match(violence["Rank among peers"], /^2nd of 4 [a-z ]+ \(per 1,000 residents\); their average /);
    const rate = await row(page, HO_RATE);
    assert.match(rate["Measure"], /2017\/18 Q4/);
    assert.equal(rate["Value"], "11.5% (3,722 of 32,392)");
    assert.equal(rate["Per 1,000 residents"], "Not a count");
    assert.equal(rate["Change"], "+0.3 points on the period before: could be chance");
    // Among every territorial force with a mature figure (Derbyshire and
    // North Yorkshire, over 20% open, are not ranked).
    assert.match(rate["Rank among peers"], /^38th of 41 force areas; their average /);
    assert.equal(rate["Provisional"], "No", "3.4% open is under the default 20%");
    assert.match(rate["Measure"], /Needs attention: bottom quarter of force areas/);
    // The force-level group is labelled as such.
    assert.ok(await page.getByRole("columnheader", { name: "Force area: South Yorkshire (Home Office figures)" }).isVisible());
    for (const size of [[1366, 768], [390, 844]]) {
      await page.setViewportSize({ width: size[0], height: size[1] });
      await shoot(page, `dashboard-scorecard-${size[0]}`);
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    assert.deepEqual(await axeViolations(page), [], "scorecard");

    // Needs attention: only measures with a reason stay.
    await page.getByLabel(/Show only measures that need attention/).check();
    const shown = await page.locator("table.scorecard tr[data-measure]").count();
    assert.ok(shown >= 1);
    assert.equal(await page.locator("table.scorecard tr[data-measure]:not(:has(.attention))").count(), 0);
    await page.getByLabel(/Show only measures that need attention/).uncheck();

    // Sorting by value, descending, puts the biggest count first.
    await page.getByRole("button", { name: "Value" }).click();
    await page.getByRole("button", { name: "Value" }).click();
    assert.equal(await page.locator("th[aria-sort=descending]").innerText(), "Value ▼");
    const firstUntagged = page.locator("table.scorecard tbody").filter({ hasText: "Not tagged to a priority" }).locator("tr[data-measure]").first();
    assert.equal(await firstUntagged.getAttribute("data-measure"), "All crime excluding anti-social behaviour");

    // Settings: a 3% provisional threshold flags 2017/18 Q4 (3.4% open) only.
    await page.getByRole("link", { name: "Change settings" }).click();
    await page.waitForSelector("#settings-heading");
    assert.ok(await page.locator("#peers-same-force").isChecked());
    await page.fill("#provisional-threshold", "3");
    await page.locator("#provisional-threshold").dispatchEvent("change");
    for (const size of [[1366, 768], [390, 844]]) {
      await page.setViewportSize({ width: size[0], height: size[1] });
      await shoot(page, `dashboard-settings-${size[0]}`);
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    assert.deepEqual(await axeViolations(page), [], "settings");
    await page.goBack();
    await page.waitForSelector("table.scorecard");
    assert.match(await page.locator("aside.context").innerText(), /more than 3% of cases/);
    const flagged = await row(page, HO_RATE);
    assert.equal(flagged["Provisional"], "Yes: 2017/18 Q4 (3% open)");

    // The measure page, from the scorecard link.
    await page.getByRole("link", { name: "Crimes: Burglary" }).click();
    await page.waitForSelector("#measure-heading");
    assert.equal(await page.locator("#measure-heading").innerText(), "Crimes: Burglary in Rotherham");
    assert.match(await page.locator("#measure-summary").innerText(), /^Crimes: Burglary: 175 in March 2020 \(0\.66 per 1,000 residents, ONS mid-2019\), 2nd of 4 councils in the force area on that rate; their average 0\.73\./);
    assert.ok(await canvasInk(page, ".trend-chart canvas") > 0.01);
    const peerRows = await page.locator("table.peer-table tbody tr").allInnerTexts();
    assert.deepEqual(peerRows.map((r) => r.split("\t").slice(0, 5).join(" ")), [
      "1st Sheffield 0.57 333 584,853", "2nd Rotherham (your area) 0.66 175 265,411",
      "3rd Barnsley 0.75 186 246,866", "4th Doncaster 0.85 266 311,890",
    ]);
    assert.equal(await page.locator(".multiples canvas").count(), 4);

    // Quarters: the URL says so, and a fresh page opening the link (data
    // loaded afterwards) shows the same view.
    await page.locator("#period-quarter").check();
    await page.waitForFunction(() => location.hash.includes("period=quarter"));
    const link = page.url();
    assert.match(link, /#\/measure\/Crimes%3A%20Burglary\?area=Rotherham&period=quarter&peers=Barnsley,Doncaster,Sheffield$/);
    const trendRows = await page.locator("table.trend-table tbody tr").allInnerTexts();
    // Rotherham burglary by month (Python): Apr-Jun 210+200+138 = 548; Oct-Dec 633; Jan-Mar 534.
    assert.deepEqual(trendRows.map((r) => r.split("\t").slice(0, 2).join(" ")),
      ["2019/20 Q1 548", "2019/20 Q2 No data (missing Jul 19)", "2019/20 Q3 633", "2019/20 Q4 534"]);
    for (const size of [[1366, 768], [390, 844]]) {
      await page.setViewportSize({ width: size[0], height: size[1] });
      await settle(page);
      await shoot(page, `dashboard-measure-${size[0]}`);
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    assert.deepEqual(await axeViolations(page), [], "measure page");

    // Keyboard only: Tab to the trend chart, then arrows read each point.
    await page.locator("#measure-heading").focus();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.closest(".trend-chart") !== null && document.activeElement.classList.contains("chart-frame"));
    }
    assert.ok(reached, "Tab reaches the trend chart");
    await page.keyboard.press("ArrowRight");
    const live = page.locator(".trend-chart [aria-live]");
    assert.equal(await live.innerText(), "2019/20 Q1: 548");
    assert.ok(await page.locator(".trend-chart .tooltip").isVisible());
    await page.keyboard.press("ArrowRight");
    assert.equal(await live.innerText(), "2019/20 Q2: no data");
    await page.locator(".trend-chart").screenshot({ path: join(OUTPUT, "dashboard-tooltip-keyboard.png") });

    // Hover shows the same tooltip.
    const box = await page.locator(".trend-chart canvas").boundingBox();
    await page.mouse.move(box.x + 5, box.y + 5);
    await page.keyboard.press("Escape");

    // The funnel plot for the force's positive outcome rate.
    await page.goto(page.url().replace(/#.*/, "") + "#/measure/" + encodeURIComponent(HO_RATE) + "?area=Rotherham&peers=Barnsley,Doncaster,Sheffield");
    // A reload loses the data (nothing is stored): the linked view waits for it.
    await page.reload();
    await page.getByText("No data is loaded yet").waitFor({ timeout: 30_000 });
    await page.getByRole("link", { name: /Load police.uk/ }).click();
    await loadAll(page);
    await page.goBack();
    await page.waitForSelector("#measure-heading");
    assert.equal(await page.locator("#measure-heading").innerText(), `${HO_RATE} in South Yorkshire`);
    await page.getByRole("button", { name: "Show funnel plot" }).click();
    assert.ok(await canvasInk(page, ".measure-page canvas >> nth=1") > 0.01);
    await shoot(page, "dashboard-funnel-1366");
    assert.deepEqual(await axeViolations(page), [], "funnel");

    // Data view at both sizes.
    await page.getByRole("link", { name: "Data" }).click();
    await page.waitForSelector("#load-heading");
    for (const size of [[1366, 768], [390, 844]]) {
      await page.setViewportSize({ width: size[0], height: size[1] });
      await shoot(page, `dashboard-data-${size[0]}`);
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(sideways, false, `no sideways scroll at ${size[0]}`);
    }
    assert.deepEqual(await axeViolations(page), [], "data view");
    assert.deepEqual(log.errors, []);
    assert.equal(log.afterLoad.filter((u) => !u.startsWith(app.origin)).length, 0);
  } finally {
    await context.close();
  }
});

test("re-rendering on a change of period, measure or area, timed in the browser", { skip, timeout: 120_000 }, async () => {
  const { page, context } = await openApp(app);
  try {
    await loadStreetFor(page, "south-yorkshire", "Rotherham");
    const base = page.url().replace(/#.*/, "");
    await page.goto(`${base}#/measure/Crimes%3A%20Burglary?area=Rotherham`);
    await page.waitForSelector("#measure-heading");
    // From the input to the end of the work it starts (render, effects, canvas
    // drawing all run before the next task).
    const times = await page.evaluate(async () => {
      const tick = () => new Promise((r) => setTimeout(r, 0));
      // Resolves as soon as the DOM shows the change (a microtask after it).
      const changed = (read, before) => new Promise((resolve, reject) => {
        if (read() !== before) return resolve();
        const late = setTimeout(() => reject(new Error(`the view did not change from ${before}`)), 5000);
        const watch = new MutationObserver(() => {
          if (read() !== before) { watch.disconnect(); clearTimeout(late); resolve(); }
        });
        watch.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      const heading = () => document.querySelector("main h2")?.textContent;
      const out = { period: [], measure: [], area: [] };
      for (let i = 0; i < 12; i++) {
        let t0 = performance.now();
        document.querySelector(i % 2 ? "#period-month" : "#period-quarter").click();
        await tick();
        out.period.push(performance.now() - t0);
        const measure = i % 2 ? "Crimes%3A%20Burglary" : "Crimes%3A%20Drugs";
        let before = heading();
        t0 = performance.now();
        location.hash = `#/measure/${measure}?area=Rotherham`;
        await changed(heading, before);
        await tick();
        out.measure.push(performance.now() - t0);
        before = heading();
        t0 = performance.now();
        location.hash = `#/measure/${measure}?area=Barnsley`;
        await changed(heading, before);
        await tick();
        out.area.push(performance.now() - t0);
      }
      return out;
    });
    const stats = Object.fromEntries(Object.entries(times).map(([k, v]) => {
      const s = [...v].sort((a, b) => a - b);
      return [k, { median: +s[Math.floor(s.length / 2)].toFixed(1), max: +s[s.length - 1].toFixed(1), runs: s.length }];
    }));
    console.log("re-render (ms):", JSON.stringify(stats));
    await writeFile(join(OUTPUT, "render-times.json"), JSON.stringify(stats, null, 2));
    // A figure to report, not a timed assertion; this only checks it ran.
    assert.equal(stats.period.runs, 12);
  } finally {
    await context.close();
  }
});

test("a file of unknown layout: map its columns once, and it maps itself next time", { timeout: 120_000 }, async () => {
  const { page, context, log } = await openApp(app);
  const fixture = join(ROOT_DIR, "tests/fixtures/asb-ward-extract.csv");
  try {
    await page.setInputFiles("#file-input", [fixture]);
    const form = page.getByRole("form", { name: "Map the columns of asb-ward-extract.csv" });
    await form.waitFor();
    // Guessed from the headings: area from "Ward", period from "Quarter".
    assert.equal(await form.getByLabel("Area name (required)").inputValue(), "0");
    assert.equal(await form.getByLabel("Period (month, quarter or year) (required)").inputValue(), "1");
    assert.deepEqual(await axeViolations(page), [], "mapping form");
    await form.getByRole("button", { name: "Use this mapping" }).click();
    assert.equal(await form.getByRole("alert").innerText(), "Not yet: choose the column naming the measure, or type a name for it.");
    await form.getByLabel("Value").selectOption({ label: "ASB incidents" });
    await form.getByLabel("Or one measure name for the whole file").fill("ASB incidents (ward extract)");
    await page.screenshot({ path: join(OUTPUT, "dashboard-column-mapping-1366.png"), fullPage: true });
    await form.getByRole("button", { name: "Use this mapping" }).click();
    const loadedRow = page.locator("table.files tbody tr").filter({ hasText: "asb-ward-extract.csv" });
    await loadedRow.filter({ hasText: "local measures" }).waitFor({ timeout: 30_000 });
    assert.match(await loadedRow.innerText(), /Rotherham, Barnsley|Barnsley, Rotherham/);
    assert.equal(await form.count(), 0, "the form has gone");

    // Its figures reach the scorecard: Rotherham 2019/20 Q2 = 1,510.
    await page.goto(page.url().replace(/#.*/, "") + "#/scorecard?area=Rotherham&period=quarter&peers=Barnsley");
    await page.waitForSelector("table.scorecard");
    const cells = await page.locator('table.scorecard tr[data-measure="ASB incidents (ward extract)"] > *').allInnerTexts();
    assert.equal(cells[1], "1,510");
    assert.match(cells[7], /^1st of 2 [a-z ]+; their average /, "1,187 in Barnsley; with no polarity given, higher ranks first");

    // A new visit in the same browser: the saved mapping applies itself.
    const again = await context.newPage();
    await again.goto(app.origin + "/");
    await again.waitForSelector("#file-input", { state: "attached" });
    await again.setInputFiles("#file-input", [fixture]);
    await again.locator("table.files tbody tr").filter({ hasText: "local measures" }).waitFor({ timeout: 30_000 });
    assert.equal(await again.getByRole("form").count(), 0);
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});

// 32 months of an officer's own measure (tests/fixtures/measures-32-months.csv):
// around 50.5 for 18 months, then around 35.3 from October 2018 after a change
// in recording. Worked out in Python: mean of all 32 = 43.84; after a break at
// October 2018, 50.50 and 35.29, limits of the second part 28.33 to 42.24.
test("SPC in the browser: a shift flagged, then a recording break marked and the limits restarted", { timeout: 120_000 }, async () => {
  const { page, context, log } = await openApp(app);
  try {
    await page.setInputFiles("#file-input", [join(ROOT_DIR, "tests/fixtures/measures-32-months.csv")]);
    await page.locator("table.files tbody tr").filter({ hasText: "local measures" }).waitFor({ timeout: 30_000 });
    await page.goto(page.url().replace(/#.*/, "") + "#/scorecard?area=Rotherham&peers=Barnsley,Doncaster,Sheffield");
    await page.waitForSelector("table.scorecard");
    const cells = await page.locator('table.scorecard tr[data-measure="Repeat ASB callers"] > *').allInnerTexts();
    assert.match(cells[0], /Building Confident|Repeat ASB callers/);
    assert.equal(cells[1], "33");
    assert.match(cells[3], /On target \(target 40\)/);
    assert.match(cells[5], /^L\s+Improvement \(low\)$/, "the fall is a run below the mean: lower is better");
    assert.match(cells[7], /^2nd of 4 [a-z ]+; their average /, "Barnsley 30 is lower");
    assert.ok(await page.getByRole("columnheader", { name: "Building Confident and Cohesive Communities" }).isVisible());

    await page.getByRole("link", { name: "Repeat ASB callers" }).click();
    await page.waitForSelector("#measure-heading");
    const meanOf = async (period) => (await page.locator("table.trend-table tbody tr").filter({ hasText: period }).locator("td").nth(1).innerText());
    assert.equal(await meanOf("Apr 17"), "43.84");
    await page.selectOption("#break-month", "2018-10");
    await page.getByRole("button", { name: "Mark break" }).click();
    await page.getByText("From October 2018").waitFor();
    assert.equal(await meanOf("Apr 17"), "50.50");
    assert.equal(await meanOf("Sep 18"), "50.50");
    assert.equal(await meanOf("Oct 18"), "35.29", "the break month starts the new limits");
    assert.equal(await meanOf("Nov 19"), "35.29");
    assert.equal(await page.locator("table.trend-table tbody tr").filter({ hasText: "Nov 19" }).locator("td").nth(2).innerText(), "28.33 to 42.24");
    await settle(page);
    await page.locator(".trend-chart").screenshot({ path: join(OUTPUT, "dashboard-spc-break.png") });
    assert.deepEqual(await axeViolations(page), [], "measure page with SPC and a break");
    // The break is a saved setting: it is there after a reload and reloading the file.
    await page.reload();
    await page.getByRole("link", { name: /Load police.uk/ }).click();
    await page.setInputFiles("#file-input", [join(ROOT_DIR, "tests/fixtures/measures-32-months.csv")]);
    await page.locator("table.files tbody tr").filter({ hasText: "local measures" }).waitFor({ timeout: 30_000 });
    await page.goBack();
    await page.waitForSelector("#measure-heading");
    assert.equal(await meanOf("Apr 17"), "50.50");
    await page.getByRole("button", { name: "Remove the break from October 2018" }).click();
    assert.equal(await meanOf("Apr 17"), "43.84");
    assert.deepEqual(log.errors, []);
  } finally {
    await context.close();
  }
});
