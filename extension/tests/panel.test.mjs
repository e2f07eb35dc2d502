// The panel page of the unpacked extension in headless Chromium, outside DevTools (a HAR viewer):
// a sample imported through the file input shows its findings and its fix, the fix switches
// forms, a pasted bucket configuration completes and verifies it; gzip and zip files open by
// drag and drop and the file input; a broken file says where; secrets stay masked; the dark
// theme follows the system; a 50 MB HAR is analysed off the UI thread. Screenshots go to
// target/browser-tests/.
import { gzipSync } from "node:zlib";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { OUT, ROOT, launch, panelUrl } from "./harness.mjs";
import { bigHar } from "./big-har.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser?.close());

/** A fresh panel page; page errors fail the test that caused them. */
async function openPanel(options = {}) {
  const page = await browser.context.newPage();
  if (options.colorScheme) await page.emulateMedia({ colorScheme: options.colorScheme });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(panelUrl(browser.id));
  await page.waitForFunction(() => document.body.dataset.state === "empty");
  return { page, errors };
}

/** Waits until the analysis ends; returns the final state. */
async function settled(page) {
  await page.waitForFunction(() => ["problems", "ready", "error"].includes(document.body.dataset.state), null, { timeout: 60_000 });
  return page.evaluate(() => document.body.dataset.state);
}

async function fixText(page, bucket) {
  return page.locator(`article.fix[data-bucket="${bucket}"] .fix-text pre`).textContent();
}

test("a sample through the file input: findings, the fix in every form, a pasted configuration verifies it", async () => {
  const { page, errors } = await openPanel();
  await page.setInputFiles("#file", join(ROOT, "samples/s01-head-not-allowed.har"));
  assert.equal(await settled(page), "problems");

  // The finding as the CLI reports it: entry 6, HEAD, MissingAllowOriginHeader, s3-method-not-allowed.
  const row = page.locator('details.finding[data-entry="6"] > summary');
  assert.match(await row.textContent(), /blocked#6HEAD.*MissingAllowOriginHeader.*s3-method-not-allowed/);
  const body = page.locator('details.finding[data-entry="6"] .body');
  assert.match(await body.locator("pre.console").first().textContent(), /has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header/);
  assert.ok((await body.locator("table.evidence tr").count()) > 1, "the deciding headers are listed");
  assert.match(await page.locator("#summary").textContent(), /1 blocked/);

  // The fix: reconstructed (no configuration given yet), and adds HEAD.
  const bucket = "acme-portal-thumbnails";
  const card = page.locator(`article.fix[data-bucket="${bucket}"]`);
  assert.match(await card.locator("h3").textContent(), /incomplete: reconstructed/);
  assert.match(await fixText(page, bucket), /"HEAD"/);

  // Other forms come from the same report.
  await card.locator("select.form").selectOption("terraform");
  assert.match(await fixText(page, bucket), /resource "aws_s3_bucket_cors_configuration"/);
  await card.locator("select.form").selectOption("cloudformation");
  assert.match(await fixText(page, bucket), /CorsConfiguration:/);
  await card.locator("select.form").selectOption("aws-cli");

  // Paste the bucket's real configuration: the fix becomes complete and verified, with a diff.
  await card.locator("details.paste > summary").click();
  await card.locator("textarea").fill(readFileSync(join(ROOT, "samples/cors/acme-portal-thumbnails.json"), "utf8"));
  await card.locator("button.primary").click();
  await page.waitForFunction(
    (b) => /verified/.test(document.querySelector(`article.fix[data-bucket="${b}"] h3`)?.textContent ?? "") && !/not verified/.test(document.querySelector(`article.fix[data-bucket="${b}"] h3`).textContent),
    bucket,
  );
  assert.match(await card.locator("h3").textContent(), /starts from the given configuration/);
  assert.match(await card.locator("pre.diff").textContent(), /\+\s+"HEAD"/);
  const expected = JSON.parse(readFileSync(join(ROOT, "samples/expected.json"), "utf8")).samples.find((s) => s.file.endsWith("s01-head-not-allowed.har")).fix[bucket];
  assert.deepEqual(JSON.parse(await fixText(page, bucket)), expected, "the panel's fix is the sample's verified fix");

  // The README's picture: the fix open, the page from the top, the first finding's evidence and the fix in view.
  await card.locator("details.paste > summary").click();
  await page.setViewportSize({ width: 1000, height: 1450 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(OUT, "panel-sample.png") });
  assert.deepEqual(errors, []);
  await page.close();
});

test("a wrong pasted configuration is refused with where it is wrong, and the last report stays", async () => {
  const { page } = await openPanel();
  await page.setInputFiles("#file", join(ROOT, "samples/s01-head-not-allowed.har"));
  await settled(page);
  const card = page.locator('article.fix[data-bucket="acme-portal-thumbnails"]');
  await card.locator("details.paste > summary").click();
  await card.locator("textarea").fill('{"CORSRules": [{"AllowedMethods": ["GET"]');
  await card.locator("button.primary").click();
  await page.waitForFunction(() => !document.querySelector("#error").hidden);
  assert.match(await page.locator("#error").textContent(), /acme-portal-thumbnails: \d+:\d+: /);
  assert.equal(await page.locator("details.finding.blocked").count(), 1);
  await page.close();
});

test("gzip by drag and drop, zip through the file input", async () => {
  const { page, errors } = await openPanel();
  const har = readFileSync(join(ROOT, "samples/s05-sdk-signed-headers-not-allowed.har"));
  const gz = gzipSync(har).toString("base64");
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], "session.har.gz"));
    for (const type of ["dragenter", "dragover", "drop"]) {
      document.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, gz);
  assert.equal(await settled(page), "problems");
  assert.match(await page.locator("#warnings").textContent(), /decompressed session\.har\.gz \(gzip\)/);
  assert.match(await page.locator('details.finding[data-entry="4"] > summary').textContent(), /PreflightMissingAllowOriginHeader/);

  const zipPath = join(OUT, "ticket-attachment.zip");
  writeFileSync(zipPath, zipWith("notes.txt", Buffer.from("hello"), "export/session.har", har));
  await page.setInputFiles("#file", zipPath);
  await page.waitForFunction(() => /ticket-attachment\.zip:export\/session\.har/.test(document.querySelector("#source").textContent));
  assert.equal(await settled(page), "problems");
  assert.match(await page.locator("#warnings").textContent(), /took export\/session\.har from ticket-attachment\.zip/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a truncated HAR is an error naming the file and the place", async () => {
  const { page } = await openPanel();
  const cut = readFileSync(join(ROOT, "samples/s05-sdk-signed-headers-not-allowed.har")).subarray(0, 3000);
  await page.setInputFiles("#file", { name: "cut.har", mimeType: "application/json", buffer: cut });
  assert.equal(await settled(page), "error");
  assert.match(await page.locator("#error").textContent(), /^cut\.har:\d+:\d+: /);
  await page.close();
});

