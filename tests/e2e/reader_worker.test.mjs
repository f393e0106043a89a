// The reader worker (src/web/reader-worker.js) on its own: chunks come back in
// order with the file's exact bytes, in the buffers handed to it, whether it
// streams the file or (where file streams cannot fill a buffer) reads slices.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startApp } from "./helpers.mjs";

const SIZE = 10 * 1024 * 1024 + 12345;
const CHUNK = 4 * 1024 * 1024;

// Reads a made-up file through a reader worker in CHUNK pieces, as the
// ingestion worker does: one read ahead, each filled buffer handed back with
// the next request. Then reads from 1 MB in, as a restart at a new position.
async function readThrough(app, prelude) {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  await page.goto(app.origin + "/reader-worker-test");
  const result = await page.evaluate(async ({ origin, prelude, SIZE, CHUNK }) => {
    const bytes = new Uint8Array(SIZE);
    for (let i = 0; i < SIZE; i++) bytes[i] = (i * 7919) % 251;
    const file = new File([bytes], "made-up.csv");
    const source = `${prelude}\nimportScripts("${origin}/reader-worker.js");`;
    const worker = new Worker(URL.createObjectURL(new Blob([source])));
    let opened = 0;
    worker.onmessage = (e) => { if (e.data === "stream opened") opened++; };
    const channel = new MessageChannel();
    worker.postMessage({ port: channel.port1 }, [channel.port1]);
    const port = channel.port2;
    let next = 0;
    const waiting = new Map();
    // Messages are {json, ...attachments} (src/protocol.rs: ReadRequest, ReadReply).
    port.onmessage = (e) => {
      const reply = { ...JSON.parse(e.data.json), buffer: e.data.buffer };
      waiting.get(reply.id)(reply);
    };
    const ask = (stream, start, end, buffer) => new Promise((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      const json = JSON.stringify({ id, stream, start, end });
      port.postMessage({ json, file, buffer }, buffer ? [buffer] : []);
    });
    const out = new Uint8Array(SIZE);
    let last = null;
    let spare = null;
    let reused = 0;
    let pending = ask(1, 0, Math.min(CHUNK, SIZE));
    for (let start = 0; start < SIZE; start += CHUNK) {
      const reply = await pending;
      if (reply.error) return { error: reply.error };
      const end = Math.min(start + CHUNK, SIZE);
      if (end < SIZE) {
        pending = ask(1, end, Math.min(end + CHUNK, SIZE), spare);
        if (spare) reused++;
      }
      out.set(new Uint8Array(reply.buffer, 0, reply.length), start);
      last = reply;
      // Marked at its end, so a buffer coming back part-filled shows it was reused.
      new Uint8Array(reply.buffer)[reply.buffer.byteLength - 1] = 0xee;
      spare = reply.buffer;
      if (reply.length !== end - start) return { error: `chunk at ${start}: ${reply.length} bytes` };
    }
    const restart = await ask(2, 1 << 20, (1 << 20) + 100);
    const same = out.every((b, i) => b === bytes[i]);
    const restartSame = new Uint8Array(restart.buffer, 0, restart.length)
      .every((b, i) => b === bytes[(1 << 20) + i]);
    const lastMarked = last.length < last.buffer.byteLength &&
      new Uint8Array(last.buffer)[last.buffer.byteLength - 1] === 0xee;
    return { same, restartSame, restartLength: restart.length, reused, lastMarked, opened };
  }, { origin: app.origin, prelude, SIZE, CHUNK });
  await context.close();
  return result;
}

test("the reader worker streams a file's exact bytes, in order, into reused buffers", async () => {
  const app = await startApp();
  try {
    const streamed = await readThrough(
      app,
      "const open = Blob.prototype.stream; Blob.prototype.stream = function () { postMessage('stream opened'); return open.call(this); };",
    );
    assert.equal(streamed.error, undefined);
    assert.equal(streamed.same, true, "every byte as in the file");
    assert.equal(streamed.restartSame, true);
    assert.equal(streamed.restartLength, 100);
    assert.ok(streamed.reused >= 1, "filled buffers were handed back");
    assert.equal(streamed.lastMarked, true, "the last, short chunk came in a reused buffer");
    assert.equal(streamed.opened, 2, "one stream for the whole file, one for the restart");
    // A browser whose file streams have no byte readers: slices instead.
    const sliced = await readThrough(
      app,
      "Blob.prototype.stream = function () { throw new TypeError('no byte streams'); };",
    );
    assert.equal(sliced.error, undefined);
    assert.equal(sliced.same, true);
    assert.equal(sliced.restartSame, true);
  } finally {
    await app.close();
  }
});
