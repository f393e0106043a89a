// Writes a self-contained scrutineer.html from a release build: the page's
// JavaScript, both wasm modules, the workers, the styles and the example data
// inlined, so it can be emailed or opened from a shared drive over file://.
// Usage: node scripts/single-file.mjs [dist] [output]
// (scripts/single-file.sh builds first; this step alone takes a second.)
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = resolve(process.argv[2] ?? join(root, "dist"));
const output = resolve(process.argv[3] ?? join(root, "single-file", "scrutineer.html"));

function fail(message) {
  console.error(`single-file: ${message}`);
  process.exit(1);
}

// Exactly one match, or the build's shape has changed and this script with it.
function one(text, pattern, what) {
  const found = [...text.matchAll(new RegExp(pattern, "g"))];
  if (found.length !== 1) fail(`expected one ${what} in the build, found ${found.length}`);
  return found[0];
}

const read = (name) => readFile(join(dist, name.replace(/^\.\//, "")));
const packed = (bytes) => gzipSync(bytes, { level: 9 }).toString("base64");
const sha256 = (text) => "'sha256-" + createHash("sha256").update(text).digest("base64") + "'";
const dataBlock = (id, base64) => `<script type="application/octet-stream" id="${id}">${base64}</script>`;

let html = (await read("index.html")).toString();

const boot = one(html, '<script type="module" src="[^"]*boot\\.js" data-app-js="([^"]+)" data-app-wasm="([^"]+)"></script>', "boot script");
const [, appJs, appWasm] = boot;

// The page's wasm-bindgen module becomes part of one inline module script: its
// exports are the only lines that cannot stay, and the boot code calls
// __wbg_init directly.
let glue = (await read(appJs)).toString();
if (/^\s*import\s/m.test(glue)) fail(`${appJs} imports other files; inline them first`);
const exports = glue.match(/^export .*$/gm) ?? [];
if (exports.join("\n") !== "export { initSync, __wbg_init as default };") {
  fail(`${appJs} has unexpected exports: ${JSON.stringify(exports)}`);
}
glue = glue.replace(/^export .*$/gm, "");
// The served app imports start-failed.js; here its one export becomes a
// plain function in the same script.
const startFailed = (await readFile(join(root, "src/web/start-failed.js"), "utf8"))
  .replace(/^export function startFailed/m, "function startFailed");
if (/^\s*export\s/m.test(startFailed)) fail("src/web/start-failed.js has more exports than startFailed");
const script = [glue, startFailed, await readFile(join(root, "src/web/single-file-boot.js"), "utf8")].join("\n");
if (/<\/script/i.test(script)) fail("the inline script contains </script");

// The ingestion worker: Trunk's loader names its two files.
const loader = (await read("worker_loader.js")).toString();
const [, workerJs] = one(loader, 'importScripts\\("([^"]+)"\\)', "worker script in worker_loader.js");
const [, workerWasm] = one(loader, 'wasm_bindgen\\("([^"]+)"\\)', "worker wasm in worker_loader.js");

const stylesheet = one(html, '<link rel="stylesheet" href="([^"]+)"[^>]*>', "stylesheet");
const css = (await read(stylesheet[1])).toString();
if (/<\/style/i.test(css)) fail("the stylesheet contains </style");

const example = (await read("example.scrutineer.json.gz")).toString("base64");
const neighbourhoods = (await read("neighbourhoods.tsv.gz")).toString("base64");

const csp = [
  "default-src 'none'",
  `script-src ${sha256(script)} 'wasm-unsafe-eval'`,
  // The workers' code comes from this page, through Blob URLs.
  "worker-src blob:",
  "connect-src 'none'",
  "img-src data:",
  `style-src ${sha256(css)}`,
  "style-src-attr 'unsafe-inline'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join("; ");

const blocks = [
  dataBlock("page-wasm", packed(await read(appWasm))),
  dataBlock("worker-js", packed(await read(workerJs))),
  dataBlock("worker-wasm", packed(await read(workerWasm))),
  // The spreadsheet module, which the ingestion worker loads only when a
  // spreadsheet arrives (src/sheets_module.rs).
  dataBlock("sheets-wasm", packed(await read("sheets.wasm"))),
  dataBlock("reader-worker-js", packed(await read("reader-worker.js"))),
  // Already gzipped: the app gunzips it itself, as when it is served.
  dataBlock("example-data", example),
  dataBlock("neighbourhood-data", neighbourhoods),
  // A module script runs once the whole document is parsed.
  `<script type="module">${script}</script>`,
].join("\n");

const cspTag = one(html, '<meta http-equiv="Content-Security-Policy" content="[^"]*">', "CSP")[0];
html = html
  .replace(cspTag, `<meta http-equiv="Content-Security-Policy" content="${csp}">`)
  .replace(/<link rel="(?:preload|modulepreload)"[^>]*>\s*/g, "")
  .replace(stylesheet[0], () => `<style>${css}</style>`)
  .replace(boot[0], "")
  // In the head: the app mounts on the body and clears it, and the example
  // must still be there when it is asked for.
  .replace("</head>", () => blocks + "\n</head>");

// Anything still pointing at a file would fail from file://.
const leftover = html.match(/(?:src|href)="\.\/[^"]*"/g);
if (leftover) fail(`still refers to files: ${leftover.join(", ")}`);

await mkdir(dirname(output), { recursive: true });
await writeFile(output, html);
const kb = (n) => `${Math.round(n / 1024).toLocaleString("en-GB")} KB`;
console.log(`${output}: ${kb(Buffer.byteLength(html))} (${kb(gzipSync(html).length)} gzipped)`);
