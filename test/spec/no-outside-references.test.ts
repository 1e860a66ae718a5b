// The spec, the generated types and reference built from it, the README and the Okta behaviour page
// must make sense to a reader who has only this repository: none of them may point at a document
// that is not in it (a private facts file, an issue tracker, notes by section number or label).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

/** What a citation of an outside document looks like. */
const OUTSIDE_REFERENCE = new RegExp(
  [
    "§", // "facts §5", "issue 4 §3"
    String.raw`\bfacts (?:file|table)\b`,
    String.raw`\bissue #?\d+`,
    String.raw`\bCONTRACTS\b`,
    // The labels of a list of findings kept elsewhere ("G1", "G13"); not an ID in test data, which
    // stands in quotes, a path or a CSV cell ("G1", /groups/G1/, ,G1).
    String.raw`(?<![\w"'\`/,])G\d{1,2}(?![\w"'\`/])`,
    String.raw`\bSTYLE\.md\b`,
    String.raw`identity-sources-facts`,
    String.raw`IdentitySourceApi\.md`,
  ].join("|"),
);

/** This file: its examples of citations must stay. */
const SELF = "test/spec/no-outside-references.test.ts";

function files(path: string): string[] {
  if (path.endsWith("node_modules") || path === SELF) {
    return [];
  }
  const full = join(root, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((name) => files(join(path, name)));
}

const checked = [
  ...["openapi", "generated", "README.md", "docs/okta-behaviour.md", "redocly.yaml"],
  ...["src", "test", "bench", "scripts", "examples"],
];

/** Every line of `text` that cites an outside document, as `file:line: text`. */
function outsideReferences(file: string, text: string): string[] {
  return text
    .split("\n")
    .flatMap((line, i) =>
      OUTSIDE_REFERENCE.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [],
    );
}

describe("no reference to a document outside the repository", () => {
  it.each(checked.flatMap(files))("%s", (file) => {
    const text = readFileSync(join(root, file), "utf8");
    expect(outsideReferences(relative(root, join(root, file)), text)).toEqual([]);
  });

  it("catches each form such a citation takes, and leaves ordinary text alone", () => {
    for (const cited of [
      "Early access (facts §10): documented",
      "as the facts file says",
      "never retried (issue 4 §3)",
      "see issue 11",
      'CONTRACTS "Client API"',
      "G1 - what create-session answers",
      "(G7).",
      "Okta's inconsistencies (G1–G13)",
      "// G2: Okta may answer 200 without a body.",
      'name: "users.create (G2 empty 200)",',
      "(facts §10: any other attribute is rejected)",
    ]) {
      expect(outsideReferences("x", cited), cited).toHaveLength(1);
    }
    for (const fine of [
      "serialNumber: C02XK1JJJG5J",
      "the 5XX responses",
      "E0000001 names the field",
      "see docs/okta-behaviour.md",
      'groups: [{ externalId: "G1", profile: { displayName: "G" } }]',
      "source.groups.listMembers('G1')",
      "`${path}/groups/G1/membership`",
      String.raw`"groups.csv": "externalId,displayName\ng1,G1\n",`,
    ]) {
      expect(outsideReferences("x", fine), fine).toEqual([]);
    }
  });
});
