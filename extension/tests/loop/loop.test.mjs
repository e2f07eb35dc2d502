// Issue #8: the whole loop in a real Chromium. Per scenario: the page fails against the S3
// endpoint exactly as users' browsers do; the HAR comes from Chrome's own exporter
// (chrome.devtools.network.getHAR() in the project's DevTools panel, bodies from getContent as
// "Export HAR" has them); `corshar analyze` must name the error Chrome itself reported (read from
// the page's console and network events over CDP) and the right cause; the fix it proposes is
// applied to the endpoint with a signed PutBucketCors; the same page then works. Scenarios whose
// fix is not a CORS change check that corshar proposes none.
//
// Everything is on loopback: Chromium maps every host to one local port (--host-resolver-rules),
// where a TLS+HTTP front serves the pages, forwards S3 hosts to the endpoint and plays CloudFront
// for the distributions' hosts. Chromium trusts the test CA through an NSS database, so it checks
// certificate names and caches as against AWS.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { CLI, DIST, FLAGS, OUT, ROOT, chromiumPath, debuggingPort, extensionId } from "../harness.mjs";
import { CloudFront } from "./cloudfront.mjs";
import { makeCertificates, startFront, trustedHome } from "./front.mjs";
import { LOGO, SCENARIOS } from "./scenarios.mjs";
import { presign, signHeaders } from "./sigv4.mjs";
import { Targets } from "../targets.mjs";

const HERE = join(ROOT, "extension/tests/loop");
const EXPECTED = JSON.parse(readFileSync(join(ROOT, "samples/expected.json"), "utf8")).samples;
const ONLY = process.env.LOOP_ONLY?.split(",");
// Record mode (`cargo xtask samples`): the scenarios that reproduce a sample other than the real
// exports s01–s10 write their first HAR, once the whole scenario passed, to
// LOOP_RECORD/<sample's file name>.
const RECORD = process.env.LOOP_RECORD ? resolve(process.env.LOOP_RECORD) : null;
const recorded = (s) => s.sample && !/^samples\/s\d\d-/.test(s.sample);
const scenarios = SCENARIOS.filter((s) => (!ONLY || ONLY.includes(s.name)) && (!RECORD || recorded(s)));

let work, endpoint, cdn, front, chrome, browser, cdp, tab, panel, page;
const trace = [];
// Scenarios whose app has taken corshar's advice (a change of the app, not of the bucket): their
// steps as the fixed app sends them.
const remedied = new Set();

// ---------------------------------------------------------------------------------------------
// The S3 endpoint: one `corshar s3 serve` for every scenario's buckets.
// ---------------------------------------------------------------------------------------------

async function startEndpoint(buckets) {
  const args = ["s3", "serve", "--listen", "127.0.0.1:0", "--stdin-lifeline"];
  for (const [name, b] of Object.entries(buckets)) {
    args.push("--bucket", `${name}@${b.region}`);
    if (b.cors) args.push("--cors", `${name}=${join(ROOT, b.cors)}`);
    if (b.publicRead) args.push("--public-read", name);
    if (b.versioned) args.push("--versioned", name);
    for (const prefix of b.denyRead ?? []) args.push("--deny", `${name}/${prefix}`);
  }
  // --stdin-lifeline: the endpoint goes when this process does, however it ends.
  const child = spawn(CLI, args, { stdio: ["pipe", "pipe", "pipe"] });
  child.stderr.on("data", (d) => trace.push(`endpoint: ${d}`));
  const port = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`corshar s3 serve exited (${code}): ${out}`)));
  });
  return { child, host: "127.0.0.1", port };
}

/** A SigV4-signed request to the endpoint, as the AWS CLI would send it to the real host. */
function s3Call(method, url, { region, body, headers = {} }) {
  const u = new URL(url);
  const signed = signHeaders(method, url, { region, headers, body: body ?? "", sign: Object.keys(headers) });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: endpoint.host, port: endpoint.port, method, path: u.pathname + u.search, headers: { host: u.host, ...signed, "content-length": Buffer.byteLength(body ?? "") } }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode, text }));
    });
    req.on("error", reject);
    req.end(body ?? "");
  });
}

const bucketUrl = (name, region, key = "") => `https://${name}.s3.${region}.amazonaws.com/${key}`;

