// The panel in a real DevTools window: Chromium opens DevTools for the tab
// (--auto-open-devtools-for-tabs), the extension's devtools page adds the CORS panel, and the
// panel reads the inspected page's real network log — what getHAR gives when it opens, then each
// request as it finishes, cleared on navigation unless "Preserve log" is on.
//
// Two loopback servers are the two origins: the app page, and a stand-in for S3 that answers a
// preflight the way S3 does when no CORS rule matches (403, an AccessForbidden XML body, no
// Access-Control-* headers). Chromium resolves *.amazonaws.com to 127.0.0.1
// (--host-resolver-rules), so the request goes to a virtual-hosted S3 URL and corshar reads its
// bucket; nothing leaves the machine.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { DIST, FLAGS, OUT, chromiumPath, debuggingPort, extensionId } from "./harness.mjs";
import { Targets } from "./targets.mjs";

const BUCKET = "corshar-live-uploads";
let s3, app, chrome, profile, browser, cdp, tab, panel, devtools;

before(async () => {
  s3 = await listen(fakeS3);
  const page = appPage(`http://${BUCKET}.s3.us-east-1.amazonaws.com:${s3.address().port}`);
  app = await listen((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(page);
  });
  profile = mkdtempSync(join(tmpdir(), "corshar-devtools-"));
  chrome = spawn(
    chromiumPath(),
    [
      ...FLAGS,
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      "--auto-open-devtools-for-tabs",
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      "--host-resolver-rules=MAP *.amazonaws.com 127.0.0.1",
      "about:blank",
    ],
    // Its own process group, so the whole browser (renderers, GPU, utility processes) goes at the end.
    { stdio: "ignore", detached: true },
  );
  browser = await chromium.connectOverCDP(`http://127.0.0.1:${await debuggingPort(profile)}`);
  cdp = new Targets(await browser.newBrowserCDPSession());
  tab = browser.contexts()[0].pages()[0];
  devtools = await cdp.waitFor((t) => t.type === "page" && t.url.startsWith("devtools://"));
  // The extension's devtools page runs once DevTools is up and recording the network.
  await cdp.waitFor((t) => t.url === `chrome-extension://${extensionId()}/devtools.html`);
  await tab.goto(`http://127.0.0.1:${app.address().port}/`);
});

