import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openapiDocument } from "../../generated/openapi-document.js";

const root = resolve(import.meta.dirname, "../..");
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const out = mkdtempSync(join(tmpdir(), "ois-docs-"));
let server: Server;
let url = "";

const summaries = Object.values(openapiDocument.paths as Record<string, Record<string, any>>).flatMap(
  (item) =>
    ["get", "post", "put", "patch", "delete"].filter((m) => item[m]).map((m) => item[m].summary as string),
);

beforeAll(async () => {
  execFileSync("bash", ["scripts/docs", out], { cwd: root, stdio: "pipe" });
  server = createServer((req, res) => {
    const file = join(out, new URL(req.url ?? "/", "http://x").pathname.replace(/^\/$/, "/index.html"));
    if (!file.startsWith(out) || !existsSync(file)) return void res.writeHead(404).end();
    const type = extname(file) === ".js" ? "text/javascript" : "text/html";
    res.writeHead(200, { "content-type": type }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
}, 60_000);
afterAll(() => {
  server?.close();
  rmSync(out, { recursive: true, force: true });
});

describe("npm run docs", () => {
  it("writes a page that loads no script from the network, with Redoc's script beside it", () => {
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(/<script[^>]+src="https?:|from "https?:|href="https?:[^"]*\.js"/.test(html)).toBe(false);
    expect(html.includes('from "./redoc.standalone.js"')).toBe(true);
    expect(readFileSync(join(out, "redoc.standalone.js"), "utf8").length).toBeGreaterThan(100_000);
  });

  it.skipIf(!chromium)(
    chromium
      ? "renders every operation in headless Chromium, hydrated by the local script"
      : "renders every operation in headless Chromium (skipped: no Chromium binary on this machine)",
    async () => {
      const profile = mkdtempSync(join(tmpdir(), "ois-chromium-"));
      try {
        const { stdout } = await promisify(execFile)(
          chromium!,
          [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            `--user-data-dir=${profile}`,
            "--virtual-time-budget=10000",
            "--dump-dom",
            url,
          ],
          { maxBuffer: 64 * 1024 * 1024, timeout: 90_000 },
        );
        expect(summaries).toHaveLength(25);
        const missing = summaries.filter((summary) => !stdout.includes(summary));
        expect(missing).toEqual([]);
        // Only the running Redoc app adds its search box; the prerendered HTML has none, so this
        // proves the shipped script loaded and ran.
        expect(readFileSync(join(out, "index.html"), "utf8").includes("Ctrl+K")).toBe(false);
        expect(stdout.includes("Ctrl+K")).toBe(true);
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
