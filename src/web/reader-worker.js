// Reads slices of a file for the ingestion worker, on a thread of its own.
// Chromium copies a blob's bytes into an ArrayBuffer on the thread that asks,
// so reading here lets the ingestion worker parse one chunk while this one
// reads the next. Buffers are transferred, not copied.
let port = null;

onmessage = (event) => {
  if (event.data && event.data.port) {
    port = event.data.port;
    port.onmessage = read;
  }
};

async function read(event) {
  const { id, file, start, end } = event.data;
  try {
    const buffer = await file.slice(start, end).arrayBuffer();
    port.postMessage({ id, buffer }, [buffer]);
  } catch (error) {
    port.postMessage({ id, error: String(error) });
  }
}
