// The client layer's client knows the operation groups only; the package entry's adds the importer
// and sync to each identity source, on the same client underneath.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createApiClient } from "../../src/client/index.js";
import { createIdentitySourceClient, OktaValidationError } from "../../src/index.js";

const options = { orgUrl: "https://acme.okta.com", token: "00abcdefghijklmnopqrstuvwxyz" };

describe("the client layer and the entry", () => {
  it("gives a source of the operation groups alone from the client layer", () => {
    const source = createApiClient(options).identitySource("0oa1");
    expect(Object.keys(source).sort()).toEqual(["groups", "id", "sessions", "users"]);
    expect(source.id).toBe("0oa1");
  });

  it("adds import and sync to every source of the entry's client, and keeps the rest", () => {
    const okta = createIdentitySourceClient(options);
    const source = okta.identitySource("0oa1");
    expect(Object.keys(source).sort()).toEqual([
      "groups",
      "id",
      "import",
      "sessions",
      "sync",
      "users",
    ]);
    expect(typeof source.import).toBe("function");
    expect(typeof source.sync).toBe("function");
    expect(okta.orgUrl).toBe("https://acme.okta.com");
    expect(JSON.parse(JSON.stringify(okta))).toEqual({
      orgUrl: "https://acme.okta.com",
      auth: "ssws",
    });
    expect(inspect(okta)).toBe(inspect(createApiClient(options)));
  });

  it("checks the identity source ID before extending the source", () => {
    for (const create of [createApiClient, createIdentitySourceClient]) {
      expect(() => create(options).identitySource(""), create.name).toThrow(OktaValidationError);
    }
  });

  it("loads the importer and sync on first call, and they check their input", async () => {
    const source = createIdentitySourceClient(options).identitySource("0oa1");
    await expect(source.import({ users: 1 as never })).rejects.toMatchObject({
      name: "OktaValidationError",
      field: "data.users",
    });
    await expect(source.sync({} as never, {} as never)).rejects.toThrow(
      "options.store is required",
    );
  });
});