/** PutBucketCors with the aws-cli JSON form turned into S3's XML; null: DeleteBucketCors. */
async function putBucketCors(name, region, config) {
  if (!config) {
    const r = await s3Call("DELETE", bucketUrl(name, region, "?cors"), { region });
    assert.ok(r.status < 300, `DeleteBucketCors ${name}: ${r.status} ${r.text}`);
    return;
  }
  const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const list = (tag, values) => (values ?? []).map((v) => `<${tag}>${esc(v)}</${tag}>`).join("");
  const rules = config.CORSRules.map(
    (r) =>
      `<CORSRule>${r.ID ? `<ID>${esc(r.ID)}</ID>` : ""}${list("AllowedHeader", r.AllowedHeaders)}${list("AllowedMethod", r.AllowedMethods)}${list("AllowedOrigin", r.AllowedOrigins)}${list("ExposeHeader", r.ExposeHeaders)}${r.MaxAgeSeconds !== undefined ? `<MaxAgeSeconds>${r.MaxAgeSeconds}</MaxAgeSeconds>` : ""}</CORSRule>`,
  ).join("");
  const xml = `<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${rules}</CORSConfiguration>`;
  const md5 = (await import("node:crypto")).createHash("md5").update(xml).digest("base64");
  const r = await s3Call("PUT", bucketUrl(name, region, "?cors"), { region, body: xml, headers: { "content-md5": md5, "content-type": "application/xml" } });
  assert.ok(r.status < 300, `PutBucketCors ${name}: ${r.status} ${r.text}`);
}

/** The scenario's buckets as it starts, and its CloudFront distributions with empty caches. */
/**
 * PutBucketPolicy denying s3:GetObject on the prefixes (what `corshar s3 serve` models of a
 * policy); null: DeleteBucketPolicy.
 */
async function putBucketPolicy(name, region, prefixes) {
  if (!prefixes) {
    const r = await s3Call("DELETE", bucketUrl(name, region, "?policy"), { region });
    assert.equal(r.status, 204, `DeleteBucketPolicy ${name}: ${r.status} ${r.text}`);
    return;
  }
  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "OnlyThroughTheVpcEndpoint", Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: prefixes.map((p) => `arn:aws:s3:::${name}/${p}*`) }],
  });
  const r = await s3Call("PUT", bucketUrl(name, region, "?policy"), { region, body: policy, headers: { "content-type": "application/json" } });
  assert.equal(r.status, 204, `PutBucketPolicy ${name}: ${r.status} ${r.text}`);
}

async function resetWorld(scenario) {
  cdn.reset();
  for (const [domain, d] of Object.entries(scenario.distributions ?? {})) configureDistribution(scenario, domain, d);
  for (const [name, b] of Object.entries(scenario.buckets)) {
    await putBucketCors(name, b.region, b.initialCors ?? (b.cors ? JSON.parse(readFileSync(join(ROOT, b.cors), "utf8")) : null));
    if (b.denyRead) await putBucketPolicy(name, b.region, b.denyRead);
    for (const [key, o] of Object.entries(b.objects ?? {})) {
      const body = o.text ?? Buffer.alloc(o.size, 7);
      const headers = { "content-type": o.type };
      if (o.cacheControl) headers["cache-control"] = o.cacheControl;
      const r = await s3Call("PUT", bucketUrl(name, b.region, key), { region: b.region, body, headers });
      assert.equal(r.status, 200, `seeding ${name}/${key}: ${r.text}`);
    }
  }
}

function configureDistribution(scenario, domain, { bucket, behaviour }) {
  cdn.configure(domain, `${bucket}.s3.${scenario.buckets[bucket].region}.amazonaws.com`, behaviour);
}

/** The bucket a finding is about: S3's host names it, a distribution's host stands for its origin. */
function bucketOf(scenario, finding) {
  if (finding.s3) return finding.s3.bucket ?? null;
  return scenario.distributions?.[new URL(finding.url).host]?.bucket ?? null;
}

/**
 * Other users' requests before the page runs (`warm`: CloudFront's cache filled from another
 * origin), sent to the front as their browsers would send them.
 */
async function warm(scenario) {
  for (const w of scenario.warm ?? []) {
    const u = new URL(w.url);
    const status = await new Promise((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: front.port, method: w.method ?? "GET", path: u.pathname + u.search, headers: { host: u.host, ...w.headers } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode));
      });
      req.on("error", reject);
      req.end();
    });
    trace.push(`${scenario.name}: warm ${w.method ?? "GET"} ${w.url} ${JSON.stringify(w.headers)} → ${status}`);
  }
  // A moment between the other user's request and this page's, so that a cache hit shows an
  // Age of at least 1 s, as it would in the field.
  if (scenario.warm?.length) await new Promise((r) => setTimeout(r, 1100));
}

