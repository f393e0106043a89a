// Writes dist/sw.js from src/web/sw.js: the list of files to keep for offline
// use, and a version that changes whenever any of them does.
// Usage: node scripts/service-worker.mjs [dist]
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = resolve(process.argv[2] ?? join(root, "dist"));

async function walk(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await walk(path));
    else out.push(path);
  }
  return out;
}

// scrutineer.html (the one-file copy, 3 MB) is fetched only to publish a
// briefing, so it is not kept for every visitor.
const skipped = new Set(["sw.js", "scrutineer.html"]);
const paths = (await walk(dist)).filter((p) => !skipped.has(relative(dist, p))).sort();
const hash = createHash("sha256");
for (const p of paths) {
  hash.update(relative(dist, p));
  hash.update(await readFile(p));
}
const version = hash.digest("hex").slice(0, 16);
const files = ["./", ...paths.map((p) => "./" + relative(dist, p).split("\\").join("/"))];
const template = await readFile(join(root, "src/web/sw.js"), "utf8");
const sw = template.replace("__VERSION__", version).replace("__FILES__", JSON.stringify(files, null, 2));
await writeFile(join(dist, "sw.js"), sw);
console.log(`sw.js: version ${version}, ${files.length} files cached for offline use`);
