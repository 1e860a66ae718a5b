// Runs the CLI in-process against the embedded mock, capturing output.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import type { MockOkta } from "../../src/testing/index.js";

export const SOURCE_ID = "0oa3l6l6WK6h0R0QW0g4";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(
  argv: string[],
  options: { env?: Record<string, string | undefined>; isTTY?: boolean; signal?: AbortSignal } = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    columns: 120,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { code, stdout, stderr };
}

/** Environment pointing the CLI at the mock. */
export const envFor = (mock: MockOkta) => ({
  OKTA_CLIENT_ORGURL: mock.url,
  OKTA_CLIENT_TOKEN: mock.apiToken,
});

/** A temp directory with the given files; returns paths by name and a cleanup. */
export function files(contents: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "okta-idsrc-test-"));
  const paths: Record<string, string> = {};
  for (const [name, text] of Object.entries(contents)) {
    paths[name] = join(dir, name);
    writeFileSync(paths[name], text);
  }
  return { dir, paths, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
