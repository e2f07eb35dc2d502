// The machine's "internet" for the loop: a test CA and one certificate for every host the
// scenarios use, and one loopback port that speaks both TLS and plain HTTP (sniffed from the
// first byte), so that one Chromium --host-resolver-rules line sends every host to it. App hosts
// get the scenario pages; CloudFront distributions' hosts go to the CDN (cloudfront.mjs); S3
// hosts are forwarded byte for byte (Host and every header kept, in their order and case) to the
// S3 endpoint, which speaks plain HTTP.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { join } from "node:path";

/**
 * A CA and a leaf for `names` (DNS names, wildcards allowed), made with the openssl CLI in
 * `dir`: `{ key, cert }` (the leaf's key, the leaf and the CA) for the front, and `ca` (the CA's
 * PEM file) for `trustedHome`.
 */
export function makeCertificates(dir, names) {
  const o = (args, input) => execFileSync("openssl", args, { cwd: dir, input, stdio: ["pipe", "pipe", "pipe"] });
  o(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=corshar loop test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"]);
  o(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=corshar loop"]);
  writeFileSync(join(dir, "leaf.ext"), `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
  o(["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "leaf.pem", "-days", "2", "-extfile", "leaf.ext"]);
  const read = (f) => readFileSync(join(dir, f), "utf8");
  return { key: read("leaf.key"), cert: read("leaf.pem") + read("ca.pem"), ca: join(dir, "ca.pem") };
}

/**
 * A throwaway HOME whose NSS database (~/.pki/nssdb, where Chromium on Linux reads the user's
 * trust settings) trusts the CA for TLS servers, made with NSS's certutil (Debian package
 * libnss3-tools). Chromium started with this HOME verifies the front's certificate for real:
 * names are checked (a dotted bucket on *.s3.REGION.amazonaws.com fails with
 * ERR_CERT_COMMON_NAME_INVALID, as against S3) and responses are cached. The alternative flags
 * fall short: --ignore-certificate-errors disables the HTTP cache, and
 * --ignore-certificate-errors-spki-list waives every error of a listed certificate, names too.
 */
export function trustedHome(dir, ca) {
  const db = join(dir, "home", ".pki", "nssdb");
  mkdirSync(db, { recursive: true });
  const certutil = (args) => execFileSync("certutil", [...args, "-d", `sql:${db}`], { stdio: ["ignore", "pipe", "pipe"] });
  certutil(["-N", "--empty-password"]);
  certutil(["-A", "-n", "corshar loop test CA", "-t", "C,,", "-i", ca]);
  return join(dir, "home");
}

/** True for the hosts forwarded to the S3 endpoint. */
export const isS3Host = (host) => /(^|\.)amazonaws\.com$/i.test(host);

/**
 * Starts the front on 127.0.0.1 (port 0: any). `pages(req, res, scheme)` answers app hosts;
 * `endpoint()` gives the S3 endpoint's current `{ host, port }` (it may restart between runs);
 * `cdn` (cloudfront.mjs) answers its distributions' hosts.
 */
export async function startFront({ key, cert, pages, endpoint, cdn = null, log = () => {} }) {
  const handle = (scheme) => (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    log(`${scheme} ${req.method} ${host}${req.url}`);
    if (cdn?.handles(host)) cdn.handle(req, res, host);
    else if (isS3Host(host)) forward(req, res, endpoint());
    else pages(req, res, scheme);
  };
  const tls = https.createServer({ key, cert }, handle("https"));
  const plain = http.createServer(handle("http"));
  for (const s of [tls, plain]) s.keepAliveTimeout = 30_000;
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.once("readable", () => {
      const first = socket.read(1);
      if (!first) return socket.destroy();
      socket.unshift(first);
      // 0x16: a TLS handshake record.
      (first[0] === 0x16 ? tls : plain).emit("connection", socket);
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: server.address().port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** The request to the endpoint as it came: method, path, raw headers (Host kept), body bytes. */
function forward(req, res, { host, port }) {
  const upstream = http.request({ host, port, method: req.method, path: req.url, headers: req.rawHeaders, setHost: false });
  upstream.on("response", (answer) => {
    res.writeHead(answer.statusCode, answer.statusMessage, answer.rawHeaders);
    answer.pipe(res);
  });
  upstream.on("error", (e) => {
    res.writeHead(502, { "content-type": "text/plain" });
    res.end(`front: the S3 endpoint did not answer: ${e.message}`);
  });
  req.pipe(upstream);
}
