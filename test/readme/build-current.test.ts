// `npm run mock`, `npm start` and `npm run bench` build through scripts/build-current, which must
// never remove dist/ under a running CLI: it skips a current build, and otherwise swaps the new
// files in one by one. Checked in a copy of the project (so this repo's dist/ is left alone) while
// a poller watches that the CLI's files never go missing.
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, test } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const copy = mkdtempSync(join(tmpdir(), "okta-idsrc-build-"));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

test(
  "skips a current dist/, and rebuilds without a moment in which a file is missing",
  { timeout: 240_000 },
  async () => {
    for (const name of [
      "src",
      "generated",
      "scripts",
      "package.json",
      "tsconfig.json",
      "tsconfig.build.json",
    ]) {
      cpSync(join(root, name), join(copy, name), { recursive: true });
    }
    symlinkSync(join(root, "node_modules"), join(copy, "node_modules"), "dir");
    const build = () =>
      spawnSync("bash", ["scripts/build-current"], { cwd: copy, encoding: "utf8" });

    const first = build();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("Building dist/");
    const watched = ["dist/src/cli/bin.js", "dist/src/cli/main.js", "dist/src/index.js"].map((f) =>
      join(copy, f),
    );
    expect(watched.every(existsSync)).toBe(true);

    expect(build().stdout).toContain("dist/ is current");

    // A source change: rebuilt, while something keeps reading the CLI's files.
    const later = new Date(Date.now() + 2000);
    utimesSync(join(copy, "src/index.ts"), later, later);
    const stamp = statSync(join(copy, "dist/.build-stamp")).mtimeMs;
    const child = spawn("bash", ["scripts/build-current"], { cwd: copy, stdio: "ignore" });
    let running = true;
    const exited = new Promise<number | null>((done) =>
      child.on("exit", (code) => {
        running = false;
        done(code);
      }),
    );
    let checks = 0;
    const missing: string[] = [];
    while (running && checks < 1_000_000) {
      for (const file of watched) if (!existsSync(file)) missing.push(file);
      checks++;
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(await exited).toBe(0);
    expect(checks).toBeGreaterThan(10);
    expect(missing).toEqual([]);
    expect(statSync(join(copy, "dist/.build-stamp")).mtimeMs).toBeGreaterThan(stamp);
  },
);
