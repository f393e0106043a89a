// Builds a large police.uk street file from the real South Yorkshire files, for
// the cancel test and the benchmark. Each repetition rewrites the Crime IDs'
// first eight hex digits, so no crime is a duplicate of another.
import { createWriteStream, existsSync, statSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import { SHARED_DATA } from "./helpers.mjs";

export async function makeStreetFile(path, targetBytes) {
  if (existsSync(path) && statSync(path).size >= targetBytes) return path;
  const dir = join(SHARED_DATA, "police-uk/street");
  const names = (await readdir(dir)).filter((n) => n.includes("south-yorkshire")).sort();
  const bodies = [];
  let header = "";
  for (const name of names) {
    const text = await readFile(join(dir, name), "utf8");
    const cut = text.indexOf("\r\n") + 2;
    header = text.slice(0, cut);
    bodies.push(text.slice(cut).split("\r\n").filter((l) => l.length > 0));
  }
  const out = createWriteStream(path);
  let written = 0;
  const write = async (s) => {
    written += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, "drain");
  };
  await write(header);
  for (let rep = 0; written < targetBytes; rep++) {
    const prefix = rep.toString(16).padStart(8, "0");
    for (const lines of bodies) {
      const chunk = lines
        .map((l) => (l.startsWith(",") ? l : prefix + l.slice(8)))
        .join("\r\n");
      await write(chunk + "\r\n");
      if (written >= targetBytes) break;
    }
  }
  out.end();
  await once(out, "finish");
  return path;
}
