// A big HAR for the panel's responsiveness test and the WASM/native benchmark.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./harness.mjs";

/** A HAR of about `target` bytes: the s05 sample's entries repeated, each copy its own page. */
export function bigHar(path, target) {
  const sample = JSON.parse(readFileSync(join(ROOT, "samples/s05-sdk-signed-headers-not-allowed.har"), "utf8"));
  const one = Buffer.byteLength(JSON.stringify(sample.log.entries));
  const copies = Math.ceil(target / one);
  const entries = [];
  for (let i = 0; i < copies; i++) for (const e of sample.log.entries) entries.push({ ...e, pageref: `page_${i}` });
  const text = JSON.stringify({ log: { ...sample.log, entries } });
  writeFileSync(path, text);
  return { size: Buffer.byteLength(text), entries: entries.length };
}

