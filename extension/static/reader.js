// Reads a dropped or chosen file into bytes for the engine, with progress: plain HAR, gzip
// (.har.gz, as support tools attach them) and zip archives (the first .har inside, the way
// "Export HAR" files get zipped for tickets). The browser's DecompressionStream does the
// inflating; nothing is uploaded anywhere.

const GZIP = [0x1f, 0x8b];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/**
 * Resolves to {bytes: ArrayBuffer, name, notes: [string]}; `onProgress(fraction)` as bytes arrive.
 */
export async function readFile(file, onProgress = () => {}) {
  const raw = await readAll(file.stream(), file.size, onProgress);
  if (startsWith(raw, GZIP)) {
    const bytes = await inflate(new Blob([raw]).stream(), "gzip");
    return { bytes, name: file.name, notes: [`decompressed ${file.name} (gzip)`] };
  }
  if (startsWith(raw, ZIP)) return readZip(raw, file.name);
  return { bytes: raw.buffer, name: file.name, notes: [] };
}

async function readAll(stream, size, onProgress) {
  const reader = stream.getReader();
  const out = new Uint8Array(size);
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out.set(value, at);
    at += value.length;
    onProgress(size ? at / size : 1);
  }
  return at === size ? out : out.slice(0, at);
}

async function inflate(stream, format) {
  return new Response(stream.pipeThrough(new DecompressionStream(format))).arrayBuffer();
}

function startsWith(bytes, magic) {
  return magic.every((b, i) => bytes[i] === b);
}

/** The first `.har` member of a zip (by the central directory), inflated. */
async function readZip(bytes, zipName) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const members = centralDirectory(view, zipName);
  const hars = members.filter((m) => /\.har$/i.test(m.name) && !m.name.startsWith("__MACOSX/"));
  if (hars.length === 0) {
    const names = members.map((m) => m.name).join(", ") || "nothing";
    throw new Error(`${zipName}: the zip holds no .har file (it holds ${names})`);
  }
  const m = hars[0];
  // The local header repeats the name and has its own extra field: the data starts after both.
  if (view.getUint32(m.localOffset, true) !== 0x04034b50) {
    throw new Error(`${zipName}: ${m.name}: no local file header at offset ${m.localOffset}`);
  }
  const start = m.localOffset + 30 + view.getUint16(m.localOffset + 26, true) + view.getUint16(m.localOffset + 28, true);
  const data = bytes.subarray(start, start + m.compressedSize);
  let out;
  if (m.method === 0) out = data.slice().buffer;
  else if (m.method === 8) out = await inflate(new Blob([data]).stream(), "deflate-raw");
  else throw new Error(`${zipName}: ${m.name}: compression method ${m.method} (only stored and deflate are read)`);
  const notes = [`took ${m.name} from ${zipName}`];
  if (hars.length > 1) notes.push(`${zipName} holds ${hars.length} HARs; this is the first (${hars.slice(1).map((h) => h.name).join(", ")} not shown)`);
  return { bytes: out, name: `${zipName}:${m.name}`, notes };
}

function centralDirectory(view, zipName) {
  // The end-of-central-directory record is in the last 22 + 65535 bytes.
  let eocd = -1;
  for (let i = view.byteLength - 22; i >= Math.max(0, view.byteLength - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${zipName}: not a complete zip (no end of central directory; truncated?)`);
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const members = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== 0x02014b50) {
      throw new Error(`${zipName}: central directory entry ${i} is damaged (offset ${at})`);
    }
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const compressedSize = view.getUint32(at + 20, true);
    const localOffset = view.getUint32(at + 42, true);
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      throw new Error(`${zipName}: a zip64 archive (over 4 GB); unzip it and open the .har`);
    }
    members.push({
      name: decoder.decode(new Uint8Array(view.buffer, view.byteOffset + at + 46, nameLength)),
      method: view.getUint16(at + 10, true),
      compressedSize,
      localOffset,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return members;
}
