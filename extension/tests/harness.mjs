// Shared by the browser tests: where things are, and Chromium with the built extension loaded.
// Chromium is Debian's (never downloaded); the extension is target/dist/chrome from
// `cargo xtask dist`; the CLI is target/release/corshar.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = realpathSync(process.env.CORSHAR_EXTENSION ?? join(ROOT, "target/dist/chrome"));
export const CLI = process.env.CORSHAR_BIN ?? join(ROOT, "target/release/corshar");
/** Screenshots and logs of the browser tests. */
export const OUT = join(ROOT, "target/browser-tests");
mkdirSync(OUT, { recursive: true });

export function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      return execFileSync("which", [name], { encoding: "utf8" }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error("no Chromium: apt-get install -y chromium (or set CHROMIUM)");
}

/** Chromium gives an unpacked extension without a `key` the ID sha256(absolute path)[0..32], 0–f → a–p. */
export function extensionId(dir = DIST) {
  const hex = createHash("sha256").update(dir).digest("hex").slice(0, 32);
  return [...hex].map((c) => String.fromCharCode("a".charCodeAt(0) + parseInt(c, 16))).join("");
}

export const FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A persistent context (extensions need one) in a fresh profile, with the extension loaded. */
export async function launch(extraArgs = []) {
  if (!existsSync(join(DIST, "manifest.json"))) throw new Error(`${DIST}: no extension built; run cargo xtask dist`);
  const profile = mkdtempSync(join(tmpdir(), "corshar-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: false, // --headless=new below: the old headless mode has no extensions
    args: [...FLAGS, `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`, ...extraArgs],
    ignoreDefaultArgs: ["--disable-extensions", "--headless"],
    viewport: { width: 1100, height: 900 },
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close, id: extensionId() };
}

export function panelUrl(id = extensionId()) {
  return `chrome-extension://${id}/panel.html`;
}

/** Chromium writes the port it picked for --remote-debugging-port=0 into the profile. */
export async function debuggingPort(dir) {
  const file = join(dir, "DevToolsActivePort");
  for (let i = 0; i < 200; i++) {
    if (existsSync(file)) {
      const port = readFileSync(file, "utf8").split("\n")[0];
      if (port) return port;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("Chromium did not start (no DevToolsActivePort)");
}
