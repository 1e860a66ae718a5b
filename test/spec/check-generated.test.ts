import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "ois-check-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function copyProject(): string {
  const dir = mkdtempSync(join(work, "p-"));
  for (const entry of [
    "openapi",
    "generated",
    "scripts",
    "redocly.yaml",
    ".prettierrc.json",
    "package.json",
  ]) {
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  return dir;
}

function checkGenerated(dir: string): { code: number; output: string } {
  try {
    const output = execFileSync("bash", ["scripts/check-generated"], {
      cwd: dir,
      encoding: "utf8",
      stdio: "pipe",
    });
    return { code: 0, output };
  } catch (error: any) {
    return { code: error.status, output: `${error.stdout}${error.stderr}` };
  }
}

describe("npm run check:generated", () => {
  it("passes on the committed spec and fails, naming `npm run generate`, when one field changes", () => {
    const dir = copyProject();
    expect(checkGenerated(dir).code).toBe(0);

    const file = join(dir, "openapi/components/schemas/groups.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("maxLength: 1024", "maxLength: 2048"));
    const result = checkGenerated(dir);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("npm run generate");
    expect(result.output).toMatch(/[-+].*\d{4}/);
  }, 60_000);
});