// ---------------------------------------------------------------------------------------------
// The app: scenario pages on their origins, and the backend's /api/uploads.
// ---------------------------------------------------------------------------------------------

function pages(req, res, scheme) {
  const url = new URL(req.url, `${scheme}://${req.headers.host}`);
  const send = (status, type, body) => {
    res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
    res.end(body);
  };
  if (url.pathname === "/static/app.js") return send(200, "text/javascript", readFileSync(join(HERE, "app.js")));
  if (url.pathname === "/assets/logo.svg") return send(200, "image/svg+xml", LOGO);
  if (url.pathname === "/favicon.ico") return send(204, "image/x-icon", "");
  if (url.pathname === "/api/scenario") {
    // The steps, signed now, as JSON (an app's API), not inline in the page (see app.js).
    const scenario = SCENARIOS.find((s) => s.name === url.searchParams.get("name"));
    if (!scenario) return send(404, "application/json", "{}");
    return send(200, "application/json", JSON.stringify({ name: scenario.name, steps: scenario.steps({ remedied: remedied.has(scenario.name) }) }));
  }
  if (url.pathname.startsWith("/api/")) return api(req, url, send);
  const scenario = SCENARIOS.find((s) => url.pathname === `/scenario/${s.name}`);
  if (!scenario) return send(404, "text/plain", "no such scenario");
  const config = { name: scenario.name };
  send(
    200,
    "text/html; charset=utf-8",
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${scenario.name}</title><link rel="icon" href="data:,"></head>
<body><h1>${scenario.name}</h1><pre id="log"></pre>
<script>window.SCENARIO = ${JSON.stringify(config).replace(/</g, "\\u003c")};</script>
<script src="/static/app.js"></script></body></html>`,
  );
}

/** The backend: starts a multipart upload and presigns its parts; completes it. */
function api(req, url, send) {
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", async () => {
    try {
      const p = JSON.parse(body || "{}");
      const object = bucketUrl(p.bucket, p.region, p.key);
      if (url.pathname === "/api/uploads") {
        const r = await s3Call("POST", `${object}?uploads=`, { region: p.region });
        const uploadId = r.text.match(/<UploadId>([^<]+)<\/UploadId>/)?.[1];
        if (!uploadId) return send(502, "application/json", JSON.stringify({ error: r.text }));
        const partUrls = Array.from({ length: p.parts }, (_, i) =>
          presign("PUT", `${object}?partNumber=${i + 1}&uploadId=${encodeURIComponent(uploadId)}`, { region: p.region }),
        );
        return send(200, "application/json", JSON.stringify({ uploadId, partUrls }));
      }
      if (url.pathname === "/api/uploads/complete") {
        const xml = `<CompleteMultipartUpload>${p.parts.map((x) => `<Part><PartNumber>${x.PartNumber}</PartNumber><ETag>${x.ETag}</ETag></Part>`).join("")}</CompleteMultipartUpload>`;
        const r = await s3Call("POST", `${object}?uploadId=${encodeURIComponent(p.uploadId)}`, { region: p.region, body: xml });
        return send(200, "application/json", JSON.stringify({ status: r.status }));
      }
      send(404, "application/json", "{}");
    } catch (e) {
      send(500, "application/json", JSON.stringify({ error: String(e) }));
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Chromium with DevTools open on the tab and the project's panel shown.
// ---------------------------------------------------------------------------------------------

const APP_HOSTS = ["acme.test", "*.acme.test", "localhost"];
const REGIONS = ["us-east-1", "us-east-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-southeast-2"];

before(async () => {
  work = mkdtempSync(join(tmpdir(), "corshar-loop-"));
  // As S3's own certificates: one label under s3.REGION (so a dotted bucket name does not match).
  const names = ["amazonaws.com", "*.amazonaws.com", "*.s3.amazonaws.com", ...REGIONS.flatMap((r) => [`s3.${r}.amazonaws.com`, `*.s3.${r}.amazonaws.com`]), "*.cloudfront.net", ...APP_HOSTS];
  const tls = makeCertificates(work, names);
  const buckets = Object.assign({}, ...scenarios.map((s) => s.buckets));
  endpoint = await startEndpoint(buckets);
  cdn = new CloudFront(() => endpoint, (l) => trace.push(l));
  front = await startFront({ key: tls.key, cert: tls.cert, pages, endpoint: () => endpoint, cdn, log: (l) => trace.push(l) });
  const to = `127.0.0.1:${front.port}`;
  const rules = ["*.amazonaws.com", "*.cloudfront.net", "*.acme.test", "acme.test", "localhost"].map((h) => `MAP ${h} ${to}`).join(", ");
  const profile = join(work, "profile");
  chrome = spawn(
    chromiumPath(),
    [
      ...FLAGS,
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      "--auto-open-devtools-for-tabs",
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      `--host-resolver-rules=${rules}`,
      "about:blank",
    ],
    { stdio: "ignore", detached: true, env: { ...process.env, HOME: trustedHome(work, tls.ca) } },
  );
  browser = await chromium.connectOverCDP(`http://127.0.0.1:${await debuggingPort(profile)}`);
  cdp = new Targets(await browser.newBrowserCDPSession());
  tab = browser.contexts()[0].pages()[0];
  const devtools = await cdp.waitFor((t) => t.type === "page" && t.url.startsWith("devtools://"));
  await cdp.waitFor((t) => t.url === `chrome-extension://${extensionId()}/devtools.html`);
  const panelUrl = `chrome-extension://${extensionId()}/panel.html`;
  for (let i = 0; i < 100 && !panel; i++) {
    await cdp.evaluate(devtools, `InspectorFrontendAPI.showPanel("chrome-extension://${extensionId()}CORS")`);
    panel = await cdp.waitFor((t) => t.url === panelUrl, 300).catch(() => null);
  }
  assert.ok(panel, "the CORS panel never opened");
  // Bodies as "Export HAR" has them: DevTools gives them per finished request (getContent).
  await cdp.evaluate(
    panel,
    `(() => {
      globalThis.__loop = { bodies: new Map() };
      chrome.devtools.network.onRequestFinished.addListener((e) => {
        const key = e.startedDateTime + " " + e.request.method + " " + e.request.url;
        e.getContent((content, encoding) => { if (typeof content === "string") __loop.bodies.set(key, { content, encoding }); });
      });
      return "ok";
    })()`,
  );
  page = await tab.context().newCDPSession(tab);
  await page.send("Log.enable");
  await page.send("Runtime.enable");
  await page.send("Network.enable");
});

