import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Packs the package as npm would publish it and uses it from a fresh project, the way a user does.
const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "ois-pack-"));
let tarball = "";
let files: string[] = [];

async function sh(cmd: string, args: string[], cwd: string) {
  return run(cmd, args, {
    cwd,
    maxBuffer: 32 * 1024 * 1024,
    env: { ...process.env, npm_config_loglevel: "error" },
  });
}

beforeAll(async () => {
  // `npm pack` runs the `prepack` build, so the tarball is built from the sources under test.
  const { stdout } = await sh("npm", ["pack", "--json", "--pack-destination", work], root);
  // The prepack build prints its own lines before npm's JSON.
  const [info] = JSON.parse(stdout.slice(stdout.indexOf("[\n"))) as [
    { filename: string; files: { path: string }[] },
  ];
  tarball = join(work, info.filename);
  files = info.files.map((f) => f.path);
  const project = join(work, "app");
  await sh("mkdir", ["-p", project], work);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "app", private: true, type: "module" }),
  );
  await sh("npm", ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund"], project);
}, 240_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed package", () => {
  it("holds only dist (.js and .d.ts), README, LICENSE and package.json", () => {
    expect(files).toContain("package.json");
    expect(files).toContain("README.md");
    expect(files).toContain("LICENSE");
    expect(files).toContain("dist/src/index.js");
    expect(files).toContain("dist/src/index.d.ts");
    expect(files).toContain("dist/src/testing/index.js");
    const unexpected = files.filter(
      (f) =>
        !["package.json", "README.md", "LICENSE"].includes(f) && !/^dist\/.*\.(js|d\.ts)$/.test(f),
    );
    expect(unexpected).toEqual([]);
    expect(
      files.some(
        (f) => f.startsWith("dist/test") || f.startsWith("src/") || f.startsWith("openapi/"),
      ),
    ).toBe(false);
  });

  it("passes publint and arethetypeswrong", async () => {
    const publint = await sh(
      join(root, "node_modules/.bin/publint"),
      ["run", tarball, "--strict"],
      root,
    );
    expect(publint.stdout + publint.stderr).not.toMatch(/error|warning|suggestion/i);
    // ESM-only by design (Node >= 20.19 can require() it): the profile skips CommonJS-only resolutions.
    const attw = await sh(
      join(root, "node_modules/.bin/attw"),
      [tarball, "--profile", "esm-only", "--format", "ascii"],
      root,
    );
    // attw exits non-zero on any problem the profile does not ignore (sh() would throw).
    expect(attw.stdout).toMatch(/node16 \(from ESM\): 🟢 \(ESM\)/);
    expect(attw.stdout).not.toMatch(/^(?!.*ignored).*(💀|❌)/m);
  }, 120_000);

  it("imports with import, with require (Node's require(esm)), and the testing subpath", async () => {
    const project = join(work, "app");
    const esm = `import { createIdentitySourceClient, OktaError } from "okta-identity-sources";
import { startMockOkta } from "okta-identity-sources/testing";
import { createMemoryStore } from "okta-identity-sources/sync";
const mock = await startMockOkta({ port: 0, apiToken: "t", identitySourceIds: ["0oa1"] });
const okta = createIdentitySourceClient({ orgUrl: mock.url, token: "t" });
const session = await okta.identitySource("0oa1").sessions.create();
console.log(JSON.stringify({ status: session.status, error: typeof OktaError, store: typeof createMemoryStore }));
await mock.close();`;
    writeFileSync(join(project, "esm.mjs"), esm);
    const a = await sh("node", ["esm.mjs"], project);
    expect(JSON.parse(a.stdout)).toEqual({
      status: "CREATED",
      error: "function",
      store: "function",
    });

    writeFileSync(
      join(project, "cjs.cjs"),
      `const lib = require("okta-identity-sources");
console.log(typeof lib.createIdentitySourceClient, typeof require("okta-identity-sources/testing").startMockOkta);`,
    );
    const b = await sh("node", ["cjs.cjs"], project);
    expect(b.stdout.trim()).toBe("function function");
  }, 60_000);

  it("runs the okta-idsrc CLI from the installed package", async () => {
    const project = join(work, "app");
    expect(readdirSync(join(project, "node_modules/.bin"))).toContain("okta-idsrc");
    const { stdout } = await sh(join(project, "node_modules/.bin/okta-idsrc"), ["--help"], project);
    expect(stdout).toMatch(/import/);
    expect(stdout).toMatch(/sessions/);
  }, 60_000);
});
