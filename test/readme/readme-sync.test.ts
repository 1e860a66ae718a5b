import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

describe("README", () => {
  it("shows exactly the mock example that test/readme/mock-example.test.ts runs", () => {
    const readme = readFileSync(resolve(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Testing your integration"));
    const shown = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const tested = readFileSync(resolve(root, "test/readme/mock-example.test.ts"), "utf8")
      .replace(/^\/\/.*\n/gm, "")
      .replaceAll("../../src/testing/index.js", "okta-identity-sources/testing")
      .replaceAll("../../src/index.js", "okta-identity-sources");
    expect(shown).not.toBe("");
    expect(tested).toBe(shown);
  });
});
