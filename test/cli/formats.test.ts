// Files shaped the way HR systems and spreadsheets export them, run through the CLI against the
// mock: delimiters, encodings, TSV, JSON numbers, Workday's report JSON, column mappings, and the
// refusals of likely mistakes. Every file is generated here.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startMockOkta } from "../../src/testing/index.js";
import type { MockOkta } from "../../src/testing/index.js";
import { envFor, files, run, SOURCE_ID } from "./helpers.js";

let mock: MockOkta;
beforeAll(async () => {
  mock = await startMockOkta({ timeScale: 0.001 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const importArgs = (...args: string[]) => [
  "import",
  "--source",
  SOURCE_ID,
  "--poll-interval",
  "20",
  ...args,
];
const imported = () =>
  Object.fromEntries(mock.state(SOURCE_ID).users.map((u) => [u.externalId, u.profile]));

/** Latin-1 / windows-1252 bytes of a string (every character below U+0100). */
const latin1 = (s: string) => Buffer.from(s, "latin1");
/** UTF-16 with its byte-order mark. */
const utf16 = (s: string, endian: "le" | "be") => {
  const le = Buffer.from(`\uFEFF${s}`, "utf16le");
  return endian === "le" ? le : le.swap16();
};

describe("delimiters, encodings and TSV", () => {
  test("semicolon + windows-1252 + CRLF with --encoding windows-1252", async () => {
    const { dir, cleanup } = files({});
    const path = join(dir, "users.csv");
    writeFileSync(
      path,
      latin1(
        "externalId;userName;email;lastName\r\nu1;u1;u1@example.com;Müller\r\nu2;u2;u2@example.com;Ñúñez\r\n",
      ),
    );
    try {
      // Without --encoding the é/ü bytes are not UTF-8: refused, with the way out named.
      const plain = await run(importArgs("--users", path), { env: envFor(mock) });
      expect(plain.code).toBe(2);
      expect(plain.stderr).toContain(`${path}:2: lastName has bytes that are not valid`);
      expect(plain.stderr).toContain("--encoding windows-1252");

      const result = await run(importArgs("--users", path, "--encoding", "windows-1252"), {
        env: envFor(mock),
      });
      expect(result.code, result.stderr).toBe(0);
      expect(imported()).toEqual({
        u1: { userName: "u1", email: "u1@example.com", lastName: "Müller" },
        u2: { userName: "u2", email: "u2@example.com", lastName: "Ñúñez" },
      });
    } finally {
      cleanup();
    }
  });

  test.each([["le" as const], ["be" as const]])(
    "UTF-16 %s with a byte-order mark",
    async (endian) => {
      const { dir, cleanup } = files({});
      const path = join(dir, "users.csv");
      writeFileSync(
        path,
        utf16("externalId,userName,email,firstName\nu1,u1,u1@example.com,日本\n", endian),
      );
      try {
        const result = await run(importArgs("--users", path), { env: envFor(mock) });
        expect(result.code, result.stderr).toBe(0);
        expect(imported()).toEqual({
          u1: { userName: "u1", email: "u1@example.com", firstName: "日本" },
        });
      } finally {
        cleanup();
      }
    },
  );

  test("TSV, a pipe file (sniffed) and --delimiter", async () => {
    const { paths, cleanup } = files({
      "users.tsv": "externalId\tuserName\temail\tdepartment\nu1\tu1\tu1@example.com\tR&D, Europe\n",
      "pipes.csv": "externalId|userName|email\nu2|u2|u2@example.com\n",
      "forced.txt": "externalId;userName;email\nu3;u3;u3@example.com\n",
    });
    try {
      const tsv = await run(importArgs("--users", paths["users.tsv"]!), { env: envFor(mock) });
      expect(tsv.code, tsv.stderr).toBe(0);
      const pipes = await run(importArgs("--users", paths["pipes.csv"]!), { env: envFor(mock) });
      expect(pipes.code, pipes.stderr).toBe(0);
      const forced = await run(importArgs("--users", paths["forced.txt"]!, "--delimiter", ";"), {
        env: envFor(mock),
      });
      expect(forced.code, forced.stderr).toBe(0);
      expect(imported()).toEqual({
        u1: { userName: "u1", email: "u1@example.com", department: "R&D, Europe" },
        u2: { userName: "u2", email: "u2@example.com" },
        u3: { userName: "u3", email: "u3@example.com" },
      });
      // A wrong forced delimiter: the header is one column, and the message says so.
      const wrong = await run(importArgs("--users", paths["pipes.csv"]!, "--delimiter", "tab"), {
        env: envFor(mock),
      });
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain(`${paths["pipes.csv"]}:1: header lacks column "externalId"`);
    } finally {
      cleanup();
    }
  });
});

describe("JSON exports", () => {
  test("numbers and booleans become strings, and the summary says so", async () => {
    const { paths, cleanup } = files({
      "users.json": JSON.stringify([
        {
          externalId: 1001,
          userName: "a",
          email: "a@example.com",
          employeeNumber: 1234,
          manager: true,
        },
      ]),
    });
    try {
      const result = await run(importArgs("--users", paths["users.json"]!), { env: envFor(mock) });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(
        `${paths["users.json"]}: 3 JSON numbers and booleans read as strings`,
      );
      expect(imported()).toEqual({
        "1001": { userName: "a", email: "a@example.com", employeeNumber: "1234", manager: "true" },
      });
    } finally {
      cleanup();
    }
  });

  test("a Workday report object: detected and named, or picked with --json-path", async () => {
    const entries = [{ externalId: "w1", userName: "w1", email: "w1@example.com" }];
    const { paths, cleanup } = files({
      "report.json": JSON.stringify({ Report_Entry: entries, count: 1 }),
      "two.json": JSON.stringify({ Report_Entry: entries, Other: [] }),
      "none.json": JSON.stringify({ count: 0 }),
    });
    try {
      const detected = await run(importArgs("--users", paths["report.json"]!), {
        env: envFor(mock),
      });
      expect(detected.code, detected.stderr).toBe(0);
      expect(detected.stderr).toContain(
        `${paths["report.json"]}: rows read from the property "Report_Entry"`,
      );
      expect(Object.keys(imported())).toEqual(["w1"]);

      const two = await run(importArgs("--users", paths["two.json"]!, "--dry-run"));
      expect(two.code).toBe(2);
      expect(two.stderr).toContain(
        `${paths["two.json"]}: the JSON object has several array properties`,
      );
      const picked = await run(
        importArgs("--users", paths["two.json"]!, "--dry-run", "--json-path", "Report_Entry"),
      );
      expect(picked.code, picked.stderr).toBe(0);
      const missing = await run(
        importArgs("--users", paths["report.json"]!, "--dry-run", "--json-path", "Data"),
      );
      expect(missing.stderr).toContain(
        `${paths["report.json"]}: the JSON object has no array property "Data" (its properties: "Report_Entry", "count")`,
      );
      const none = await run(importArgs("--users", paths["none.json"]!, "--dry-run"));
      expect(none.code).toBe(2);
      expect(none.stderr).toContain(`${paths["none.json"]}: expected a JSON array of rows`);
    } finally {
      cleanup();
    }
  });
});

describe("refusing likely mistakes before sending", () => {
  test("misnamed userName / email columns: exit 2 with a did-you-mean, unless allowed", async () => {
    const { paths, cleanup } = files({
      "users.csv": "externalId,username,Email\nu1,u1,u1@example.com\n",
      "names.csv": "externalId,firstName\nu1,Ann\n",
    });
    try {
      const result = await run(importArgs("--users", paths["users.csv"]!), { env: envFor(mock) });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('did you mean column "username" -> "userName"?');
      expect(result.stderr).toContain('did you mean column "Email" -> "email"?');
      expect(result.stderr).toContain("or pass --allow-incomplete-profiles");
      const names = await run(importArgs("--users", paths["names.csv"]!), { env: envFor(mock) });
      expect(names.code).toBe(2);
      expect(names.stderr).toMatch(/no row has userName.*\n.*no row has email/);
      expect(mock.requests).toHaveLength(0);

      const allowed = await run(
        importArgs("--users", paths["names.csv"]!, "--allow-incomplete-profiles"),
        { env: envFor(mock) },
      );
      expect(allowed.code, allowed.stderr).toBe(0);
      expect(imported()).toEqual({ u1: { firstName: "Ann" } });
    } finally {
      cleanup();
    }
  });

  test("attribute names Okta cannot accept are refused, naming the column", async () => {
    const { paths, cleanup } = files({
      "users.csv": "externalId,userName,email,cost center,emp#\nu1,u1,u1@example.com,42,7\n",
    });
    try {
      const result = await run(importArgs("--users", paths["users.csv"]!), { env: envFor(mock) });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('column "cost center" is not a name Okta accepts');
      expect(result.stderr).toContain('e.g. "costCenter"');
      expect(result.stderr).toContain('column "emp#" is not a name Okta accepts');
      expect(mock.requests).toHaveLength(0);
    } finally {
      cleanup();
    }
  });

  test("sync of a header-only export warns and keeps its mass-delete safeguard", async () => {
    const { dir, paths, cleanup } = files({
      "full.csv": "externalId,userName,email\nu1,u1,u1@example.com\nu2,u2,u2@example.com\n",
      "empty.csv": "externalId,userName,email\n",
    });
    const sync = (file: string) =>
      run(
        ["sync", "--source", SOURCE_ID, "--users", file, "--state", join(dir, "s.db")].concat([
          "--poll-interval",
          "20",
        ]),
        { env: envFor(mock) },
      );
    try {
      expect((await sync(paths["full.csv"]!)).code).toBe(0);
      const sent = mock.requests.length;
      const empty = await sync(paths["empty.csv"]!);
      expect(empty.code).toBe(1);
      expect(empty.stderr).toContain(`${paths["empty.csv"]}: no rows (only a header)`);
      expect(empty.stdout).toContain("Refused plan (nothing was sent)");
      expect(mock.requests.slice(sent).filter((r) => r.method !== "GET")).toHaveLength(0);
    } finally {
      cleanup();
    }
  });

  test("a header-only file warns; duplicate membership pairs are reported and sent once", async () => {
    const { paths, cleanup } = files({
      "users.csv": "externalId,userName,email\n",
      "groups.csv": "externalId,displayName\ng1,G1\n",
      "memberships.csv": "groupExternalId,memberExternalId\ng1,u1\ng1,u2\ng1,u1\n",
      "users2.csv": "externalId,userName,email\nu1,u1,u1@example.com\nu2,u2,u2@example.com\n",
    });
    try {
      const empty = await run(importArgs("--users", paths["users.csv"]!, "--dry-run"));
      expect(empty.code).toBe(0);
      expect(empty.stderr).toContain(`${paths["users.csv"]}: no rows (only a header)`);

      const result = await run(
        importArgs(
          "--users",
          paths["users2.csv"]!,
          "--groups",
          paths["groups.csv"]!,
          "--memberships",
          paths["memberships.csv"]!,
        ),
        { env: envFor(mock) },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(
        `${paths["memberships.csv"]}: 1 duplicate membership pair, each sent once:\n` +
          `  ${paths["memberships.csv"]}:4: group "g1", member "u1" repeats line 2`,
      );
      const sent = mock.requests
        .filter((r) => r.path.endsWith("/bulk-group-memberships-upsert"))
        .map((r) => r.body);
      expect(JSON.stringify(sent).match(/"u1"/g)).toHaveLength(1);
      expect(mock.state(SOURCE_ID).memberships).toEqual([
        { groupExternalId: "g1", memberExternalIds: ["u1", "u2"] },
      ]);
    } finally {
      cleanup();
    }
  });
});

describe("memberships naming IDs that are neither in the import nor in Okta", () => {
  test("are looked up, warned about, left out of the upload and not counted", async () => {
    mock.load({
      users: [{ externalId: "old", profile: { userName: "old", email: "old@example.com" } }],
      groups: [{ externalId: "gOld", profile: { displayName: "Old" } }],
    });
    const { paths, cleanup } = files({
      "users.csv": "externalId,userName,email\nu1,u1,u1@example.com\n",
      "groups.csv": "externalId,displayName\ng1,G1\n",
      "memberships.csv":
        "groupExternalId,memberExternalId\ng1,u1\ng1,old\ngOld,u1\ng1,ghost\nnoGroup,u1\n",
    });
    const args = [
      "--users",
      paths["users.csv"]!,
      "--groups",
      paths["groups.csv"]!,
      "--memberships",
      paths["memberships.csv"]!,
    ];
    try {
      const dry = await run(importArgs(...args, "--dry-run", "--json"));
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stderr).toContain("memberships name 4 IDs that this import does not hold");
      expect(mock.requests).toHaveLength(0); // a dry run looks nothing up

      const result = await run(importArgs(...args, "--json"), { env: envFor(mock) });
      expect(result.code, result.stderr).toBe(0);
      const m = paths["memberships.csv"];
      expect(result.stderr).toContain(
        `${m}: 1 group neither in this import nor in Okta: "noGroup"; their memberships are not sent`,
      );
      expect(result.stderr).toContain(
        `${m}: 1 member neither in this import nor in Okta: "ghost"; their memberships are not sent`,
      );
      // Only the IDs outside the import were looked up, each once.
      const lookups = mock.requests.filter(
        (r) => r.method === "GET" && /\/(users|groups)\//.test(r.path),
      );
      expect(lookups.map((r) => decodeURIComponent(r.path.split("/").pop()!)).sort()).toEqual(
        ["ghost", "noGroup", "old", "gOld"].sort(),
      );
      const report = JSON.parse(result.stdout);
      expect(report.counts.memberships).toBe(3);
      expect(mock.state(SOURCE_ID).memberships).toEqual([
        { groupExternalId: "g1", memberExternalIds: ["u1", "old"] },
        { groupExternalId: "gOld", memberExternalIds: ["u1"] },
      ]);
    } finally {
      cleanup();
    }
  });
});

describe("--mapping", () => {
  const workday =
    "Employee ID,Legal First Name,Preferred Name,Last Name,Work Email,Cost Center,Manager ID\n" +
    "E1, Ann ,,Lee,ANN.LEE@Example.com,CC-1,E9\n" +
    "E2,Bob,Bobby,Ray,bob.ray@example.com,,E1\n";
  const mapping = `# Workday export -> Okta
users:
  externalId: "{Employee ID}"
  userName: "{Work Email | lower}"
  email: "{Work Email | lower}"
  firstName: "{Preferred Name | default: Legal First Name | trim}"
  lastName: "{Last Name}"
  costCenter: "{Cost Center}"
  displayName: "{Preferred Name | default: Legal First Name | trim} {Last Name}"
`;

  test("a Workday header with spaces, mapped with templates and filters (YAML)", async () => {
    const { paths, cleanup } = files({ "workers.csv": workday, "mapping.yaml": mapping });
    try {
      const result = await run(
        importArgs("--users", paths["workers.csv"]!, "--mapping", paths["mapping.yaml"]!),
        { env: envFor(mock) },
      );
      expect(result.code, result.stderr).toBe(0);
      // Unmapped columns are listed once and never sent; empty results are omitted.
      expect(result.stderr).toContain(
        `${paths["workers.csv"]}: not sent (no mapping uses them): "Manager ID"`,
      );
      expect(imported()).toEqual({
        E1: {
          userName: "ann.lee@example.com",
          email: "ann.lee@example.com",
          firstName: "Ann",
          lastName: "Lee",
          costCenter: "CC-1",
          displayName: "Ann Lee",
        },
        E2: {
          userName: "bob.ray@example.com",
          email: "bob.ray@example.com",
          firstName: "Bobby",
          lastName: "Ray",
          displayName: "Bobby Ray",
        },
      });
    } finally {
      cleanup();
    }
  });

  test("the same mapping as JSON, for sync", async () => {
    const json = JSON.stringify({
      users: {
        externalId: "{Employee ID}",
        userName: "{Work Email | lower}",
        email: "{Work Email | lower}",
      },
    });
    const { dir, paths, cleanup } = files({ "workers.csv": workday, "mapping.json": json });
    try {
      const result = await run(
        [
          "sync",
          "--source",
          SOURCE_ID,
          "--users",
          paths["workers.csv"]!,
          "--mapping",
          paths["mapping.json"]!,
          "--state",
          join(dir, "state.db"),
          "--poll-interval",
          "20",
        ],
        { env: envFor(mock) },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(imported()).toEqual({
        E1: { userName: "ann.lee@example.com", email: "ann.lee@example.com" },
        E2: { userName: "bob.ray@example.com", email: "bob.ray@example.com" },
      });
    } finally {
      cleanup();
    }
  });

  test.each([
    ["employees:\n  externalId: '{A}'\n", /--mapping .*m\.yaml: "employees" is not a kind/],
    [
      "users:\n  externalId: '{Employee ID | shout}'\n",
      /users\.externalId: template .* unknown filter "shout"/,
    ],
    ["users:\n  email: '{Work Email}'\n", /m\.yaml: users: must map externalId/],
    ["users:\n  externalId: '{Employee ID'\n", /users\.externalId: .* is not closed/],
    [
      "users:\n  externalId: '{Employee ID}'\n  cost center: '{Cost Center}'\n",
      /users\.cost center: "cost center" is not a name Okta accepts/,
    ],
    ["users: [1, 2]\n", /users: expected an object/],
    [
      "users:\n  externalId: '{Employe ID}'\n",
      /workers\.csv:1: mapping .*m\.yaml users\.externalId reads column "Employe ID", which the file does not have \(did you mean "Employee ID"\?\)/,
    ],
    ["users: {externalId: '{a}'\n", /m\.yaml: not valid YAML/],
  ])("a bad mapping is refused with file, key and problem: %j", async (text, message) => {
    const { paths, cleanup } = files({ "workers.csv": workday, "m.yaml": text });
    try {
      const result = await run(
        importArgs("--users", paths["workers.csv"]!, "--mapping", paths["m.yaml"]!, "--dry-run"),
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    } finally {
      cleanup();
    }
  });
});