after(async () => {
  writeFileSync(join(OUT, "loop-trace.log"), trace.join("\n"));
  await browser?.close().catch(() => {});
  if (chrome && chrome.exitCode === null) {
    const exited = new Promise((r) => chrome.once("exit", r));
    process.kill(-chrome.pid, "SIGTERM");
    await exited;
  }
  endpoint?.child.kill("SIGTERM");
  await front?.close();
  if (work) rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

/**
 * Loads the scenario's page, waits for its steps; what the page, Chrome and DevTools saw.
 * `midway`: bucket → configuration file, applied while a step waits (app.js `waitFor`); without
 * it a waiting step is just let go.
 */
async function runPage(scenario, label, midway = null) {
  await tab.goto("about:blank");
  await page.send("Network.clearBrowserCache");
  const console = [];
  const sent = new Map();
  const corsErrors = [];
  const onLog = ({ entry }) => console.push(entry.text);
  const onConsole = ({ args }) => console.push(args.map((a) => a.value ?? a.description).join(" "));
  const onSent = ({ requestId, request }) => sent.set(requestId, request.url);
  const onFailed = ({ requestId, errorText, corsErrorStatus }) =>
    corsErrorStatus && corsErrors.push({ url: sent.get(requestId), error: corsErrorStatus.corsError, parameter: corsErrorStatus.failedParameter, errorText });
  page.on("Log.entryAdded", onLog);
  page.on("Runtime.consoleAPICalled", onConsole);
  page.on("Network.requestWillBeSent", onSent);
  page.on("Network.loadingFailed", onFailed);
  try {
    const url = `${scenario.origin}/scenario/${scenario.name}`;
    await tab.goto(url);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const state = await tab.waitForFunction(() => (window.__done === true ? "done" : window.__waiting), null, { timeout: Math.max(deadline - Date.now(), 1) });
      const waiting = await state.jsonValue();
      if (waiting === "done") break;
      for (const [name, file] of Object.entries(midway ?? {})) {
        await putBucketCors(name, scenario.buckets[name].region, JSON.parse(readFileSync(join(ROOT, file), "utf8")));
        trace.push(`${scenario.name} ${label}: at ${waiting}, ${name}'s CORS configuration is now ${file}`);
      }
      await tab.evaluate(() => (window.__waiting = null));
    }
    const steps = await tab.evaluate(() => window.__steps);
    // DevTools finishes its records (and bodies) a moment after the page's promises settle:
    // export until the entries and the bodies have stayed the same for 300 ms. (Not "until every
    // entry has a body": a failed request or an empty preflight answer never gets one.)
    let har, last = "", same = 0;
    for (let i = 0; i < 30 && same < 2; i++) {
      await new Promise((r) => setTimeout(r, 150));
      har = await exportHar();
      const now = `${har.log.entries.length} ${har.bodies}`;
      same = now === last ? same + 1 : 0;
      last = now;
    }
    delete har.bodies;
    const file = join(OUT, `loop-${scenario.name}-${label}.har`);
    writeFileSync(file, JSON.stringify(har, null, 1));
    trace.push(`${scenario.name} ${label}: ${JSON.stringify(steps)}`, ...console.map((c) => `  console: ${c}`), ...corsErrors.map((c) => `  cors: ${JSON.stringify(c)}`));
    return { steps, console, corsErrors, file, har };
  } finally {
    page.off("Log.entryAdded", onLog);
    page.off("Runtime.consoleAPICalled", onConsole);
    page.off("Network.requestWillBeSent", onSent);
    page.off("Network.loadingFailed", onFailed);
  }
}

/** chrome.devtools.network.getHAR() in the panel, with the bodies getContent gave. */
async function exportHar() {
  const json = await cdp.evaluate(
    panel,
    `new Promise((resolve) => chrome.devtools.network.getHAR((log) => {
      let bodies = 0;
      for (const e of log.entries) {
        const b = __loop.bodies.get(e.startedDateTime + " " + e.request.method + " " + e.request.url);
        if (b) {
          bodies++;
          e.response.content.text = b.content;
          if (b.encoding) e.response.content.encoding = b.encoding;
        }
      }
      resolve(JSON.stringify({ log, bodies }));
    }))`,
  );
  const { log, bodies } = JSON.parse(json);
  return { log, bodies };
}

function analyze(scenario, file) {
  const args = ["analyze", "--format", "json", "--show-secrets", file];
  for (const [name, b] of Object.entries(scenario.buckets)) args.push("--cors", `${name}=${b.cors ? resolve(ROOT, b.cors) : "none"}`);
  // The exit status says whether something was blocked; the report is on stdout either way.
  const r = spawnSync(CLI, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  assert.ok(r.stdout, `corshar analyze failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function expectations(scenario) {
  if (scenario.expect) return { requests: scenario.expect, fix: scenario.fix };
  const sample = EXPECTED.find((s) => s.file === scenario.sample);
  assert.ok(sample, `${scenario.sample} is not in samples/expected.json`);
  return { requests: sample.requests, fix: Object.fromEntries(Object.entries(sample.fix).map(([b, f]) => [b, f ? "cors" : null])) };
}

for (const scenario of scenarios) {
  test(scenario.name, { todo: scenario.knownIssue }, async () => {
    await resetWorld(scenario);
    const want = expectations(scenario);
    await warm(scenario);
    const first = await runPage(scenario, "before", scenario.midway);
    if (scenario.control) assert.deepEqual(first.steps.filter((s) => !s.ok), [], "a control scenario failed");
    else assert.ok(first.steps.some((s) => !s.ok), `the page did not fail: ${JSON.stringify(first.steps)}`);

    // corshar on Chrome's own export.
    const report = analyze(scenario, first.file);
    writeFileSync(join(OUT, `loop-${scenario.name}-before.json`), JSON.stringify(report, null, 1));
    for (const w of want.requests) {
      const found = report.findings.filter((f) => f.method === w.method && bucketOf(scenario, f) === (w.bucket ?? null));
      assert.ok(found.length, `no finding for ${w.method} ${w.bucket}: ${JSON.stringify(report.findings.map((f) => [f.method, f.url, f.verdict]))}`);
      const f = found.find((f) => f.verdict === w.verdict && (f.browser_error?.code ?? null) === w.browser_error) ?? found[0];
      assert.equal(f.verdict, w.verdict, `${w.method} ${w.bucket}: verdict`);
      assert.equal(f.browser_error?.code ?? null, w.browser_error, `${w.method} ${w.bucket}: Chrome error`);
      assert.deepEqual(f.causes.map((c) => c.code).sort(), [...w.causes].sort(), `${w.method} ${w.bucket}: causes`);
    }
    // What Chrome said, against what corshar says Chrome said.
    for (const f of report.findings.filter((f) => f.browser_error)) {
      const chromeSaid = first.corsErrors.filter((c) => c.url === f.url);
      assert.ok(chromeSaid.length, `corshar says Chrome blocked ${f.method} ${f.url}; Chrome reported no CORS error for it (${JSON.stringify(first.corsErrors)})`);
      assert.ok(chromeSaid.some((c) => c.error === f.browser_error.code), `${f.url}: Chrome said ${chromeSaid.map((c) => c.error)}, corshar ${f.browser_error.code}`);
      assert.ok(first.console.includes(f.browser_error.message), `Chrome's console has no line\n  ${f.browser_error.message}\nit has:\n  ${first.console.join("\n  ")}`);
    }
    for (const c of first.corsErrors) {
      assert.ok(report.findings.some((f) => f.url === c.url && f.browser_error?.code === c.error), `Chrome reported ${c.error} for ${c.url}; corshar does not`);
    }

    // The fix: a CORS change exactly for the buckets that need one, none for the others.
    const proposed = Object.fromEntries(report.fixes.filter((x) => x.config).map((x) => [x.bucket, x.config]));
    for (const [bucket, kind] of Object.entries(want.fix ?? {})) {
      if (kind === "cors") assert.ok(proposed[bucket], `no CORS fix proposed for ${bucket}`);
      else assert.equal(proposed[bucket], undefined, `a CORS change proposed for ${bucket}, whose problem is not CORS`);
    }
    if (scenario.remedy) return remedy(scenario, report, first);
    if (!Object.keys(proposed).length) return record(scenario, first);
    const now = { ...scenario, buckets: { ...scenario.buckets } };
    for (const x of report.fixes.filter((x) => x.config)) {
      assert.equal(x.verified, true, `${x.bucket}: the fix is not verified`);
      await putBucketCors(x.bucket, scenario.buckets[x.bucket].region, x.config);
      const file = join(work, `${scenario.name}-${x.bucket}.json`);
      writeFileSync(file, JSON.stringify(x.config));
      now.buckets[x.bucket] = { ...now.buckets[x.bucket], cors: file };
    }
    const second = await runPage(scenario, "after");
    assert.deepEqual(second.steps.filter((s) => !s.ok), [], "steps still failing after the fix");
    assert.deepEqual(second.corsErrors, [], "Chrome still reports CORS errors after the fix");
    const again = analyze(now, second.file);
    assert.deepEqual(again.findings.filter((f) => f.verdict !== "ok").map((f) => [f.method, f.url, f.verdict, f.causes.map((c) => c.code)]), [], "corshar still finds failures after the fix");
    record(scenario, first);
  });
}

