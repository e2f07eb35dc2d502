// WASM in Chromium against the native CLI on the same 50 MB HAR, in one run (not a test; the
// README quotes its output). Run after `cargo build --release` and `cargo xtask dist`:
//   node extension/tests/bench.mjs [MB]
// WASM: analyze() + json() inside the extension's page, bytes already in memory (what the
// panel's worker does). Native: the whole `corshar analyze --format json` process, file read
// and output included. Medians of 7 runs after one warm-up each.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CLI, OUT, launch, panelUrl } from "./harness.mjs";
import { bigHar } from "./big-har.mjs";

const mb = Number(process.argv[2] ?? 50);
const path = join(OUT, `bench-${mb}mb.har`);
const { entries } = bigHar(path, mb * 1024 * 1024);
const size = statSync(path).size;
const RUNS = 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const native = [];
for (let i = 0; i <= RUNS; i++) {
  const t = process.hrtime.bigint();
  try {
    execFileSync(CLI, ["analyze", path, "--format", "json"], { stdio: ["ignore", "ignore", "inherit"] });
  } catch (e) {
    if (e.status !== 1) throw e;
  }
  if (i) native.push(Number(process.hrtime.bigint() - t) / 1e6);
}

const { context, close, id } = await launch();
const page = await context.newPage();
await page.goto(panelUrl(id));
const wasmBytes = statSync(join(import.meta.dirname, "../../target/dist/chrome/pkg/corshar_wasm_bg.wasm")).size;
const wasm = await page.evaluate(
  async ({ b64, runs }) => {
    const m = await import(new URL("pkg/corshar_wasm.js", location.href).href);
    await m.default({ module_or_path: new URL("pkg/corshar_wasm_bg.wasm", location.href) });
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const times = [];
    for (let i = 0; i <= runs; i++) {
      const t = performance.now();
      const a = m.analyze(bytes, "{}");
      a.json();
      a.free();
      times.push(performance.now() - t);
    }
    return times;
  },
  { b64: readFileSync(path).toString("base64"), runs: RUNS },
);
await close();

const cold = wasm.shift(); // the first call: compiled by the baseline tier only
const n = median(native);
const w = median(wasm);
console.log(`HAR: ${(size / 1048576).toFixed(1)} MiB, ${entries} entries`);
console.log(`native corshar analyze --format json (whole process): median ${n.toFixed(0)} ms (min ${Math.min(...native).toFixed(0)}, max ${Math.max(...native).toFixed(0)})`);
console.log(`WASM analyze + json in Chromium: median ${w.toFixed(0)} ms (min ${Math.min(...wasm).toFixed(0)}, max ${Math.max(...wasm).toFixed(0)})`);
console.log(`WASM first call (cold, what the panel's first analysis costs): ${cold.toFixed(0)} ms`);
console.log(`WASM / native (medians): ${(w / n).toFixed(2)}x; cold WASM / native: ${(cold / n).toFixed(2)}x`);
console.log(`corshar_wasm_bg.wasm: ${(wasmBytes / 1024).toFixed(0)} KiB; native binary: ${(statSync(CLI).size / 1024).toFixed(0)} KiB`);