test("secrets stay masked unless the user asks", async () => {
  const { page } = await openPanel();
  const file = join(ROOT, "samples/presigned-get-expired.har");
  const signature = /X-Amz-Signature=([0-9a-f]{64})/.exec(readFileSync(file, "utf8"))[1];
  await page.setInputFiles("#file", file);
  await settled(page);
  const shown = () => page.evaluate(() => document.body.innerText + document.body.innerHTML);
  assert.ok(!(await shown()).includes(signature), "the presigned signature is on screen");
  await page.check("#secrets");
  await page.waitForFunction((sig) => document.body.innerHTML.includes(sig), signature);
  await page.uncheck("#secrets");
  await page.waitForFunction((sig) => !document.body.innerHTML.includes(sig), signature);
  await page.close();
});

test("header values cannot inject markup", async () => {
  const { page, errors } = await openPanel();
  const har = JSON.parse(readFileSync(join(ROOT, "samples/s05-sdk-signed-headers-not-allowed.har"), "utf8"));
  // Put markup where the panel prints it: the page origin, in the preflight's Origin header.
  const evil = 'https://x.test"><img src=x onerror="document.title=\'pwned\'">';
  for (const e of har.log.entries) for (const h of e.request.headers) if (h.name.toLowerCase() === "origin") h.value = evil;
  await page.setInputFiles("#file", { name: "evil.har", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(har)) });
  await settled(page);
  assert.equal(await page.locator("main img").count(), 0);
  assert.notEqual(await page.title(), "pwned");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the dark theme follows the system outside DevTools", async () => {
  const { page } = await openPanel({ colorScheme: "dark" });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
  await page.setInputFiles("#file", join(ROOT, "samples/s10-mixed-three-buckets.har"));
  await settled(page);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, "rgb(32, 33, 36)");
  await page.screenshot({ path: join(OUT, "panel-dark.png") });
  await page.close();
});

test("a 50 MB HAR is analysed in the worker while the page keeps painting", async () => {
  const { page, errors } = await openPanel();
  const path = join(OUT, "big-50mb.har");
  const { size, entries } = bigHar(path, 50 * 1024 * 1024);
  // Count animation frames and the longest gap between them while the panel reads and analyses.
  await page.evaluate(() => {
    globalThis.frames_ = { count: 0, longest: 0, last: performance.now(), sawProgress: false };
    const tick = (now) => {
      const f = globalThis.frames_;
      f.count++;
      f.longest = Math.max(f.longest, now - f.last);
      f.last = now;
      if (!document.querySelector("#progress").hidden) f.sawProgress = true;
      if (!f.done) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.setInputFiles("#file", path);
  assert.equal(await settled(page), "problems");
  const frames = await page.evaluate(() => ({ ...globalThis.frames_, done: (globalThis.frames_.done = true) }));
  const summary = await page.locator("#summary").textContent();
  assert.match(summary, new RegExp(`^${entries} entries`));
  assert.ok(frames.sawProgress, "progress was shown");
  // Not a timing assertion: a figure for the README, measured where it matters.
  console.log(`# 50 MB HAR (${(size / 1048576).toFixed(1)} MiB, ${entries} entries): ${summary.match(/analysed in [\d.]+ m?s/)?.[0]}; ${frames.count} frames painted meanwhile, longest gap ${Math.round(frames.longest)} ms`);
  assert.deepEqual(errors, []);
  await page.close();
});

/** A stored zip (no compression) with the given members: the reader must find the .har by name. */
function zipWith(...members) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (let i = 0; i < members.length; i += 2) {
    const name = Buffer.from(members[i]);
    const data = members[i + 1];
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length / 2, 8);
  end.writeUInt16LE(members.length / 2, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
