// Reads a file for the ingestion worker, on a thread of its own, so that worker
// parses one chunk while this one reads the next.
//
// A file is read as one stream, in order, into buffers the ingestion worker
// hands back once it has copied them out ("bring your own buffer"). Reading
// slices with `Blob.arrayBuffer()` instead made a new 4 MB buffer per chunk:
// reading a 231 MB file that way left ~77 MB of garbage buffers in the tab at
// its peak and took 377 ms; streamed into reused buffers, 18 MB and 163 ms
// (BENCHMARKS.md). Where a browser's file streams cannot fill a given buffer,
// slices are read as before.
let port = null;
// The stream being read: { stream, position, reader }, where `stream` is the
// ingestion worker's request id (a File posted twice arrives as two objects).
let current = null;
// Requests are served one at a time, in order: they share one stream.
let queue = Promise.resolve();

// Messages are `{json, ...attachments}`; the json is `ReadRequest` and the
// reply's is `ReadReply`, both in src/protocol.rs.
onmessage = (event) => {
  if (event.data && event.data.port) {
    port = event.data.port;
    port.onmessage = (message) => {
      queue = queue.then(() => serve(message.data));
    };
  }
};

async function serve({ json, file, buffer }) {
  const { id, stream, start, end } = JSON.parse(json);
  const wanted = end - start;
  if (!buffer || buffer.byteLength < wanted) buffer = new ArrayBuffer(wanted);
  try {
    const filled = await fill(stream, file, start, buffer, wanted);
    const reply = JSON.stringify({ id, length: filled.length });
    port.postMessage({ json: reply, buffer: filled.buffer }, [filled.buffer]);
  } catch (error) {
    closeStream();
    port.postMessage({ json: JSON.stringify({ id, error: String(error) }) });
  }
}

function closeStream() {
  if (current) current.reader.cancel().catch(() => {});
  current = null;
}

// Reads bytes start..start+wanted of the file into the buffer.
async function fill(stream, file, start, buffer, wanted) {
  if (!current || current.stream !== stream || current.position !== start) {
    closeStream();
    let reader = null;
    try {
      reader = file.slice(start).stream().getReader({ mode: "byob" });
    } catch {
      // No byte streams for files here: read a slice instead.
      const bytes = await file.slice(start, start + wanted).arrayBuffer();
      return { buffer: bytes, length: bytes.byteLength };
    }
    current = { stream, position: start, reader };
  }
  let length = 0;
  while (length < wanted) {
    const { done, value } = await current.reader.read(new Uint8Array(buffer, length, wanted - length));
    // The view's buffer was handed to the stream and comes back in `value`.
    if (value) buffer = value.buffer;
    if (done) break;
    length += value.byteLength;
  }
  current.position += length;
  // At the end of the file, let the stream (and its hold on the file) go.
  if (length < wanted || current.position >= file.size) closeStream();
  return { buffer, length };
}
