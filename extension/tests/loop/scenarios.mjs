// One scenario per case: the page's origin, the buckets it reaches (region, initial CORS
// configuration from samples/cors, seeded objects), the steps its app.js runs (URLs signed now,
// as a backend would), and what corshar must say about the first run. `sample` names the
// samples/ HAR the scenario reproduces live: its expectations come from samples/expected.json
// unless the scenario gives its own (`expect`).
import { BEHAVIOURS } from "./cloudfront.mjs";
import { presign, presignPost, signHeaders } from "./sigv4.mjs";

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
    steps: ({ remedied } = {}) => [
      {
        label: remedied ? "upload the profile photo (presigned for image/png, sent as image/png)" : "upload the profile photo (presigned for image/png, sent as image/jpeg)",
        method: "PUT",
        url: presign("PUT", s3("acme-portal-profiles", "us-east-2", "profiles/usr_2291/photo.png"), { region: "us-east-2", headers: { "content-type": "image/png" } }),
        headers: { "content-type": remedied ? "image/png" : "image/jpeg" },
        body: { size: 1024 },
      },
    ],
    remedy: { advice: /Send exactly the headers that were signed/, app: true },
  },
  {
    name: "wrong-region-301",
    sample: "samples/wrong-region-301.har",
    origin: "https://portal.acme.test",
    buckets: { "acme-eu-contracts": { region: "eu-west-1", cors: "samples/cors/acme-eu-contracts.json" } },
    steps: ({ remedied } = {}) => {
      const region = remedied ? "eu-west-1" : "us-east-1";
      return [
        {
          label: `upload the signed contract (presigned for ${region}, bucket in eu-west-1)`,
          method: "PUT",
          url: presign("PUT", s3("acme-eu-contracts", region, "contracts/2026/globex-msa.pdf"), { region, headers: { "content-type": "application/pdf" } }),
          headers: { "content-type": "application/pdf" },
          body: PDF,
        },
      ];
    },
    remedy: { advice: /https:\/\/acme-eu-contracts\.s3\.eu-west-1\.amazonaws\.com/, app: true },
  },
  {
    name: "s01-head-not-allowed",
    sample: "samples/s01-head-not-allowed.har",
    origin: "https://portal.acme.test",
    buckets: { "acme-portal-thumbnails": { region: "us-east-2", cors: "samples/cors/acme-portal-thumbnails.json" } },
    steps: () => {
      const url = s3("acme-portal-thumbnails", "us-east-2", "projects/prj-3310/cover-320.webp");
      return [
        { label: "upload the cover (presigned PUT)", method: "PUT", url: presign("PUT", url, { region: "us-east-2" }), headers: { "content-type": "image/webp" }, body: { size: 320 } },
        { label: "check it is there (presigned HEAD)", method: "HEAD", url: presign("HEAD", url, { region: "us-east-2" }) },
      ];
    },
  },
  {
    name: "s02-http-origin-vs-https-rule",
    sample: "samples/s02-http-origin-vs-https-rule.har",
    origin: "http://portal.acme.test",
    buckets: { "acme-portal-exports": { region: "us-east-2", cors: "samples/cors/acme-portal-exports.json", objects: { "exports/2026-11/orders-week-47.csv": { text: "order,total\n1,9.90\n", type: "text/csv" } } } },
    steps: () => [
      { label: "download this week's orders (presigned GET from an http page)", method: "GET", url: presign("GET", s3("acme-portal-exports", "us-east-2", "exports/2026-11/orders-week-47.csv"), { region: "us-east-2" }) },
    ],
  },
  {
    name: "s03-wildcard-subdomain-vs-apex",
    sample: "samples/s03-wildcard-subdomain-vs-apex.har",
    origin: "https://acme.test",
    buckets: { "acme-brand-assets": { region: "eu-central-1", cors: "samples/cors/acme-brand-assets.json" } },
    steps: () => [
      {
        label: "publish the press release (XHR PUT with upload progress)",
        via: "xhr",
        uploadProgress: true,
        method: "PUT",
        url: presign("PUT", s3("acme-brand-assets", "eu-central-1", "press/2026-11-27-launch.md"), { region: "eu-central-1" }),
        headers: { "Cache-Control": "max-age=300", "Content-Type": "text/markdown" },
        body: { text: "# Launch\n\nToday we ship.\n" },
      },
    ],
  },
  {
    name: "s09-preflight-cache-max-age",
    sample: "samples/s09-preflight-cache-max-age.har",
    control: true,
    origin: "https://admin.acme.test",
    buckets: { "acme-workspace-settings": { region: "ap-southeast-2", cors: "samples/cors/acme-workspace-settings.json" } },
    steps: () => {
      const url = presign("PUT", s3("acme-workspace-settings", "ap-southeast-2", "workspaces/ws-0458/layout.json"), { region: "ap-southeast-2" });
      const step = (label) => ({ label, method: "PUT", url, headers: { "Content-Type": "application/vnd.acme.layout+json", "x-amz-storage-class": "STANDARD_IA" }, body: { text: '{"cols":3}' } });
      return [step("save the layout"), step("save it again (preflight from the cache)")];
    },
  },
  {
    name: "presigned-put-no-cors",
    sample: "samples/presigned-put-no-cors.har",
    // Found by this loop: corshar once counted a plain PUT's hidden ETag as needed, so its own
    // rerun analysis called its verified fix `unreadable`; the ETag counts on multipart only now.
    origin: "https://portal.acme.test",
    buckets: { "acme-portal-avatars": { region: "us-east-2", cors: null } },
    steps: () => [
      { label: "upload the avatar to a bucket without CORS", method: "PUT", url: presign("PUT", s3("acme-portal-avatars", "us-east-2", "avatars/usr_4821/profile.png"), { region: "us-east-2" }), headers: { "Content-Type": "image/png" }, body: { size: 700 } },
    ],
  },
  {
    // The page saves twice with the same URL and headers; between the two saves an admin removes
    // this origin from the bucket's rules (`midway`, at the step's waitFor). The second PUT goes
    // out on the preflight Chrome cached (MaxAgeSeconds 3000), S3 stores it and answers without
    // Access-Control-Allow-Origin. `cors` is the configuration once it changed (what corshar is
    // given), `initialCors` the one the page starts with.
    name: "stale-preflight-cache",
    sample: "samples/stale-preflight-cache.har",
    origin: "https://admin.acme.test",
    buckets: {
      "acme-dashboard-layouts": {
        region: "ap-southeast-2",
        cors: "samples/cors/acme-dashboard-layouts.json",
        initialCors: {
          CORSRules: [{ AllowedHeaders: ["*"], AllowedMethods: ["GET", "PUT"], AllowedOrigins: ["https://console.acme.test", "https://admin.acme.test"], ExposeHeaders: ["ETag"], MaxAgeSeconds: 3000 }],
        },
      },
    },
    midway: { "acme-dashboard-layouts": "samples/cors/acme-dashboard-layouts.json" },
    steps: () => {
      const url = presign("PUT", s3("acme-dashboard-layouts", "ap-southeast-2", "workspaces/ws-0458/layout.json"), { region: "ap-southeast-2" });
      const step = { method: "PUT", url, headers: { "content-type": "application/json" } };
      return [
        { ...step, label: "save the dashboard layout", body: { text: '{"cols":3}' } },
        { ...step, label: "save it again after the rules changed (cached preflight)", waitFor: "rules-changed", body: { text: '{"cols":4}' } },
      ];
    },
  },
  {
    name: "sdk-checksum-header-not-allowed",
    sample: "samples/sdk-checksum-header-not-allowed.har",
    origin: "https://admin.acme.test",
    buckets: { "acme-audit-exports": { region: "us-east-2", cors: "samples/cors/acme-audit-exports.json" } },
    steps: () => {
      const url = s3("acme-audit-exports", "us-east-2", "audit/2026/11/27/export-0311.ndjson?x-id=PutObject");
      const headers = signHeaders("PUT", url, {
        region: "us-east-2",
        headers: {
          "content-type": "application/x-ndjson",
          "x-amz-checksum-crc32": "XdAIng==",
          "x-amz-sdk-checksum-algorithm": "CRC32",
          "x-amz-user-agent": "aws-sdk-js/3.787.0 ua/2.1 os/Linux lang/js md/browser#Chrome api/s3#3.787.0 m/N,Z,b,U,E",
          "amz-sdk-invocation-id": "7d0c9a64-5b1e-4c2f-9f3a-2e8b61d4a0c7",
          "amz-sdk-request": "attempt=1; max=3",
        },
        sign: ["content-type", "x-amz-checksum-crc32", "x-amz-sdk-checksum-algorithm", "x-amz-user-agent", "amz-sdk-invocation-id", "amz-sdk-request"],
      });
      return [{ label: "PutObject with the SDK's default checksums", method: "PUT", url, headers, body: { text: '{"event":"login"}\n' } }];
    },
  },
  {
    name: "multipart-uploadpart-etag-hidden",
    sample: "samples/multipart-uploadpart-etag-hidden.har",
    origin: "https://files.acme.test",
    buckets: { "acme-video-uploads": { region: "us-east-2", cors: "samples/cors/acme-video-uploads.json" } },
    steps: () => [
      { label: "multipart upload: part 1 then complete (needs the part's ETag)", method: "PUT", read: ["ETag"], multipart: { bucket: "acme-video-uploads", region: "us-east-2", key: "surveys/site-0077/walkthrough.mp4", parts: 1, partSize: 4096 } },
    ],
  },
  {
    name: "global-endpoint-307",
    sample: "samples/global-endpoint-307.har",
    origin: "https://admin.acme.test",
    buckets: { "acme-reports-staging": { region: "eu-west-2", cors: "samples/cors/acme-reports-staging.json" } },
    steps: ({ remedied } = {}) => [
      {
        label: `upload the usage report through the ${remedied ? "regional" : "global"} endpoint`,
        method: "PUT",
        url: presign("PUT", `https://acme-reports-staging.s3.${remedied ? "eu-west-2." : ""}amazonaws.com/reports/2026-11-27/usage.csv`, { region: "eu-west-2" }),
        headers: { "Content-Type": "text/csv" },
        body: { text: "day,calls\n27,1200\n" },
      },
    ],
    remedy: { advice: /https:\/\/acme-reports-staging\.s3\.eu-west-2\.amazonaws\.com/, app: true },
  },
  {
    // The sample reaches eu-west-1 through the global host (DNS routing); the endpoint answers
    // the global host with a 307 (contract), so this one sends the regional host signed for
    // us-east-1: the same readable 400 AuthorizationHeaderMalformed.
    name: "sdk-wrong-region-400",
    sample: "samples/sdk-wrong-region-400.har",
    origin: "https://admin.acme.test",
    buckets: { "acme-eu-ledger": { region: "eu-west-1", cors: "samples/cors/acme-eu-ledger.json" } },
    steps: ({ remedied } = {}) => {
      const url = s3("acme-eu-ledger", "eu-west-1", "exports/2026/11/27/ledger-eu.csv?x-id=PutObject");
      const headers = signHeaders("PUT", url, {
        region: remedied ? "eu-west-1" : "us-east-1",
        headers: { "content-type": "text/csv", "amz-sdk-invocation-id": "ff5a0683-4fa9-472b-a3c7-99df986c3d79", "amz-sdk-request": "attempt=1; max=3" },
        sign: ["content-type", "amz-sdk-invocation-id", "amz-sdk-request"],
      });
      return [{ label: `PutObject signed for ${remedied ? "eu-west-1" : "us-east-1"}`, method: "PUT", url, headers, body: { text: "id,amount\n1,10\n" } }];
    },
    remedy: { advice: /SDK client's region to the bucket's region/, app: true },
  },
  {
    name: "presigned-get-expired",
    sample: "samples/presigned-get-expired.har",
    origin: "https://portal.acme.test",
    buckets: { "acme-statements": { region: "us-east-2", cors: "samples/cors/acme-statements.json", objects: { "statements/2026/10/ACCT-55210.pdf": { ...PDF, type: "application/pdf" } } } },
    steps: ({ remedied } = {}) => [
      {
        label: remedied ? "open the statement (URL presigned just now)" : "open the statement (URL presigned 5 h 8 min ago, valid 1 h)",
        method: "GET",
        url: presign("GET", s3("acme-statements", "us-east-2", "statements/2026/10/ACCT-55210.pdf"), { region: "us-east-2", date: new Date(Date.now() - (remedied ? 0 : (5 * 60 + 8) * 60_000)) }),
      },
    ],
    remedy: { advice: /Presign closer to the request/, app: true },
  },
  {
    name: "presigned-get-cache-buster",
    sample: "samples/presigned-get-cache-buster.har",
    origin: "https://portal.acme.test",
    buckets: { "acme-usage-reports": { region: "us-east-2", cors: "samples/cors/acme-usage-reports.json", objects: { "reports/2026-11/usage-summary.json": { text: '{"calls":1}', type: "application/json" } } } },
    steps: ({ remedied } = {}) => [
      {
        label: remedied ? "load the usage summary (the wrapper leaves presigned URLs alone)" : "load the usage summary (the fetch wrapper appends &cb=)",
        method: "GET",
        url: presign("GET", s3("acme-usage-reports", "us-east-2", "reports/2026-11/usage-summary.json"), { region: "us-east-2" }) + (remedied ? "" : `&cb=${Date.now()}`),
      },
    ],
    remedy: { advice: /Add such parameters before presigning, or drop them/, app: true },
  },
  {
    name: "website-endpoint-mixed-content",
    sample: "samples/website-endpoint-mixed-content.har",
    origin: "https://portal.acme.test",
    buckets: { "acme-help-center": { region: "us-east-1", cors: "samples/cors/acme-help-center.json" } },
    steps: ({ remedied } = {}) => [
      remedied
        ? { label: "list the help articles (REST endpoint, presigned ListObjectsV2)", method: "GET", url: presign("GET", "https://acme-help-center.s3.us-east-1.amazonaws.com/?list-type=2&prefix=articles%2F", { region: "us-east-1" }) }
        : { label: "list the help articles (website endpoint, http)", method: "GET", url: "http://acme-help-center.s3-website-us-east-1.amazonaws.com/?list-type=2&prefix=articles%2F" },
    ],
    remedy: { advice: /Use the REST endpoint https:\/\/acme-help-center\.s3\.us-east-1\.amazonaws\.com/, app: true },
  },
  {
    name: "sdk-list-buckets",
    sample: "samples/sdk-list-buckets.har",
    origin: "https://admin.acme.test",
    buckets: {},
    steps: () => {
      const url = "https://s3.us-east-1.amazonaws.com/?x-id=ListBuckets";
      const headers = signHeaders("GET", url, {
        region: "us-east-1",
        headers: { "x-amz-user-agent": "aws-sdk-js/3.787.0 ua/2.1 os/Linux lang/js md/browser#Chrome api/s3#3.787.0 m/E,N", "amz-sdk-invocation-id": "952f91ab-d756-4978-8cf9-d7802d9ce614", "amz-sdk-request": "attempt=1; max=3" },
        sign: ["x-amz-user-agent", "amz-sdk-invocation-id", "amz-sdk-request"],
      });
      return [{ label: "ListBuckets from the browser", method: "GET", url, headers }];
    },
  },
  {
    name: "patch-method-not-allowable",
    sample: "samples/patch-method-not-allowable.har",
    origin: "https://admin.acme.test",
    buckets: { "acme-workspace-drafts": { region: "us-east-2", cors: "samples/cors/acme-workspace-drafts.json" } },
    steps: ({ remedied } = {}) => [
      remedied
        ? { label: "PUT the whole board", method: "PUT", url: presign("PUT", s3("acme-workspace-drafts", "us-east-2", "drafts/ws-0458/board.json"), { region: "us-east-2" }), headers: { "Content-Type": "application/json" }, body: { text: '{"title":"Q4","columns":[]}' } }
        : { label: "PATCH the board", method: "PATCH", url: presign("PATCH", s3("acme-workspace-drafts", "us-east-2", "drafts/ws-0458/board.json"), { region: "us-east-2" }), headers: { "Content-Type": "application/merge-patch+json" }, body: { text: '{"title":"Q4"}' } },
    ],
    remedy: { advice: /a PUT replaces the object/, app: true },
  },
  {
    name: "cached-img-without-vary",
    sample: "samples/cached-img-without-vary.har",
    origin: "https://portal.acme.test",
    buckets: {
      "acme-product-images": {
        region: "us-east-2",
        cors: "samples/cors/acme-product-images.json",
        publicRead: true,
        objects: { "products/sku-10422/hero.svg": { text: SVG, type: "image/svg+xml", cacheControl: "public, max-age=86400" } },
      },
    },
    steps: ({ remedied } = {}) => {
      const url = s3("acme-product-images", "us-east-2", "products/sku-10422/hero.svg");
      return [
        remedied
          ? { label: "product picture (<img crossorigin=anonymous>)", via: "img", crossorigin: "anonymous", method: "GET", url }
          : { label: "product picture (<img> without crossorigin)", via: "img", method: "GET", url },
        { label: "the same picture for the canvas editor (fetch)", method: "GET", url },
      ];
    },
    remedy: { advice: /crossorigin="anonymous" on the <img>/, app: true },
  },
  {
    // A claim photo through a presigned POST form (fetch with FormData: multipart/form-data is a
    // simple request, no preflight); the bucket's rule lacks POST, so S3 stores the file and
    // answers 204 without Access-Control-Allow-Origin.
    name: "s07-presigned-post-form-not-allowed",
    sample: "samples/s07-presigned-post-form-not-allowed.har",
    origin: "https://portal.acme.test",
    buckets: { "acme-claims-intake": { region: "eu-central-1", cors: "samples/cors/acme-claims-intake.json" } },
    steps: () => {
      const url = "https://acme-claims-intake.s3.eu-central-1.amazonaws.com/";
      const fields = presignPost(url, { region: "eu-central-1", key: "claims/CLM-20931/${filename}", fields: { "Content-Type": "image/png", "x-amz-meta-claim-id": "CLM-20931" }, conditions: [["content-length-range", 1, 10485760]] });
      return [{ label: "attach the damage photo (presigned POST form, fetch)", method: "POST", url, form: { fields, file: { name: "damage-front.png", type: "image/png", size: 1200 } } }];
    },
  },
  {
    // The same kind of form upload through XMLHttpRequest with an upload progress listener, which
    // makes Chrome preflight it; the rule allows POST, success_action_status 201 → PostResponse.
    name: "s08-xhr-upload-progress-forced-preflight",
    sample: "samples/s08-xhr-upload-progress-forced-preflight.har",
    control: true,
    origin: "https://files.acme.test",
    buckets: { "acme-media-uploads": { region: "us-east-2", cors: "samples/cors/acme-media-uploads.json" } },
    steps: () => {
      const url = "https://acme-media-uploads.s3.us-east-2.amazonaws.com/";
      const fields = presignPost(url, { region: "us-east-2", key: "surveys/site-0077/${filename}", fields: { "Content-Type": "video/mp4", success_action_status: "201" } });
      return [
        {
          label: "upload the walkthrough with a progress bar (XHR POST form)",
          via: "xhr",
          uploadProgress: true,
          method: "POST",
          url,
          form: { fields, file: { name: "walkthrough.mp4", type: "video/mp4", size: 4096 } },
          read: ["ETag", "Location"],
          require: ["ETag", "Location"],
          expectStatus: [201],
        },
      ];
    },
  },
  {
    // s10: one page, three buckets. The versioned contract bucket sends x-amz-version-id, which
    // the page reads but the rule does not expose; the batch bucket's rule lacks POST.
    name: "s10-mixed-three-buckets",
    sample: "samples/s10-mixed-three-buckets.har",
    origin: "https://portal.acme.test",
    buckets: {
      "acme-portal-reports": { region: "us-east-2", cors: "samples/cors/acme-portal-reports.json", objects: { "kpi/2026-w47.json": { text: '{"week":"2026-W47","active_accounts":1842}', type: "application/json" } } },
      "acme-contract-vault": { region: "us-east-2", cors: "samples/cors/acme-contract-vault.json", versioned: true, objects: { "msa/globex-2026.txt": { text: "MASTER SERVICES AGREEMENT (fake test document), revision 3\n", type: "text/plain" } } },
      "acme-batch-jobs": { region: "eu-central-1", cors: "samples/cors/acme-batch-jobs.json" },
    },
    steps: () => [
      { label: "portal logo (same-origin <img>)", via: "img", method: "GET", url: "/assets/logo.svg" },
      { label: "weekly KPI report (presigned GET)", method: "GET", url: presign("GET", s3("acme-portal-reports", "us-east-2", "kpi/2026-w47.json"), { region: "us-east-2" }), read: ["ETag"] },
      {
        label: "the MSA and the version shown (presigned GET, reads x-amz-version-id)",
        method: "GET",
        url: presign("GET", s3("acme-contract-vault", "us-east-2", "msa/globex-2026.txt"), { region: "us-east-2" }),
        read: ["ETag", "x-amz-version-id"],
        require: ["x-amz-version-id"],
      },
      {
        label: "start the nightly export's multipart upload (presigned POST ?uploads)",
        method: "POST",
        url: presign("POST", s3("acme-batch-jobs", "eu-central-1", "nightly/2026-11-27/export.parquet?uploads="), { region: "eu-central-1", headers: { "x-amz-server-side-encryption": "AES256" } }),
        headers: { "x-amz-server-side-encryption": "AES256" },
      },
    ],
  },
  {
    // The SDK's GetObject, correctly signed, refused by the bucket policy (a Deny on offers/):
    // the preflight passes, the 403 carries the rule's CORS headers, so the page reads S3's
    // AccessDenied; nothing to change in CORS.
    name: "sdk-get-access-denied",
    sample: "samples/sdk-get-access-denied.har",
    origin: "https://portal.acme.test",
    buckets: {
      "acme-hr-documents": { region: "us-east-2", cors: "samples/cors/acme-hr-documents.json", denyRead: ["offers/"], objects: { "offers/2026/OL-7731.pdf": { ...PDF, type: "application/pdf" } } },
    },
    steps: () => {
      const url = s3("acme-hr-documents", "us-east-2", "offers/2026/OL-7731.pdf?x-id=GetObject");
      const headers = signHeaders("GET", url, {
        region: "us-east-2",
        headers: {
          "x-amz-checksum-mode": "ENABLED",
          "x-amz-user-agent": "aws-sdk-js/3.787.0 ua/2.1 os/Linux lang/js md/browser#Chrome api/s3#3.787.0 m/N,E",
          "amz-sdk-invocation-id": "bfe4cd3c-68ba-4ef8-b3cf-d37c11bb6fdd",
          "amz-sdk-request": "attempt=1; max=3",
        },
        sign: ["x-amz-checksum-mode", "x-amz-user-agent", "amz-sdk-invocation-id", "amz-sdk-request"],
      });
      return [{ label: "open the offer letter (SDK GetObject)", method: "GET", url, headers }];
    },
    // The policy denies reads from outside the VPC endpoint; the browser never is inside it.
    remedy: { advice: /Fix the bucket policy/, deleteBucketPolicy: ["acme-hr-documents"] },
  },
  {
    // A bucket named like a domain on virtual-hosted HTTPS: *.s3.us-east-1.amazonaws.com covers
    // one label, so Chromium refuses the certificate (it checks names: the test CA is trusted
    // through NSS, front.mjs trustedHome). corshar's advice is path-style, which the fixed app
    // then uses.
    name: "bucket-name-dots-tls",
    sample: "samples/bucket-name-dots-tls.har",
    origin: "https://portal.acme.test",
    buckets: {
      "assets.acme.test": {
        region: "us-east-1",
        cors: "samples/cors/assets.acme.test.json",
        publicRead: true,
        objects: { "i18n/en-US.json": { text: '{"checkout.title":"Checkout","checkout.pay":"Pay now"}', type: "application/json" } },
      },
    },
    steps: ({ remedied } = {}) => [
      remedied
        ? { label: "load the translations (path-style URL)", method: "GET", url: "https://s3.us-east-1.amazonaws.com/assets.acme.test/i18n/en-US.json" }
        : { label: "load the translations (virtual-hosted URL)", method: "GET", url: "https://assets.acme.test.s3.us-east-1.amazonaws.com/i18n/en-US.json" },
    ],
    remedy: { advice: /path-style/, app: true },
  },
  {
    // CloudFront forwarding no headers (legacy cache settings): the preflight reaches S3 without
    // Origin, S3 answers 400. corshar advises CORS-S3Origin, which the distribution then gets.
    name: "cloudfront-origin-not-forwarded",
    sample: "samples/cloudfront-origin-not-forwarded.har",
    origin: "https://portal.acme.test",
    buckets: {
      "acme-portal-static": {
        region: "us-east-1",
        cors: "samples/cors/acme-portal-static.json",
        publicRead: true,
        objects: { "catalog/2026-11/products.json": { text: '{"products":[{"sku":"HX-200","name":"Heat exchanger"}]}', type: "application/json" } },
      },
    },
    distributions: { "d111111abcdef8.cloudfront.net": { bucket: "acme-portal-static", behaviour: BEHAVIOURS.noHeaders } },
    steps: () => [
      {
        label: "load the catalog through CloudFront (X-Requested-With, as jQuery-era wrappers add)",
        method: "GET",
        url: "https://d111111abcdef8.cloudfront.net/catalog/2026-11/products.json",
        headers: { "X-Requested-With": "XMLHttpRequest" },
      },
    ],
    remedy: { advice: /CORS-S3Origin/, distributions: { "d111111abcdef8.cloudfront.net": { bucket: "acme-portal-static", behaviour: BEHAVIOURS.corsS3OriginCachingOptimized } } },
  },
  {
    // CORS-S3Origin with CachingOptimized: Origin reaches S3 but is not in the cache key, so
    // the admin app's earlier request (another user's browser) left an answer for
    // https://admin.acme.test that CloudFront now serves the portal. corshar advises Origin in
    // the cache key.
    name: "cloudfront-cached-other-origin",
    sample: "samples/cloudfront-cached-other-origin.har",
    origin: "https://portal.acme.test",
    buckets: {
      "acme-shared-assets": {
        region: "us-east-1",
        cors: "samples/cors/acme-shared-assets.json",
        publicRead: true,
        objects: { "shared/feature-flags.json": { text: '{"newCheckout":true,"darkMode":false,"betaReports":false}', type: "application/json" } },
      },
    },
    distributions: { "d604721fxaaqy9.cloudfront.net": { bucket: "acme-shared-assets", behaviour: BEHAVIOURS.corsS3OriginCachingOptimized } },
    warm: [{ url: "https://d604721fxaaqy9.cloudfront.net/shared/feature-flags.json", headers: { origin: "https://admin.acme.test", "sec-fetch-mode": "cors", "sec-fetch-site": "cross-site", accept: "*/*" } }],
    steps: () => [{ label: "read the feature flags through CloudFront", method: "GET", url: "https://d604721fxaaqy9.cloudfront.net/shared/feature-flags.json" }],
    remedy: { advice: /cache policy's key/, distributions: { "d604721fxaaqy9.cloudfront.net": { bucket: "acme-shared-assets", behaviour: BEHAVIOURS.corsS3OriginKeyedOnOrigin } } },
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
