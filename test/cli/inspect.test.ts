// `okta-idsrc inspect`: what it detects, and a starter mapping that --mapping accepts as printed.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { guessMapping, standardAttributes } from "../../src/cli/mapping/guess.js";
import { LIMITS } from "../../src/limits.js";
import { startMockOkta } from "../../src/testing/index.js";
import type { MockOkta } from "../../src/testing/index.js";
import { envFor, files, run, SOURCE_ID } from "./helpers.js";

let mock: MockOkta;
beforeAll(async () => {
  mock = await startMockOkta({ timeScale: 0.001 });
});
afterAll(() => mock.close());

const WORKDAY =
  "Employee ID;Legal First Name;Last Name;Work Email;Mobile;Cost Center;emp#\r\n" +
  "E1;Zoë;Müller;Zoe.Muller@Example.com;+1 555;CC1;7\r\n" +
  "E2;Bo;Ray;bo@example.com;;CC2;8\r\n";

describe("okta-idsrc inspect", () => {
  test("prints format, delimiter, encoding, header, rows, a sample and a usable mapping", async () => {
    const { dir, paths, cleanup } = files({});
    const path = join(dir, "workers.csv");
    writeFileSync(path, Buffer.from(WORKDAY, "latin1"));
    try {
      const result = await run(["inspect", path, "--encoding", "windows-1252"]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain("Format:    CSV, semicolon-delimited");
      expect(result.stdout).toContain("Encoding:  windows-1252");
      expect(result.stdout).toContain('Header:    "Employee ID", "Legal First Name", "Last Name"');
      expect(result.stdout).toContain("Rows:      2 rows");
      expect(result.stdout).toContain(
        "Sample (line 2):\n  Employee ID: E1\n  Legal First Name: Zoë",
      );
      expect(result.stdout).toContain("Kind:      users (guessed");
      const mapping = result.stdout.slice(result.stdout.indexOf("# Starter mapping"));
      expect(mapping).toContain('  externalId: "{Employee ID}"');
      expect(mapping).toContain('  email: "{Work Email | trim | lower}"');
      expect(mapping).toContain('  userName: "{Work Email | trim | lower}"');
      expect(mapping).toContain('  firstName: "{Legal First Name}"');
      expect(mapping).toContain('  mobilePhone: "{Mobile}"');
      expect(mapping).toContain('  costCenter: "{Cost Center}"');
      expect(mapping).toContain('  emp: "{emp#}"');

      // Saved as printed, it imports the file.
      const mappingPath = join(dir, "mapping.yaml");
      writeFileSync(mappingPath, mapping);
      const imported = await run(
        ["import", "--source", SOURCE_ID, "--poll-interval", "20", "--users", path],
        { env: envFor(mock) },
      );
      expect(imported.code).toBe(2); // without the mapping: no externalId column
      const mapped = await run(
        [
          "import",
          "--source",
          SOURCE_ID,
          "--poll-interval",
          "20",
          "--users",
          path,
          "--encoding",
          "windows-1252",
          "--mapping",
          mappingPath,
        ],
        { env: envFor(mock) },
      );
      expect(mapped.code, mapped.stderr).toBe(0);
      const e1 = mock.state(SOURCE_ID).users.find((u) => u.externalId === "E1")!;
      expect(e1.profile).toEqual({
        userName: "zoe.muller@example.com",
        email: "zoe.muller@example.com",
        firstName: "Zoë",
        lastName: "Müller",
        mobilePhone: "+1 555",
        costCenter: "CC1",
        emp: "7",
      });
    } finally {
      cleanup();
    }
  });

  test("JSON: a Workday report, memberships guessed, --json output", async () => {
    const { paths, cleanup } = files({
      "report.json": JSON.stringify({ Report_Entry: [{ Group_ID: "g1", Member_ID: 12 }] }),
    });
    try {
      const result = await run(["inspect", paths["report.json"]!, "--json"]);
      expect(result.code, result.stderr).toBe(0);
      const out = JSON.parse(result.stdout);
      expect(out).toMatchObject({
        format: "json",
        jsonProperty: "Report_Entry",
        header: ["Group_ID", "Member_ID"],
        rows: 1,
        kind: "memberships",
        sample: { line: 1, value: { Group_ID: "g1", Member_ID: "12" } },
      });
      expect(out.mapping).toContain('groupExternalId: "{Group_ID}"');
      expect(out.mapping).toContain('memberExternalId: "{Member_ID}"');
    } finally {
      cleanup();
    }
  });

  test("the standard attributes come from the bundled spec", () => {
    expect(standardAttributes("users").slice(1).sort()).toEqual(Object.keys(LIMITS.user).sort());
    expect(standardAttributes("groups").slice(1).sort()).toEqual(Object.keys(LIMITS.group).sort());
    expect(guessMapping("users", ["EMAIL", "User_Name", "externalID"]).matched).toEqual([
      { target: "externalId", column: "externalID" },
      { target: "userName", column: "User_Name" },
      { target: "email", column: "EMAIL" },
    ]);
  });
});