/**
 * A fix that is not a CORS change: corshar's advice for the cause must say what `remedy.advice`
 * matches; then the scenario takes that advice (`remedy.distributions`: CloudFront behaviours;
 * `remedy.deleteBucketPolicy`: buckets whose policy goes; `remedy.app`: the app's requests
 * change, `steps({ remedied: true })`), and the page works.
 */
async function remedy(scenario, report, first) {
  const advice = report.findings.flatMap((f) => f.causes.map((c) => c.remedy));
  assert.ok(advice.some((a) => scenario.remedy.advice.test(a)), `corshar's advice does not say ${scenario.remedy.advice}: ${JSON.stringify(advice)}`);
  for (const [domain, d] of Object.entries(scenario.remedy.distributions ?? {})) configureDistribution(scenario, domain, d);
  for (const name of scenario.remedy.deleteBucketPolicy ?? []) await putBucketPolicy(name, scenario.buckets[name].region, null);
  if (scenario.remedy.app) remedied.add(scenario.name);
  try {
    const second = await runPage(scenario, "after");
    assert.deepEqual(second.steps.filter((s) => !s.ok), [], "steps still failing after taking corshar's advice");
    assert.deepEqual(second.corsErrors, [], "Chrome still reports CORS errors after taking corshar's advice");
    const again = analyze(scenario, second.file);
    assert.deepEqual(again.findings.filter((f) => f.verdict !== "ok").map((f) => [f.method, f.url, f.verdict, f.causes.map((c) => c.code)]), [], "corshar still finds failures after its advice was taken");
  } finally {
    remedied.delete(scenario.name);
  }
  record(scenario, first);
}

/** Record mode: the passing scenario's first HAR (Chrome's export, bodies included) as its sample. */
function record(scenario, first) {
  if (!RECORD || !recorded(scenario)) return;
  writeFileSync(join(RECORD, basename(scenario.sample)), JSON.stringify(first.har, null, 2));
}


