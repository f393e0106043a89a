// Starts the single-file build (scripts/single-file.mjs puts this, after the
// page's wasm-bindgen module, in the page's one inline script; its hash is in
// the Content-Security-Policy). Opened from file://, nothing can be fetched
// and workers cannot be loaded from disk, so every part is in the page as
// gzipped base64, and the workers run from Blob URLs. Nothing leaves the page.
function packed(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error("this copy of Scrutineer is incomplete (" + id + " is missing)");
  return Uint8Array.from(atob(element.textContent.trim()), (c) => c.charCodeAt(0));
}

// Gzip was undone by the browser's own DecompressionStream: no code to carry.
async function unpack(id) {
  const stream = new Blob([packed(id)]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).arrayBuffer();
}

async function text(id) {
  return new TextDecoder().decode(await unpack(id));
}

function blobUrl(parts) {
  return URL.createObjectURL(new Blob(parts, { type: "text/javascript" }));
}

try {
  // The ingestion worker unpacks its own wasm, so the page holds it only as text.
  const workerWasm = document.getElementById("worker-wasm").textContent.trim();
  // Unpacked by the worker only when a spreadsheet arrives (src/sheets_module.rs).
  const sheetsWasm = document.getElementById("sheets-wasm").textContent.trim();
  const worker = blobUrl([
    `self.scrutineerSheetsWasm = "${sheetsWasm}";\n`,
    await text("worker-js"),
    `
;(async () => {
  const packed = Uint8Array.from(atob("${workerWasm}"), (c) => c.charCodeAt(0));
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
  await wasm_bindgen({ module_or_path: await new Response(stream).arrayBuffer() });
})();
`,
  ]);
  document.documentElement.dataset.worker = worker;
  document.documentElement.dataset.readerWorker = blobUrl([await text("reader-worker-js")]);
  // __wbg_init is the page module's initialiser, defined just above this code.
  await __wbg_init({ module_or_path: await unpack("page-wasm") });
  document.getElementById("boot-status")?.remove();
} catch (error) {
  // startFailed is src/web/start-failed.js, placed before this code.
  startFailed(error);
  throw error;
}
