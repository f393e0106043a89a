// The young extract of tests/maturity.rs, for the browser: South Yorkshire's
// real street files as if taken at the end of March 2020. A crime is made
// "Under investigation" when u < p(age): u is the first 8 hex digits of its
// Crime ID over 2^32, age the months from its month to March 2020, and p is
// 40%, 28%, 15%, 8%, 4%, 2% for ages 0 to 5 (0 after). The Rust test checks
// the app's figures on the same rule; keep the two in step.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import Papa from "papaparse";
import { streetFiles } from "./helpers.mjs";

const OPEN_BY_AGE = [0.40, 0.28, 0.15, 0.08, 0.04, 0.02];
const EXTRACT = 2020 * 12 + 2; // March 2020, months since year 0

const monthIndex = (text) => {
  const [y, m] = text.split("-").map(Number);
  return y * 12 + m - 1;
};

export async function youngExtract() {
  const out = [];
  for (const path of await streetFiles("south-yorkshire")) {
    const parsed = Papa.parse((await readFile(path, "utf8")).trimEnd(), { header: false });
    const [header, ...rows] = parsed.data;
    const [id, month, outcome] = ["Crime ID", "Month", "Last outcome category"].map((h) => header.indexOf(h));
    for (const row of rows) {
      const p = OPEN_BY_AGE[EXTRACT - monthIndex(row[month])] ?? 0;
      const u = parseInt(row[id].slice(0, 8), 16) / 2 ** 32;
      if (row[id].length >= 8 && u < p) row[outcome] = "Under investigation";
    }
    out.push({
      name: basename(path),
      mimeType: "text/csv",
      buffer: Buffer.from(Papa.unparse([header, ...rows], { newline: "\n" }) + "\n"),
    });
  }
  return out;
}
