// `npm run mock`: the CLI starts a mock and prints the URL and the token to use.
import { afterEach, expect, test } from "vitest";
import { runMockCli } from "../../src/testing/cli.js";
import type { MockOkta } from "../../src/testing/index.js";

let mock: MockOkta | undefined;
afterEach(() => mock?.close());

function capture() {
  let text = "";
  return { out: { write: (chunk: string) => (text += chunk) }, text: () => text };
}

test("prints the URL, the token and the identity sources, and serves them", async () => {
  const { out, text } = capture();
  mock = await runMockCli(
    [
      "--port",
      "0",
      "--token",
      "cli-token",
      "--identity-source",
      "0oaA",
      "--identity-source",
      "0oaB",
    ],
    out,
  );
  expect(mock).toBeDefined();
  expect(text()).toContain(`Mock Okta listening on ${mock!.url}`);
  expect(text()).toContain("Authorization: SSWS cli-token");
  expect(text()).toContain("0oaA");
  expect(text()).toContain("0oaB");
  const response = await fetch(`${mock!.url}/api/v1/identity-sources/0oaB/sessions`, {
    headers: { Authorization: "SSWS cli-token" },
  });
  expect(response.status).toBe(200);
});

test("without --token it makes up a random one and prints it", async () => {
  const { out, text } = capture();
  mock = await runMockCli(["--port", "0", "--rate-limit", "5", "--time-scale", "0.001"], out);
  const token = /SSWS (\S+)"/.exec(text())?.[1];
  expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  const response = await fetch(
    `${mock!.url}/api/v1/identity-sources/0oa3l6l6WK6h0R0QW0g4/sessions`,
    {
      headers: { Authorization: `SSWS ${token}` },
    },
  );
  expect(response.headers.get("x-rate-limit-limit")).toBe("5");
});

test("--help prints usage; bad arguments throw", async () => {
  const { out, text } = capture();
  expect(await runMockCli(["--help"], out)).toBeUndefined();
  expect(text()).toContain("Usage: npm run mock");
  await expect(runMockCli(["--port", "abc"], out)).rejects.toThrow(/--port needs a number/);
  await expect(runMockCli(["--bogus"], out)).rejects.toThrow();
});
