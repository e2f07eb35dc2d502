// One scenario per case: the page's origin, the buckets it reaches (region, initial CORS
// configuration from samples/cors, seeded objects), the steps its app.js runs (URLs signed now,
// as a backend would), and what corshar must say about the first run. `sample` names the
// samples/ HAR the scenario reproduces live: its expectations come from samples/expected.json
// unless the scenario gives its own (`expect`).
import { presign, signHeaders } from "./sigv4.mjs";

const s3 = (bucket, region, key) => `https://${bucket}.s3.${region}.amazonaws.com/${key}`;
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><rect width="24" height="24" fill="#c33"/></svg>';
export const LOGO = SVG;
const PDF = { text: "%PDF-1.7\n" + "0123456789abcdef".repeat(256) };

export const SCENARIOS = [
  {
    name: "s04-localhost-dev-origin-missing",
    sample: "samples/s04-localhost-dev-origin-missing.har",
    origin: "http://localhost:5173",
    buckets: { "acme-media-prod": { region: "us-east-2", cors: "samples/cors/acme-media-prod.json" } },
    steps: () => [
      {
        label: "upload the avatar (presigned PUT, fetch)",
        method: "PUT",
        url: presign("PUT", s3("acme-media-prod", "us-east-2", "avatars/usr_7f3a/original.jpg"), { region: "us-east-2" }),
        headers: { "content-type": "image/jpeg" },
        body: { size: 2048 },
      },
    ],
  },
  {
    name: "s05-sdk-signed-headers-not-allowed",
    sample: "samples/s05-sdk-signed-headers-not-allowed.har",
    origin: "https://admin.acme.test",
    buckets: { "acme-telemetry-ingest": { region: "us-east-2", cors: "samples/cors/acme-telemetry-ingest.json" } },
    steps: () => {
      const url = s3("acme-telemetry-ingest", "us-east-2", "audit/2026/11/27/batch-0192.ndjson?x-id=PutObject");
      const headers = signHeaders("PUT", url, {
        region: "us-east-2",
        headers: {
          "x-amz-user-agent": "aws-sdk-js/3.787.0 ua/2.1 os/Linux lang/js md/browser#Chrome api/s3#3.787.0 m/E,N",
          "amz-sdk-invocation-id": "1c4d2455-6e4c-47a9-9c84-96f087d67e36",
          "amz-sdk-request": "attempt=1; max=3",
        },
        sign: ["x-amz-user-agent", "amz-sdk-invocation-id", "amz-sdk-request"],
      });
      return [{ label: "PutObject, SDK-style (Authorization header)", method: "PUT", url, headers, body: { size: 512 } }];
    },
  },
  {
    name: "s06-range-content-range-not-exposed",
    sample: "samples/s06-range-content-range-not-exposed.har",
    origin: "https://files.acme.test",
    buckets: {
      "acme-doc-library": { region: "us-east-2", cors: "samples/cors/acme-doc-library.json", objects: { "manuals/hx-200/installation-guide.pdf": { ...PDF, type: "application/pdf" } } },
    },
    steps: () => [
      {
        label: "read the PDF's first KiB and its total size (Range GET)",
        method: "GET",
        url: presign("GET", s3("acme-doc-library", "us-east-2", "manuals/hx-200/installation-guide.pdf"), { region: "us-east-2" }),
        headers: { range: "bytes=0-1023" },
        read: ["Content-Range", "Accept-Ranges"],
        require: ["Content-Range"],
      },
    ],
  },
  {
    name: "credentials-wildcard-origin",
    sample: "samples/credentials-wildcard-origin.har",
    origin: "https://portal.acme.test",
    buckets: {
      "acme-portal-downloads": {
        region: "us-east-2",
        cors: "samples/cors/acme-portal-downloads.json",
        objects: { "exports/2026-11/statement.csv": { text: "date,amount\n2026-11-01,12.50\n", type: "text/csv" }, "exports/2026-11/summary.csv": { text: "total\n12.50\n", type: "text/csv" } },
      },
    },
    steps: () => [
      {
        label: "download the statement with cookies (credentials: include)",
        method: "GET",
        credentials: "include",
        url: presign("GET", s3("acme-portal-downloads", "us-east-2", "exports/2026-11/statement.csv"), { region: "us-east-2" }),
      },
      {
        label: "download the summary (no credentials)",
        method: "GET",
        url: presign("GET", s3("acme-portal-downloads", "us-east-2", "exports/2026-11/summary.csv"), { region: "us-east-2" }),
      },
    ],
  },
  {
    name: "presigned-put-signature-mismatch",
    sample: "samples/presigned-put-signature-mismatch.har",
    origin: "https://portal.acme.test",
    buckets: { "acme-portal-profiles": { region: "us-east-2", cors: "samples/cors/acme-portal-profiles.json" } },
    steps: () => [
      {
        label: "upload the profile photo (presigned for image/png, sent as image/jpeg)",
        method: "PUT",
        url: presign("PUT", s3("acme-portal-profiles", "us-east-2", "profiles/usr_2291/photo.png"), { region: "us-east-2", headers: { "content-type": "image/png" } }),
        headers: { "content-type": "image/jpeg" },
        body: { size: 1024 },
      },
    ],
  },
  {
    name: "wrong-region-301",
    sample: "samples/wrong-region-301.har",
    origin: "https://portal.acme.test",
    buckets: { "acme-eu-contracts": { region: "eu-west-1", cors: "samples/cors/acme-eu-contracts.json" } },
    steps: () => [
      {
        label: "upload the signed contract (presigned for us-east-1, bucket in eu-west-1)",
        method: "PUT",
        url: presign("PUT", s3("acme-eu-contracts", "us-east-1", "contracts/2026/globex-msa.pdf"), { region: "us-east-1", headers: { "content-type": "application/pdf" } }),
        headers: { "content-type": "application/pdf" },
        body: PDF,
      },
    ],
  },
  {
    // Not a sample: one page, three buckets, a same-origin image, a cross-origin <img
    // crossorigin>, a passing fetch, a HEAD the rule does not allow, and a multipart start
    // whose preflight is refused (s10's POST ?uploads).
    name: "mixed-buckets",
    origin: "https://portal.acme.test",
    buckets: {
      "acme-portal-reports": {
        region: "us-east-2",
        cors: "samples/cors/acme-portal-reports.json",
        objects: { "kpi/2026-w47.json": { text: '{"week":47}', type: "application/json" }, "charts/w47.svg": { text: SVG, type: "image/svg+xml" } },
      },
      "acme-portal-thumbnails": { region: "us-east-2", cors: "samples/cors/acme-portal-thumbnails.json", objects: { "projects/prj-3310/cover-320.webp": { size: 300, type: "image/webp" } } },
      "acme-batch-jobs": { region: "eu-central-1", cors: "samples/cors/acme-batch-jobs.json" },
    },
    steps: () => [
      { label: "portal logo (same-origin <img>)", via: "img", method: "GET", url: "/assets/logo.svg" },
      { label: "weekly KPI chart (<img crossorigin>)", via: "img", crossorigin: "anonymous", method: "GET", url: presign("GET", s3("acme-portal-reports", "us-east-2", "charts/w47.svg"), { region: "us-east-2" }) },
      { label: "weekly KPI report (presigned GET)", method: "GET", url: presign("GET", s3("acme-portal-reports", "us-east-2", "kpi/2026-w47.json"), { region: "us-east-2" }), read: ["ETag"], require: ["ETag"] },
      { label: "does the cover exist? (presigned HEAD)", method: "HEAD", url: presign("HEAD", s3("acme-portal-thumbnails", "us-east-2", "projects/prj-3310/cover-320.webp"), { region: "us-east-2" }) },
      {
        label: "start the nightly export's multipart upload (presigned POST ?uploads)",
        method: "POST",
        url: presign("POST", s3("acme-batch-jobs", "eu-central-1", "nightly/2026-11-27/export.parquet?uploads="), { region: "eu-central-1", headers: { "x-amz-server-side-encryption": "AES256" } }),
        headers: { "x-amz-server-side-encryption": "AES256" },
      },
    ],
    expect: [
      { method: "GET", bucket: "acme-portal-reports", verdict: "ok", browser_error: null, causes: [] },
      { method: "HEAD", bucket: "acme-portal-thumbnails", verdict: "blocked", browser_error: "MissingAllowOriginHeader", causes: ["s3-method-not-allowed"] },
      { method: "POST", bucket: "acme-batch-jobs", verdict: "blocked", browser_error: "PreflightMissingAllowOriginHeader", causes: ["s3-method-not-allowed"] },
    ],
    fix: { "acme-portal-thumbnails": "cors", "acme-batch-jobs": "cors" },
  },
];
