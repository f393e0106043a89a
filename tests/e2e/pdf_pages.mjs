// Reads a PDF the way a person checks one: every page drawn as an image (with
// pdf.js, in the test's Chromium) and its text, so a test can look at each
// page and assert what it says.
import { readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { ROOT } from "./helpers.mjs";

const PDFJS = join(ROOT, "node_modules/pdfjs-dist/build");

// Returns [{ text, png }] per page; with `prefix`, writes prefix-N.png too.
export async function pdfPages(browser, pdfPath, prefix) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 1400 } });
  const page = await context.newPage();
  const pdf = await readFile(pdfPath);
  await page.route("http://pdf.test/**", async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === "/") return route.fulfill({ body: "<!doctype html><title>pdf</title>", contentType: "text/html" });
    if (path === "/doc.pdf") return route.fulfill({ body: pdf, contentType: "application/pdf" });
    return route.fulfill({ body: await readFile(join(PDFJS, basename(path))), contentType: "text/javascript" });
  });
  await page.goto("http://pdf.test/");
  const pages = await page.evaluate(async () => {
    const pdfjs = await import("/pdf.mjs");
    pdfjs.GlobalWorkerOptions.workerSrc = "/pdf.worker.mjs";
    const doc = await pdfjs.getDocument("/doc.pdf").promise;
    const out = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const p = await doc.getPage(i);
      const viewport = p.getViewport({ scale: 1.25 });
      const canvas = document.createElement("canvas");
      canvas.width = viewport.width;
      canvas.height = viewport.height;
      await p.render({ canvasContext: canvas.getContext("2d"), viewport }).promise;
      const text = (await p.getTextContent()).items.map((t) => t.str).join(" ").replace(/\s+/g, " ");
      out.push({ text, png: canvas.toDataURL("image/png") });
    }
    return out;
  });
  await context.close();
  if (prefix) {
    for (const [i, p] of pages.entries()) {
      await writeFile(`${prefix}-${i + 1}.png`, Buffer.from(p.png.split(",")[1], "base64"));
    }
  }
  return pages;
}
