// Type tests: misuse must not compile; custom attributes must.
import { describe, expectTypeOf, it } from "vitest";
import {
  createIdentitySourceClient,
  type IdentitySourceClient,
  type RequestOptions,
} from "../../src/index.js";
import type { ApiClient, IdentitySourceApi } from "../../src/client/index.js";
import type { ImportReport, ImportSource } from "../../src/import/index.js";
import type {
  IdentitySourceGroup,
  IdentitySourceSession,
  IdentitySourceUser,
} from "../../src/types.js";

declare const okta: IdentitySourceClient;
const source = okta.identitySource("0oa3l6l6WK6h0R0QW0g4");
const profile = { userName: "a@example.com", email: "a@example.com" };

describe("client types", () => {
  it("accepts custom profile attributes (string or null)", () => {
    void source.sessions.upsertUsers("aps1", [
      { externalId: "U1", profile: { ...profile, costCenter: "42", nickname: null } },
    ]);
    void source.users.create({ externalId: "U1", profile: { ...profile, badge: "7" } });
    void source.groups.create({ externalId: "G1", profile: { displayName: "Eng", floor: "3" } });
  });

  it("rejects wrong field names, wrong enum values, misspelled methods and wrong value types", () => {
    // @ts-expect-error externalID is not externalId
    void source.sessions.upsertUsers("aps1", [{ externalID: "U1", profile }]);
    void source.sessions.upsertUsers("aps1", [
      // @ts-expect-error profile values are strings (or null), not numbers
      { externalId: "U1", profile: { ...profile, age: 42 } },
    ]);
    void source.sessions.upsertMemberships("aps1", [
      // @ts-expect-error the membership key is groupExternalId, not the guide's externalId
      { externalId: "G1", memberExternalIds: ["U1"] },
    ]);
    void source.sessions.upsertDevices("aps1", [
      {
        externalId: "D1",
        // @ts-expect-error devices take only serialNumber, platform and displayName
        profile: { serialNumber: "S", platform: "MACOS", displayName: "M", color: "red" },
      },
    ]);
    // @ts-expect-error real-time creates need email and userName
    void source.users.create({ externalId: "U1", profile: { firstName: "Ada" } });
    // @ts-expect-error misspelled method
    void source.sessions.startimport("aps1");
    // @ts-expect-error misspelled method
    void source.users.upsert("U1", { profile });
    const status: IdentitySourceSession["status"] = "COMPLETED";
    // @ts-expect-error not a session status
    const wrong: IdentitySourceSession["status"] = "DONE";
    void status;
    void wrong;
    // @ts-expect-error unknown request option
    const options: RequestOptions = { retries: 3 };
    void options;
  });

  it("allows only one auth mode", () => {
    createIdentitySourceClient({ orgUrl: "https://acme.okta.com", token: "t" });
    createIdentitySourceClient({ orgUrl: "https://acme.okta.com", accessToken: async () => "t" });
    createIdentitySourceClient({
      orgUrl: "https://acme.okta.com",
      oauth: { clientId: "c", privateKey: "pem", dpop: true },
    });
    // @ts-expect-error token and accessToken together
    createIdentitySourceClient({ orgUrl: "https://acme.okta.com", token: "t", accessToken: "a" });
  });

  it("resolves to the documented shapes", () => {
    expectTypeOf(source.sessions.create()).resolves.toEqualTypeOf<IdentitySourceSession>();
    expectTypeOf(
      source.sessions.startImport("aps1"),
    ).resolves.toEqualTypeOf<IdentitySourceSession>();
    expectTypeOf(source.sessions.list()).resolves.toEqualTypeOf<IdentitySourceSession[]>();
    expectTypeOf(source.users.get("U1")).resolves.toEqualTypeOf<IdentitySourceUser>();
    expectTypeOf(source.users.create({ externalId: "U1", profile })).resolves.toEqualTypeOf<
      IdentitySourceUser | undefined
    >();
    expectTypeOf(source.groups.get("G1")).resolves.toEqualTypeOf<IdentitySourceGroup>();
    expectTypeOf(source.groups.listMembers("G1", { limit: 10 })).toEqualTypeOf<
      AsyncIterable<string>
    >();
    expectTypeOf(source.sessions.upsertUsers).returns.resolves.toBeVoid();
  });

  it("types okta.raw with the spec's paths", () => {
    void okta.raw.GET("/api/v1/identity-sources/{identitySourceId}/sessions", {
      params: { path: { identitySourceId: "x" } },
    });
    // @ts-expect-error not a path of the spec
    void okta.raw.GET("/api/v1/users", {});
  });

  it("gives the client layer's sources to the importer and sync; the entry's add import and sync", () => {
    expectTypeOf<IdentitySourceApi>().toMatchTypeOf<ImportSource>();
    expectTypeOf<ApiClient["identitySource"]>().returns.toEqualTypeOf<IdentitySourceApi>();
    // @ts-expect-error the client layer's source has no importer
    void ({} as IdentitySourceApi).import({});
    expectTypeOf(source.import({})).resolves.toEqualTypeOf<ImportReport>();
    expectTypeOf(source).toMatchTypeOf<IdentitySourceApi>();
  });
});