after(async () => {
  await browser?.close().catch(() => {});
  if (chrome && chrome.exitCode === null) {
    const exited = new Promise((r) => chrome.once("exit", r));
    process.kill(-chrome.pid, "SIGTERM");
    await exited;
  }
  s3?.close();
  app?.close();
  if (profile) rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

test("the CORS panel shows the blocked upload from the log it opens on, then live", async () => {
  // A blocked upload before the panel is first shown: getHAR must bring it in.
  await tab.click("#upload");
  await tab.waitForFunction(() => document.title.startsWith("upload failed"));

  // Show the CORS panel, as a click on its tab would; the devtools page may still be adding it.
  const panelUrl = `chrome-extension://${extensionId()}/panel.html`;
  for (let i = 0; i < 100 && !panel; i++) {
    await cdp.evaluate(devtools, `InspectorFrontendAPI.showPanel("chrome-extension://${extensionId()}CORS")`);
    panel = await cdp.waitFor((t) => t.url === panelUrl, 300).catch(() => null);
  }
  assert.ok(panel, "the CORS panel never opened");
  const first = await waitForPanel((s) => s.blocked === 1);
  assert.match(first.rows[0], new RegExp(`^blocked#\\d+PUThttp://${BUCKET}\\.s3\\.us-east-1\\.amazonaws\\.com:\\d+/uploads/report\\.csvPreflightMissingAllowOriginHeaders3-no-rule-matched$`));
  assert.equal(first.fixBucket, BUCKET);
  // The panel follows DevTools' theme.
  const theme = await cdp.evaluate(panel, `[chrome.devtools.panels.themeName, document.documentElement.dataset.theme]`);
  assert.equal(theme[1], theme[0] === "dark" ? "dark" : "light", `DevTools theme ${theme[0]}, panel ${theme[1]}`);
  assert.match(first.fixText, /"AllowedOrigins": \[\s+"http:\/\/127\.0\.0\.1:\d+"/);
  assert.match(first.fixText, /"AllowedMethods": \[\s+"PUT"/);

  // Live: an allowed download and a second blocked upload arrive through onRequestFinished.
  await tab.click("#download");
  await tab.waitForFunction(() => document.title.startsWith("download ok"));
  await tab.click("#upload");
  const live = await waitForPanel((s) => s.blocked === 2 && s.ok === 1);
  assert.equal(live.rows.length, 2);
  assert.match(live.summary, /2 blocked, 0 unreadable, 1 ok/);

  // A DevTools window of a usual size for the picture.
  await cdp.send(devtools, "Emulation.setDeviceMetricsOverride", { width: 1100, height: 760, deviceScaleFactor: 1, mobile: false });
  await new Promise((r) => setTimeout(r, 500));
  await screenshot(devtools, join(OUT, "devtools-panel.png"));
});

test("navigation clears the panel, unless Preserve log is on", async () => {
  await tab.reload();
  const cleared = await waitForPanel((s) => s.blocked === 0);
  assert.equal(cleared.rows.length, 0);

  await cdp.evaluate(panel, `document.querySelector("#preserve").click(), "ok"`);
  await tab.click("#upload");
  await waitForPanel((s) => s.blocked === 1);
  await tab.reload();
  await tab.click("#upload");
  const kept = await waitForPanel((s) => s.blocked === 2);
  assert.equal(kept.rows.length, 2);
});

/** The panel's findings and fix, polled until `ready(snapshot)` holds. */
async function waitForPanel(ready, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await cdp.evaluate(
      panel,
      `(() => {
        const count = (cls) => Number((document.querySelector("#summary .count." + cls)?.textContent ?? "0").split(" ")[0]);
        const fix = document.querySelector("article.fix");
        return {
          state: document.body.dataset.state,
          summary: document.querySelector("#summary").textContent,
          blocked: count("blocked"),
          ok: count("ok"),
          rows: [...document.querySelectorAll("details.finding:not(.passing details) > summary")].map((s) => s.textContent),
          fixBucket: fix?.dataset.bucket,
          fixText: fix?.querySelector(".fix-text pre")?.textContent,
          error: document.querySelector("#error").hidden ? null : document.querySelector("#error").textContent,
        };
      })()`,
    );
    if (last.state !== "working" && ready(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the panel never got there; last seen: ${JSON.stringify(last, null, 1)}`);
}

async function screenshot(target, path) {
  const { data } = await cdp.send(target, "Page.captureScreenshot", { format: "png" });
  writeFileSync(path, Buffer.from(data, "base64"));
}

/** S3 with a CORS rule allowing GET from any origin, and none for PUT: the preflight is refused. */
function fakeS3(req, res) {
  const common = { "x-amz-request-id": "0A1B2C3D4E5F6789", server: "AmazonS3" };
  if (req.method === "OPTIONS") {
    if (req.headers["access-control-request-method"] === "GET") {
      res.writeHead(200, { ...common, "access-control-allow-origin": "*", "access-control-allow-methods": "GET", "vary": "Origin, Access-Control-Request-Headers, Access-Control-Request-Method" });
      res.end();
      return;
    }
    res.writeHead(403, { ...common, "content-type": "application/xml" });
    res.end(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessForbidden</Code><Message>CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.</Message><Method>PUT</Method><ResourceType>OBJECT</ResourceType><RequestId>0A1B2C3D4E5F6789</RequestId><HostId>host</HostId></Error>',
    );
    return;
  }
  if (req.method === "GET") {
    res.writeHead(200, { ...common, "content-type": "text/plain", "access-control-allow-origin": "*", "access-control-allow-methods": "GET", "vary": "Origin, Access-Control-Request-Headers, Access-Control-Request-Method", etag: '"1b2cf535f27731c974343645a3985328"' });
    res.end("hello");
    return;
  }
  res.writeHead(200, common);
  res.end();
}

function appPage(bucketUrl) {
  return `<!doctype html><title>app</title>
<button id="upload">upload</button> <button id="download">download</button>
<script>
document.getElementById("upload").onclick = () =>
  fetch("${bucketUrl}/uploads/report.csv", { method: "PUT", body: "a,b\\n", headers: { "content-type": "text/csv" } })
    .then((r) => (document.title = "upload ok " + r.status), (e) => (document.title = "upload failed: " + e.message));
document.getElementById("download").onclick = () =>
  fetch("${bucketUrl}/public/hello.txt")
    .then((r) => r.text())
    .then((t) => (document.title = "download ok " + t), (e) => (document.title = "download failed: " + e.message));
</script>`;
}

function listen(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

