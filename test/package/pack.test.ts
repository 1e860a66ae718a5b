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
  it("holds only dist (.js, .cjs, .d.ts, .d.cts), README, LICENSE and package.json", () => {
    expect(files).toContain("package.json");
    expect(files).toContain("README.md");
    expect(files).toContain("LICENSE");
    expect(files).toContain("dist/src/index.js");
    expect(files).toContain("dist/src/index.d.ts");
    expect(files).toContain("dist/src/testing/index.js");
    expect(files).toContain("dist/src/index.d.cts");
    expect(files).toContain("dist/cjs/index.cjs");
    const unexpected = files.filter(
      (f) =>
        !["package.json", "README.md", "LICENSE"].includes(f) &&
        !/^dist\/.*\.(c?js|d\.c?ts)$/.test(f),
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
    // Every resolution mode, every entry: attw exits non-zero on any problem (sh() would throw).
    const attw = await sh(
      join(root, "node_modules/.bin/attw"),
      [tarball, "--format", "ascii"],
      root,
    );
    expect(attw.stdout).toMatch(/No problems found/);
    // Each entry (., /testing, /sync) in each mode; package.json adds a (JSON) line per mode.
    const modes = [
      "node10: 🟢",
      "node16 \\(from CJS\\): 🟢 \\(CJS\\)",
      "node16 \\(from ESM\\): 🟢 \\(ESM\\)",
      "bundler: 🟢 $",
    ];
    for (const mode of modes) {
      expect(attw.stdout.match(new RegExp(`^${mode}`, "gm"))?.length, mode).toBe(
        mode.startsWith("node10") ? 4 : 3,
      );
    }
    expect(attw.stdout).not.toMatch(/💀|❌|⚠️/);
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
console.log(typeof lib.createIdentitySourceClient, typeof require("okta-identity-sources/testing").startMockOkta);
import("okta-identity-sources").then((esm) => console.log(esm.OktaError === lib.OktaError ? "one" : "two"));`,
    );
    const b = await sh("node", ["cjs.cjs"], project);
    // require() and import give the same module, so instanceof holds across both.
    expect(b.stdout.trim()).toBe("function function\none");
  }, 60_000);

  // The declarations as consumers compile them: no DOM lib, or only the DOM lib; every module
  // resolution mode, ESM and CommonJS; skipLibCheck off, so every .d.ts we ship is checked.
  const CLIENT = `import { createIdentitySourceClient, OktaError, OktaNotFoundError } from "okta-identity-sources";
import type { ClientOptions, IdentitySource, OAuthOptions } from "okta-identity-sources";
import { createMemoryStore, fingerprint, type SyncStore } from "okta-identity-sources/sync";
const oauth: OAuthOptions = { clientId: "0oa1", privateKey: { kty: "EC", crv: "P-256", d: "d", x: "x", y: "y" }, dpop: true };
const options: ClientOptions = { orgUrl: "https://example.okta.com", oauth };
const source: IdentitySource = createIdentitySourceClient(options).identitySource("0oa1");
const store: SyncStore = createMemoryStore();
export const run = () => source.sync({ users: [] }, { store }).catch((e: unknown) => e instanceof OktaNotFoundError || e instanceof OktaError);
export const fp: string = fingerprint({ a: 1 });
// @ts-expect-error: the types are real, not any
createIdentitySourceClient({ orgUrl: 1 });
`;
  const TESTING = `import { startMockOkta, type MockOkta } from "okta-identity-sources/testing";
export const start = (): Promise<MockOkta> => startMockOkta({ port: 0 });
`;
  const consumers: [string, string, Record<string, unknown>, string[]][] = [
    [
      "nodenext ESM, ES2022 + @types/node",
      "module",
      { module: "nodenext", moduleResolution: "nodenext" },
      ["node"],
    ],
    [
      "nodenext CommonJS, ES2022 + @types/node",
      "commonjs",
      { module: "nodenext", moduleResolution: "nodenext" },
      ["node"],
    ],
    [
      "node16 ESM, ES2022 + @types/node",
      "module",
      { module: "node16", moduleResolution: "node16" },
      ["node"],
    ],
    [
      "node16 CommonJS, ES2022 + @types/node",
      "commonjs",
      { module: "node16", moduleResolution: "node16" },
      ["node"],
    ],
    [
      "bundler, ES2022 + @types/node",
      "module",
      { module: "preserve", moduleResolution: "bundler" },
      ["node"],
    ],
    [
      "bundler, ES2022 + DOM only",
      "module",
      { module: "esnext", moduleResolution: "bundler", lib: ["ES2022", "DOM"] },
      [],
    ],
    [
      "node16 ESM, ES2022 + DOM only",
      "module",
      { module: "node16", moduleResolution: "node16", lib: ["ES2022", "DOM"] },
      [],
    ],
  ];
  it.each(consumers)(
    "type-checks in a consumer: %s",
    async (name, type, options, types) => {
      const dir = join(work, "app", `types-${consumers.findIndex((c) => c[0] === name)}`);
      await sh("mkdir", ["-p", dir], work);
      writeFileSync(
        join(dir, "package.json"),
        JSON.stringify({ name: "consumer", private: true, type }),
      );
      writeFileSync(join(dir, "client.ts"), CLIENT);
      // The mock runs on Node: only consumers with Node's typings compile it.
      if (types.length) writeFileSync(join(dir, "testing.ts"), TESTING);
      const compilerOptions = {
        target: "ES2022",
        lib: ["ES2022"],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types,
        typeRoots: [join(root, "node_modules/@types")],
        ...options,
      };
      const files = types.length ? ["client.ts", "testing.ts"] : ["client.ts"];
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files }));
      const tsc = join(root, "node_modules/.bin/tsc");
      const result = await sh(tsc, ["-p", "tsconfig.json"], dir).catch(
        (e: { stdout: string }) => e,
      );
      expect(result.stdout).toBe("");
    },
    60_000,
  );

  it("runs the okta-idsrc CLI from the installed package", async () => {
    const project = join(work, "app");
    expect(readdirSync(join(project, "node_modules/.bin"))).toContain("okta-idsrc");
    const { stdout } = await sh(join(project, "node_modules/.bin/okta-idsrc"), ["--help"], project);
    expect(stdout).toMatch(/import/);
    expect(stdout).toMatch(/sessions/);
  }, 60_000);
});
