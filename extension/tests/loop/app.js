// The scenario pages' front end, served as /static/app.js on every app host. It runs
// the scenario's steps in order with fetch(), XMLHttpRequest or <img> as upload/download UIs do,
// and leaves what JavaScript could observe in window.__steps (read by the loop over CDP).
// URLs and SigV4 headers come signed by the "backend" (the test, in /api/scenario's JSON, when the
// page asks for it, or /api/uploads): JSON, whose secret keys `corshar redact --keep-bodies`
// masks, as a real app's API would answer (an inline script's are not).
(function () {
  "use strict";
  const out = document.getElementById("log");
  const log = (line) => (out.textContent += line + "\n");

  function body(spec) {
    if (!spec) return undefined;
    if (spec.text !== undefined) return new TextEncoder().encode(spec.text);
    const a = new Uint8Array(spec.size);
    for (let i = 0; i < a.length; i++) a[i] = (i * 31 + 7) & 0xff;
    return a;
  }

  async function viaFetch(step, url, headers, data) {
    const init = { method: step.method, headers, mode: "cors" };
    if (step.credentials) init.credentials = step.credentials;
    if (data !== undefined) init.body = step.blobType !== undefined ? new Blob([data], { type: step.blobType }) : data;
    const r = await fetch(url, init);
    const read = {};
    for (const h of step.read ?? []) read[h] = r.headers.get(h);
    const text = await r.text();
    return { status: r.status, read, text };
  }

  function viaXhr(step, url, headers, data) {
    return new Promise((resolve, reject) => {
      const x = new XMLHttpRequest();
      x.open(step.method, url, true);
      if (step.credentials === "include") x.withCredentials = true;
      for (const [k, v] of Object.entries(headers)) x.setRequestHeader(k, v);
      let progress = 0;
      // A listener on upload before send() makes Chrome preflight even a simple request.
      if (step.uploadProgress) x.upload.onprogress = () => progress++;
      x.onload = () => {
        const read = {};
        for (const h of step.read ?? []) read[h] = x.getResponseHeader(h);
        resolve({ status: x.status, read, text: x.responseText, progress });
      };
      x.onerror = () => reject(new Error(`XMLHttpRequest ${step.method} failed: network error`));
      x.send(data === undefined ? null : step.blobType !== undefined ? new Blob([data], { type: step.blobType }) : data);
    });
  }

  function viaImg(step, url) {
    return new Promise((resolve, reject) => {
      const img = new Image();
      if (step.crossorigin) img.crossOrigin = step.crossorigin;
      img.onload = () => resolve({ status: 200, read: {}, text: "" });
      img.onerror = () => reject(new Error("the image did not load"));
      img.src = url;
      document.body.appendChild(img);
    });
  }

  async function api(path, payload) {
    const r = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    return r.json();
  }

  async function run(step) {
    const via = { xhr: viaXhr, img: viaImg }[step.via] ?? viaFetch;
    if (step.multipart) {
      // The backend starts the upload and presigns the part URLs; the page PUTs the parts and
      // needs each part's ETag to complete.
      const init = await api("/api/uploads", step.multipart);
      const parts = [];
      for (const [i, url] of init.partUrls.entries()) {
        const r = await via(step, url, {}, body({ size: step.multipart.partSize }));
        if (r.status !== 200) return r;
        const etag = r.read.ETag ?? r.read.etag;
        if (!etag) throw new Error(`part ${i + 1}: HTTP ${r.status} but the ETag response header is not readable`);
        parts.push({ PartNumber: i + 1, ETag: etag });
      }
      const done = await api("/api/uploads/complete", { ...step.multipart, uploadId: init.uploadId, parts });
      return { status: done.status, read: {}, text: "" };
    }
    if (step.form) {
      // A presigned POST (the backend's fields, then the file): the browser sets the
      // multipart/form-data Content-Type and boundary itself.
      const form = new FormData();
      for (const [k, v] of step.form.fields) form.append(k, v);
      const file = step.form.file;
      form.append("file", new Blob([body(file)], { type: file.type }), file.name);
      return via(step, step.url, { ...(step.headers ?? {}) }, form);
    }
    if (step.waitFor) {
      // The test changes something (a bucket's configuration) before this step runs.
      window.__waiting = step.waitFor;
      while (window.__waiting) await new Promise((r) => setTimeout(r, 50));
    }
    return via(step, step.url, { ...(step.headers ?? {}) }, body(step.body));
  }

  async function main() {
    const S = await (await fetch(`/api/scenario?name=${encodeURIComponent(window.SCENARIO.name)}`)).json();
    const steps = [];
    for (const step of S.steps) {
      const r = { label: step.label };
      try {
        const got = await run(step);
        r.status = got.status;
        r.read = got.read;
        const want = step.expectStatus ?? [200, 201, 204, 206];
        const missing = (step.require ?? []).filter((h) => !got.read?.[h]);
        r.ok = want.includes(got.status) && missing.length === 0;
        if (!want.includes(got.status)) r.error = `HTTP ${got.status}: ${got.text.slice(0, 300)}`;
        else if (missing.length) r.error = `response header(s) not readable: ${missing.join(", ")}`;
      } catch (e) {
        r.ok = false;
        r.error = `${e.name}: ${e.message}`;
      }
      log(`${r.ok ? "PASS" : "FAIL"} ${step.label} ${r.status ?? ""} ${r.error ?? ""}`);
      steps.push(r);
    }
    window.__steps = steps;
    window.__done = true;
  }
  main();
})();
