// Safety: https only, orgUrl reduced to its origin, credentials never shown; and the
// User-Agent.
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createIdentitySourceClient, OktaValidationError } from "../../src/index.js";
import { USER_AGENT } from "../../src/http/transport.js";
import { VERSION } from "../../src/http/version.js";
import { reply, SOURCE, startServer, TOKEN } from "./server.js";

const make = (orgUrl: string) => createIdentitySourceClient({ orgUrl, token: TOKEN });

describe("orgUrl", () => {
  it.each([
    ["https://acme.okta.com", "https://acme.okta.com"],
    ["https://acme.okta.com/", "https://acme.okta.com"],
    ["https://acme.okta.com/api/v1/whatever?x=1#frag", "https://acme.okta.com"],
    ["https://ACME.okta.com:443", "https://acme.okta.com"],
    ["http://localhost:8080/x", "http://localhost:8080"],
    ["http://127.0.0.1:1234", "http://127.0.0.1:1234"],
    ["http://[::1]:1234", "http://[::1]:1234"],
  ])("%s -> %s", (input, origin) => {
    expect(make(input).orgUrl).toBe(origin);
  });

  it.each([
    ["http://acme.okta.com", /must use https/],
    ["http://10.0.0.1", /must use https/],
    ["http://localhost.evil.com", /must use https/],
    ["ftp://acme.okta.com", /must use https/],
    ["acme.okta.com", /is not a URL/],
    ["https://user:hunter2secret@acme.okta.com", /must not contain credentials/],
  ])("refuses %s", (input, why) => {
    expect(() => make(input)).toThrow(OktaValidationError);
    expect(() => make(input)).toThrow(why);
    try {
      make(input);
    } catch (e) {
      expect((e as Error).message).not.toContain("hunter2secret");
    }
  });
});

describe("credentials never shown", () => {
  it("toJSON and inspect of the client and of an identity source", () => {
    for (const okta of [
      createIdentitySourceClient({ orgUrl: "https://acme.okta.com", token: TOKEN }),
      createIdentitySourceClient({ orgUrl: "https://acme.okta.com", accessToken: TOKEN }),
    ]) {
      const source = okta.identitySource(SOURCE);
      for (const text of [
        JSON.stringify(okta),
        inspect(okta, { depth: 20, showHidden: true }),
        inspect(source, { depth: 20, showHidden: true }),
        JSON.stringify(source),
      ]) {
        expect(text).not.toContain(TOKEN);
      }
    }
    expect(
      inspect(createIdentitySourceClient({ orgUrl: "https://acme.okta.com", token: TOKEN })),
    ).toBe('IdentitySourceClient {"orgUrl":"https://acme.okta.com","auth":"ssws"}');
  });
});

describe("User-Agent", () => {
  it("is okta-identity-sources/<version> node/<version>, and the version matches package.json", async () => {
    const pkg = JSON.parse(
      readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
    ) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(USER_AGENT).toBe(`okta-identity-sources/${pkg.version} node/${process.versions.node}`);
    const server = await startServer((_req, res) => reply(res, 200, []));
    try {
      await createIdentitySourceClient({ orgUrl: server.url, token: TOKEN })
        .identitySource(SOURCE)
        .sessions.list();
      expect(server.requests[0]?.headers["user-agent"]).toBe(USER_AGENT);
    } finally {
      await server.close();
    }
  });
});
