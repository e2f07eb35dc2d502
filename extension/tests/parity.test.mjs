// Parity: the WASM engine, running in the extension's own page in Chromium, gives byte for byte
// the report `corshar analyze --format json` prints — on every sample (with and without the
// bucket configurations the samples come with), every real browser HAR and every producer
// fixture — and the same ticket reply as `--format markdown`.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { CLI, ROOT, launch, panelUrl } from "./harness.mjs";

/** `corshar ARGS` from the repository root: stdout (exit status 1 only says a request failed). */
function cli(args) {
  try {
    return execFileSync(CLI, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28 });
  } catch (e) {
    if (e.status === 1) return e.stdout;
    throw new Error(`corshar ${args.join(" ")}: ${e.stderr || e.message}`);
  }
}

function hars(dir, pattern = /\.(har|harp)$/) {
  return readdirSync(join(ROOT, dir))
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => `${dir}/${f}`);
}

const samples = JSON.parse(readFileSync(join(ROOT, "samples/expected.json"), "utf8")).samples;
const cases = [];
for (const s of samples) {
  cases.push({ file: s.file, cors: {} });
  if (s.cors && Object.keys(s.cors).length) cases.push({ file: s.file, cors: s.cors });
}
for (const file of [...hars("tests/data/real-hars"), ...hars("tests/data/real-hars-firefox"), ...hars("tests/fixtures/producers")]) {
  cases.push({ file, cors: {} });
}

let browser;
let page;
before(async () => {
  browser = await launch();
  page = await browser.context.newPage();
  await page.goto(panelUrl(browser.id));
  // The panel's own page loads the engine the way the worker does.
  await page.evaluate(async () => {
    const m = await import(new URL("pkg/corshar_wasm.js", location.href).href);
    await m.default({ module_or_path: new URL("pkg/corshar_wasm_bg.wasm", location.href) });
    globalThis.corsharWasm = m;
  });
});
after(async () => browser?.close());

test(`the sample list is not empty (${cases.length} cases)`, () => {
  assert.ok(samples.length >= 20, `only ${samples.length} samples`);
  assert.ok(cases.length > samples.length);
});

for (const c of cases) {
  const buckets = Object.keys(c.cors);
  test(`${c.file}${buckets.length ? ` --cors ${buckets.join(",")}` : ""}`, async () => {
    // null: the bucket has no CORS configuration (`--cors BUCKET=none`).
    const corsArgs = buckets.flatMap((b) => ["--cors", `${b}=${c.cors[b] ?? "none"}`]);
    const expected = cli(["analyze", c.file, "--format", "json", ...corsArgs]);
    const options = {
      source: c.file,
      cors: buckets.map((b) => ({ bucket: b, text: c.cors[b] === null ? "none" : readFileSync(join(ROOT, c.cors[b]), "utf8") })),
    };
    const har = readFileSync(join(ROOT, c.file)).toString("base64");
    const [json, markdown] = await page.evaluate(
      ({ har, options }) => {
        const bytes = Uint8Array.from(atob(har), (ch) => ch.charCodeAt(0));
        const a = globalThis.corsharWasm.analyze(bytes, JSON.stringify(options));
        try {
          return [a.json(), a.markdown("aws-cli")];
        } finally {
          a.free();
        }
      },
      { har, options },
    );
    assert.equal(json, expected, "the WASM report differs from the CLI's --format json");
    if (c.file.startsWith("samples/")) {
      assert.equal(markdown, cli(["analyze", c.file, "--format", "markdown", ...corsArgs]), "the ticket reply differs from --format markdown");
    }
  });
}

test("a broken HAR is reported like the CLI reports it", async () => {
  const message = await page.evaluate(() => {
    try {
      globalThis.corsharWasm.analyzeToJson(new TextEncoder().encode('{"log": {"entries": [{"request": '), JSON.stringify({ source: "cut.har" }));
      return null;
    } catch (e) {
      return e.message;
    }
  });
  assert.match(message ?? "", /^cut\.har:1:\d+: /);
});
