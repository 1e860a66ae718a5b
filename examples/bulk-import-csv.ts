// Bulk import from a CSV file: users streamed row by row (constant memory), one group per
// department, and each user's membership in it, through as many import sessions as Okta's limits
// need (200 entities / 200 KB per request, 50 requests per session).
//
// Run: OKTA_CLIENT_ORGURL=https://acme.okta.com OKTA_CLIENT_TOKEN=00ab… OKTA_IDENTITY_SOURCE_ID=0oa…
//      node examples/run.mjs bulk-import-csv [users.csv]
// Without OKTA_CLIENT_ORGURL it runs against the embedded mock.
// OKTA_IMPORT_POLL_MS sets how often a triggered session is polled (default 5000).
// The CSV has a header row: externalId, then profile attributes (email, userName, firstName, …,
// any custom attribute), and an optional department column.
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import {
  createIdentitySourceClient,
  type BulkGroupMembership,
  type BulkUpsertGroup,
  type BulkUpsertUser,
  type ImportReport,
} from "../src/index.js";
import { DEFAULT_SOURCE, isMain, runAsProgram } from "./connect.js";

export interface BulkImportOptions {
  /** The CSV to import; a generated sample of 1,000 users when omitted. */
  csvPath?: string;
  identitySourceId?: string;
  /** How often to poll a triggered session, in ms (Okta takes seconds; the mock milliseconds). */
  pollInterval?: number;
}

/** Imports the CSV's users, their departments as groups, and the memberships. */
export async function main(
  orgUrl: string,
  token: string,
  options: BulkImportOptions = {},
): Promise<ImportReport> {
  const csvPath = options.csvPath ?? writeSampleCsv(1000);
  try {
    return await importCsv(orgUrl, token, csvPath, options);
  } finally {
    if (!options.csvPath) rmSync(dirname(csvPath), { recursive: true, force: true });
  }
}

async function importCsv(
  orgUrl: string,
  token: string,
  csvPath: string,
  options: BulkImportOptions,
): Promise<ImportReport> {
  const okta = createIdentitySourceClient({ orgUrl, token });
  const source = okta.identitySource(options.identitySourceId ?? DEFAULT_SOURCE);

  const departments = new Map<string, string[]>();
  async function* users(): AsyncGenerator<BulkUpsertUser> {
    for await (const row of readCsv(csvPath)) {
      const { externalId = "", department, ...columns } = row;
      // Every other column is a profile attribute; an empty cell leaves the attribute out.
      const profile = Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== ""));
      if (department) {
        departments.set(department, [...(departments.get(department) ?? []), externalId]);
        profile["department"] = department;
      }
      yield { externalId, profile };
    }
  }
  // The importer uploads every user before any group and every group before any membership, so
  // these two run after the last row was read, when the departments are known.
  async function* groups(): AsyncGenerator<BulkUpsertGroup> {
    for (const name of departments.keys()) {
      yield { externalId: groupId(name), profile: { displayName: name } };
    }
  }
  async function* memberships(): AsyncGenerator<BulkGroupMembership> {
    for (const [name, memberExternalIds] of departments) {
      yield { groupExternalId: groupId(name), memberExternalIds };
    }
  }

  const report = await source.import(
    { users: users(), groups: groups(), memberships: memberships() },
    {
      ...(options.pollInterval ? { pollInterval: options.pollInterval } : {}),
      onProgress: (p) => {
        if (p.type === "session-created" || p.type === "session-done") {
          console.log(`${p.type} ${p.session?.id ?? ""} (${p.entities} entities so far)`);
        }
      },
    },
  );
  const { users: u, groups: g, memberships: m } = report.counts;
  console.log(
    `imported ${u} users, ${g} groups, ${m} memberships in ${report.sessions.length} ` +
      `session(s), ${report.requests} bulk requests, ${report.retries} retries`,
  );
  return report;
}

const groupId = (department: string) => `dept-${department.toLowerCase().replace(/\W+/g, "-")}`;

/** Yields the CSV's rows as objects keyed by the header row, one line at a time. */
export async function* readCsv(path: string): AsyncGenerator<Record<string, string>> {
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  let header: string[] | undefined;
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const fields = splitCsvLine(line);
    if (!header) header = fields;
    else yield Object.fromEntries(header.map((name, i) => [name, fields[i] ?? ""]));
  }
}

/** One CSV line into its fields: quoted fields may hold commas and doubled quotes (not line breaks). */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === "," && !quoted) {
      fields.push(field);
      field = "";
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

/** Writes a sample CSV of `count` users to a temporary file and returns its path. */
export function writeSampleCsv(count: number): string {
  const rows = ["externalId,email,userName,firstName,lastName,department,costCenter"];
  const departments = ["Engineering", "Sales", "Finance", "Support"];
  for (let i = 0; i < count; i++) {
    const id = `csv-${String(i).padStart(5, "0")}`;
    const last = i % 10 === 0 ? '"Smith, Jr."' : `Doe${i}`;
    rows.push(
      `${id},${id}@example.com,${id}@example.com,Ann${i},${last},${departments[i % 4]},CC-${i % 7}`,
    );
  }
  const path = join(mkdtempSync(join(tmpdir(), "okta-example-")), "users.csv");
  writeFileSync(path, `${rows.join("\n")}\n`);
  return path;
}

if (isMain(import.meta.url)) {
  const poll = Number(process.env["OKTA_IMPORT_POLL_MS"]);
  await runAsProgram(({ orgUrl, token, identitySourceId, mock }) => {
    // The mock processes a session in milliseconds; Okta takes seconds.
    const pollInterval = poll > 0 ? poll : mock ? 20 : undefined;
    return main(orgUrl, token, {
      identitySourceId,
      ...(process.argv[2] ? { csvPath: process.argv[2] } : {}),
      ...(pollInterval ? { pollInterval } : {}),
    });
  });
}
