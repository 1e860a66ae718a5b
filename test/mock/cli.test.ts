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

/** The preflight a browser on `origin` sends before a GET with an Authorization header. */
const preflight = (url: string, origin: string) =>
  fetch(`${url}/api/v1/identity-sources/0oa3l6l6WK6h0R0QW0g4/sessions`, {
    method: "OPTIONS",
    headers: {
      Origin: origin,
      "Access-Control-Request-Method": "GET",
      "Access-Control-Request-Headers": "authorization",
    },
  });

test("--cors-origin (repeatable) allows those origins only; --cors allows any", async () => {
  const { out, text } = capture();
  mock = await runMockCli(
    [
      "--port",
      "0",
      "--cors-origin",
      "http://localhost:5173",
      "--cors-origin",
      "https://app.example.com",
    ],
    out,
  );
  expect(text()).toContain("CORS allowed for: http://localhost:5173, https://app.example.com");
  const allowed = await preflight(mock!.url, "https://app.example.com");
  expect(allowed.status).toBe(204);
  expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
  const other = await preflight(mock!.url, "https://evil.example");
  expect(other.status).toBe(403);
  expect(other.headers.get("access-control-allow-origin")).toBeNull();
  await mock!.close();

  mock = await runMockCli(["--port", "0", "--cors"], out);
  expect(text()).toContain("CORS allowed for: any origin");
  const any = await preflight(mock!.url, "https://evil.example");
  expect(any.status).toBe(204);
  expect(any.headers.get("access-control-allow-origin")).toBe("*");
});

test("without a CORS flag, a preflight gets no allowance", async () => {
  const { out, text } = capture();
  mock = await runMockCli(["--port", "0"], out);
  expect(text()).not.toContain("CORS");
  const response = await preflight(mock!.url, "http://localhost:5173");
  expect(response.headers.get("access-control-allow-origin")).toBeNull();
});

test("a --cors-origin that is not an origin, or --cors with --cors-origin, is refused", async () => {
  const { out } = capture();
  for (const bad of ["localhost:5173", "http://localhost:5173/app", "ftp://files.example"]) {
    await expect(runMockCli(["--port", "0", "--cors-origin", bad], out)).rejects.toThrow(
      `--cors-origin needs an origin such as http://localhost:5173, got "${bad}"`,
    );
  }
  await expect(
    runMockCli(["--port", "0", "--cors", "--cors-origin", "http://localhost:5173"], out),
  ).rejects.toThrow(/^--cors allows every origin/);
});
